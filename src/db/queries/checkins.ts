// Mid-week check-ins in pairs' threads: the exactly-once claim per (pair, scheduled time), the answers, and
// what moderators see of them (stalled and stuck pairs).
import { and, desc, eq, gt, gte, inArray, isNotNull, isNull, lt, lte, ne, notExists, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { pairCheckins, pairs, type Pair, type PairCheckin } from '../schema.js';
import { FORGOTTEN } from './learner.js';
import { DAY } from '../../domain/time.js';

export type CheckinAnswer = NonNullable<PairCheckin['answer']>;

/**
 * The active pairs owed the check-in scheduled at `scheduledAt`: they have a thread, both members are still
 * in Nexus, they formed by `startedBy`, and no runner has posted it (or given up on it) yet.
 */
export async function pairsDueForCheckin(db: Db, guildId: string, scheduledAt: Date, startedBy: Date): Promise<Pair[]> {
  return db
    .select()
    .from(pairs)
    .where(
      and(
        eq(pairs.guildId, guildId),
        isNull(pairs.endedAt),
        isNotNull(pairs.threadId),
        ne(pairs.userA, FORGOTTEN),
        ne(pairs.userB, FORGOTTEN),
        lte(pairs.startedAt, startedBy),
        notExists(
          db
            .select({ one: sql`1` })
            .from(pairCheckins)
            .where(
              and(
                eq(pairCheckins.pairId, pairs.id),
                eq(pairCheckins.scheduledAt, scheduledAt),
                inArray(pairCheckins.status, ['posted', 'failed']),
              ),
            ),
        ),
      ),
    )
    .orderBy(pairs.id)
    .limit(2000);
}

/** Guilds with an active pair that has a thread (check-ins are owed there, configured or not). */
export async function guildsWithPairThreads(db: Db): Promise<string[]> {
  const rows = await db
    .selectDistinct({ guildId: pairs.guildId })
    .from(pairs)
    .where(and(isNull(pairs.endedAt), isNotNull(pairs.threadId)))
    .limit(10_000);
  return rows.map((r) => r.guildId);
}

/**
 * Claims the pair's check-in at `scheduledAt` for this runner: inserts it, or takes over a claim whose lease
 * expired (its runner crashed). Undefined when another runner holds it or it is done.
 */
export async function claimCheckin(
  db: Db,
  c: { guildId: string; pairId: number; scheduledAt: Date; runnerId: string; now: Date; leaseMs: number },
): Promise<PairCheckin | undefined> {
  const lease = new Date(c.now.getTime() + c.leaseMs);
  const [row] = await db
    .insert(pairCheckins)
    .values({
      guildId: c.guildId,
      pairId: c.pairId,
      scheduledAt: c.scheduledAt,
      status: 'claimed',
      claimedBy: c.runnerId,
      leaseUntil: lease,
      attempts: 1,
      createdAt: c.now,
    })
    .onConflictDoUpdate({
      target: [pairCheckins.pairId, pairCheckins.scheduledAt],
      set: { claimedBy: c.runnerId, leaseUntil: lease, attempts: sql`${pairCheckins.attempts} + 1` },
      setWhere: and(eq(pairCheckins.status, 'claimed'), lt(pairCheckins.leaseUntil, c.now)),
    })
    .returning();
  return row;
}

/** The claimer posted it: where, and when. False when its claim was taken over meanwhile. */
export async function markCheckinPosted(
  db: Db,
  id: number,
  runnerId: string,
  channelId: string,
  messageId: string,
  now: Date,
): Promise<boolean> {
  const done = await db
    .update(pairCheckins)
    .set({ status: 'posted', channelId, messageId, postedAt: now, leaseUntil: null })
    .where(and(eq(pairCheckins.id, id), eq(pairCheckins.claimedBy, runnerId)))
    .returning({ id: pairCheckins.id });
  return done.length > 0;
}

/** Discord refused it for good (thread gone, no permission): not retried. */
export async function markCheckinFailed(db: Db, id: number, runnerId: string): Promise<void> {
  await db
    .update(pairCheckins)
    .set({ status: 'failed', leaseUntil: null })
    .where(and(eq(pairCheckins.id, id), eq(pairCheckins.claimedBy, runnerId), eq(pairCheckins.status, 'claimed')));
}

export async function getCheckin(db: Db, guildId: string, id: number): Promise<PairCheckin | undefined> {
  if (!Number.isSafeInteger(id) || id <= 0) return undefined;
  const [r] = await db
    .select()
    .from(pairCheckins)
    .where(and(eq(pairCheckins.guildId, guildId), eq(pairCheckins.id, id)))
    .limit(1);
  return r;
}

/**
 * Either member answers (again: the latest answer counts). Only the pair's latest check-in takes answers: once
 * a newer one is posted, an older week's buttons answer nothing (undefined, as for one not posted).
 */
export async function answerCheckin(
  db: Db,
  guildId: string,
  checkin: Pick<PairCheckin, 'id' | 'pairId' | 'scheduledAt'>,
  answer: CheckinAnswer,
  userId: string,
  now: Date,
): Promise<PairCheckin | undefined> {
  const [r] = await db
    .update(pairCheckins)
    .set({ answer, answeredBy: userId, answeredAt: now })
    .where(
      and(
        eq(pairCheckins.guildId, guildId),
        eq(pairCheckins.id, checkin.id),
        eq(pairCheckins.status, 'posted'),
        notExists(
          db
            .select({ one: sql`1` })
            .from(pairCheckins)
            .where(
              and(
                eq(pairCheckins.pairId, checkin.pairId),
                eq(pairCheckins.status, 'posted'),
                gt(pairCheckins.scheduledAt, checkin.scheduledAt),
              ),
            ),
        ),
      ),
    )
    .returning();
  return r;
}

/** The pair's latest posted check-in: the one its members answer. */
export async function latestCheckin(db: Db, guildId: string, pairId: number): Promise<PairCheckin | undefined> {
  const [r] = await db
    .select()
    .from(pairCheckins)
    .where(and(eq(pairCheckins.guildId, guildId), eq(pairCheckins.pairId, pairId), eq(pairCheckins.status, 'posted')))
    .orderBy(desc(pairCheckins.scheduledAt))
    .limit(1);
  return r;
}

/** A check-in unanswered this long counts as not answered (the pair had time to). */
const CHECKIN_ANSWER_WINDOW_MS = 2 * DAY;

export interface StalledPair {
  pair: Pair;
  /**
   * not-yet-twice: its last two answers were "Not yet"; silent: it answered before, then left its last
   * check-ins (at least two) unanswered; never-answered: it never answered one.
   */
  reason: 'not-yet-twice' | 'silent' | 'never-answered';
  /** never-answered: how many check-ins the pair was asked; silent: how many in a row went unanswered. */
  asked: number;
  /** The last "Not yet", or the first of the unanswered check-ins. */
  since: Date;
}

/** Unanswered check-ins in a row that make a pair that answered before "silent". */
const SILENT_AFTER = 2;

/**
 * Active pairs that look stuck in silence: their last check-ins (at least two) went unanswered after they
 * answered earlier ones, their last two answers were "Not yet", or they never answered a check-in. A
 * check-in counts as unanswered once it was posted CHECKIN_ANSWER_WINDOW_MS ago (the pair had time to): the
 * latest one, just posted, neither counts against a pair nor hides its earlier silence. For moderators only.
 */
export async function stalledPairs(db: Db, guildId: string, now: Date): Promise<StalledPair[]> {
  const rows = await db
    .select({ pair: pairs, checkin: pairCheckins })
    .from(pairCheckins)
    .innerJoin(pairs, and(eq(pairs.guildId, pairCheckins.guildId), eq(pairs.id, pairCheckins.pairId)))
    .where(and(eq(pairCheckins.guildId, guildId), eq(pairCheckins.status, 'posted'), isNull(pairs.endedAt)))
    .orderBy(pairs.id, desc(pairCheckins.scheduledAt))
    .limit(10_000);
  const byPair = new Map<number, { pair: Pair; checkins: PairCheckin[] }>();
  for (const r of rows) {
    const e = byPair.get(r.pair.id) ?? { pair: r.pair, checkins: [] };
    e.checkins.push(r.checkin);
    byPair.set(r.pair.id, e);
  }
  const out: StalledPair[] = [];
  const hadTime = (c: PairCheckin) => !!c.postedAt && now.getTime() - c.postedAt.getTime() >= CHECKIN_ANSWER_WINDOW_MS;
  for (const { pair, checkins } of byPair.values()) {
    // Latest first: the ones answered, or that the pair had time to answer.
    const counted = checkins.filter((c) => c.answer || hadTime(c));
    const answered = counted.filter((c) => c.answer);
    if (!counted.length) continue;
    if (!answered.length) {
      out.push({ pair, reason: 'never-answered', asked: checkins.length, since: checkins.at(-1)!.postedAt! });
      continue;
    }
    if (counted.findIndex((c) => c.answer) >= SILENT_AFTER) {
      const streak = checkins.findIndex((c) => c.answer);
      out.push({ pair, reason: 'silent', asked: streak, since: checkins[streak - 1]!.postedAt! });
      continue;
    }
    const [last, before] = answered;
    if (last?.answer === 'not-yet' && before?.answer === 'not-yet')
      out.push({ pair, reason: 'not-yet-twice', asked: checkins.length, since: last.answeredAt! });
  }
  return out.sort((a, b) => a.since.getTime() - b.since.getTime());
}

export interface StuckPair {
  pair: Pair;
  checkinId: number;
  answeredBy: string | null;
  answeredAt: Date;
}

/**
 * Active pairs whose latest check-in answer since `since` is "We're stuck" (for /nexus-admin stats): one row
 * per pair, the latest first.
 */
export async function stuckPairs(db: Db, guildId: string, since: Date): Promise<StuckPair[]> {
  const rows = await db
    .select({ pair: pairs, checkin: pairCheckins })
    .from(pairCheckins)
    .innerJoin(pairs, and(eq(pairs.guildId, pairCheckins.guildId), eq(pairs.id, pairCheckins.pairId)))
    .where(
      and(
        eq(pairCheckins.guildId, guildId),
        isNotNull(pairCheckins.answer),
        gte(pairCheckins.answeredAt, since),
        isNull(pairs.endedAt),
      ),
    )
    .orderBy(desc(pairCheckins.scheduledAt), desc(pairCheckins.answeredAt))
    .limit(2000);
  const seen = new Set<number>();
  const out: StuckPair[] = [];
  for (const r of rows) {
    if (seen.has(r.pair.id)) continue;
    seen.add(r.pair.id);
    if (r.checkin.answer === 'stuck')
      out.push({
        pair: r.pair,
        checkinId: r.checkin.id,
        answeredBy: r.checkin.answeredBy,
        answeredAt: r.checkin.answeredAt!,
      });
  }
  return out.sort((a, b) => b.answeredAt.getTime() - a.answeredAt.getTime());
}
