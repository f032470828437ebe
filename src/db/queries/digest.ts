// The rows of one digest period. Every query is bounded by guild and time (indexed), so its cost grows
// with the week's rows, not with the history.
import { and, count, desc, eq, gte, isNull, lt, sql } from 'drizzle-orm';
import { seekingLapsedBetween, seekingNow } from './projects.js';
import type { DigestData, DigestTotals } from '../../domain/digest.js';
import type { Db } from '../client.js';
import { challengeHelped, challenges, pairs, projects, takeaways, tracks } from '../schema.js';

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

export async function loadDigestData(
  db: Db,
  guildId: string,
  start: Date,
  end: Date,
  timezone: string,
): Promise<DigestData> {
  const prevStart = new Date(start.getTime() - (end.getTime() - start.getTime()));
  const topHelped = db.$with('top_helped').as(
    db
      .select({ challengeId: challengeHelped.challengeId, helped: sql<number>`count(*)::int`.as('helped') })
      .from(challengeHelped)
      .where(and(eq(challengeHelped.guildId, guildId), between(challengeHelped.createdAt, start, end)))
      .groupBy(challengeHelped.challengeId)
      .orderBy(desc(sql`count(*)`), challengeHelped.challengeId)
      .limit(10), // a few spare in case some of the top ones were removed by moderators
  );
  const [newProjects, newPairs, seeking, lapsed, solved, helped, tks, tags, totals, previousTotals] = await Promise.all(
    [
      db
        .select({
          id: projects.id,
          name: projects.name,
          track: tracks.name,
          ownerId: projects.ownerId,
          role: projects.role,
          seekingRole: projects.seekingRole,
        })
        .from(projects)
        .leftJoin(tracks, and(eq(tracks.guildId, projects.guildId), eq(tracks.id, projects.trackId)))
        .where(and(eq(projects.guildId, guildId), isNull(projects.removedAt), between(projects.createdAt, start, end)))
        .orderBy(projects.createdAt)
        .limit(200),
      db
        .select({ userA: pairs.userA, userB: pairs.userB, projectName: projects.name })
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
        })
        .from(projects)
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
      periodTotals(db, guildId, prevStart, start),
    ],
  );
  const tagRows = (Array.isArray(tags) ? tags : (tags as { rows: unknown[] }).rows) as Array<{
    tag: string;
    n: number;
  }>;
  const challengesLogged = totals.challenges;
  return {
    guildName: null,
    period: { start, end },
    timezone,
    newProjects,
    newPairs,
    seeking: seeking.map((s) => ({ ...s, seekingRole: s.seekingRole! })),
    lapsed,
    challengesLogged,
    challengesSolved: solved,
    topHelped: helped.map((h) => ({ ...h, helped: Number(h.helped) })),
    takeaways: tks,
    topTags: tagRows.map((r) => ({ tag: r.tag, count: Number(r.n) })),
    totals,
    previousTotals,
  };
}
