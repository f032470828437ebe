// Housekeeping the embedded database needs (PostgreSQL does it itself).
import { sql } from 'drizzle-orm';
import type { Db } from './client.js';

/**
 * PGlite runs no autovacuum: rows pruned or updated are never reclaimed and the planner's statistics never
 * refreshed unless someone runs this.
 */
export async function vacuumAnalyze(db: Db): Promise<void> {
  await db.execute(sql`vacuum (analyze)`);
}
