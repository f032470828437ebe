import { lt } from 'drizzle-orm';
import type { Db } from '../client.js';
import { processedInteractions } from '../schema.js';

/** Interaction ids are only needed while Discord might redeliver them: forget those older than `before`. */
export async function pruneProcessedInteractions(db: Db, before: Date): Promise<number> {
  const rows = await db
    .delete(processedInteractions)
    .where(lt(processedInteractions.createdAt, before))
    .returning({ id: processedInteractions.interactionId });
  return rows.length;
}
