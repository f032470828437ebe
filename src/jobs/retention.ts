// Data retention: when the bot leaves a guild (GUILD_DELETE, or found gone by the guild reconciliation) the
// guild is marked; if it does not come back within its retention_days (default 30), every row of that
// guild is deleted, in one transaction per guild.
import type { AppContext } from '../context.js';
import { clearGuildLeft, guildsLeft, purgeGuildRows, setGuildLeft } from '../db/queries/guilds.js';
import { DAY } from '../domain/time.js';

/** The bot was removed from the guild: start its retention period. */
export async function markGuildLeft(ctx: AppContext, guildId: string): Promise<void> {
  await setGuildLeft(ctx.db, guildId, ctx.clock.now());
  ctx.log.info({ guildId }, 'guild left: its data is purged after the retention period unless Nexus is added back');
}

/** The bot is back in the guild: nothing will be purged. */
export async function markGuildReturned(ctx: AppContext, guildId: string): Promise<void> {
  if (await clearGuildLeft(ctx.db, guildId, ctx.clock.now()))
    ctx.log.info({ guildId }, 'guild returned: retention purge cancelled');
}

function isDue(leftAt: Date | null, retentionDays: number, now: Date): boolean {
  return !!leftAt && leftAt.getTime() + retentionDays * DAY <= now.getTime();
}

/**
 * Deletes every row of every guild whose left_at + retention_days has passed. One transaction per guild, so a
 * failure leaves that guild whole (retried next run) and others purged. Returns what was purged.
 */
export async function purgeLeftGuilds(ctx: AppContext): Promise<{ guildId: string; rows: number }[]> {
  const now = ctx.clock.now();
  const purged: { guildId: string; rows: number }[] = [];
  for (const c of await guildsLeft(ctx.db)) {
    if (!isDue(c.leftAt, c.retentionDays, now)) continue;
    try {
      const rows = await purgeGuildRows(ctx.db, c.guildId, (s) => isDue(s.leftAt, s.retentionDays, now));
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
