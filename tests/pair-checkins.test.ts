// Mid-week check-ins in pair threads: once per pair per scheduled time, even with runners racing on two
// connections; caught up within the grace window; the answers; stalled and stuck pairs for moderators.
import { afterEach, expect, it } from 'vitest';
import type { LineResult } from '../src/cli/try.js';
import { openDatabase } from '../src/db/client.js';
import { stuckPairs } from '../src/db/queries/checkins.js';
import { pairCheckins, pairs } from '../src/db/schema.js';
import { buttonInteraction, type Actor } from '../src/discord/payloads.js';
import { RecordingRestCaller, type RecordedCall } from '../src/discord/port.js';
import { runDueCheckins } from '../src/jobs/checkins.js';
import { DigestScheduler } from '../src/jobs/scheduler.js';
import { describeEachDatabase } from './helpers/db.js';
import { checkCall } from './helpers/discord-spec.js';
import {
  ALICE,
  BOB,
  CAROL,
  createHarness,
  GUILD,
  isEphemeral,
  MOD,
  OTHER_GUILD,
  replyText,
  type Harness,
} from './helpers/harness.js';

const DAVE = '100000000000000004';
const alice = { userId: ALICE, name: 'alice' };
const bob = { userId: BOB, name: 'bola' };
const carol = { userId: CAROL, name: 'carol' };
const dave = { userId: DAVE, name: 'dave' };
const mod = { userId: MOD, moderator: true, name: 'mod' };
const TUESDAY = new Date('2026-12-01T10:00:00Z');
const THURSDAY_17 = new Date('2026-12-03T17:00:00Z'); // the default schedule, in the default zone (UTC)

let schedulers: DigestScheduler[] = [];
afterEach(async () => {
  for (const s of schedulers) await s.stop();
  schedulers = [];
});

/**
 * Two learners announce the same project (a's gets id `projectId`, b's the next), b asks a (request
 * `requestId`), a accepts: the pair forms and its thread is opened.
 */
async function pair(
  h: Harness,
  a: Partial<Actor>,
  b: Partial<Actor>,
  name: string,
  projectId: number,
  requestId: number,
): Promise<LineResult> {
  await h.run(`/project announce name:"${name}" summary:"API" role:backend seeking:frontend`, a);
  await h.run(`/project announce name:"${name}" summary:"UI" role:frontend seeking:backend`, b);
  await h.run(`click pair:request:${projectId}`, b);
  const r = await h.run(`click pair:accept:${requestId}`, a);
  expect(
    r.posted.filter((c) => c.path.endsWith('/threads')),
    `${name} forms a pair with a thread`,
  ).toHaveLength(1);
  return r;
}

const checkinPosts = (calls: RecordedCall[]) =>
  calls.filter((c) => c.method === 'POST' && /mid-week check-in/.test(JSON.stringify(c.body)));

async function checkins(h: Harness) {
  return h.app.ctx.db.select().from(pairCheckins).orderBy(pairCheckins.id);
}

async function clickOn(h: Harness, customId: string, messageId: string, as: Partial<Actor>): Promise<LineResult> {
  const handled = await h.handle(buttonInteraction(h.actor(as), customId, messageId, h.clock.now().getTime()));
  return { line: `click ${customId}`, response: handled.response, posted: h.recorder.take(), files: [] };
}

describeEachDatabase('pair check-ins', (use, kind) => {
  it('asks each active pair once per week, in its thread; new and ended pairs are not asked', async () => {
    const h = await createHarness(use(), { now: TUESDAY });
    await pair(h, alice, bob, 'Airbnb clone', 1, 1); // pair #1, Tuesday
    await pair(h, carol, alice, 'Job board', 3, 2); // pair #2, ended below
    await h.run(`/pair end user:<@${ALICE}>`, carol);
    h.clock.set(new Date('2026-12-02T20:00:00Z')); // Wednesday evening: too new for this Thursday
    await pair(h, dave, bob, 'Chat app', 5, 3); // pair #3
    h.clock.set(new Date('2026-12-03T17:00:30Z'));
    const first = await h.run('tick');
    expect(first.checkins).toEqual([
      expect.objectContaining({ guildId: GUILD, outcome: 'posted', posted: 1, scheduledAt: THURSDAY_17 }),
    ]);
    const posts = checkinPosts(first.posted);
    expect(posts).toHaveLength(1);
    const [row] = await checkins(h);
    expect(row).toMatchObject({ pairId: 1, status: 'posted', scheduledAt: THURSDAY_17, claimedBy: expect.any(String) });
    expect(posts[0]!.path).toBe(`/channels/${row!.channelId}/messages`);
    expect(posts[0]!.body).toMatchObject({
      content: `<@${BOB}> <@${ALICE}> mid-week check-in: **Did you two work together this week?**`,
      nonce: expect.stringMatching(/^[\w-]{25}$/),
      enforce_nonce: true,
      allowed_mentions: { parse: [], users: [BOB, ALICE] },
    });
    expect(JSON.stringify(posts[0]!.body)).toContain('"custom_id":"pair:checkin:1:stuck"');
    expect(checkCall(posts[0]!)).toEqual([]);
    // Again the same evening, and the next day: nothing more.
    expect(checkinPosts((await h.run('tick')).posted)).toEqual([]);
    h.clock.set(new Date('2026-12-04T09:00:00Z'));
    expect(checkinPosts((await h.run('tick')).posted)).toEqual([]);
    // Next Thursday: both active pairs.
    h.clock.set(new Date('2026-12-10T17:05:00Z'));
    const next = await h.run('tick');
    expect(checkinPosts(next.posted)).toHaveLength(2);
    expect((await checkins(h)).map((c) => c.pairId)).toEqual([1, 1, 3]);
  });

  it('two runners racing on two connections post each check-in once', async () => {
    const first = use();
    const second = kind === 'postgres' ? await openDatabase({ databaseUrl: first.url! }) : first;
    try {
      const a = await createHarness(first, { now: TUESDAY });
      await pair(a, alice, bob, 'Airbnb clone', 1, 1);
      await pair(a, carol, dave, 'Job board', 3, 2);
      a.recorder.take();
      const b = await createHarness(second, { now: new Date('2026-12-03T17:00:05Z') });
      a.clock.set(new Date('2026-12-03T17:00:05Z'));
      const results = await Promise.all([
        runDueCheckins(a.app.ctx, { runnerId: 'A' }),
        runDueCheckins(b.app.ctx, { runnerId: 'B' }),
        runDueCheckins(a.app.ctx, { runnerId: 'C' }),
        runDueCheckins(b.app.ctx, { runnerId: 'D' }),
      ]);
      expect(results.flat().reduce((n, r) => n + r.posted, 0)).toBe(2);
      const posts = [...checkinPosts(a.recorder.take()), ...checkinPosts(b.recorder.take())];
      expect(posts.map((c) => c.path).sort()).toEqual(
        (await checkins(a)).map((c) => `/channels/${c.channelId}/messages`).sort(),
      );
      expect(new Set(posts.map((c) => c.path)).size).toBe(2);
      // Two schedulers (two processes) ticking at the same moment a week later: once each again.
      a.clock.set(new Date('2026-12-10T17:00:05Z'));
      b.clock.set(new Date('2026-12-10T17:00:05Z'));
      const s1 = new DigestScheduler(a.app.ctx, { runnerId: 'S1' });
      const s2 = new DigestScheduler(b.app.ctx, { runnerId: 'S2' });
      schedulers.push(s1, s2);
      await Promise.all([s1.checkIn(), s2.checkIn(), s1.tick(), s2.tick()]);
      expect(checkinPosts([...a.recorder.take(), ...b.recorder.take()])).toHaveLength(2);
      expect((await checkins(a)).filter((c) => c.status === 'posted')).toHaveLength(4);
    } finally {
      if (second !== first) await second.close();
    }
  });

  it('a runner killed between claim and post is completed by another after the lease', async () => {
    const h = await createHarness(use(), { now: TUESDAY });
    await pair(h, alice, bob, 'Airbnb clone', 1, 1);
    h.clock.set(new Date('2026-12-03T17:00:00Z'));
    await expect(
      runDueCheckins(h.app.ctx, {
        runnerId: 'crashing',
        afterClaim: async () => {
          throw new Error('killed');
        },
      }),
    ).resolves.toEqual([]); // the guild's failure is logged; nothing posted
    expect((await runDueCheckins(h.app.ctx, { runnerId: 'other' }))[0]).toMatchObject({ outcome: 'busy', posted: 0 });
    h.clock.advance(6 * 60_000); // the lease (5 min) expired
    expect((await runDueCheckins(h.app.ctx, { runnerId: 'other' }))[0]).toMatchObject({ outcome: 'posted', posted: 1 });
    expect((await runDueCheckins(h.app.ctx, { runnerId: 'third' }))[0]).toMatchObject({ outcome: 'nothing-due' });
    expect(checkinPosts(h.recorder.take())).toHaveLength(1);
    expect(await checkins(h)).toEqual([expect.objectContaining({ status: 'posted', claimedBy: 'other', attempts: 2 })]);
  });

  it('catches up once after downtime within the grace window; too late is not posted', async () => {
    const h = await createHarness(use(), { now: TUESDAY });
    await pair(h, alice, bob, 'Airbnb clone', 1, 1);
    h.clock.set(new Date('2026-12-05T12:00:00Z')); // down since Thursday morning, back Saturday (43 h late)
    expect(checkinPosts((await h.run('tick')).posted)).toHaveLength(1);
    const restarted = await createHarness(use(), { now: new Date('2026-12-05T12:10:00Z') });
    expect(checkinPosts((await restarted.run('tick')).posted)).toEqual([]);
    restarted.clock.set(new Date('2026-12-12T18:00:01Z')); // missed 2026-12-10 17:00 by 49 h
    const late = await restarted.run('tick');
    expect(late.checkins).toEqual([expect.objectContaining({ outcome: 'late', posted: 0 })]);
    expect(checkinPosts(late.posted)).toEqual([]);
  });

  it('a thread Discord no longer has is given up, not retried', async () => {
    const h = await createHarness(use(), { now: TUESDAY });
    await pair(h, alice, bob, 'Airbnb clone', 1, 1);
    h.clock.set(new Date('2026-12-03T17:00:00Z'));
    h.recorder.refuse = (c) =>
      /mid-week check-in/.test(JSON.stringify(c.body))
        ? Object.assign(new Error('Unknown Channel'), { status: 404 })
        : undefined;
    expect((await h.run('tick')).checkins).toEqual([expect.objectContaining({ posted: 0, failed: 1 })]);
    h.recorder.refuse = undefined;
    h.clock.advance(10 * 60_000);
    expect(checkinPosts((await h.run('tick')).posted)).toEqual([]);
    expect(await checkins(h)).toEqual([expect.objectContaining({ status: 'failed' })]);
  });

  it('answers: in place on the check-in, either member, the latest counts; stuck offers the challenge form', async () => {
    const h = await createHarness(use(), { now: TUESDAY });
    await pair(h, alice, bob, 'Airbnb clone', 1, 1);
    h.clock.set(new Date('2026-12-03T17:00:00Z'));
    await h.run('tick');
    const [c] = await checkins(h);
    const yes = await clickOn(h, 'pair:checkin:1:yes', c!.messageId!, bob);
    expect(yes.response).toMatchObject({ type: 7 });
    expect(replyText(yes)).toMatch(/Answered \*\*Yes\*\*. Great/);
    expect(JSON.stringify(yes.response)).toContain('"label":"✓ Yes"');
    expect((await checkins(h))[0]).toMatchObject({ answer: 'yes', answeredBy: BOB });
    // From elsewhere (not the check-in message): a private thanks, the message edited after the commit.
    const notYet = await h.run('click pair:checkin:1:not-yet', alice);
    expect(isEphemeral(notYet)).toBe(true);
    expect(notYet.posted).toEqual([
      expect.objectContaining({ method: 'PATCH', path: `/channels/${c!.channelId}/messages/${c!.messageId}` }),
    ]);
    expect((await checkins(h))[0]).toMatchObject({ answer: 'not-yet', answeredBy: ALICE });
    const stuck = await clickOn(h, 'pair:checkin:1:stuck', c!.messageId!, alice);
    expect(isEphemeral(stuck)).toBe(true);
    expect(replyText(stuck)).toMatch(/Moderators can see it/);
    expect(stuck.posted).toHaveLength(1); // the check-in message now says so
    expect(JSON.stringify(stuck.posted[0]!.body)).toContain("Answered **We're stuck**");
    const offer = JSON.stringify(stuck.response);
    expect(offer).toContain('"custom_id":"pair:stuck-log:1"');
    // The form, with the clicker's own project of this pairing filled in (Alice #1, Bob #2).
    for (const [who, project] of [
      [alice, '1'],
      [bob, '2'],
    ] as const) {
      const form = await h.run('click pair:stuck-log:1', who);
      expect(form.response).toMatchObject({ type: 9, data: { custom_id: 'challenge:log' } });
      expect(JSON.stringify(form.response)).toContain(`"custom_id":"project","label":"Project id"`);
      expect(JSON.stringify(form.response)).toMatch(new RegExp(`"custom_id":"project"[^}]*"value":"${project}"`));
    }
    // Moderators see it in stats' query; forged answers are refused.
    expect(await stuckPairs(use().db, GUILD, TUESDAY)).toEqual([
      expect.objectContaining({ pair: expect.objectContaining({ id: 1 }), answeredBy: ALICE }),
    ]);
    expect(await stuckPairs(use().db, OTHER_GUILD, TUESDAY)).toEqual([]);
    const stats = JSON.stringify((await h.run('/nexus-admin stats', { userId: MOD, moderator: true })).response);
    expect(stats).toContain('Pairs stuck (1)');
    for (const [line, as, why] of [
      ['click pair:checkin:1:yes', carol, /another pair/],
      ['click pair:checkin:1:yes', { ...alice, guildId: OTHER_GUILD }, /was not found/],
      ['click pair:checkin:1:maybe', alice, /was not found/],
      ['click pair:checkin:9:yes', alice, /was not found/],
      ['click pair:stuck-log:1', carol, /another pair/],
    ] as const)
      expect(replyText(await h.run(line, as)), line).toMatch(why);
    expect((await checkins(h))[0]).toMatchObject({ answer: 'stuck', answeredBy: ALICE });
    await h.run(`/pair end user:<@${BOB}>`, alice);
    expect(replyText(await h.run('click pair:checkin:1:yes', bob))).toMatch(/has ended/);
    expect(await stuckPairs(use().db, GUILD, TUESDAY)).toEqual([]); // ended pairs are not stuck
  });

  it('moderators see stalled pairs privately: "Not yet" twice, or never answered', async () => {
    const h = await createHarness(use(), { now: TUESDAY });
    await pair(h, alice, bob, 'Airbnb clone', 1, 1); // answers Not yet twice
    await pair(h, carol, dave, 'Job board', 3, 2); // never answers
    h.clock.set(new Date('2026-12-03T17:00:00Z'));
    await h.run('tick');
    await h.run('click pair:checkin:1:not-yet', alice);
    expect(replyText(await h.run('/nexus-admin pairs stalled', mod))).toMatch(/No stalled pairs/); // too early
    h.clock.set(new Date('2026-12-10T17:00:00Z'));
    await h.run('tick');
    await h.run('click pair:checkin:3:not-yet', bob);
    const r = await h.run('/nexus-admin pairs stalled', mod);
    expect(isEphemeral(r)).toBe(true);
    const text = replyText(r);
    expect(text).toMatch(/^Stalled pairs \(2\)/);
    expect(text).toContain(`#1 <@${BOB}> & <@${ALICE}> on **Airbnb clone**`);
    expect(text).toMatch(/#1 .* · answered "Not yet" twice \(last <t:\d+:R>\)/);
    expect(text).toMatch(
      /#2 <@100000000000000004> & <@100000000000000003> on \*\*Job board\*\* · <#\d+> · never answered \(2 check-ins since <t:\d+:D>\)/,
    );
    expect(replyText(await h.run('/nexus-admin pairs stalled', carol))).toMatch(/for moderators/);
    // A "Yes" takes a pair off the list.
    await h.run('click pair:checkin:4:yes', dave);
    await h.run('click pair:checkin:3:yes', alice);
    expect(replyText(await h.run('/nexus-admin pairs stalled', mod))).toMatch(/No stalled pairs/);
  });

  it('a pair that answered once and then left its last two check-ins unanswered is stalled', async () => {
    const h = await createHarness(use(), { now: TUESDAY });
    await pair(h, alice, bob, 'Airbnb clone', 1, 1); // answers "Not yet", then goes silent
    await pair(h, carol, dave, 'Job board', 3, 2); // answers every week
    h.clock.set(new Date('2026-12-03T17:00:00Z'));
    await h.run('tick'); // check-ins 1 (pair 1) and 2 (pair 2)
    await h.run('click pair:checkin:1:not-yet', alice);
    await h.run('click pair:checkin:2:yes', carol);
    h.clock.set(new Date('2026-12-10T17:00:00Z'));
    await h.run('tick'); // 3 and 4
    await h.run('click pair:checkin:4:yes', dave);
    h.clock.set(new Date('2026-12-17T17:00:00Z'));
    await h.run('tick'); // 5 and 6
    await h.run('click pair:checkin:6:not-yet', carol);
    // The check-in just posted does not count yet: one unanswered is not silence.
    expect(replyText(await h.run('/nexus-admin pairs stalled', mod))).toMatch(/No stalled pairs/);
    h.clock.set(new Date('2026-12-20T10:00:00Z')); // Sunday: both had time to answer the third
    const text = replyText(await h.run('/nexus-admin pairs stalled', mod));
    expect(text).toMatch(/^Stalled pairs \(1\)/);
    expect(text).toMatch(
      new RegExp(
        `#1 <@${BOB}> & <@${ALICE}> on \\*\\*Airbnb clone\\*\\* · <#\\d+> · went silent: no answer to the last 2 check-ins \\(since <t:${Date.parse('2026-12-10T17:00:00Z') / 1000}:D>\\)`,
      ),
    );
    expect(text).not.toContain('#2 ');
    // An answer to the latest takes the pair off the list.
    await h.run('click pair:checkin:5:yes', bob);
    expect(replyText(await h.run('/nexus-admin pairs stalled', mod))).toMatch(/No stalled pairs/);
  });

  it('an older week’s check-in takes no answer once a newer one was posted: the reply points at the latest', async () => {
    const h = await createHarness(use(), { now: TUESDAY });
    await pair(h, alice, bob, 'Airbnb clone', 1, 1);
    h.clock.set(new Date('2026-12-03T17:00:00Z'));
    await h.run('tick');
    h.clock.set(new Date('2026-12-10T17:00:00Z'));
    await h.run('tick');
    const [older, latest] = await checkins(h);
    for (const r of [
      await clickOn(h, `pair:checkin:${older!.id}:yes`, older!.messageId!, bob),
      await h.run(`click pair:checkin:${older!.id}:not-yet`, alice),
    ]) {
      expect(isEphemeral(r)).toBe(true);
      expect(replyText(r)).toBe(
        `This check-in is from an earlier week and no longer takes answers: answer the latest one: https://discord.com/channels/${GUILD}/${latest!.channelId}/${latest!.messageId}.`,
      );
      expect(r.posted).toEqual([]);
    }
    expect((await checkins(h)).map((c) => c.answer)).toEqual([null, null]);
    const ok = await clickOn(h, `pair:checkin:${latest!.id}:yes`, latest!.messageId!, bob);
    expect(replyText(ok)).toMatch(/Answered \*\*Yes\*\*/);
    expect((await checkins(h)).map((c) => c.answer)).toEqual([null, 'yes']);
  });

  it('moderators set the schedule (at most once a day) or turn check-ins off', async () => {
    const h = await createHarness(use(), { now: TUESDAY });
    await pair(h, alice, bob, 'Airbnb clone', 1, 1);
    expect(replyText(await h.run('/nexus-admin config set checkin_cron:"every thursday"', mod))).toMatch(
      /5-field cron expression/,
    );
    expect(replyText(await h.run('/nexus-admin config set checkin_cron:"0 9,17 * * 4"', mod))).toMatch(
      /would ask each pair 2 times a day; check-ins run at most once a day/,
    );
    const set = await h.run('/nexus-admin config set checkin_cron:"30  18 * *   3" timezone:Africa/Lagos', mod);
    expect(replyText(set)).toMatch(/Pair check-ins: on · `30 18 \* \* 3` · Africa\/Lagos/);
    h.clock.set(new Date('2026-12-02T17:30:00Z')); // Wednesday 18:30 in Lagos: the pair is a day old
    expect(checkinPosts((await h.run('tick')).posted)).toEqual([]);
    h.clock.set(new Date('2026-12-09T17:30:00Z')); // a week later
    expect(checkinPosts((await h.run('tick')).posted)).toHaveLength(1);
    await h.run('/nexus-admin config set checkins_enabled:false', mod);
    h.clock.set(new Date('2026-12-16T17:30:00Z'));
    const off = await h.run('tick');
    expect(off.checkins).toEqual([expect.objectContaining({ outcome: 'disabled' })]);
    expect(checkinPosts(off.posted)).toEqual([]);
  });

  it('the scheduler keeps a check-in task per guild and follows setting changes', async () => {
    const h = await createHarness(use(), { now: TUESDAY });
    await h.run('/nexus-admin config set timezone:Africa/Lagos', mod);
    await h.run('/nexus-admin config set checkins_enabled:false', { ...mod, guildId: OTHER_GUILD });
    const seen: string[] = [];
    const s = new DigestScheduler(h.app.ctx, {
      runnerId: 'test',
      onCheckins: (r) => seen.push(...r.map((x) => `${x.guildId}:${x.outcome}`)),
    });
    schedulers.push(s);
    h.app.ctx.events = s;
    await s.start();
    expect(s.scheduledCheckins()).toEqual([GUILD]);
    expect(seen).toEqual(expect.arrayContaining([`${OTHER_GUILD}:disabled`])); // the catch-up at start
    await h.run('/nexus-admin config set checkins_enabled:true', { ...mod, guildId: OTHER_GUILD });
    expect(s.scheduledCheckins().sort()).toEqual([GUILD, OTHER_GUILD].sort());
    await h.run('/nexus-admin config set checkins_enabled:false', mod);
    expect(s.scheduledCheckins()).toEqual([OTHER_GUILD]);
    expect(s.scheduled().sort()).toEqual([GUILD, OTHER_GUILD].sort()); // digests unaffected
  });

  it('a refused check-in post (missing permission) is given up and logged, the others still go', async () => {
    const h = await createHarness(use(), { now: TUESDAY });
    await pair(h, alice, bob, 'Airbnb clone', 1, 1);
    await pair(h, carol, dave, 'Job board', 3, 2);
    const [, second] = await h.app.ctx.db.select().from(pairs).orderBy(pairs.id);
    h.recorder.refuse = (c) =>
      c.path === `/channels/${second!.threadId}/messages` ? RecordingRestCaller.missingPermissions() : undefined;
    h.clock.set(new Date('2026-12-03T17:00:00Z'));
    const r = await h.run('tick');
    expect(r.checkins).toEqual([expect.objectContaining({ outcome: 'posted', posted: 1, failed: 1 })]);
  });
});
