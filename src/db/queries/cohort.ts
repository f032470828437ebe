// The cohort chart's numbers: per calendar week in the guild's timezone, projects announced, pairs formed,
// challenges logged and solved; and a period's top tags. Week boundaries are computed here (DST-aware,
// through Intl) and the database only sorts rows into them, so each series is one indexed range scan
// on (guild_id, time) whatever the history's length.
import { and, count, desc, eq, gte, isNull, lt, sql, type SQL } from 'drizzle-orm';
import { unionAll, type PgColumn } from 'drizzle-orm/pg-core';
import type { CohortChartData, CohortTag, CohortWeekCounts } from '../../domain/cohort.js';
import { fromLocal, toLocal } from '../../domain/schedule.js';
import type { Db } from '../client.js';
import { challenges, pairs, projects } from '../schema.js';
import { DAY } from '../../domain/time.js';

export const MAX_COHORT_WEEKS = 52;

export interface CohortWeek extends CohortWeekCounts {
  /** The counted range: the calendar week, clipped to [from, to) for the first and last weeks. */
  start: Date;
  end: Date;
  /** True when the range is less than the whole calendar week (the week `to` falls in, usually). */
  partial: boolean;
}

export interface CohortWeeksOptions {
  from: Date;
  to: Date;
  /** IANA zone the weeks are calendar weeks of. */
  timezone: string;
  /** First day of the week, 0 = Sunday … 6 = Saturday (as Date#getDay); Monday by default. */
  weekStartsOn?: number;
  /** Keep at most this many weeks, the latest ones (default 12, at most 52). */
  maxWeeks?: number;
}

/** Days since 1970-01-01 of a local calendar date. */
function dayNumber(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / DAY;
}

function dateKey(dayNo: number): string {
  return new Date(dayNo * DAY).toISOString().slice(0, 10);
}

function midnight(dayNo: number, timezone: string): Date {
  const d = new Date(dayNo * DAY);
  return fromLocal(
    { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: 0, minute: 0 },
    timezone,
  );
}

/** The day number of the first day of the week (local) that contains instant `at`. */
function weekStartDay(at: Date, timezone: string, weekStartsOn: number): number {
  const l = toLocal(at, timezone);
  const n = dayNumber(l.year, l.month, l.day);
  const dow = new Date(n * DAY).getUTCDay();
  return n - ((dow - weekStartsOn + 7) % 7);
}

/** The start (local midnight) of the calendar week in `timezone` that contains instant `at`. */
export function weekStartOf(at: Date, timezone: string, weekStartsOn = 1): Date {
  return midnight(weekStartDay(at, timezone, weekStartsOn), timezone);
}

/** The calendar weeks overlapping [from, to), at most maxWeeks of them (the latest), with empty counts. */
export function cohortWeekRanges(opts: CohortWeeksOptions): CohortWeek[] {
  const { from, to, timezone } = opts;
  const weekStartsOn = opts.weekStartsOn ?? 1;
  const maxWeeks = opts.maxWeeks ?? 12;
  if (!Number.isInteger(weekStartsOn) || weekStartsOn < 0 || weekStartsOn > 6) {
    throw new RangeError(`weekStartsOn must be 0–6, got ${weekStartsOn}`);
  }
  if (!Number.isInteger(maxWeeks) || maxWeeks < 1 || maxWeeks > MAX_COHORT_WEEKS) {
    throw new RangeError(`maxWeeks must be 1–${MAX_COHORT_WEEKS}, got ${maxWeeks}`);
  }
  if (!(from.getTime() < to.getTime())) return [];
  const last = weekStartDay(new Date(to.getTime() - 1), timezone, weekStartsOn);
  const first = Math.max(weekStartDay(from, timezone, weekStartsOn), last - 7 * (maxWeeks - 1));
  const weeks: CohortWeek[] = [];
  for (let day = first; day <= last; day += 7) {
    const weekStart = midnight(day, timezone);
    const weekEnd = midnight(day + 7, timezone);
    const start = weekStart.getTime() < from.getTime() ? from : weekStart;
    const end = weekEnd.getTime() > to.getTime() ? to : weekEnd;
    weeks.push({
      weekStart: dateKey(day),
      start,
      end,
      partial: start.getTime() !== weekStart.getTime() || end.getTime() !== weekEnd.getTime(),
      projects: 0,
      pairs: 0,
      challenges: 0,
      solved: 0,
    });
  }
  return weeks;
}

/** Counts rows per week: width_bucket sorts each time into the weeks (1-based), one group per week. */
async function countPerWeek(
  db: Db,
  weeks: CohortWeek[],
  time: PgColumn,
  where: SQL | undefined,
  table: typeof projects | typeof pairs | typeof challenges,
): Promise<number[]> {
  const out = weeks.map(() => 0);
  const first = weeks[0];
  const last = weeks[weeks.length - 1];
  if (!first || !last) return out;
  // Raw fragment: dates go in as ISO text (postgres.js does not serialise Date inside raw fragments).
  const thresholds = sql.join(
    weeks.map((w) => sql`${w.start.toISOString()}::timestamptz`),
    sql`, `,
  );
  const rows = await db
    .select({ week: sql<number>`width_bucket(${time}, array[${thresholds}])`.mapWith(Number), n: count() })
    .from(table)
    .where(and(where, gte(time, first.start), lt(time, last.end)))
    .groupBy(sql`1`);
  for (const r of rows) {
    if (r.week >= 1 && r.week <= out.length) out[r.week - 1]! += r.n;
  }
  return out;
}

/**
 * Per calendar week (in `timezone`, Monday-based unless told otherwise) of [from, to): projects announced,
 * pairs formed, challenges logged, challenges solved. Oldest first; only the latest `maxWeeks` (default 12).
 * The first and last weeks count only the part inside [from, to) (see `partial`). Moderator-removed
 * projects and challenges are not counted; pairs cannot be removed.
 */
export async function cohortWeeks(db: Db, guildId: string, opts: CohortWeeksOptions): Promise<CohortWeek[]> {
  const weeks = cohortWeekRanges(opts);
  if (!weeks.length) return weeks;
  const [p, pr, c, s] = await Promise.all([
    countPerWeek(
      db,
      weeks,
      projects.createdAt,
      and(eq(projects.guildId, guildId), isNull(projects.removedAt)),
      projects,
    ),
    countPerWeek(db, weeks, pairs.startedAt, eq(pairs.guildId, guildId), pairs),
    countPerWeek(
      db,
      weeks,
      challenges.createdAt,
      and(eq(challenges.guildId, guildId), isNull(challenges.removedAt)),
      challenges,
    ),
    countPerWeek(
      db,
      weeks,
      challenges.solvedAt,
      and(eq(challenges.guildId, guildId), isNull(challenges.removedAt)),
      challenges,
    ),
  ]);
  return weeks.map((w, i) => ({ ...w, projects: p[i]!, pairs: pr[i]!, challenges: c[i]!, solved: s[i]! }));
}

/**
 * The most used tags of [from, to): challenges' tags and projects' stacks, by the row's creation time,
 * most used first (ties by name). Moderator-removed rows do not count.
 */
export async function topTags(db: Db, guildId: string, from: Date, to: Date, limit: number): Promise<CohortTag[]> {
  if (!(from.getTime() < to.getTime()) || limit < 1) return [];
  const fromChallenges = db
    .select({ tag: sql<string>`unnest(${challenges.tags})`.as('tag') })
    .from(challenges)
    .where(
      and(
        eq(challenges.guildId, guildId),
        isNull(challenges.removedAt),
        gte(challenges.createdAt, from),
        lt(challenges.createdAt, to),
      ),
    );
  const fromProjects = db
    .select({ tag: sql<string>`unnest(${projects.stack})`.as('tag') })
    .from(projects)
    .where(
      and(
        eq(projects.guildId, guildId),
        isNull(projects.removedAt),
        gte(projects.createdAt, from),
        lt(projects.createdAt, to),
      ),
    );
  const all = unionAll(fromChallenges, fromProjects).as('t');
  const rows = await db
    .select({ tag: all.tag, count: count() })
    .from(all)
    .groupBy(all.tag)
    .orderBy(desc(count()), all.tag)
    .limit(Math.floor(limit));
  return rows;
}

/**
 * Everything the cohort chart shows: the weeks of [from, to) and the top tags of the last of them
 * ("this week", as far as it is counted).
 */
export async function loadCohortChartData(
  db: Db,
  guildId: string,
  opts: CohortWeeksOptions & { tagLimit?: number },
): Promise<CohortChartData & { weeks: CohortWeek[] }> {
  const weeks = await cohortWeeks(db, guildId, opts);
  const last = weeks[weeks.length - 1];
  const tags = last ? await topTags(db, guildId, last.start, last.end, opts.tagLimit ?? 6) : [];
  return { weeks, topTags: tags, timezone: opts.timezone, weekStartsOn: opts.weekStartsOn ?? 1 };
}
