// Data retention: when the bot leaves a guild (GUILD_DELETE) the guild is marked; if it does not come back
// within its retention_days (default 30), every row of that guild is deleted, table by table, in one
// transaction per guild.
import { getTableColumns, getTableName, isNotNull, isTable, sql, eq } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { AppContext } from '../context.js';
import type { Db } from '../db/client.js';
import * as schema from '../db/schema.js';
import { guildSettings } from '../db/schema.js';

const DAY = 86_400_000;

/** Every table with a guild_id column, found from the schema so a new table cannot be forgotten. */
function guildTables(): Array<{ name: string; guildId: PgColumn }> {
  const out: Array<{ name: string; guildId: PgColumn }> = [];
  for (const v of Object.values(schema)) {
    if (!isTable(v)) continue;
    const cols = getTableColumns(v as PgTable) as Record<string, PgColumn>;
    const guildId = Object.values(cols).find((c) => c.name === 'guild_id');
    if (guildId) out.push({ name: getTableName(v as PgTable), guildId });
  }
  // guild_settings last: it holds left_at, the marker of a purge still to do.
  return out.sort((a, b) => Number(a.name === 'guild_settings') - Number(b.name === 'guild_settings'));
}

/** The bot was removed from the guild: start its retention period (creating the settings row if needed). */
export async function markGuildLeft(ctx: AppContext, guildId: string): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db
    .insert(guildSettings)
    .values({ guildId, leftAt: now, createdAt: now, updatedAt: now })
    .onConflictDoUpdate({ target: guildSettings.guildId, set: { leftAt: now, updatedAt: now } });
  ctx.log.info({ guildId }, 'guild left: its data is purged after the retention period unless Nexus is added back');
}

/** The bot is back in the guild: nothing will be purged. */
export async function markGuildReturned(ctx: AppContext, guildId: string): Promise<void> {
  const rows = await ctx.db
    .update(guildSettings)
    .set({ leftAt: null, updatedAt: ctx.clock.now() })
    .where(sql`${guildSettings.guildId} = ${guildId} and ${guildSettings.leftAt} is not null`)
    .returning({ guildId: guildSettings.guildId });
  if (rows.length) ctx.log.info({ guildId }, 'guild returned: retention purge cancelled');
}

function isDue(leftAt: Date | null, retentionDays: number, now: Date): boolean {
  return !!leftAt && leftAt.getTime() + retentionDays * DAY <= now.getTime();
}

async function purgeGuild(db: Db, guildId: string, now: Date): Promise<number | undefined> {
  return db.transaction(async (tx) => {
    // Re-check under a lock: the guild may have come back since the scan.
    const [s] = await tx.select().from(guildSettings).where(eq(guildSettings.guildId, guildId)).for('update');
    if (!s || !isDue(s.leftAt, s.retentionDays, now)) return undefined;
    let rows = 0;
    for (const t of guildTables()) {
      const deleted = await tx.execute(
        sql`delete from ${sql.identifier(t.name)} where ${sql.identifier('guild_id')} = ${guildId}`,
      );
      rows += affectedRows(deleted);
    }
    return rows;
  });
}

/** Row count of a delete on either driver (postgres.js: count; PGlite: affectedRows). */
function affectedRows(r: unknown): number {
  const o = r as { count?: number; affectedRows?: number; rowCount?: number };
  return Number(o.count ?? o.affectedRows ?? o.rowCount ?? 0);
}

/**
 * Deletes every row of every guild whose left_at + retention_days has passed. One transaction per guild, so a
 * failure leaves that guild whole (retried next run) and others purged. Returns what was purged.
 */
export async function purgeLeftGuilds(ctx: AppContext): Promise<{ guildId: string; rows: number }[]> {
  const now = ctx.clock.now();
  const candidates = await ctx.db
    .select({
      guildId: guildSettings.guildId,
      leftAt: guildSettings.leftAt,
      retentionDays: guildSettings.retentionDays,
    })
    .from(guildSettings)
    .where(isNotNull(guildSettings.leftAt));
  const purged: { guildId: string; rows: number }[] = [];
  for (const c of candidates) {
    if (!isDue(c.leftAt, c.retentionDays, now)) continue;
    try {
      const rows = await purgeGuild(ctx.db, c.guildId, now);
      if (rows === undefined) continue;
      purged.push({ guildId: c.guildId, rows });
      ctx.log.info(
        { guildId: c.guildId, rows, leftAt: c.leftAt, retentionDays: c.retentionDays },
        'purged the data of a guild Nexus left',
      );
    } catch (err) {
      ctx.log.error({ err, guildId: c.guildId }, 'could not purge a guild Nexus left (will retry next run)');
    }
  }
  return purged;
}
