// Duplicate delivery of the same interaction id is handled once, end to end through the real router and
// database: the same payload delivered twice at once (or again later) saves once, posts once, answers once.
import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import type { APIInteraction } from 'discord-api-types/v10';
import { commandDefinitions } from '../../src/commands/index.js';
import {
  buttonInteraction,
  chatInputInteraction,
  modalSubmitInteraction,
  parseCommandLine,
} from '../../src/discord/payloads.js';
import { describeEachDatabase } from '../helpers/db.js';
import { ALICE, BOB, createTestApp, errorLogs, GUILD, type TestApp } from './helpers/app.js';
import { command, rowsOf } from './helpers/fixtures.js';
import { messageOf, textOf } from './helpers/invariants.js';

/** Posts in channels (a pair's private thread is not one: its kickoff is counted apart). */
const channelPosts = (calls: Array<{ method: string; path: string; label?: string }>) =>
  calls.filter(
    (c) =>
      c.method === 'POST' && /^\/channels\/\d+\/messages$/.test(c.path) && !c.label?.startsWith('posted in thread'),
  );

/** Delivers the same payload `times` times at once (as copies, as a network would); returns the replies. */
async function deliverConcurrently(t: TestApp, i: APIInteraction, times = 2) {
  t.recorder.take();
  const results = await Promise.all(Array.from({ length: times }, () => t.app.router.handle(structuredClone(i))));
  await Promise.all(results.map((r) => r.later ?? Promise.resolve()));
  return { results, calls: t.recorder.take() };
}

function slash(t: TestApp, line: string, as: { userId?: string; name?: string } = {}): APIInteraction {
  const p = parseCommandLine(line, commandDefinitions());
  return chatInputInteraction(t.actor(as), p.name, p.options, p.resolved, t.clock.now().getTime());
}

async function count(t: TestApp, table: string): Promise<number> {
  return Number(
    rowsOf(
      await t.app.database.db.execute(sql.raw(`select count(*)::int as n from "${table}" where guild_id = '${GUILD}'`)),
    )[0]?.n,
  );
}

describeEachDatabase('duplicate delivery, end to end', (use) => {
  it('the same /project announce delivered twice at once: one project, one announcement, one answer', async () => {
    const t = await createTestApp(use());
    const i = slash(t, '/project announce name:"Airbnb clone" summary:"Bookings API" role:backend seeking:frontend');
    const { results, calls } = await deliverConcurrently(t, i);
    expect(results.map((r) => r.outcome).sort()).toEqual(['duplicate', 'ok']);
    const ok = results.find((r) => r.outcome === 'ok')!;
    expect(textOf(messageOf(ok.response))).toMatch(/^Announced \*\*Airbnb clone\*\* \(#1\)/);
    const dup = results.find((r) => r.outcome === 'duplicate')!;
    expect(dup.response).toMatchObject({ type: 4, data: { flags: 64, allowed_mentions: { parse: [] } } });
    expect(channelPosts(calls)).toHaveLength(1);
    expect(await count(t, 'projects')).toBe(1);
    // Delivered yet again, later: still once.
    const again = await t.send(structuredClone(i));
    expect(again.handled.outcome).toBe('duplicate');
    expect(again.posted).toEqual([]);
    expect(await count(t, 'projects')).toBe(1);
    expect(errorLogs(t.logs)).toEqual([]);
  });

  it('the same challenge:log form submitted five times at once: one challenge, one card', async () => {
    const t = await createTestApp(use());
    const i = modalSubmitInteraction(t.actor(), 'challenge:log', {
      title: 'Docker DNS',
      problem: 'cannot resolve db',
      solution: 'use the service name',
      tags: 'docker',
      project: '',
    });
    const { results, calls } = await deliverConcurrently(t, i, 5);
    expect(results.filter((r) => r.outcome === 'ok')).toHaveLength(1);
    expect(results.filter((r) => r.outcome === 'duplicate')).toHaveLength(4);
    expect(channelPosts(calls)).toHaveLength(1);
    expect(await count(t, 'challenges')).toBe(1);
  });

  it('the same "Accept" click delivered twice at once: one pair, one confirmation', async () => {
    const t = await createTestApp(use());
    await command(t, '/project announce name:"Airbnb clone" summary:"API" role:backend seeking:frontend');
    await command(t, '/project announce name:"Airbnb clone" summary:"UI" role:frontend seeking:backend', {
      userId: BOB,
      name: 'bob',
    });
    const req = await command(t, `/pair request user:${BOB}`);
    const accept = /pair:accept:(\d+)/.exec(JSON.stringify(req.posted))![0];
    const click = buttonInteraction(t.actor({ userId: BOB, name: 'bob' }), accept);
    const { results, calls } = await deliverConcurrently(t, click);
    expect(results.map((r) => r.outcome).sort()).toEqual(['duplicate', 'ok']);
    expect(channelPosts(calls)).toHaveLength(1);
    expect(calls.filter((c) => c.method === 'POST' && c.path.endsWith('/threads'))).toHaveLength(1); // one pair thread
    expect(await count(t, 'pairs')).toBe(1);
    // The confirmation pings exactly the two people paired.
    const body = channelPosts(calls)[0] as unknown as {
      body: { allowed_mentions: { parse: string[]; users: string[] } };
    };
    expect(body.body.allowed_mentions.parse).toEqual([]);
    expect([...body.body.allowed_mentions.users].sort()).toEqual([ALICE, BOB]);
  });

  it('the same /takeaway add delivered three times, one after another: one takeaway', async () => {
    const t = await createTestApp(use());
    const i = slash(t, '/takeaway add text:"Pin image versions" tags:docker');
    const outcomes = [];
    for (let n = 0; n < 3; n++) outcomes.push((await t.send(structuredClone(i))).handled.outcome);
    expect(outcomes).toEqual(['ok', 'duplicate', 'duplicate']);
    expect(await count(t, 'takeaways')).toBe(1);
    // A different interaction with the same content is a new entry (only the id makes a duplicate).
    await t.send(slash(t, '/takeaway add text:"Pin image versions" tags:docker'));
    expect(await count(t, 'takeaways')).toBe(2);
  });
});
