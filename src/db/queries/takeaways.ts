// Takeaways: short best practices a learner wants to keep. Every query filters by guild and hides removed rows.
import { and, arrayContains, desc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client.js';
import { takeaways, type Takeaway } from '../schema.js';

export async function insertTakeaway(
  db: Db,
  guildId: string,
  authorId: string,
  text: string,
  tags: string[],
  now: Date,
): Promise<Takeaway> {
  const [row] = await db.insert(takeaways).values({ guildId, authorId, text, tags, createdAt: now }).returning();
  return row!;
}

export interface TakeawayFilter {
  authorId?: string | undefined;
  tag?: string | undefined;
}

/** Newest first, with the total number matching the filter. */
export async function listTakeaways(
  db: Db,
  guildId: string,
  f: TakeawayFilter,
  limit: number,
  offset: number,
): Promise<{ rows: Takeaway[]; total: number }> {
  const conds: SQL[] = [eq(takeaways.guildId, guildId), isNull(takeaways.removedAt)];
  if (f.authorId) conds.push(eq(takeaways.authorId, f.authorId));
  if (f.tag) conds.push(arrayContains(takeaways.tags, [f.tag]));
  const rows = await db
    .select({ t: takeaways, total: sql<number>`count(*) over ()`.mapWith(Number) })
    .from(takeaways)
    .where(and(...conds))
    .orderBy(desc(takeaways.createdAt), desc(takeaways.id))
    .limit(limit)
    .offset(offset);
  return { rows: rows.map((r) => r.t), total: rows[0]?.total ?? 0 };
}
