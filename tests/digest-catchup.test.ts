// Digests after downtime: a skipped period's activity rolls into the next digest posted, which says it
// covers more than a week (up to a cap, said when it applies); nothing is lost and nothing is posted twice.
import { describe, expect, it } from 'vitest';
import { digestRuns } from '../src/db/schema.js';
import { buildDigest, type DigestData } from '../src/domain/digest.js';
import { runDueDigests } from '../src/jobs/digest.js';
import { describeEachDatabase } from './helpers/db.js';
import { BOB, createHarness, GUILD, MOD, replyText, type Harness } from './helpers/harness.js';

const mod = { userId: MOD, moderator: true };
const CHANNEL_PATH = '/channels/800000000000000050/messages';
const unix = (iso: string) => Date.parse(iso) / 1000;

async function configure(h: Harness) {
  await h.run('/nexus-admin config set digest_channel:<#800000000000000050> digest_cron:"0 9 * * 1"', mod);
}

function outcomes(r: { tick?: Array<{ guildId: string; outcome: string }> }) {
  return (r.tick ?? []).map(({ guildId, outcome }) => ({ guildId, outcome }));
}

async function runs(h: Harness) {
  const rows = await h.app.ctx.db.select().from(digestRuns);
  return rows
    .sort((a, b) => +a.periodEnd - +b.periodEnd)
    .map((r) => [r.status, r.periodStart.toISOString(), r.periodEnd.toISOString()]);
}

describe('catch-up header', () => {
  it('a span that rounds to the schedule’s period says only "more than a week"', () => {
    const zero = { projects: 0, pairs: 0, challenges: 0, solved: 0, takeaways: 0 };
    const start = new Date('2026-11-30T04:00:00Z');
    const d: DigestData = {
      guildName: null,
      period: { start, end: new Date('2026-12-07T09:00:00Z') }, // 7 days 5 hours
      comparison: { start: new Date('2026-11-23T04:00:00Z'), end: new Date('2026-11-30T09:00:00Z') },
      since: null,
      catchUp: { scheduleMs: 7 * 86_400_000, cappedFrom: null },
      timezone: 'UTC',
      newProjects: [],
      newPairs: [],
      seeking: [],
      lapsed: [],
      challengesLogged: 0,
      challengesSolved: [],
      openChallenges: [],
      topHelped: [],
      takeaways: [],
      topTags: [],
      totals: zero,
      previousTotals: zero,
    };
    const text = buildDigest(d, { quietWeekNote: true })[0]!.embeds[0]!.description!;
    expect(text).toMatch(/^Quiet for a week \(/);
    expect(text).toContain(
      `This digest covers more than a week: no digest was posted since <t:${unix(start.toISOString())}:f>`,
    );
  });
});

describeEachDatabase('digest after downtime', (use) => {
  it('a skipped digest’s activity is in the next one posted, which says it covers two weeks', async () => {
    const h = await createHarness(use(), { now: new Date('2026-12-01T10:00:00Z') });
    await configure(h);
    h.clock.set(new Date('2026-12-21T09:00:30Z'));
    expect(outcomes(await h.run('tick'))).toEqual([{ guildId: GUILD, outcome: 'posted' }]);
    h.clock.set(new Date('2026-12-22T10:00:00Z'));
    await h.run('/takeaway add text:"Takeaway of December 22"', { userId: BOB });
    h.clock.set(new Date('2026-12-31T10:00:00Z')); // the Dec 28 digest is 73 h late
    const skipped = await h.run('tick');
    expect(outcomes(skipped)).toEqual([{ guildId: GUILD, outcome: 'skipped' }]);
    expect(skipped.tick![0]!.message).toMatch(/will be in the next digest/);
    // The preview already holds it.
    expect(JSON.stringify((await h.run('/nexus-admin digest preview', mod)).response)).toContain(
      'Takeaway of December 22',
    );
    h.clock.set(new Date('2027-01-04T09:00:30Z'));
    h.recorder.take();
    const results = await Promise.all([
      runDueDigests(h.app.ctx, { runnerId: 'A' }),
      runDueDigests(h.app.ctx, { runnerId: 'B' }),
    ]);
    expect(results.flat().filter((r) => r.outcome === 'posted')).toHaveLength(1);
    const posts = h.recorder.calls.filter((c) => c.path === CHANNEL_PATH);
    expect(posts).toHaveLength(1);
    const text = JSON.stringify(posts[0]!.body);
    expect(text).toContain('Takeaway of December 22');
    expect(text).not.toContain('A quiet week');
    expect(text).toContain(`<t:${unix('2026-12-21T09:00:00Z')}:D> – <t:${unix('2027-01-04T09:00:00Z')}:D>`);
    expect(text).toContain(
      `This digest covers 2 weeks, more than a week: no digest was posted since <t:${unix('2026-12-21T09:00:00Z')}:f>`,
    );
    // Compared with the two weeks before, not with a span overlapping its own.
    expect(text).toContain('📈 These 2 weeks vs the 2 weeks before');
    expect(text).toContain('Takeaways 1 (+1)');
    expect(await runs(h)).toEqual([
      ['posted', '2026-12-14T09:00:00.000Z', '2026-12-21T09:00:00.000Z'],
      ['skipped', '2026-12-21T09:00:00.000Z', '2026-12-28T09:00:00.000Z'],
      ['posted', '2026-12-21T09:00:00.000Z', '2027-01-04T09:00:00.000Z'],
    ]);
    // The next week is one week again.
    h.clock.set(new Date('2027-01-11T09:00:30Z'));
    const next = JSON.stringify((await h.run('tick')).posted);
    expect(next).toContain('A quiet week');
    expect(next).not.toContain('This digest covers');
    expect(next).not.toContain('Takeaway of December 22');
  });

  it('a quiet catch-up says how long it was quiet', async () => {
    const h = await createHarness(use(), { now: new Date('2026-12-01T10:00:00Z') });
    await configure(h);
    h.clock.set(new Date('2026-12-21T09:00:30Z'));
    await h.run('tick');
    h.clock.set(new Date('2026-12-31T10:00:00Z'));
    await h.run('tick');
    h.clock.set(new Date('2027-01-04T09:00:30Z'));
    const text = JSON.stringify((await h.run('tick')).posted);
    expect(text).toContain('Quiet for 2 weeks');
    expect(text).toContain('This digest covers 2 weeks, more than a week');
  });

  it('when no digest was ever posted, the first one covers the skipped period too', async () => {
    const h = await createHarness(use(), { now: new Date('2026-12-01T10:00:00Z') });
    await configure(h);
    await h.run('/takeaway add text:"First week takeaway"', { userId: BOB });
    h.clock.set(new Date('2026-12-10T10:00:00Z')); // Dec 7 skipped
    expect(outcomes(await h.run('tick'))).toEqual([{ guildId: GUILD, outcome: 'skipped' }]);
    h.clock.set(new Date('2026-12-14T09:00:30Z'));
    const text = JSON.stringify((await h.run('tick')).posted);
    expect(text).toContain('First week takeaway');
    expect(text).toContain('This digest covers 2 weeks');
  });

  it('after a long downtime the digest covers at most four weeks, and says what it left out', async () => {
    const h = await createHarness(use(), { now: new Date('2026-12-01T10:00:00Z') });
    await configure(h);
    h.clock.set(new Date('2026-12-07T09:00:30Z'));
    expect(outcomes(await h.run('tick'))).toEqual([{ guildId: GUILD, outcome: 'posted' }]);
    h.clock.set(new Date('2026-12-08T10:00:00Z'));
    await h.run('/takeaway add text:"Too old to include"', { userId: BOB });
    h.clock.set(new Date('2027-01-20T10:00:00Z'));
    await h.run('/takeaway add text:"Recent enough"', { userId: BOB });
    h.clock.set(new Date('2027-02-01T09:00:30Z'));
    const tick = await h.run('tick');
    expect(outcomes(tick)).toEqual([{ guildId: GUILD, outcome: 'posted' }]);
    const text = JSON.stringify(tick.posted);
    expect(text).toContain('Recent enough');
    expect(text).not.toContain('Too old to include');
    expect(text).toContain(
      `This digest covers the last 4 weeks, more than a week and the most one digest covers: no digest was posted since <t:${unix('2026-12-07T09:00:00Z')}:f>, and what happened before <t:${unix('2027-01-04T09:00:00Z')}:f> is in no digest.`,
    );
    expect((await runs(h)).at(-1)).toEqual(['posted', '2027-01-04T09:00:00.000Z', '2027-02-01T09:00:00.000Z']);
  });

  it('a manual post made before the late scheduled one ran: the scheduled one posts nothing twice', async () => {
    const h = await createHarness(use(), { now: new Date('2026-12-01T10:00:00Z') });
    await configure(h);
    h.clock.set(new Date('2026-12-07T09:00:30Z'));
    await h.run('tick');
    h.clock.set(new Date('2026-12-10T10:00:00Z'));
    await h.run('/takeaway add text:"Thursday takeaway"', { userId: BOB });
    h.clock.set(new Date('2026-12-14T09:00:10Z')); // before the scheduler's tick
    const manual = await h.run('/nexus-admin digest post', mod);
    expect(replyText(manual)).toMatch(/^Posted the digest/);
    expect(JSON.stringify(manual.posted)).toContain('Thursday takeaway');
    expect(JSON.stringify(manual.posted)).not.toContain('This digest covers');
    h.clock.set(new Date('2026-12-14T09:05:00Z'));
    const tick = await h.run('tick');
    expect(outcomes(tick)).toEqual([{ guildId: GUILD, outcome: 'nothing-new' }]);
    expect(tick.posted.filter((c) => c.path === CHANNEL_PATH)).toHaveLength(0);
  });
});
