// A database "restart" in the middle of a burst of interactions, on real PostgreSQL. The machine's server is
// shared with other test files, so it is never touched: a TCP proxy sits between the app and it, drops every
// connection mid-burst, refuses new ones for a while, then lets them through again.
// The bot must never crash, must answer an ephemeral "temporarily unavailable" while the database is away,
// must hold exactly what it acknowledged (every "saved" is in the database, nothing unacknowledged is), and
// must recover by itself (later interactions succeed without restarting the app).
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/client.js';
import type { APIInteraction } from 'discord-api-types/v10';
import { chatInputInteraction, modalSubmitInteraction, parseCommandLine } from '../../src/discord/payloads.js';
import { commandDefinitions } from '../../src/commands/index.js';
import { createPostgresDatabase, TEST_DATABASE_URL, type PostgresTestDatabase } from '../helpers/db.js';
import { createTestApp, errorLogs, GUILD, type TestApp } from './helpers/app.js';
import { rowsOf } from './helpers/fixtures.js';
import {
  CRASH_TEXT,
  exchangeProblems,
  isEphemeral,
  messageOf,
  textOf,
  UNAVAILABLE_TEXT,
} from './helpers/invariants.js';
import { startTcpProxy, type TcpProxy } from './helpers/tcp-proxy.js';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

type Kind = 'takeaway' | 'project' | 'challenge' | 'profile';
const KINDS: Kind[] = ['takeaway', 'project', 'challenge', 'profile'];

/** What a reply says when it saved something; the key is what identifies the row in the database. */
const SAVED: Record<Kind, RegExp> = {
  takeaway: /^Saved takeaway #\d+/,
  project: /^Announced \*\*Burst \d+\*\* \(#\d+\)/,
  challenge: /^Logged challenge #\d+/,
  profile: /^Profile (created|updated)\./,
};

function userOf(n: number): string {
  return String(100000000000001000n + BigInt(n));
}

function interactionFor(t: TestApp, kind: Kind, n: number): APIInteraction {
  const actor = t.actor({ userId: userOf(n), name: `burst${n}` });
  const now = t.clock.now().getTime();
  const slash = (line: string) => {
    const p = parseCommandLine(line, commandDefinitions());
    return chatInputInteraction(actor, p.name, p.options, p.resolved, now);
  };
  switch (kind) {
    case 'takeaway':
      return slash(`/takeaway add text:"burst-${n}" tags:docker`);
    case 'project':
      return slash(`/project announce name:"Burst ${n}" summary:"burst-${n}" role:backend seeking:frontend`);
    case 'challenge':
      return modalSubmitInteraction(
        actor,
        'challenge:log',
        { title: `burst-${n}`, problem: 'the database went away', solution: '', tags: 'postgres', project: '' },
        now,
      );
    case 'profile':
      return slash(`/profile set availability:"burst-${n}" role:backend`);
  }
}

/** The keys (n) of the burst rows of each kind that the database holds. */
async function stored(database: Database): Promise<Record<Kind, number[]>> {
  const keys = async (q: ReturnType<typeof sql>) =>
    rowsOf(await database.db.execute(q))
      .map((r) => Number(/burst-(\d+)/.exec(String(r.v))?.[1]))
      .sort((a, b) => a - b);
  return {
    takeaway: await keys(sql`select text as v from takeaways where guild_id = ${GUILD} and text like 'burst-%'`),
    project: await keys(sql`select summary as v from projects where guild_id = ${GUILD} and summary like 'burst-%'`),
    challenge: await keys(sql`select title as v from challenges where guild_id = ${GUILD} and title like 'burst-%'`),
    profile: await keys(
      sql`select availability as v from members where guild_id = ${GUILD} and availability like 'burst-%'`,
    ),
  };
}

describe.runIf(TEST_DATABASE_URL)(
  'database restart during a burst of interactions [postgres, through a TCP proxy]',
  () => {
    let direct: PostgresTestDatabase;
    let proxied: Database;
    let proxy: TcpProxy;
    let t: TestApp;

    beforeAll(async () => {
      direct = await createPostgresDatabase();
      const target = new URL(TEST_DATABASE_URL!);
      proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
      proxied = await openDatabase({ databaseUrl: proxy.proxied(direct.url), maxConnections: 4 });
      t = await createTestApp(proxied);
      await direct.db.execute(sql`insert into guild_settings (guild_id, max_active_projects) values (${GUILD}, 1000)`);
    });
    afterAll(async () => {
      await proxied?.close().catch(() => {});
      await proxy?.close();
      await direct?.close();
    });

    it('never crashes, says "temporarily unavailable" while down, keeps exactly what it acknowledged, and recovers by itself', async () => {
      const acknowledged: Record<Kind, number[]> = { takeaway: [], project: [], challenge: [], profile: [] };
      const problems: string[] = [];
      let unavailable = 0;
      const replies = new Map<number, string>();

      const one = async (kind: Kind, n: number) => {
        const e = await t.app.router.handle(interactionFor(t, kind, n));
        if (e.later) await e.later;
        const text = textOf(messageOf(e.response));
        const response = e.response;
        replies.set(n, `${e.outcome}: ${text.slice(0, 160)}`);
        problems.push(...exchangeProblems(response, [], new Set()).map((p) => `[${kind} ${n}] ${p}`));
        if (CRASH_TEXT.test(text)) problems.push(`[${kind} ${n}] crashed: ${text}`);
        else if (SAVED[kind].test(text) && e.outcome === 'ok') acknowledged[kind].push(n);
        else if (UNAVAILABLE_TEXT.test(text) && isEphemeral(response)) unavailable++;
        else
          problems.push(
            `[${kind} ${n}] neither saved nor "temporarily unavailable" (${e.outcome}): ${text.slice(0, 200)}`,
          );
      };

      // Warm up: the pool is connected and everything works.
      for (let n = 0; n < 4; n++) await one(KINDS[n % 4]!, n);
      expect(acknowledged).toEqual({ takeaway: [0], project: [1], challenge: [2], profile: [3] });

      // The burst: one interaction every 10 ms; the database "restarts" six times in the middle of it, the
      // last time for longer than the connect timeout (5 s), so waiting interactions give up.
      const burst: Promise<void>[] = [];
      const outage = (async () => {
        // Restarts: each drops every connection mid-statement, then refuses connections for a while.
        for (const downMs of [300, 100, 500, 100, 200, 6000]) {
          await sleep(200);
          await proxy.cut();
          await proxy.refuse();
          await sleep(downMs);
          await proxy.accept();
        }
      })();
      for (let n = 4; n < 404; n++) {
        burst.push(one(KINDS[n % 4]!, n));
        await sleep(10);
      }
      await outage;
      await Promise.all(burst);

      // It recovers by itself: the same app, new interactions, all saved.
      const before = Object.values(acknowledged).flat().length;
      for (let n = 404; n < 412; n++) await one(KINDS[n % 4]!, n);
      expect(problems).toEqual([]);
      expect(Object.values(acknowledged).flat().length - before, 'every interaction after the outage is saved').toBe(8);

      // The outage really happened, and really hit the burst.
      expect(unavailable, 'some interactions were told the database is unavailable').toBeGreaterThan(0);
      expect(proxy.accepted).toBeGreaterThan(1);

      // Nothing acknowledged as saved is lost, nothing is stored twice, and anything else stored was answered
      // "temporarily unavailable": when the connection drops after the server committed but before the reply
      // arrived, the bot cannot know it was saved (no system can), and it never claims a save it did not see.
      for (const k of KINDS) acknowledged[k].sort((a, b) => a - b);
      const held = await stored(direct);
      const diff = KINDS.flatMap((k) => [
        ...acknowledged[k]
          .filter((n) => !held[k].includes(n))
          .map((n) => `lost ${k} ${n} (answered: ${replies.get(n)})`),
        ...held[k].filter((n, i) => held[k].indexOf(n) !== i).map((n) => `${k} ${n} stored twice`),
        ...held[k]
          .filter((n) => !acknowledged[k].includes(n) && !UNAVAILABLE_TEXT.test(replies.get(n) ?? ''))
          .map((n) => `unacknowledged ${k} ${n} stored (answered: ${replies.get(n)})`),
      ]);
      expect(diff).toEqual([]);
      expect(errorLogs(t.logs)).toEqual([]);
    }, 60_000);
  },
);
