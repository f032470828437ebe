// The guilds the database knows: every table with a guild_id column is looked at, found from the schema so
// a new table cannot be forgotten.
import { and, eq, getTableColumns, getTableName, isNotNull, isTable, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '../client.js';
import * as schema from '../schema.js';
import { guildSettings } from '../schema.js';

/** Every table with a guild_id column. */
function guildTables(): Array<{ name: string; guildId: PgColumn }> {
  const out: Array<{ name: string; guildId: PgColumn }> = [];
  for (const v of Object.values(schema as Record<string, unknown>)) {
    if (!isTable(v)) continue;
    const cols = getTableColumns(v as PgTable) as Record<string, PgColumn>;
    const guildId = Object.values(cols).find((c) => c.name === 'guild_id');
    if (guildId) out.push({ name: getTableName(v as PgTable), guildId });
  }
  return out;
}

/** Guild ids holding any row. */
export async function guildsWithData(db: Db): Promise<string[]> {
  const union = sql.join(
    guildTables().map((t) => sql`select distinct guild_id from ${sql.identifier(t.name)}`),
    sql` union `,
  );
  const rows = await db
    .select({ guildId: sql<string>`g.guild_id` })
    .from(sql`(${union}) as g`)
    .orderBy(sql`g.guild_id`);
  return rows.map((r) => r.guildId);
}

/** Guilds already marked as left (awaiting their purge). */
export async function guildsMarkedLeft(db: Db): Promise<Set<string>> {
  const rows = await db
    .select({ guildId: guildSettings.guildId })
    .from(guildSettings)
    .where(isNotNull(guildSettings.leftAt));
  return new Set(rows.map((r) => r.guildId));
}

/** The bot was removed from the guild: its retention period starts now (the settings row is created if needed). */
export async function setGuildLeft(db: Db, guildId: string, now: Date): Promise<void> {
  await db
    .insert(guildSettings)
    .values({ guildId, leftAt: now, createdAt: now, updatedAt: now })
    .onConflictDoUpdate({ target: guildSettings.guildId, set: { leftAt: now, updatedAt: now } });
}

/** The bot is back: nothing will be purged. False when the guild was not marked. */
export async function clearGuildLeft(db: Db, guildId: string, now: Date): Promise<boolean> {
  const rows = await db
    .update(guildSettings)
    .set({ leftAt: null, updatedAt: now })
    .where(and(eq(guildSettings.guildId, guildId), isNotNull(guildSettings.leftAt)))
    .returning({ guildId: guildSettings.guildId });
  return rows.length > 0;
}

/** Guilds marked left, with when and their retention period. */
export async function guildsLeft(
  db: Db,
): Promise<Array<{ guildId: string; leftAt: Date | null; retentionDays: number }>> {
  return db
    .select({
      guildId: guildSettings.guildId,
      leftAt: guildSettings.leftAt,
      retentionDays: guildSettings.retentionDays,
    })
    .from(guildSettings)
    .where(isNotNull(guildSettings.leftAt));
}

/** Row count of a delete on either driver (postgres.js: count; PGlite: affectedRows). */
function affectedRows(r: unknown): number {
  const o = r as { count?: number; affectedRows?: number; rowCount?: number };
  return Number(o.count ?? o.affectedRows ?? o.rowCount ?? 0);
}

/**
 * Deletes every row of the guild, table by table, guild_settings (the marker of a purge still to do) last,
 * in one transaction; only if `stillDue` holds for its settings read under a lock (it may have come back).
 * Returns the rows deleted, or undefined when it was not purged.
 */
export async function purgeGuildRows(
  db: Db,
  guildId: string,
  stillDue: (s: { leftAt: Date | null; retentionDays: number }) => boolean,
): Promise<number | undefined> {
  return db.transaction(async (tx) => {
    const [s] = await tx.select().from(guildSettings).where(eq(guildSettings.guildId, guildId)).for('update');
    if (!s || !stillDue(s)) return undefined;
    let rows = 0;
    const order = guildTables().sort(
      (a, b) => Number(a.name === 'guild_settings') - Number(b.name === 'guild_settings'),
    );
    for (const t of order) {
      rows += affectedRows(
        await tx.execute(sql`delete from ${sql.identifier(t.name)} where ${sql.identifier('guild_id')} = ${guildId}`),
      );
    }
    return rows;
  });
}
