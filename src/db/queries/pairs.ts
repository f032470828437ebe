import { and, desc, eq, gt, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { pairRequests, pairs, type Pair, type PairRequest } from '../schema.js';

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
    .where(and(eq(pairs.guildId, guildId), or(eq(pairs.userA, userId), eq(pairs.userB, userId)), activeOnly ? isNull(pairs.endedAt) : undefined))
    .orderBy(desc(pairs.startedAt))
    .limit(100);
}

const visible = (guildId: string) => and(eq(pairRequests.guildId, guildId), isNull(pairRequests.removedAt));

export async function getRequest(db: Db, guildId: string, id: number): Promise<PairRequest | undefined> {
  if (!Number.isSafeInteger(id) || id <= 0) return undefined;
  const [r] = await db.select().from(pairRequests).where(and(visible(guildId), eq(pairRequests.id, id))).limit(1);
  return r;
}

/** Pending and not yet expired. */
const live = (now: Date) => and(eq(pairRequests.status, 'pending'), gt(pairRequests.expiresAt, now));

export async function pendingBetween(db: Db, guildId: string, a: string, b: string, now: Date): Promise<PairRequest | undefined> {
  const [r] = await db
    .select()
    .from(pairRequests)
    .where(
      and(
        visible(guildId),
        live(now),
        or(and(eq(pairRequests.requesterId, a), eq(pairRequests.addresseeId, b)), and(eq(pairRequests.requesterId, b), eq(pairRequests.addresseeId, a))),
      ),
    )
    .limit(1);
  return r;
}

export async function countPendingFrom(db: Db, guildId: string, requesterId: string, now: Date): Promise<number> {
  const [r] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(pairRequests)
    .where(and(visible(guildId), live(now), eq(pairRequests.requesterId, requesterId)));
  return Number(r?.n ?? 0);
}

export async function pendingFor(db: Db, guildId: string, userId: string, now: Date): Promise<{ incoming: PairRequest[]; outgoing: PairRequest[] }> {
  const rows = await db
    .select()
    .from(pairRequests)
    .where(and(visible(guildId), live(now), or(eq(pairRequests.requesterId, userId), eq(pairRequests.addresseeId, userId))))
    .orderBy(desc(pairRequests.createdAt))
    .limit(50);
  return { incoming: rows.filter((r) => r.addresseeId === userId), outgoing: rows.filter((r) => r.requesterId === userId) };
}

/** The last decline between two people since `since` (either direction): the cooling-off. */
export async function recentDecline(db: Db, guildId: string, a: string, b: string, since: Date): Promise<PairRequest | undefined> {
  const [r] = await db
    .select()
    .from(pairRequests)
    .where(
      and(
        eq(pairRequests.guildId, guildId),
        eq(pairRequests.status, 'declined'),
        gt(pairRequests.respondedAt, since),
        or(and(eq(pairRequests.requesterId, a), eq(pairRequests.addresseeId, b)), and(eq(pairRequests.requesterId, b), eq(pairRequests.addresseeId, a))),
      ),
    )
    .orderBy(desc(pairRequests.respondedAt))
    .limit(1);
  return r;
}

/** Declines involving any of these users since `since`: pairs to keep apart during the cooling-off. */
export async function declinesInvolving(db: Db, guildId: string, userIds: string[], since: Date): Promise<Array<{ requesterId: string; addresseeId: string }>> {
  if (!userIds.length) return [];
  return db
    .select({ requesterId: pairRequests.requesterId, addresseeId: pairRequests.addresseeId })
    .from(pairRequests)
    .where(
      and(
        eq(pairRequests.guildId, guildId),
        eq(pairRequests.status, 'declined'),
        gt(pairRequests.respondedAt, since),
        or(inArray(pairRequests.requesterId, userIds), inArray(pairRequests.addresseeId, userIds)),
      ),
    );
}

/** Pairs (active or past) involving any of these users. */
export async function pairsInvolving(db: Db, guildId: string, userIds: string[]): Promise<Pair[]> {
  if (!userIds.length) return [];
  return db
    .select()
    .from(pairs)
    .where(and(eq(pairs.guildId, guildId), or(inArray(pairs.userA, userIds), inArray(pairs.userB, userIds))));
}

/** Marks lapsed pending requests as expired; returns them (so their messages can be updated). */
export async function expireRequests(db: Db, guildId: string, now: Date): Promise<PairRequest[]> {
  return db
    .update(pairRequests)
    .set({ status: 'expired' })
    .where(and(eq(pairRequests.guildId, guildId), eq(pairRequests.status, 'pending'), lte(pairRequests.expiresAt, now)))
    .returning();
}

import { members, projects, type Member, type Project } from '../schema.js';
import { seekingNow } from './projects.js';

export interface SeekingRow {
  project: Project;
  member: Member | null;
}

/**
 * Projects on the same project (normalised name, or the same track) whose owners are seeking right now,
 * with their profiles. The caller's own projects are excluded by the caller.
 */
export async function seekingOnProject(db: Db, guildId: string, key: string, trackId: number | null, now: Date): Promise<SeekingRow[]> {
  const rows = await db
    .select({ project: projects, member: members })
    .from(projects)
    .leftJoin(members, and(eq(members.guildId, projects.guildId), eq(members.userId, projects.ownerId)))
    .where(
      and(
        eq(projects.guildId, guildId),
        seekingNow(now),
        trackId !== null ? or(eq(projects.normalizedName, key), eq(projects.trackId, trackId)) : eq(projects.normalizedName, key),
      ),
    )
    .limit(5000);
  return rows;
}
