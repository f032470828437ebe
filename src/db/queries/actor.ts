// Who is acting and under which guild settings: the two rows nearly every command reads first, fetched in
// one statement. For a writing interaction the same statement also records its id (exactly-once handling)
// and counts it against the member's write rate limit.
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { prepared } from '../prepared.js';
import {
  guildSettings,
  members,
  processedInteractions,
  writeRates,
  type GuildSettings,
  type Member,
} from '../schema.js';
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

export interface RecordedInteraction {
  /** false: this interaction id was handled already (a duplicate delivery, to be ignored). */
  first: boolean;
  /** The member's writing interactions in the last minute, this one included (0 for a duplicate). */
  recentWrites: number;
  /** The oldest of them: the limit frees a slot a minute after it. */
  oldestWrite: Date | undefined;
  actor: Actor;
}

/**
 * Records the interaction id, counts it in the member's write rate, and loads the actor: one statement.
 * Meant to run first in the interaction's transaction: the member's rate row stays locked until it ends,
 * so one member's writing interactions run one after the other.
 */
export async function recordInteraction(
  db: Db,
  r: { interactionId: string; guildId: string; userId: string; now: Date },
): Promise<RecordedInteraction> {
  const q = prepared(db, 'record-interaction', (d) => {
    const now = sql`${sql.placeholder('nowIso')}::timestamptz`;
    const rec = d
      .$with('rec')
      .as(
        d
          .insert(processedInteractions)
          .values({ interactionId: p.interactionId, guildId: p.guildId, createdAt: p.now })
          .onConflictDoNothing()
          .returning({ id: processedInteractions.interactionId }),
      );
    // Only a first delivery counts; the last minute's hits are kept, this one appended.
    const rate = d.$with('rate').as(
      d
        .insert(writeRates)
        .select(
          d
            .select({
              guildId: sql`${p.guildId}`.as('guild_id'),
              userId: sql`${p.userId}`.as('user_id'),
              hits: sql`array[${now}]`.as('hits'),
            })
            .from(rec),
        )
        .onConflictDoUpdate({
          target: [writeRates.guildId, writeRates.userId],
          set: {
            hits: sql`array(select h from unnest(${writeRates.hits}) as h where h > ${now} - interval '1 minute' order by h) || excluded.hits`,
          },
        })
        .returning({ hits: writeRates.hits }),
    );
    return d
      .with(rec, rate)
      .select({
        recorded: sql<number>`(select count(*) from ${rec})::int`.as('recorded'),
        recentWrites: sql<number>`coalesce((select cardinality(hits) from ${rate}), 0)::int`.as('recent_writes'),
        oldestWriteMs: sql<number | null>`(select extract(epoch from hits[1]) * 1000 from ${rate})::float8`.as(
          'oldest_write_ms',
        ),
        member: members,
        settings: guildSettings,
      })
      .from(sql`(select 1) as "one"`)
      .leftJoin(members, and(eq(members.guildId, p.guildId), eq(members.userId, p.userId)))
      .leftJoin(guildSettings, eq(guildSettings.guildId, p.guildId))
      .prepare('record-interaction');
  });
  const [row] = await q.execute({ ...r, nowIso: r.now.toISOString() });
  return {
    first: (row?.recorded ?? 0) > 0,
    recentWrites: row?.recentWrites ?? 0,
    oldestWrite: row?.oldestWriteMs != null ? new Date(Number(row.oldestWriteMs)) : undefined,
    actor: { member: row?.member ?? undefined, settings: row?.settings ?? defaultGuildSettings(r.guildId) },
  };
}
