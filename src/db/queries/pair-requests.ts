// Pair requests and matching-round proposals: pending, answered, expired. Scoped by guild; removed requests
// are hidden. The writes run inside the interaction's transaction.
import { and, desc, eq, gt, inArray, isNotNull, isNull, lte, ne, or, sql } from 'drizzle-orm';
import { isUniqueViolation } from '../../errors.js';
import type { Db } from '../client.js';
import { pairRequests, pairs, projects, type Pair, type PairRequest } from '../schema.js';
import { activePairBetween, sameProject, type ProjectKey } from './pairs.js';

const visible = (guildId: string) => and(eq(pairRequests.guildId, guildId), isNull(pairRequests.removedAt));

/** A request between the two, whichever asked. */
const betweenTwo = (a: string, b: string) =>
  or(
    and(eq(pairRequests.requesterId, a), eq(pairRequests.addresseeId, b)),
    and(eq(pairRequests.requesterId, b), eq(pairRequests.addresseeId, a)),
  );

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
    .where(and(visible(guildId), live(now), betweenTwo(a, b)))
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
        betweenTwo(a, b),
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

/**
 * What the member asked for that the other side declined since `since`: their requests, and the matching
 * proposals the other member declined (only the one who did not decline is told, in /pair list).
 */
export async function declinedLately(db: Db, guildId: string, userId: string, since: Date): Promise<PairRequest[]> {
  return db
    .select()
    .from(pairRequests)
    .where(
      and(
        visible(guildId),
        eq(pairRequests.status, 'declined'),
        gt(pairRequests.respondedAt, since),
        or(
          and(eq(pairRequests.requesterId, userId), isNull(pairRequests.proposedBy)),
          and(
            isNotNull(pairRequests.proposedBy),
            or(eq(pairRequests.requesterId, userId), eq(pairRequests.addresseeId, userId)),
            isNotNull(pairRequests.declinedBy),
            ne(pairRequests.declinedBy, userId),
          ),
        ),
      ),
    )
    .orderBy(desc(pairRequests.respondedAt))
    .limit(10);
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
        betweenTwo(a, b),
      ),
    )
    .orderBy(desc(pairRequests.respondedAt))
    .limit(1);
  return r;
}

/** Marks lapsed pending requests as expired; returns them (so their messages can be updated). */
export async function expireRequests(db: Db, guildId: string, now: Date): Promise<PairRequest[]> {
  return db
    .update(pairRequests)
    .set({ status: 'expired' })
    .where(and(eq(pairRequests.guildId, guildId), eq(pairRequests.status, 'pending'), lte(pairRequests.expiresAt, now)))
    .returning();
}

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

/**
 * Answers a pending request (accepted/declined/cancelled/expired; `by`: who declined it); undefined when it
 * was no longer pending.
 */
export async function answerPairRequest(
  db: Db,
  guildId: string,
  id: number,
  status: 'accepted' | 'declined' | 'cancelled' | 'expired',
  now: Date,
  by?: string,
): Promise<PairRequest | undefined> {
  const [row] = await db
    .update(pairRequests)
    .set(
      status === 'expired'
        ? { status }
        : status === 'declined'
          ? { status, respondedAt: now, declinedBy: by ?? null }
          : { status, respondedAt: now },
    )
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
 * Accepts a request and forms the pair: the request is answered once (a double click accepts once), and both
 * stop seeking on the project. The other pending requests it settles are closed (cancelled, with the pair's
 * id) and returned, so their messages can say so: those between the two, and those on this project that
 * involve either of them (one partner per project). Run it under lockMembersForPairing of both members.
 * 'answered': it was no longer pending; 'already': the two are paired already.
 */
export async function acceptPairRequest(
  db: Db,
  req: PairRequest,
  project: ProjectKey | null,
  now: Date,
): Promise<{ pair: Pair; closed: PairRequest[] } | 'answered' | 'already'> {
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
  const both = [req.requesterId, req.addresseeId];
  const onThisProject = project
    ? inArray(
        pairRequests.projectId,
        db
          .select({ id: projects.id })
          .from(projects)
          .where(and(eq(projects.guildId, req.guildId), sameProject(project))),
      )
    : undefined;
  const closed = await db
    .update(pairRequests)
    .set({ status: 'cancelled', respondedAt: now, closedByPairId: pair!.id })
    .where(
      and(
        eq(pairRequests.guildId, req.guildId),
        eq(pairRequests.status, 'pending'),
        or(
          and(eq(pairRequests.requesterId, req.requesterId), eq(pairRequests.addresseeId, req.addresseeId)),
          and(eq(pairRequests.requesterId, req.addresseeId), eq(pairRequests.addresseeId, req.requesterId)),
          onThisProject &&
            and(
              gt(pairRequests.expiresAt, now),
              or(inArray(pairRequests.requesterId, both), inArray(pairRequests.addresseeId, both)),
              onThisProject,
            ),
        ),
      ),
    )
    .returning();
  // Both stop "seeking" on this project: the digest and /pair find should not list them as still looking.
  if (project) {
    await db
      .update(projects)
      .set({ seekingRole: null, seekingSince: null, seekingExpiresAt: null, updatedAt: now })
      .where(and(eq(projects.guildId, req.guildId), inArray(projects.ownerId, both), sameProject(project)));
  }
  return { pair: pair!, closed };
}
