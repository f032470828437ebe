// The HTTP transport hears no GUILD_DELETE: the guild list is reconciled with Discord's (GET
// /users/@me/guilds, paginated) so a server that removed Nexus is still purged after its retention period.
// Driven through the real REST client against a local server standing in for Discord's API.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fixedClock, type AppContext } from '../src/context.js';
import { guildSettings, members, projects } from '../src/db/schema.js';
import { DiscordPort, DiscordRestCaller } from '../src/discord/port.js';
import { reconcileGuilds } from '../src/jobs/guilds.js';
import { purgeLeftGuilds } from '../src/jobs/retention.js';
import { DigestScheduler } from '../src/jobs/scheduler.js';
import { describeEachDatabase } from './helpers/db.js';
import { captureLogs } from './helpers/logs.js';

const A = '900000000000000001';
const B = '900000000000000002';
const C = '900000000000000003';

let server: http.Server;
let base: string;
/** The guilds the stand-in says the bot is in (ids as Discord sorts them). */
let botGuilds: string[] = [];
let failOnPage: number | undefined;
const requests: string[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const url = new URL(req.url!, 'http://x');
    requests.push(`${req.method} ${url.pathname}${url.search}`);
    if (req.method === 'GET' && url.pathname === '/api/v10/users/@me/guilds') {
      const after = BigInt(url.searchParams.get('after') ?? '0');
      const limit = Number(url.searchParams.get('limit') ?? 200);
      const page = requests.filter((r) => r.startsWith('GET /api/v10/users/@me/guilds')).length;
      if (failOnPage === page) {
        res.statusCode = 400;
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ message: 'nope', code: 0 }));
        return;
      }
      const rows = botGuilds.filter((g) => BigInt(g) > after).slice(0, limit);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(rows.map((id) => ({ id, name: `g${id.slice(-3)}`, permissions: '0' }))));
      return;
    }
    res.statusCode = 404;
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

/** Many guilds, so the list takes three pages; A and C among them, B not. */
function manyGuilds(): string[] {
  const out = Array.from({ length: 450 }, (_, i) => (800000000000000000n + BigInt(i) * 1000n).toString());
  return [...out, A, C].sort((x, y) => (BigInt(x) < BigInt(y) ? -1 : 1));
}

describeEachDatabase('guild reconciliation', (use) => {
  function ctx(): AppContext {
    return {
      db: use().db,
      dbKind: use().kind,
      log: captureLogs().log,
      clock: fixedClock(new Date('2026-12-01T10:00:00Z')),
      discord: new DiscordPort(new DiscordRestCaller({ token: 'test-token', apiBase: base })),
      applicationId: '1000000000000000001',
    };
  }

  async function seed(now: Date) {
    for (const g of [A, B, C]) {
      await use().db.insert(members).values({ guildId: g, userId: '100000000000000001', createdAt: now });
    }
    await use()
      .db.insert(projects)
      .values({ guildId: B, ownerId: '100000000000000001', name: 'x', normalizedName: 'x', summary: 's' });
    // C had been marked left; the bot is back in it.
    await use()
      .db.insert(guildSettings)
      .values({ guildId: C, leftAt: new Date('2026-11-20T00:00:00Z') });
  }

  it('marks the guilds the bot is no longer in, unmarks those it is back in, reading every page', async () => {
    const c = ctx();
    await seed(c.clock.now());
    botGuilds = manyGuilds();
    failOnPage = undefined;
    requests.length = 0;
    expect(await reconcileGuilds(c)).toEqual({ left: [B], returned: [C] });
    expect(requests.filter((r) => r.includes('/users/@me/guilds'))).toHaveLength(3);
    const settings = await use().db.select().from(guildSettings);
    expect(settings.find((s) => s.guildId === B)?.leftAt).toEqual(c.clock.now());
    expect(settings.find((s) => s.guildId === C)?.leftAt).toBeNull();
    expect(settings.find((s) => s.guildId === A)).toBeUndefined(); // nothing written for a guild still there

    // The retention promise holds: 30 days later B's data is gone, A's and C's are kept.
    (c.clock as ReturnType<typeof fixedClock>).advance(31 * 86_400_000);
    expect((await purgeLeftGuilds(c)).map((p) => p.guildId)).toEqual([B]);
    const left = await use().db.select({ g: members.guildId }).from(members);
    expect(left.map((r) => r.g).sort()).toEqual([A, C]);
    expect(await use().db.select().from(projects)).toEqual([]);
  });

  it('marks nothing when the list cannot be read to the end', async () => {
    const c = ctx();
    await seed(c.clock.now());
    botGuilds = manyGuilds();
    failOnPage = 2;
    requests.length = 0;
    await expect(reconcileGuilds(c)).rejects.toThrow();
    const settings = await use().db.select().from(guildSettings);
    expect(settings.map((s) => [s.guildId, s.leftAt !== null])).toEqual([[C, true]]);
  });

  it('runs from the scheduler hourly when enabled, and never without Discord credentials', async () => {
    const c = ctx();
    await seed(c.clock.now());
    botGuilds = [A, C];
    failOnPage = undefined;
    requests.length = 0;
    const off = new DigestScheduler(c, { runnerId: 'test' });
    await off.tick();
    expect(requests).toEqual([]);
    const on = new DigestScheduler(c, { runnerId: 'test', reconcileGuilds: true });
    await on.tick();
    await on.tick(); // within the hour: not again
    expect(requests).toEqual(['GET /api/v10/users/@me/guilds?limit=200']);
    expect((await use().db.select().from(guildSettings)).find((s) => s.guildId === B)?.leftAt).not.toBeNull();
  });
});
