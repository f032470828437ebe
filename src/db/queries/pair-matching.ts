// What matching reads: everyone seeking on a project with their profile, and each member's pairing history.
import { and, eq, gt, inArray, or, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { prepared, SEP } from '../prepared.js';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { auditLog, members, pairRequests, pairs, projects, type Member, type Project } from '../schema.js';
import { seekingNow } from './projects.js';

/** When the last matching round left this member unmatched (they have priority in the next one). */
export async function unmatchedSince(db: Db, guildId: string, userId: string): Promise<Date | undefined> {
  const [r] = await db
    .select({ at: auditLog.createdAt })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.guildId, guildId),
        sql`${auditLog.action} = 'pair.auto.unmatched'`,
        eq(auditLog.targetId, userId),
      ),
    )
    .limit(1);
  return r?.at;
}

export interface MatchHistory {
  /** Pairs involving the users: a, b, and whether the pairing has ended. */
  pairs: Array<{ a: string; b: string; ended: boolean }>;
  /** Declined requests since the cooling-off start. */
  declines: Array<{ a: string; b: string }>;
  /** Users whom the automatic matcher left unmatched before (matched first next time). */
  priority: string[];
}

/** Everything matching needs to know about these users' past, in one statement. */
export async function matchHistory(
  db: Db,
  guildId: string,
  userIds: string[],
  declinedSince: Date,
): Promise<MatchHistory> {
  const out: MatchHistory = { pairs: [], declines: [], priority: [] };
  if (!userIds.length) return out;
  const q = prepared(db, 'match-history', (d) => {
    const g = sql.placeholder('guildId');
    const ids = sql`string_to_array(${sql.placeholder('ids')}, ${SEP})`;
    return d
      .select({
        kind: sql<string>`case when ${pairs.endedAt} is null then 'active' else 'ended' end`,
        a: pairs.userA,
        b: pairs.userB,
      })
      .from(pairs)
      .where(and(eq(pairs.guildId, g), or(sql`${pairs.userA} = any(${ids})`, sql`${pairs.userB} = any(${ids})`)))
      .unionAll(
        d
          .select({ kind: sql<string>`'declined'`, a: pairRequests.requesterId, b: pairRequests.addresseeId })
          .from(pairRequests)
          .where(
            and(
              eq(pairRequests.guildId, g),
              eq(pairRequests.status, 'declined'),
              gt(pairRequests.respondedAt, sql.placeholder('since')),
              or(sql`${pairRequests.requesterId} = any(${ids})`, sql`${pairRequests.addresseeId} = any(${ids})`),
            ),
          ),
      )
      .unionAll(
        d
          .select({ kind: sql<string>`'priority'`, a: sql<string>`${auditLog.targetId}`, b: sql<string>`''` })
          .from(auditLog)
          // The literal action matches the partial index audit_log_unmatched_idx (a parameter would not).
          .where(
            and(
              eq(auditLog.guildId, g),
              sql`${auditLog.action} = 'pair.auto.unmatched'`,
              sql`${auditLog.targetId} = any(${ids})`,
            ),
          ),
      )
      .prepare('match-history');
  });
  const rows = await q.execute({ guildId, ids: userIds.join(SEP), since: declinedSince.toISOString() });
  for (const r of rows) {
    if (r.kind === 'declined') out.declines.push({ a: r.a, b: r.b });
    else if (r.kind === 'priority') out.priority.push(r.a);
    else out.pairs.push({ a: r.a, b: r.b, ended: r.kind === 'ended' });
  }
  return out;
}

/** The project columns matching reads (not the whole row: mapping unused columns was most of its cost). */
const seekingProjectColumns = {
  id: projects.id,
  guildId: projects.guildId,
  ownerId: projects.ownerId,
  name: projects.name,
  normalizedName: projects.normalizedName,
  trackId: projects.trackId,
  stack: projects.stack,
  role: projects.role,
  seekingRole: projects.seekingRole,
  seekingSince: projects.seekingSince,
  seekingExpiresAt: projects.seekingExpiresAt,
  status: projects.status,
};
/** The member columns matching reads. */
const seekingMemberColumns = {
  userId: members.userId,
  displayName: members.displayName,
  role: members.role,
  stack: members.stack,
  timezone: members.timezone,
  availability: members.availability,
  blockedAt: members.blockedAt,
};
export type SeekingProject = Pick<Project, keyof typeof seekingProjectColumns>;
export type SeekingMember = Pick<Member, keyof typeof seekingMemberColumns>;

export interface SeekingRow {
  project: SeekingProject;
  member: SeekingMember | null;
}

/**
 * Projects on the same project (normalised name, or the same track) whose owners are seeking right now,
 * with their profiles. The caller's own projects are excluded by the caller.
 */
export async function seekingOnProject(
  db: Db,
  guildId: string,
  key: string,
  trackId: number | null,
  now: Date,
): Promise<SeekingRow[]> {
  return seekingOnProjects(db, guildId, [{ normalizedName: key, trackId }], now);
}

/** seekingOnProject for several projects at once (one statement); the caller tells the rows apart. */
export async function seekingOnProjects(
  db: Db,
  guildId: string,
  ps: Array<{ normalizedName: string; trackId: number | null }>,
  now: Date,
): Promise<SeekingRow[]> {
  if (!ps.length) return [];
  const keys = [...new Set(ps.map((p) => p.normalizedName))];
  const trackIds = [...new Set(ps.map((p) => p.trackId).filter((t): t is number => t !== null))];
  const inList = (col: AnyPgColumn, name: string) =>
    sql`${col} = any(string_to_array(${sql.placeholder(name)}, ${SEP}))`;
  // Two shapes, so that without tracks the plan uses the name index alone.
  const q = prepared(db, trackIds.length ? 'seeking-by-name-or-track' : 'seeking-by-name', (d) =>
    d
      .select({ project: seekingProjectColumns, member: seekingMemberColumns })
      .from(projects)
      .leftJoin(members, and(eq(members.guildId, projects.guildId), eq(members.userId, projects.ownerId)))
      .where(
        and(
          eq(projects.guildId, sql.placeholder('guildId')),
          seekingNow(sql.placeholder('now')),
          trackIds.length
            ? or(
                inList(projects.normalizedName, 'keys'),
                sql`${projects.trackId} = any(string_to_array(${sql.placeholder('tracks')}, ${SEP})::int[])`,
              )
            : inList(projects.normalizedName, 'keys'),
        ),
      )
      .limit(5000)
      .prepare('seeking'),
  );
  const rows = await q.execute({ guildId, now: now.toISOString(), keys: keys.join(SEP), tracks: trackIds.join(SEP) });
  return rows;
}

/** Every active project whose owner is seeking right now, with the owner's profile (an auto-matching round). */
export async function allSeeking(db: Db, guildId: string, now: Date): Promise<SeekingRow[]> {
  return db
    .select({ project: seekingProjectColumns, member: seekingMemberColumns })
    .from(projects)
    .leftJoin(members, and(eq(members.guildId, projects.guildId), eq(members.userId, projects.ownerId)))
    .where(and(eq(projects.guildId, guildId), seekingNow(now)))
    .limit(5000);
}

/**
 * The learners a matching round left unmatched: they get priority in the next one. Of everyone the round
 * considered, a learner matched this time loses the mark, one still unmatched keeps theirs (and its date).
 * Returns who was marked now for the first time (only they are told).
 */
export async function markUnmatched(
  db: Db,
  guildId: string,
  actorId: string,
  consideredIds: string[],
  unmatchedIds: string[],
  now: Date,
): Promise<string[]> {
  const unmatched = new Set(unmatchedIds);
  const isMark = and(eq(auditLog.guildId, guildId), sql`${auditLog.action} = 'pair.auto.unmatched'`);
  const matched = consideredIds.filter((id) => !unmatched.has(id));
  if (matched.length) await db.delete(auditLog).where(and(isMark, inArray(auditLog.targetId, matched)));
  if (!unmatched.size) return [];
  const marked = await db
    .select({ id: auditLog.targetId })
    .from(auditLog)
    .where(and(isMark, inArray(auditLog.targetId, [...unmatched])));
  const already = new Set(marked.map((m) => m.id));
  const fresh = [...unmatched].filter((id) => !already.has(id));
  if (fresh.length)
    await db.insert(auditLog).values(
      fresh.map((id) => ({
        guildId,
        actorId,
        action: 'pair.auto.unmatched',
        targetType: 'member',
        targetId: id,
        createdAt: now,
      })),
    );
  return fresh;
}
