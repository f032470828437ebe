import { and, desc, eq, gt, inArray, isNotNull, isNull, lte, or, sql } from 'drizzle-orm';
import { isUniqueViolation } from '../../errors.js';
import type { Db } from '../client.js';
import { prepared, SEP } from '../prepared.js';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import {
  auditLog,
  members,
  pairRequests,
  pairs,
  projects,
  type Member,
  type Pair,
  type PairRequest,
  type Project,
} from '../schema.js';
import { seekingNow } from './projects.js';

const between = (a: string, b: string) =>
  or(and(eq(pairs.userA, a), eq(pairs.userB, b)), and(eq(pairs.userA, b), eq(pairs.userB, a)));

export async function activePairBetween(db: Db, guildId: string, a: string, b: string): Promise<Pair | undefined> {
  const [p] = await db
    .select()
    .from(pairs)
    .where(and(eq(pairs.guildId, guildId), isNull(pairs.endedAt), between(a, b)))
    .limit(1);
  return p;
}

/** Every pair the user was ever in (history is kept forever). */
export async function pairsOf(db: Db, guildId: string, userId: string, activeOnly = false): Promise<Pair[]> {
  return db
    .select()
    .from(pairs)
    .where(
      and(
        eq(pairs.guildId, guildId),
        or(eq(pairs.userA, userId), eq(pairs.userB, userId)),
        activeOnly ? isNull(pairs.endedAt) : undefined,
      ),
    )
    .orderBy(desc(pairs.startedAt))
    .limit(100);
}

/** One pair of this guild by id. */
export async function getPair(db: Db, guildId: string, id: number): Promise<Pair | undefined> {
  if (!Number.isSafeInteger(id) || id <= 0) return undefined;
  const [p] = await db
    .select()
    .from(pairs)
    .where(and(eq(pairs.guildId, guildId), eq(pairs.id, id)))
    .limit(1);
  return p;
}

/** Which project a pairing is about: the same project = the same track, else the same normalised name. */
export type ProjectKey = Pick<Project, 'normalizedName' | 'trackId'>;

const sameProject = (key: ProjectKey) =>
  key.trackId !== null
    ? or(eq(projects.normalizedName, key.normalizedName), eq(projects.trackId, key.trackId))
    : eq(projects.normalizedName, key.normalizedName);

/** The user's active pairs on this project (a pair points at one side's project row), newest first. */
export async function activePairsOnProject(db: Db, guildId: string, userId: string, key: ProjectKey): Promise<Pair[]> {
  const rows = await db
    .select({ pair: pairs })
    .from(pairs)
    .innerJoin(projects, and(eq(projects.guildId, pairs.guildId), eq(projects.id, pairs.projectId)))
    .where(
      and(
        eq(pairs.guildId, guildId),
        isNull(pairs.endedAt),
        or(eq(pairs.userA, userId), eq(pairs.userB, userId)),
        sameProject(key),
      ),
    )
    .orderBy(desc(pairs.startedAt))
    .limit(10);
  return rows.map((r) => r.pair);
}

/** Does `p` (a pair's project) count as the project `key`? The same test as sameProject, in memory. */
export function isSameProject(p: ProjectKey, key: ProjectKey): boolean {
  return p.normalizedName === key.normalizedName || (key.trackId !== null && p.trackId === key.trackId);
}

/** The user's active pairs with the project each points at (one statement, for all their projects). */
export async function activePairsWithProjects(
  db: Db,
  guildId: string,
  userId: string,
): Promise<Array<{ pair: Pair; project: ProjectKey }>> {
  return db
    .select({ pair: pairs, project: { normalizedName: projects.normalizedName, trackId: projects.trackId } })
    .from(pairs)
    .innerJoin(projects, and(eq(projects.guildId, pairs.guildId), eq(projects.id, pairs.projectId)))
    .where(and(eq(pairs.guildId, guildId), isNull(pairs.endedAt), or(eq(pairs.userA, userId), eq(pairs.userB, userId))))
    .orderBy(desc(pairs.startedAt))
    .limit(50);
}

const visible = (guildId: string) => and(eq(pairRequests.guildId, guildId), isNull(pairRequests.removedAt));

export async function getRequest(db: Db, guildId: string, id: number): Promise<PairRequest | undefined> {
  if (!Number.isSafeInteger(id) || id <= 0) return undefined;
  const [r] = await db
    .select()
    .from(pairRequests)
    .where(and(visible(guildId), eq(pairRequests.id, id)))
    .limit(1);
  return r;
}

/** Pending and not yet expired. */
const live = (now: Date) => and(eq(pairRequests.status, 'pending'), gt(pairRequests.expiresAt, now));

export async function pendingBetween(
  db: Db,
  guildId: string,
  a: string,
  b: string,
  now: Date,
): Promise<PairRequest | undefined> {
  const [r] = await db
    .select()
    .from(pairRequests)
    .where(
      and(
        visible(guildId),
        live(now),
        or(
          and(eq(pairRequests.requesterId, a), eq(pairRequests.addresseeId, b)),
          and(eq(pairRequests.requesterId, b), eq(pairRequests.addresseeId, a)),
        ),
      ),
    )
    .limit(1);
  return r;
}

/** The requests this member sent that still wait for an answer (a moderator's proposals are not theirs). */
export async function countPendingFrom(db: Db, guildId: string, requesterId: string, now: Date): Promise<number> {
  const [r] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(pairRequests)
    .where(
      and(visible(guildId), live(now), eq(pairRequests.requesterId, requesterId), isNull(pairRequests.proposedBy)),
    );
  return Number(r?.n ?? 0);
}

/**
 * Lapsed requests between the two still marked pending become expired (returned, so their messages can say
 * so): they must not hold the one pending slot a pair of members has.
 */
export async function settleLapsedBetween(
  db: Db,
  guildId: string,
  a: string,
  b: string,
  now: Date,
): Promise<PairRequest[]> {
  return db
    .update(pairRequests)
    .set({ status: 'expired' })
    .where(
      and(
        eq(pairRequests.guildId, guildId),
        eq(pairRequests.status, 'pending'),
        lte(pairRequests.expiresAt, now),
        or(
          and(eq(pairRequests.requesterId, a), eq(pairRequests.addresseeId, b)),
          and(eq(pairRequests.requesterId, b), eq(pairRequests.addresseeId, a)),
        ),
      ),
    )
    .returning();
}

/** Members with a live matching-round proposal (either side): a new round leaves them out. */
export async function membersWithPendingProposal(db: Db, guildId: string, now: Date): Promise<Set<string>> {
  const rows = await db
    .select({ a: pairRequests.requesterId, b: pairRequests.addresseeId })
    .from(pairRequests)
    .where(and(visible(guildId), live(now), isNotNull(pairRequests.proposedBy)))
    .limit(5000);
  return new Set(rows.flatMap((r) => [r.a, r.b]));
}

/** The requests this member sent that were declined since `since` (only the requester is told, in /pair list). */
export async function declinedFrom(db: Db, guildId: string, requesterId: string, since: Date): Promise<PairRequest[]> {
  return db
    .select()
    .from(pairRequests)
    .where(
      and(
        visible(guildId),
        eq(pairRequests.requesterId, requesterId),
        eq(pairRequests.status, 'declined'),
        isNull(pairRequests.proposedBy),
        gt(pairRequests.respondedAt, since),
      ),
    )
    .orderBy(desc(pairRequests.respondedAt))
    .limit(10);
}

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

export async function pendingFor(
  db: Db,
  guildId: string,
  userId: string,
  now: Date,
): Promise<{ incoming: PairRequest[]; outgoing: PairRequest[] }> {
  const rows = await db
    .select()
    .from(pairRequests)
    .where(
      and(visible(guildId), live(now), or(eq(pairRequests.requesterId, userId), eq(pairRequests.addresseeId, userId))),
    )
    .orderBy(desc(pairRequests.createdAt))
    .limit(50);
  return {
    incoming: rows.filter((r) => r.addresseeId === userId),
    outgoing: rows.filter((r) => r.requesterId === userId),
  };
}

/** The last decline between two people since `since` (either direction): the cooling-off. */
export async function recentDecline(
  db: Db,
  guildId: string,
  a: string,
  b: string,
  since: Date,
): Promise<PairRequest | undefined> {
  const [r] = await db
    .select()
    .from(pairRequests)
    .where(
      and(
        eq(pairRequests.guildId, guildId),
        eq(pairRequests.status, 'declined'),
        gt(pairRequests.respondedAt, since),
        or(
          and(eq(pairRequests.requesterId, a), eq(pairRequests.addresseeId, b)),
          and(eq(pairRequests.requesterId, b), eq(pairRequests.addresseeId, a)),
        ),
      ),
    )
    .orderBy(desc(pairRequests.respondedAt))
    .limit(1);
  return r;
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

/** Marks lapsed pending requests as expired; returns them (so their messages can be updated). */
export async function expireRequests(db: Db, guildId: string, now: Date): Promise<PairRequest[]> {
  return db
    .update(pairRequests)
    .set({ status: 'expired' })
    .where(and(eq(pairRequests.guildId, guildId), eq(pairRequests.status, 'pending'), lte(pairRequests.expiresAt, now)))
    .returning();
}

/** The project columns matching reads (not the whole row: mapping unused columns was most of its cost). */
export const seekingProjectColumns = {
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
export const seekingMemberColumns = {
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

// ---- writes (run inside the interaction's transaction) -------------------------------------------------

/**
 * Saves a request; 'clash' when the two members already have a pending request (the unique index
 * pair_requests_pending_pair_uq: another one committed at the same moment). A savepoint keeps the
 * interaction's transaction usable after the refusal.
 */
export async function insertPairRequest(
  db: Db,
  r: Pick<
    typeof pairRequests.$inferInsert,
    'guildId' | 'requesterId' | 'addresseeId' | 'projectId' | 'message' | 'expiresAt' | 'createdAt' | 'proposedBy'
  >,
): Promise<PairRequest | 'clash'> {
  try {
    return await db.transaction(async () => {
      const [row] = await db.insert(pairRequests).values(r).returning();
      return row!;
    });
  } catch (err) {
    if (isUniqueViolation(err, 'pair_requests_pending_pair_uq')) return 'clash';
    throw err;
  }
}

/** Answers a pending request (accepted/declined/cancelled/expired); undefined when it was no longer pending. */
export async function answerPairRequest(
  db: Db,
  guildId: string,
  id: number,
  status: 'accepted' | 'declined' | 'cancelled' | 'expired',
  now: Date,
): Promise<PairRequest | undefined> {
  const [row] = await db
    .update(pairRequests)
    .set(status === 'expired' ? { status } : { status, respondedAt: now })
    .where(and(eq(pairRequests.guildId, guildId), eq(pairRequests.id, id), eq(pairRequests.status, 'pending')))
    .returning();
  return row;
}

/**
 * One side accepts a matching-round proposal: their time is kept (once). Returns the request as it is now,
 * undefined when it was no longer pending. Two sides accepting at the same moment update the same row one
 * after the other, so the second sees both acceptances and forms the pair.
 */
export async function acceptProposalSide(
  db: Db,
  req: PairRequest,
  side: 'requester' | 'addressee',
  now: Date,
): Promise<PairRequest | undefined> {
  const col = side === 'requester' ? pairRequests.requesterAcceptedAt : pairRequests.addresseeAcceptedAt;
  const [row] = await db
    .update(pairRequests)
    .set(
      side === 'requester'
        ? { requesterAcceptedAt: sql`coalesce(${col}, ${now.toISOString()}::timestamptz)` }
        : { addresseeAcceptedAt: sql`coalesce(${col}, ${now.toISOString()}::timestamptz)` },
    )
    .where(and(eq(pairRequests.guildId, req.guildId), eq(pairRequests.id, req.id), eq(pairRequests.status, 'pending')))
    .returning();
  return row;
}

/**
 * Accepts a request and forms the pair: the request is answered once (a double click accepts once), other
 * pending requests between the two are settled by it, and both stop seeking on the project.
 * 'answered': it was no longer pending; 'already': the two are paired already.
 */
export async function acceptPairRequest(
  db: Db,
  req: PairRequest,
  project: ProjectKey | null,
  now: Date,
): Promise<Pair | 'answered' | 'already'> {
  const done = await answerPairRequest(db, req.guildId, req.id, 'accepted', now);
  if (!done) return 'answered';
  if (await activePairBetween(db, req.guildId, req.requesterId, req.addresseeId)) return 'already';
  const [pair] = await db
    .insert(pairs)
    .values({
      guildId: req.guildId,
      userA: req.requesterId,
      userB: req.addresseeId,
      projectId: req.projectId,
      requestId: req.id,
      startedAt: now,
    })
    .returning();
  await db
    .update(pairRequests)
    .set({ status: 'cancelled', respondedAt: now })
    .where(
      and(
        eq(pairRequests.guildId, req.guildId),
        eq(pairRequests.status, 'pending'),
        or(
          and(eq(pairRequests.requesterId, req.requesterId), eq(pairRequests.addresseeId, req.addresseeId)),
          and(eq(pairRequests.requesterId, req.addresseeId), eq(pairRequests.addresseeId, req.requesterId)),
        ),
      ),
    );
  // Both stop "seeking" on this project: the digest and /pair find should not list them as still looking.
  if (project) {
    await db
      .update(projects)
      .set({ seekingRole: null, seekingSince: null, seekingExpiresAt: null, updatedAt: now })
      .where(
        and(
          eq(projects.guildId, req.guildId),
          inArray(projects.ownerId, [req.requesterId, req.addresseeId]),
          sameProject(project),
        ),
      );
  }
  return pair!;
}

/** Ends an active pair; undefined when it had ended already. */
export async function endPair(
  db: Db,
  guildId: string,
  pairId: number,
  endedBy: string,
  reason: string | null,
  now: Date,
): Promise<Pair | undefined> {
  const [row] = await db
    .update(pairs)
    .set({ endedAt: now, endedBy, endReason: reason })
    .where(and(eq(pairs.guildId, guildId), eq(pairs.id, pairId), isNull(pairs.endedAt)))
    .returning();
  return row;
}

/** The names of these (visible) projects, by id. */
export async function projectNames(db: Db, guildId: string, ids: number[]): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  if (!ids.length) return out;
  const rows = await db
    .select({ id: projects.id, name: projects.name })
    .from(projects)
    .where(and(eq(projects.guildId, guildId), inArray(projects.id, ids), isNull(projects.removedAt)));
  for (const r of rows) out.set(r.id, r.name);
  return out;
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
