// The cohort chart's numbers: calendar weeks in the guild's timezone, one guild only, removed rows left out.
import { describe, expect, it } from 'vitest';
import {
  cohortWeekRanges,
  cohortWeeks,
  loadCohortChartData,
  MAX_COHORT_WEEKS,
  topTags,
} from '../src/db/queries/cohort.js';
import { periodTotals } from '../src/db/queries/digest.js';
import type { Db } from '../src/db/client.js';
import { challenges, pairs, projects } from '../src/db/schema.js';
import { describeEachDatabase } from './helpers/db.js';
import { ALICE, BOB, GUILD, OTHER_GUILD } from './helpers/harness.js';

const NY = 'America/New_York';
// Mondays 00:00 in New York around the end of daylight saving time (Sunday 2026-11-01, 02:00 EDT → 01:00 EST).
const OCT_19 = new Date('2026-10-19T04:00:00Z');
const OCT_26 = new Date('2026-10-26T04:00:00Z');
const NOV_2 = new Date('2026-11-02T05:00:00Z');
const NOV_9 = new Date('2026-11-09T05:00:00Z');

let seq = 0;
async function project(db: Db, at: Date, extra: Partial<typeof projects.$inferInsert> = {}) {
  seq++;
  await db.insert(projects).values({
    guildId: GUILD,
    ownerId: ALICE,
    name: `P${seq}`,
    normalizedName: `p${seq}`,
    summary: 's',
    createdAt: at,
    ...extra,
  });
}
async function challenge(db: Db, at: Date, extra: Partial<typeof challenges.$inferInsert> = {}) {
  await db
    .insert(challenges)
    .values({ guildId: GUILD, authorId: ALICE, title: 't', problem: 'p', createdAt: at, ...extra });
}
async function pair(db: Db, at: Date, guildId = GUILD) {
  await db.insert(pairs).values({ guildId, userA: ALICE, userB: BOB, startedAt: at });
}

const counts = (ws: Array<{ projects: number; pairs: number; challenges: number; solved: number }>) =>
  ws.map((w) => [w.projects, w.pairs, w.challenges, w.solved]);

describe('cohort week ranges', () => {
  it('are calendar weeks in the zone, Monday-based, across a DST change', () => {
    const weeks = cohortWeekRanges({ from: OCT_19, to: NOV_9, timezone: NY });
    expect(weeks.map((w) => [w.weekStart, w.start.toISOString(), w.end.toISOString(), w.partial])).toEqual([
      ['2026-10-19', OCT_19.toISOString(), OCT_26.toISOString(), false],
      ['2026-10-26', OCT_26.toISOString(), NOV_2.toISOString(), false], // 169 hours long
      ['2026-11-02', NOV_2.toISOString(), NOV_9.toISOString(), false],
    ]);
  });

  it('clip the first and last weeks to [from, to), keep only the latest weeks, start on the given day', () => {
    const from = new Date('2026-10-21T12:00:00Z'); // a Wednesday
    const to = new Date('2026-11-04T12:00:00Z');
    const weeks = cohortWeekRanges({ from, to, timezone: NY });
    expect(weeks.map((w) => w.weekStart)).toEqual(['2026-10-19', '2026-10-26', '2026-11-02']);
    expect(weeks.map((w) => w.partial)).toEqual([true, false, true]);
    expect(weeks[0]!.start).toEqual(from);
    expect(weeks[2]!.end).toEqual(to);
    const capped = cohortWeekRanges({ from: new Date('2025-01-01T00:00:00Z'), to, timezone: NY, maxWeeks: 2 });
    expect(capped.map((w) => [w.weekStart, w.partial])).toEqual([
      ['2026-10-26', false],
      ['2026-11-02', true],
    ]);
    expect(cohortWeekRanges({ from: new Date('2025-01-01T00:00:00Z'), to, timezone: NY })).toHaveLength(12);
    // Sunday-based weeks in Tokyo: Sunday 2026-11-01 00:00 JST is 2026-10-31T15:00Z.
    const sunday = cohortWeekRanges({
      from: new Date('2026-10-31T15:00:00Z'),
      to: new Date('2026-11-07T15:00:00Z'),
      timezone: 'Asia/Tokyo',
      weekStartsOn: 0,
    });
    expect(sunday.map((w) => [w.weekStart, w.start.toISOString(), w.partial])).toEqual([
      ['2026-11-01', '2026-10-31T15:00:00.000Z', false],
    ]);
  });

  it('are empty for an empty range and refuse nonsense options', () => {
    expect(cohortWeekRanges({ from: NOV_2, to: NOV_2, timezone: NY })).toEqual([]);
    expect(() => cohortWeekRanges({ from: OCT_19, to: NOV_9, timezone: NY, weekStartsOn: 7 })).toThrow(RangeError);
    expect(() => cohortWeekRanges({ from: OCT_19, to: NOV_9, timezone: NY, maxWeeks: 0 })).toThrow(RangeError);
    expect(() => cohortWeekRanges({ from: OCT_19, to: NOV_9, timezone: NY, maxWeeks: MAX_COHORT_WEEKS + 1 })).toThrow(
      RangeError,
    );
  });
});

describeEachDatabase('cohort queries', (use) => {
  it('count each series per local week: the Sunday-night row belongs to the week before', async () => {
    const db = use().db;
    // Sunday 23:30 EST in New York, already Monday in UTC.
    await project(db, new Date('2026-11-02T04:30:00Z'));
    await project(db, NOV_2); // Monday 00:00 EST exactly: the new week
    await project(db, new Date('2026-10-19T03:59:59Z')); // before from: not counted
    await pair(db, new Date('2026-10-20T15:00:00Z'));
    await pair(db, new Date('2026-11-08T23:00:00Z'));
    await challenge(db, new Date('2026-10-22T10:00:00Z'), {
      status: 'solved',
      solvedAt: new Date('2026-11-03T10:00:00Z'), // solved counts in the week it was solved
    });
    await challenge(db, new Date('2026-10-27T10:00:00Z'));
    await challenge(db, new Date('2026-11-09T05:00:00Z')); // at `to`: not counted
    const weeks = await cohortWeeks(db, GUILD, { from: OCT_19, to: NOV_9, timezone: NY });
    expect(weeks.map((w) => w.weekStart)).toEqual(['2026-10-19', '2026-10-26', '2026-11-02']);
    expect(counts(weeks)).toEqual([
      [0, 1, 1, 0],
      [1, 0, 1, 0],
      [1, 1, 0, 1],
    ]);
    // In UTC the Sunday-night project is a Monday one (and `to` falls 5 hours into another week).
    const utc = await cohortWeeks(db, GUILD, { from: OCT_19, to: NOV_9, timezone: 'UTC' });
    expect(utc.map((w) => [w.weekStart, w.projects, w.partial])).toEqual([
      ['2026-10-19', 0, true],
      ['2026-10-26', 0, false],
      ['2026-11-02', 2, false],
      ['2026-11-09', 0, true],
    ]);
    // The weeks add up to what the digest counts for the same range.
    const totals = await periodTotals(db, GUILD, OCT_19, NOV_9);
    const sum = (k: 'projects' | 'pairs' | 'challenges' | 'solved') => weeks.reduce((n, w) => n + w[k], 0);
    expect([sum('projects'), sum('pairs'), sum('challenges'), sum('solved')]).toEqual([
      totals.projects,
      totals.pairs,
      totals.challenges,
      totals.solved,
    ]);
  });

  it("leave out another guild's rows and moderator-removed rows", async () => {
    const db = use().db;
    const at = new Date('2026-10-20T12:00:00Z');
    const solvedAt = new Date('2026-10-21T12:00:00Z');
    await project(db, at);
    await project(db, at, { guildId: OTHER_GUILD });
    await project(db, at, { removedAt: solvedAt, removedReason: 'spam' });
    await pair(db, at);
    await pair(db, at, OTHER_GUILD);
    await challenge(db, at, { status: 'solved', solvedAt });
    await challenge(db, at, { guildId: OTHER_GUILD, status: 'solved', solvedAt });
    await challenge(db, at, { status: 'solved', solvedAt, removedAt: solvedAt, removedReason: 'spam' });
    const weeks = await cohortWeeks(db, GUILD, { from: OCT_19, to: OCT_26, timezone: NY });
    expect(counts(weeks)).toEqual([[1, 1, 1, 1]]);
    const other = await cohortWeeks(db, OTHER_GUILD, { from: OCT_19, to: OCT_26, timezone: NY });
    expect(counts(other)).toEqual([[1, 1, 1, 1]]);
  });

  it('count only the kept weeks and the clipped part of partial weeks', async () => {
    const db = use().db;
    await project(db, new Date('2026-10-20T12:00:00Z')); // week of Oct 19: before the kept weeks
    await project(db, new Date('2026-10-27T12:00:00Z')); // Tuesday, week of Oct 26
    await project(db, new Date('2026-11-03T12:00:00Z')); // Tuesday, week of Nov 2, before `to`
    await project(db, new Date('2026-11-05T12:00:00Z')); // Thursday, after `to`
    const weeks = await cohortWeeks(db, GUILD, {
      from: OCT_19,
      to: new Date('2026-11-04T12:00:00Z'),
      timezone: NY,
      maxWeeks: 2,
    });
    expect(weeks.map((w) => [w.weekStart, w.projects, w.partial])).toEqual([
      ['2026-10-26', 1, false],
      ['2026-11-02', 1, true],
    ]);
    expect(await cohortWeeks(db, GUILD, { from: NOV_9, to: NOV_2, timezone: NY })).toEqual([]);
  });

  it('top tags: challenge tags and project stacks of the window, most used first, one guild, removed left out', async () => {
    const db = use().db;
    const at = new Date('2026-11-03T12:00:00Z');
    await challenge(db, at, { tags: ['docker', 'postgres'] });
    await challenge(db, at, { tags: ['docker'] });
    await project(db, at, { stack: ['django', 'docker'] });
    await project(db, at, { stack: ['django'] });
    await project(db, at, { stack: ['react'] });
    await challenge(db, at, { tags: ['react', 'react-native'], removedAt: at, removedReason: 'spam' });
    await project(db, at, { stack: ['react'], removedAt: at, removedReason: 'spam' });
    await challenge(db, at, { tags: ['vue', 'vue', 'vue'], guildId: OTHER_GUILD });
    await challenge(db, new Date('2026-11-01T12:00:00Z'), { tags: ['kafka', 'kafka'] }); // before the window
    expect(await topTags(db, GUILD, NOV_2, NOV_9, 10)).toEqual([
      { tag: 'docker', count: 3 },
      { tag: 'django', count: 2 },
      { tag: 'postgres', count: 1 },
      { tag: 'react', count: 1 },
    ]);
    expect(await topTags(db, GUILD, NOV_2, NOV_9, 2)).toEqual([
      { tag: 'docker', count: 3 },
      { tag: 'django', count: 2 },
    ]);
    expect(await topTags(db, OTHER_GUILD, NOV_2, NOV_9, 5)).toEqual([{ tag: 'vue', count: 3 }]);
    expect(await topTags(db, GUILD, NOV_9, NOV_2, 5)).toEqual([]);
  });

  it("loads the chart's data: the weeks and the last week's tags", async () => {
    const db = use().db;
    await challenge(db, new Date('2026-10-27T12:00:00Z'), { tags: ['cors'] });
    await challenge(db, new Date('2026-11-03T12:00:00Z'), { tags: ['docker'] });
    const data = await loadCohortChartData(db, GUILD, { from: OCT_19, to: NOV_9, timezone: NY, tagLimit: 5 });
    expect(data.weeks.map((w) => w.challenges)).toEqual([0, 1, 1]);
    expect(data.topTags).toEqual([{ tag: 'docker', count: 1 }]);
    expect(data.timezone).toBe(NY);
    expect(data.weekStartsOn).toBe(1);
  });
});
