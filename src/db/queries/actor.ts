// Who is acting and under which guild settings: the two rows nearly every command reads first, fetched in
// one statement. For a writing interaction the same statement also records its id (exactly-once handling),
// so recording costs no extra round trip.
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { prepared } from '../prepared.js';
import { guildSettings, members, processedInteractions, type GuildSettings, type Member } from '../schema.js';
import { defaultGuildSettings } from './settings.js';

export interface Actor {
  /** The acting member's profile; undefined when they never set one (or never wrote anything). */
  member: Member | undefined;
  /** The guild's settings (the defaults when moderators never changed any). */
  settings: GuildSettings;
}

const p = {
  guildId: sql.placeholder('guildId'),
  userId: sql.placeholder('userId'),
  interactionId: sql.placeholder('interactionId'),
  now: sql.placeholder('now'),
};

/** The member and the guild settings, one statement. */
export async function loadActor(db: Db, guildId: string, userId: string): Promise<Actor> {
  const q = prepared(db, 'actor', (d) =>
    d
      .select({ member: members, settings: guildSettings })
      .from(sql`(select 1) as "one"`)
      .leftJoin(members, and(eq(members.guildId, p.guildId), eq(members.userId, p.userId)))
      .leftJoin(guildSettings, eq(guildSettings.guildId, p.guildId))
      .prepare('actor'),
  );
  const [row] = await q.execute({ guildId, userId });
  return { member: row?.member ?? undefined, settings: row?.settings ?? defaultGuildSettings(guildId) };
}

/**
 * Records the interaction id and loads the actor, one statement (one commit). `first` is false when the id
 * was already recorded: a duplicate delivery, to be ignored.
 */
export async function recordInteraction(
  db: Db,
  r: { interactionId: string; guildId: string; userId: string; now: Date },
): Promise<{ first: boolean; actor: Actor }> {
  const q = prepared(db, 'record-interaction', (d) => {
    const rec = d
      .$with('rec')
      .as(
        d
          .insert(processedInteractions)
          .values({ interactionId: p.interactionId, guildId: p.guildId, createdAt: p.now })
          .onConflictDoNothing()
          .returning({ id: processedInteractions.interactionId }),
      );
    return d
      .with(rec)
      .select({
        recorded: sql<number>`(select count(*) from ${rec})::int`.as('recorded'),
        member: members,
        settings: guildSettings,
      })
      .from(sql`(select 1) as "one"`)
      .leftJoin(members, and(eq(members.guildId, p.guildId), eq(members.userId, p.userId)))
      .leftJoin(guildSettings, eq(guildSettings.guildId, p.guildId))
      .prepare('record-interaction');
  });
  const [row] = await q.execute(r);
  return {
    first: (row?.recorded ?? 0) > 0,
    actor: { member: row?.member ?? undefined, settings: row?.settings ?? defaultGuildSettings(r.guildId) },
  };
}
