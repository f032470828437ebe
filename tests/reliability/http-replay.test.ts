// Signature checks tests/http.test.ts does not already make: replays. A captured, validly signed request
// replayed with another body is refused before the router; replayed as is (inside the 5-minute window), it
// is answered but handled once (duplicate delivery), so a replay cannot save anything twice.
import { generateKeyPairSync, sign } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { commandDefinitions } from '../../src/commands/index.js';
import type { Database } from '../../src/db/client.js';
import { startHttpServer } from '../../src/discord/http.js';
import { chatInputInteraction, parseCommandLine } from '../../src/discord/payloads.js';
import { Metrics } from '../../src/metrics.js';
import { openPgliteClone } from '../helpers/db.js';
import { createTestApp, GUILD, NOW, type TestApp } from './helpers/app.js';
import { rowsOf } from './helpers/fixtures.js';

const { publicKey, privateKey } = generateKeyPairSync('ed25519');
const PUBLIC_KEY_HEX = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex');
const NOW_S = Math.floor(NOW.getTime() / 1000);

function signed(body: string, timestamp = NOW_S): Record<string, string> {
  const ts = String(timestamp);
  const signature = sign(null, Buffer.concat([Buffer.from(ts), Buffer.from(body)]), privateKey).toString('hex');
  return { 'x-signature-ed25519': signature, 'x-signature-timestamp': ts, 'content-type': 'application/json' };
}

describe('HTTP transport: replayed requests', () => {
  let database: Database;
  let t: TestApp;
  beforeAll(async () => {
    database = await openPgliteClone();
    t = await createTestApp(database);
  });
  afterAll(async () => {
    await database?.close();
  });

  async function serve() {
    const handle = await startHttpServer({
      router: t.app.router,
      publicKey: PUBLIC_KEY_HEX,
      port: 0,
      host: '127.0.0.1',
      log: t.app.ctx.log,
      ping: async () => {},
      metrics: new Metrics(),
      clock: () => NOW.getTime(),
    });
    onTestFinished(() => handle.close());
    return handle;
  }

  const post = (url: string, body: string, headers: Record<string, string>) =>
    fetch(`${url}/interactions`, { method: 'POST', body, headers });

  function takeaway(text: string): string {
    const p = parseCommandLine(`/takeaway add text:"${text}"`, commandDefinitions());
    return JSON.stringify(chatInputInteraction(t.actor(), p.name, p.options, p.resolved, NOW.getTime()));
  }

  async function takeaways(): Promise<string[]> {
    return rowsOf(await database.db.execute(sql`select text from takeaways where guild_id = ${GUILD} order by id`)).map(
      (r) => String(r.text),
    );
  }

  it('refuses a captured signature replayed with a different (itself valid) interaction, before the router', async () => {
    const s = await serve();
    const spy = vi.spyOn(t.app.router, 'handle');
    onTestFinished(() => spy.mockRestore());
    const original = takeaway('original');
    const headers = signed(original);
    const forged = takeaway('forged by a replayer');
    expect((await post(s.url, forged, headers)).status).toBe(401);
    // The same bytes re-serialised (whitespace only) are a different body too: the check is over raw bytes.
    expect((await post(s.url, JSON.stringify(JSON.parse(original), null, 1), headers)).status).toBe(401);
    // A fresh timestamp on the old signature does not help.
    expect((await post(s.url, original, { ...headers, 'x-signature-timestamp': String(NOW_S + 1) })).status).toBe(401);
    // Two signature headers (one valid) are not a valid signature.
    expect(
      (
        await post(s.url, original, {
          ...headers,
          'x-signature-ed25519': `${headers['x-signature-ed25519']}, ${'0'.repeat(128)}`,
        })
      ).status,
    ).toBe(401);
    expect(spy).not.toHaveBeenCalled();
    expect(await takeaways()).not.toContain('forged by a replayer');
    // The captured request itself is still good (the spy works).
    expect((await post(s.url, original, headers)).status).toBe(200);
    expect(spy).toHaveBeenCalledTimes(1);
  });

  it('answers an exact replay inside the window, but handles it once: nothing is saved twice', async () => {
    const s = await serve();
    const body = takeaway('replayed once');
    const headers = signed(body, NOW_S - 60);
    const first = await post(s.url, body, headers);
    expect(first.status).toBe(200);
    expect(JSON.stringify(await first.json())).toMatch(/Saved takeaway #\d+/);
    const replays = await Promise.all([post(s.url, body, headers), post(s.url, body, headers)]);
    for (const r of replays) {
      expect(r.status).toBe(200);
      const answer = (await r.json()) as {
        type: number;
        data: { content: string; flags: number; allowed_mentions: unknown };
      };
      expect(answer).toMatchObject({
        type: 4,
        data: { content: 'This was already handled.', flags: 64, allowed_mentions: { parse: [] } },
      });
    }
    expect((await takeaways()).filter((x) => x === 'replayed once')).toHaveLength(1);
  });
});
