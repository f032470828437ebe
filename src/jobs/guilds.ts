// Which guilds still have Nexus. The gateway hears GUILD_DELETE; the HTTP transport hears nothing when a
// server removes the bot, and a gateway process that was down misses the event. So, on a schedule, the
// bot's guild list (GET /users/@me/guilds) is compared with the guilds the database holds data for:
// guilds gone are marked left (their data is purged after the retention period), guilds back are unmarked.
import type { AppContext } from '../context.js';
import { guildsWithData, guildsMarkedLeft } from '../db/queries/guilds.js';
import { markGuildLeft, markGuildReturned } from './retention.js';

/** Every guild the bot is in, following Discord's pagination (200 per page, by id). */
export async function botGuilds(ctx: AppContext, maxPages = 1000): Promise<Set<string>> {
  const ids = new Set<string>();
  let after: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const rows = await ctx.discord.listGuilds(after);
    for (const g of rows) ids.add(g.id);
    if (rows.length < 200) return ids;
    after = rows.at(-1)!.id;
  }
  throw new Error(`more than ${maxPages * 200} guilds: stopped reading the bot's guild list`);
}

/**
 * Marks left the guilds with data the bot is no longer in, and unmarks the ones it is back in. Nothing is
 * marked when the list could not be read completely (an error: retried next run).
 */
export async function reconcileGuilds(ctx: AppContext): Promise<{ left: string[]; returned: string[] }> {
  const present = await botGuilds(ctx);
  const [known, marked] = await Promise.all([guildsWithData(ctx.db), guildsMarkedLeft(ctx.db)]);
  const left = known.filter((g) => !present.has(g) && !marked.has(g));
  const returned = [...marked].filter((g) => present.has(g));
  for (const g of left) await markGuildLeft(ctx, g);
  for (const g of returned) await markGuildReturned(ctx, g);
  if (left.length || returned.length) ctx.log.info({ left, returned }, 'guild list reconciled with Discord');
  return { left, returned };
}
