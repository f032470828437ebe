// A pair's private thread: where it is, its kickoff message, and the week-1 checklist ticks shown on it.
import { and, asc, desc, eq, inArray, isNotNull } from 'drizzle-orm';
import type { Db } from '../client.js';
import { pairCheckins, pairs, pairTicks, type Pair, type PairTick } from '../schema.js';
import { FORGOTTEN } from './learner.js';
import { withMember } from './pairs.js';

/** Keeps the thread opened for a pair (before anything else is tried in it: ending the pair archives it). */
export async function recordPairThread(db: Db, guildId: string, pairId: number, threadId: string): Promise<void> {
  await db
    .update(pairs)
    .set({ threadId })
    .where(and(eq(pairs.guildId, guildId), eq(pairs.id, pairId)));
}

/** Keeps the kickoff message's id (its checklist is edited in place). */
export async function recordKickoffMessage(db: Db, guildId: string, pairId: number, messageId: string): Promise<void> {
  await db
    .update(pairs)
    .set({ kickoffMessageId: messageId })
    .where(and(eq(pairs.guildId, guildId), eq(pairs.id, pairId)));
}

/** The ticked checklist items of these pairs, by pair id (in the order they were ticked). */
export async function ticksOf(db: Db, guildId: string, pairIds: number[]): Promise<Map<number, PairTick[]>> {
  const out = new Map<number, PairTick[]>();
  if (!pairIds.length) return out;
  const rows = await db
    .select()
    .from(pairTicks)
    .where(and(eq(pairTicks.guildId, guildId), inArray(pairTicks.pairId, pairIds)))
    .orderBy(asc(pairTicks.tickedAt));
  for (const r of rows) out.set(r.pairId, [...(out.get(r.pairId) ?? []), r]);
  return out;
}

/**
 * Ticks an item of the pair's checklist, or unticks it when it was ticked (either member, either way).
 * Two clicks at the same moment are two toggles: the second waits for the first's row, then undoes it.
 */
export async function toggleTick(
  db: Db,
  guildId: string,
  pairId: number,
  item: string,
  userId: string,
  now: Date,
): Promise<'ticked' | 'unticked'> {
  const inserted = await db
    .insert(pairTicks)
    .values({ guildId, pairId, item, tickedBy: userId, tickedAt: now })
    .onConflictDoNothing()
    .returning({ item: pairTicks.item });
  if (inserted.length) return 'ticked';
  await db
    .delete(pairTicks)
    .where(and(eq(pairTicks.guildId, guildId), eq(pairTicks.pairId, pairId), eq(pairTicks.item, item)));
  return 'unticked';
}

/** The member's pairs that have a kickoff message (forget-me rewrites it without them). */
export async function pairsWithKickoff(db: Db, guildId: string, userId: string): Promise<Pair[]> {
  return db
    .select()
    .from(pairs)
    .where(
      and(eq(pairs.guildId, guildId), withMember(userId), isNotNull(pairs.threadId), isNotNull(pairs.kickoffMessageId)),
    )
    .limit(100);
}

/** Forget-me: the member's ticks and check-in answers stay for the partner, without their id. */
export async function forgetPairWork(db: Db, guildId: string, userId: string): Promise<void> {
  await db
    .update(pairTicks)
    .set({ tickedBy: FORGOTTEN })
    .where(and(eq(pairTicks.guildId, guildId), eq(pairTicks.tickedBy, userId)));
  await db
    .update(pairCheckins)
    .set({ answeredBy: FORGOTTEN })
    .where(and(eq(pairCheckins.guildId, guildId), eq(pairCheckins.answeredBy, userId)));
}

/** The guild's pair threads (newest first): `try` names them in what it prints. */
export async function pairThreadIds(db: Db, guildId: string): Promise<Array<{ pairId: number; threadId: string }>> {
  const rows = await db
    .select({ pairId: pairs.id, threadId: pairs.threadId })
    .from(pairs)
    .where(and(eq(pairs.guildId, guildId), isNotNull(pairs.threadId)))
    .orderBy(desc(pairs.id))
    .limit(1000);
  return rows.flatMap((r) => (r.threadId ? [{ pairId: r.pairId, threadId: r.threadId }] : []));
}
