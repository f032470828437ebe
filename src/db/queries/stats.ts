// /nexus-admin stats: the cohort's counts in a few statements, scoped by guild, removed entries left out.
import { and, count, desc, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { challenges, members, pairRequests, pairs, projects, takeaways, tracks } from '../schema.js';

// ---- statistics -----------------------------------------------------------------------------------------

export interface TrackStats {
  name: string;
  /** Whether this is a catalog track (else projects grouped by their normalised name). */
  isTrack: boolean;
  active: number;
  seeking: number;
  /** Active projects whose builder is in an active pair. */
  paired: number;
}

export interface GuildStats {
  learnersWithProfiles: number;
  blockedMembers: number;
  activeProjects: number;
  archivedProjects: number;
  activePairs: number;
  pendingRequests: number;
  openChallenges: number;
  solvedChallenges: number;
  takeaways: number;
  removedEntries: number;
  perTrack: TrackStats[];
}

const n = (v: unknown) => Number(v ?? 0);
const iso = (d: Date) => sql`${d.toISOString()}::timestamptz`;

/** Counts for the moderators' overview. Removed entries are not counted (except as "removed"). */
export async function guildStats(db: Db, guildId: string, now: Date): Promise<GuildStats> {
  const seekingNow = sql`${projects.seekingRole} is not null and ${projects.seekingExpiresAt} > ${iso(now)}`;
  const ownerPaired = sql`exists (select 1 from ${pairs} where ${pairs.guildId} = ${projects.guildId} and ${pairs.endedAt} is null and (${pairs.userA} = ${projects.ownerId} or ${pairs.userB} = ${projects.ownerId}))`;
  const groupKey = sql<string>`coalesce('t:' || ${projects.trackId}::text, 'n:' || ${projects.normalizedName})`;
  const [[m], [p], [pr], [rq], [c], [t], removed, perTrack, catalog] = await Promise.all([
    db
      .select({
        profiles:
          sql<number>`count(*) filter (where ${members.role} is not null or ${members.timezone} is not null or ${members.availability} is not null or cardinality(${members.stack}) > 0)`.mapWith(
            n,
          ),
        blocked: sql<number>`count(*) filter (where ${members.blockedAt} is not null)`.mapWith(n),
      })
      .from(members)
      .where(eq(members.guildId, guildId)),
    db
      .select({
        active: sql<number>`count(*) filter (where ${projects.status} = 'active')`.mapWith(n),
        archived: sql<number>`count(*) filter (where ${projects.status} = 'archived')`.mapWith(n),
      })
      .from(projects)
      .where(and(eq(projects.guildId, guildId), isNull(projects.removedAt))),
    db
      .select({ n: count() })
      .from(pairs)
      .where(and(eq(pairs.guildId, guildId), isNull(pairs.endedAt))),
    db
      .select({ n: count() })
      .from(pairRequests)
      .where(
        and(
          eq(pairRequests.guildId, guildId),
          isNull(pairRequests.removedAt),
          eq(pairRequests.status, 'pending'),
          sql`${pairRequests.expiresAt} > ${iso(now)}`,
        ),
      ),
    db
      .select({
        open: sql<number>`count(*) filter (where ${challenges.status} = 'open')`.mapWith(n),
        solved: sql<number>`count(*) filter (where ${challenges.status} = 'solved')`.mapWith(n),
      })
      .from(challenges)
      .where(and(eq(challenges.guildId, guildId), isNull(challenges.removedAt))),
    db
      .select({ n: count() })
      .from(takeaways)
      .where(and(eq(takeaways.guildId, guildId), isNull(takeaways.removedAt))),
    Promise.all([
      db
        .select({ n: count() })
        .from(projects)
        .where(and(eq(projects.guildId, guildId), isNotNull(projects.removedAt))),
      db
        .select({ n: count() })
        .from(challenges)
        .where(and(eq(challenges.guildId, guildId), isNotNull(challenges.removedAt))),
      db
        .select({ n: count() })
        .from(takeaways)
        .where(and(eq(takeaways.guildId, guildId), isNotNull(takeaways.removedAt))),
      db
        .select({ n: count() })
        .from(pairRequests)
        .where(and(eq(pairRequests.guildId, guildId), isNotNull(pairRequests.removedAt))),
    ]),
    db
      .select({
        key: groupKey,
        trackName: sql<string | null>`max(${tracks.name})`,
        projectName: sql<string>`min(${projects.name})`,
        active: count(),
        seeking: sql<number>`count(*) filter (where ${seekingNow})`.mapWith(n),
        paired: sql<number>`count(*) filter (where ${ownerPaired})`.mapWith(n),
      })
      .from(projects)
      .leftJoin(tracks, and(eq(tracks.guildId, projects.guildId), eq(tracks.id, projects.trackId)))
      .where(and(eq(projects.guildId, guildId), isNull(projects.removedAt), eq(projects.status, 'active')))
      .groupBy(groupKey)
      .orderBy(desc(count()), groupKey)
      .limit(200),
    db
      .select({ id: tracks.id, name: tracks.name })
      .from(tracks)
      .where(eq(tracks.guildId, guildId))
      .orderBy(tracks.name),
  ]);
  const rows: TrackStats[] = perTrack.map((r) => ({
    name: r.trackName ?? r.projectName,
    isTrack: r.key.startsWith('t:') && r.trackName !== null,
    active: n(r.active),
    seeking: r.seeking,
    paired: r.paired,
  }));
  // Catalog tracks nobody builds yet are worth seeing too.
  const present = new Set(perTrack.filter((r) => r.key.startsWith('t:')).map((r) => r.key));
  for (const tr of catalog)
    if (!present.has(`t:${tr.id}`)) rows.push({ name: tr.name, isTrack: true, active: 0, seeking: 0, paired: 0 });
  return {
    learnersWithProfiles: m?.profiles ?? 0,
    blockedMembers: m?.blocked ?? 0,
    activeProjects: p?.active ?? 0,
    archivedProjects: p?.archived ?? 0,
    activePairs: n(pr?.n),
    pendingRequests: n(rq?.n),
    openChallenges: c?.open ?? 0,
    solvedChallenges: c?.solved ?? 0,
    takeaways: n(t?.n),
    removedEntries: removed.reduce((s, [r]) => s + n(r?.n), 0),
    perTrack: rows,
  };
}
