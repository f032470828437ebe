// The rows of one digest period, and the digest runs (the exactly-once claims). Every query of the period is
// bounded by guild and time (indexed), so its cost grows with the week's rows, not with the history.
import { and, count, desc, eq, gte, inArray, isNull, lt, lte, max, min, or, sql } from 'drizzle-orm';
import { projectIdentityName, seekingLapsedBetween, seekingNow } from './projects.js';
import type { DigestData, DigestTotals } from '../../domain/digest.js';
import { projectIdentity } from '../../domain/text.js';
import { DAY } from '../../domain/time.js';
import type { Db } from '../client.js';
import {
  challengeHelped,
  challenges,
  digestRuns,
  guildSettings,
  pairs,
  projects,
  takeaways,
  tracks,
  type DigestRun,
  type GuildSettings,
} from '../schema.js';

const between = (col: Parameters<typeof gte>[0], start: Date, end: Date) => and(gte(col, start), lt(col, end));

export async function periodTotals(db: Db, guildId: string, start: Date, end: Date): Promise<DigestTotals> {
  const [[p], [pr], [c], [s], [t]] = await Promise.all([
    db
      .select({ n: count() })
      .from(projects)
      .where(and(eq(projects.guildId, guildId), isNull(projects.removedAt), between(projects.createdAt, start, end))),
    db
      .select({ n: count() })
      .from(pairs)
      .where(and(eq(pairs.guildId, guildId), between(pairs.startedAt, start, end))),
    db
      .select({ n: count() })
      .from(challenges)
      .where(
        and(eq(challenges.guildId, guildId), isNull(challenges.removedAt), between(challenges.createdAt, start, end)),
      ),
    db
      .select({ n: count() })
      .from(challenges)
      .where(
        and(eq(challenges.guildId, guildId), isNull(challenges.removedAt), between(challenges.solvedAt, start, end)),
      ),
    db
      .select({ n: count() })
      .from(takeaways)
      .where(
        and(eq(takeaways.guildId, guildId), isNull(takeaways.removedAt), between(takeaways.createdAt, start, end)),
      ),
  ]);
  return { projects: p?.n ?? 0, pairs: pr?.n ?? 0, challenges: c?.n ?? 0, solved: s?.n ?? 0, takeaways: t?.n ?? 0 };
}

export interface DigestWindow {
  start: Date;
  end: Date;
}

/**
 * The rows of [start, end), and the totals of `previous` to compare them with: the digest passes the same span
 * one schedule period earlier (default: the equally long span just before).
 */
export async function loadDigestData(
  db: Db,
  guildId: string,
  start: Date,
  end: Date,
  timezone: string,
  previous: DigestWindow = { start: new Date(2 * start.getTime() - end.getTime()), end: start },
): Promise<DigestData> {
  const topHelped = db.$with('top_helped').as(
    db
      .select({ challengeId: challengeHelped.challengeId, helped: sql<number>`count(*)::int`.as('helped') })
      .from(challengeHelped)
      .where(and(eq(challengeHelped.guildId, guildId), between(challengeHelped.createdAt, start, end)))
      .groupBy(challengeHelped.challengeId)
      .orderBy(desc(sql`count(*)`), challengeHelped.challengeId)
      .limit(10), // a few spare in case some of the top ones were removed by moderators
  );
  const [newProjects, newPairs, seeking, lapsed, solved, open, helped, tks, tags, totals, previousTotals] =
    await Promise.all([
      db
        .select({
          id: projects.id,
          name: projects.name,
          track: tracks.name,
          ownerId: projects.ownerId,
          role: projects.role,
          seekingRole: projects.seekingRole,
          // Announcements of one project (same normalised name) are listed together, under its first spelling.
          sameAs: projects.normalizedName,
          sameAsLabel: projectIdentityName,
        })
        .from(projects)
        .leftJoin(tracks, and(eq(tracks.guildId, projects.guildId), eq(tracks.id, projects.trackId)))
        .where(and(eq(projects.guildId, guildId), isNull(projects.removedAt), between(projects.createdAt, start, end)))
        .orderBy(projects.createdAt)
        .limit(200),
      db
        // Under the project identity's name (its track's, else its first spelling), as "Still looking" shows it.
        .select({
          userA: pairs.userA,
          userB: pairs.userB,
          projectName: projectIdentityName,
          endedAt: pairs.endedAt,
        })
        .from(pairs)
        .leftJoin(projects, and(eq(projects.guildId, pairs.guildId), eq(projects.id, pairs.projectId)))
        .where(and(eq(pairs.guildId, guildId), between(pairs.startedAt, start, end)))
        .orderBy(pairs.startedAt)
        .limit(200),
      db
        .select({
          projectName: projects.name,
          projectId: projects.id,
          ownerId: projects.ownerId,
          role: projects.role,
          seekingRole: projects.seekingRole,
          trackId: projects.trackId,
          normalizedName: projects.normalizedName,
          label: projectIdentityName,
        })
        .from(projects)
        .leftJoin(tracks, and(eq(tracks.guildId, projects.guildId), eq(tracks.id, projects.trackId)))
        .where(and(eq(projects.guildId, guildId), seekingNow(end)))
        .orderBy(projects.normalizedName, projects.seekingSince)
        .limit(300),
      db
        .select({ projectName: projects.name, projectId: projects.id, ownerId: projects.ownerId })
        .from(projects)
        .where(and(eq(projects.guildId, guildId), seekingLapsedBetween(start, end)))
        .limit(200),
      db
        .select({ id: challenges.id, title: challenges.title, authorId: challenges.authorId })
        .from(challenges)
        .where(
          and(eq(challenges.guildId, guildId), isNull(challenges.removedAt), between(challenges.solvedAt, start, end)),
        )
        .orderBy(challenges.solvedAt)
        .limit(200),
      // The window's challenges still open: the digest asks the cohort for help with them.
      db
        .select({ id: challenges.id, title: challenges.title, authorId: challenges.authorId })
        .from(challenges)
        .where(
          and(
            eq(challenges.guildId, guildId),
            isNull(challenges.removedAt),
            eq(challenges.status, 'open'),
            between(challenges.createdAt, start, end),
          ),
        )
        .orderBy(challenges.createdAt, challenges.id)
        .limit(200),
      // Count the week's marks first (index on guild_id, created_at), then read only the top challenges.
      db
        .with(topHelped)
        .select({ id: challenges.id, title: challenges.title, solution: challenges.solution, helped: topHelped.helped })
        .from(topHelped)
        .innerJoin(
          challenges,
          and(eq(challenges.id, topHelped.challengeId), eq(challenges.guildId, guildId), isNull(challenges.removedAt)),
        )
        .orderBy(desc(topHelped.helped), challenges.id)
        .limit(3),
      db
        .select({ authorId: takeaways.authorId, text: takeaways.text })
        .from(takeaways)
        .where(
          and(eq(takeaways.guildId, guildId), isNull(takeaways.removedAt), between(takeaways.createdAt, start, end)),
        )
        .orderBy(takeaways.createdAt)
        .limit(100),
      // Raw SQL: dates go in as ISO text (postgres.js does not serialise Date inside raw fragments).
      db.execute(sql`
      select tag, count(*)::int as n from (
        select unnest(${challenges.tags}) as tag from ${challenges}
          where ${challenges.guildId} = ${guildId} and ${challenges.removedAt} is null and ${challenges.createdAt} >= ${start.toISOString()}::timestamptz and ${challenges.createdAt} < ${end.toISOString()}::timestamptz
        union all
        select unnest(${projects.stack}) from ${projects}
          where ${projects.guildId} = ${guildId} and ${projects.removedAt} is null and ${projects.createdAt} >= ${start.toISOString()}::timestamptz and ${projects.createdAt} < ${end.toISOString()}::timestamptz
      ) t group by tag order by n desc, tag limit 10`),
      periodTotals(db, guildId, start, end),
      periodTotals(db, guildId, previous.start, previous.end),
    ]);
  const tagRows = (Array.isArray(tags) ? tags : (tags as { rows: unknown[] }).rows) as Array<{
    tag: string;
    n: number;
  }>;
  const challengesLogged = totals.challenges;
  return {
    guildName: null,
    period: { start, end },
    comparison: previous,
    since: null,
    catchUp: null,
    timezone,
    newProjects,
    newPairs: newPairs.map(({ endedAt, ...p }) => ({ ...p, ended: endedAt !== null })),
    // One group per project identity, named by its track when linked to one.
    seeking: seeking.map(({ trackId, normalizedName, label, ...s }) => ({
      ...s,
      project: projectIdentity({ trackId, normalizedName }),
      projectLabel: label,
      seekingRole: s.seekingRole!,
    })),
    lapsed,
    challengesLogged,
    challengesSolved: solved,
    openChallenges: open,
    topHelped: helped.map((h) => ({ ...h, helped: Number(h.helped) })),
    takeaways: tks,
    topTags: tagRows.map((r) => ({ tag: r.tag, count: Number(r.n) })),
    totals,
    previousTotals,
  };
}

// ---- digest runs: who posts which digest, exactly once ------------------------------------------------

/** Runs that stand for a covered stretch of time: posted, found empty, or being posted (a live claim). */
function covering(now: Date) {
  return or(
    inArray(digestRuns.status, ['posted', 'nothing-new']),
    and(eq(digestRuns.status, 'claimed'), gte(digestRuns.leaseUntil, now)),
  );
}

/** A digest covers at most this long: after a longer gap the older activity is left out, and the digest says so. */
export const MAX_DIGEST_SPAN_MS = 28 * DAY;

export interface DigestStart {
  /** Where the digest starts. */
  start: Date;
  /** Set when MAX_DIGEST_SPAN_MS cut the window: where it would have started (activity from there to `start` is in no digest). */
  cappedFrom: Date | null;
}

/**
 * Where a digest ending at `want.periodEnd` starts: at the end of the guild's last digest that covered
 * anything (posted, found empty, or being posted), so that activity is never lost between two digests, even
 * when digests in between were skipped (the bot was down) or not posted at all. When the guild has no digest
 * yet: at the start of the first period recorded as skipped, else of the period. Never more than
 * MAX_DIGEST_SPAN_MS before the end. A digest that began before `want.periodEnd` and ended after it (a manual
 * post made before the scheduled one ran) covered the period already: the start is then its end, capped at
 * `want.periodEnd` (an empty window).
 */
export async function digestStart(
  db: Db,
  guildId: string,
  want: { periodStart: Date; periodEnd: Date },
  now: Date,
): Promise<DigestStart> {
  const [[last], [skipped]] = await Promise.all([
    db
      .select({ end: max(digestRuns.periodEnd) })
      .from(digestRuns)
      .where(and(eq(digestRuns.guildId, guildId), lt(digestRuns.periodStart, want.periodEnd), covering(now))),
    db
      .select({ start: min(digestRuns.periodStart) })
      .from(digestRuns)
      .where(
        and(
          eq(digestRuns.guildId, guildId),
          eq(digestRuns.status, 'skipped'),
          lte(digestRuns.periodEnd, want.periodEnd),
        ),
      ),
  ]);
  let start: Date;
  if (last?.end) start = last.end < want.periodEnd ? last.end : want.periodEnd;
  else start = skipped?.start && skipped.start < want.periodStart ? skipped.start : want.periodStart;
  const floor = new Date(want.periodEnd.getTime() - MAX_DIGEST_SPAN_MS);
  return start < floor ? { start: floor, cappedFrom: start } : { start, cappedFrom: null };
}

export type DigestClaim = { claimed: DigestRun; cappedFrom: Date | null } | { taken: DigestRun };

/**
 * Claims a digest for this runner, exactly once per (guild, period_end).
 *
 * How time is split between digests: a digest covers [digestStart, want.periodEnd), from where the guild's
 * last digest ended. So a manual post on Friday covers the period's start → Friday (its end is the moment it
 * was posted), and the scheduled digest on Monday covers Friday → Monday; after a digest skipped while the bot
 * was down, the next one covers from the end of the last one posted. Nothing is counted twice and nothing
 * between two digests is lost. The claim runs in a transaction holding the guild's settings row, so claims of
 * one guild (scheduled runners on any process, manual posts) are made one after another and each sees where
 * the others' coverage ends.
 *
 * - the same period_end already claimed: taken over when its lease expired, else `taken` (busy / already);
 * - another digest still being posted (a live claim that began before our end): `taken`, as its end decides
 *   our start;
 * - a manual claim whose runner died before posting covered nothing: it is dropped (an abandoned claim of
 *   another period never counts as covering anything).
 */
export async function claimDigestRun(
  db: Db,
  guildId: string,
  want: { kind: DigestRun['kind']; periodStart: Date; periodEnd: Date },
  runnerId: string,
  leaseMs: number,
  now: Date,
): Promise<DigestClaim> {
  return db.transaction(async () => {
    await db
      .select({ guildId: guildSettings.guildId })
      .from(guildSettings)
      .where(eq(guildSettings.guildId, guildId))
      .for('update');
    const lease = new Date(now.getTime() + leaseMs);
    await db
      .delete(digestRuns)
      .where(
        and(
          eq(digestRuns.guildId, guildId),
          eq(digestRuns.kind, 'manual'),
          eq(digestRuns.status, 'claimed'),
          lt(digestRuns.leaseUntil, now),
        ),
      );
    const [existing] = await db
      .select()
      .from(digestRuns)
      .where(and(eq(digestRuns.guildId, guildId), eq(digestRuns.periodEnd, want.periodEnd)))
      .limit(1);
    if (existing) {
      if (existing.status !== 'claimed' || !existing.leaseUntil || existing.leaseUntil >= now)
        return { taken: existing };
      const [row] = await db
        .update(digestRuns)
        .set({ claimedBy: runnerId, leaseUntil: lease, attempts: sql`${digestRuns.attempts} + 1` })
        .where(eq(digestRuns.id, existing.id))
        .returning();
      // The window is the one first claimed; whether the cap cut it is worked out again (the same runs).
      const again = await digestStart(db, guildId, want, now);
      const cappedFrom =
        again.cappedFrom && again.start.getTime() === row!.periodStart.getTime() ? again.cappedFrom : null;
      return { claimed: row!, cappedFrom };
    }
    const [busy] = await db
      .select()
      .from(digestRuns)
      .where(
        and(
          eq(digestRuns.guildId, guildId),
          lt(digestRuns.periodStart, want.periodEnd),
          eq(digestRuns.status, 'claimed'),
          gte(digestRuns.leaseUntil, now),
        ),
      )
      .limit(1);
    if (busy) return { taken: busy };
    const { start, cappedFrom } = await digestStart(db, guildId, want, now);
    const [row] = await db
      .insert(digestRuns)
      .values({
        guildId,
        kind: want.kind,
        periodStart: start,
        periodEnd: want.periodEnd,
        status: 'claimed',
        claimedBy: runnerId,
        leaseUntil: lease,
        attempts: 1,
        createdAt: now,
      })
      .returning();
    return { claimed: row!, cappedFrom };
  });
}

/** The latest digest of the guild that was posted, if any. */
export async function lastPostedDigest(db: Db, guildId: string): Promise<DigestRun | undefined> {
  const [row] = await db
    .select()
    .from(digestRuns)
    .where(and(eq(digestRuns.guildId, guildId), eq(digestRuns.status, 'posted')))
    .orderBy(desc(digestRuns.periodEnd))
    .limit(1);
  return row;
}

/** The claim is done: posted (with its messages), or found to have nothing new. Only by its claimer. */
export async function finishDigestRun(
  db: Db,
  run: DigestRun,
  runnerId: string,
  done: { status: 'posted' | 'nothing-new'; channelId: string; messageIds: string[]; now: Date },
): Promise<DigestRun | undefined> {
  const [row] = await db
    .update(digestRuns)
    .set({
      status: done.status,
      channelId: done.channelId,
      messageIds: done.messageIds,
      postedAt: done.now,
      leaseUntil: null,
    })
    .where(and(eq(digestRuns.id, run.id), eq(digestRuns.claimedBy, runnerId)))
    .returning();
  return row;
}

/** A manual claim that will not post (nothing new, or Discord refused): forgotten, so it covers nothing. */
export async function releaseDigestClaim(db: Db, run: DigestRun, runnerId: string): Promise<void> {
  await db
    .delete(digestRuns)
    .where(and(eq(digestRuns.id, run.id), eq(digestRuns.claimedBy, runnerId), eq(digestRuns.status, 'claimed')));
}

/** A period that was due too long ago is recorded as skipped (once). True when this call recorded it. */
export async function recordSkippedDigest(db: Db, guildId: string, period: DigestWindow, now: Date): Promise<boolean> {
  const inserted = await db
    .insert(digestRuns)
    .values({ guildId, periodStart: period.start, periodEnd: period.end, status: 'skipped', createdAt: now })
    .onConflictDoNothing()
    .returning({ id: digestRuns.id });
  return inserted.length > 0;
}

/** The settings of every guild Nexus is still in (the scheduler's tick goes through them). */
export async function listActiveGuildSettings(db: Db): Promise<GuildSettings[]> {
  return db.select().from(guildSettings).where(isNull(guildSettings.leftAt));
}
