// Where the bot's public message about an entry is, so it can be edited or deleted later.
import { and, eq, ne, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '../client.js';
import { FORGOTTEN } from './learner.js';
import { prepared } from '../prepared.js';
import { challenges, pairRequests, pairs, projects } from '../schema.js';

/** The entries that have one public message each. */
export type PostedEntity = 'project' | 'challenge' | 'request' | 'pair';

const TABLES: Record<
  PostedEntity,
  PgTable & { guildId: PgColumn; id: PgColumn; channelId: PgColumn; messageId: PgColumn }
> = { project: projects, challenge: challenges, request: pairRequests, pair: pairs };

/**
 * Keeps the posted message's location on its entry; false when the entry is gone (deleted while the post was
 * in flight, e.g. by forget-me), so the caller can take the message down again.
 */
export async function recordPostedMessage(
  db: Db,
  guildId: string,
  entity: PostedEntity,
  id: number,
  channelId: string,
  messageId: string,
): Promise<boolean> {
  const table = TABLES[entity];
  // A pair's public message names both: once either has asked to be forgotten, it may not stay.
  const bothKnown = entity === 'pair' ? and(ne(pairs.userA, FORGOTTEN), ne(pairs.userB, FORGOTTEN)) : undefined;
  const q = prepared(db, `posted-message:${entity}`, (d) =>
    d
      .update(table)
      .set({ channelId: sql`${sql.placeholder('channelId')}`, messageId: sql`${sql.placeholder('messageId')}` })
      .where(and(eq(table.guildId, sql.placeholder('guildId')), eq(table.id, sql.placeholder('id')), bothKnown))
      .returning({ id: table.id })
      .prepare(`posted-message-${entity}`),
  );
  const rows = await q.execute({ guildId, id, channelId, messageId });
  return rows.length > 0;
}
