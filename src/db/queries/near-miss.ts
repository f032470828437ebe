// "Did you mean …?": the track or project a new name nearly matches, and the announce kept until its author
// answers (one open question per learner, for 15 minutes). Scoped by guild.
import { and, eq, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { pendingAnnounces, projects, tracks, type PendingAnnounce } from '../schema.js';
import { rowsOf } from '../raw.js';
import { NEAR_MISS_SIMILARITY, projectKey } from './projects.js';

export interface SimilarProject {
  /** The track's name, or the name its first builder announced it under. */
  name: string;
  trackId: number | null;
  /** Distinct learners with an active project on it. */
  learners: number;
}

/**
 * The track or project most like `name` without being it (a near miss: "Airbn clone" for the track "Airbnb
 * clone", "Ecommerce API" for "E-commerce platform"), by trigram similarity of the keys; tracks win ties.
 * Names whose numbers differ are different projects ("Project 1", "Project 2"), however alike.
 */
export async function findSimilarProject(db: Db, guildId: string, name: string): Promise<SimilarProject | undefined> {
  const result = await db.execute(sql`
    with typed as (select ${projectKey(name)} as key),
    candidates as (
      select t.name, t.id as track_id, t.normalized_name as key, 1 as is_track
      from ${tracks} t where t.guild_id = ${guildId}
      union all
      select (array_agg(p.name order by p.created_at, p.id))[1], null, p.normalized_name, 0
      from ${projects} p
      where p.guild_id = ${guildId} and p.removed_at is null and p.status = 'active' and p.track_id is null
        and p.normalized_name not like '% #%'
      group by p.normalized_name
    )
    select c.name, c.track_id,
      (select count(distinct p.owner_id) from ${projects} p
        where p.guild_id = ${guildId} and p.removed_at is null and p.status = 'active'
          and (p.normalized_name = c.key or p.track_id = c.track_id)) as learners
    from candidates c, typed
    where c.key <> typed.key and similarity(c.key, typed.key) >= ${NEAR_MISS_SIMILARITY}
      and regexp_replace(c.key, '[^0-9]', '', 'g') = regexp_replace(typed.key, '[^0-9]', '', 'g')
    order by similarity(c.key, typed.key) desc, c.is_track desc, learners desc, c.name
    limit 1`);
  const r = rowsOf<{ name: string; track_id: string | number | null; learners: string | number }>(result)[0];
  if (!r) return undefined;
  return { name: r.name, trackId: r.track_id === null ? null : Number(r.track_id), learners: Number(r.learners) };
}

/**
 * Keeps an announce until its author answers the near-miss question; returns its id (for the buttons). The
 * author's earlier open question (if any) and the guild's expired ones go: one open question per learner.
 */
export async function savePendingAnnounce(
  db: Db,
  p: Pick<PendingAnnounce, 'guildId' | 'userId' | 'channelId' | 'options' | 'suggestedName' | 'expiresAt'>,
  now: Date,
): Promise<number> {
  await db
    .delete(pendingAnnounces)
    .where(
      and(
        eq(pendingAnnounces.guildId, p.guildId),
        or(eq(pendingAnnounces.userId, p.userId), lt(pendingAnnounces.expiresAt, now)),
      ),
    );
  const [row] = await db
    .insert(pendingAnnounces)
    .values({ ...p, createdAt: now })
    .returning({ id: pendingAnnounces.id });
  return row!.id;
}

/**
 * Takes (deletes and returns) the open announce `id` if it is `userId`'s in this guild: a second click finds
 * nothing. 'not-yours' when it belongs to someone else (it stays); undefined when there is none.
 */
export async function takePendingAnnounce(
  db: Db,
  guildId: string,
  id: number,
  userId: string,
): Promise<PendingAnnounce | 'not-yours' | undefined> {
  if (!Number.isSafeInteger(id) || id <= 0) return undefined;
  const [row] = await db
    .delete(pendingAnnounces)
    .where(and(eq(pendingAnnounces.guildId, guildId), eq(pendingAnnounces.id, id), eq(pendingAnnounces.userId, userId)))
    .returning();
  if (row) return row;
  const [other] = await db
    .select({ id: pendingAnnounces.id })
    .from(pendingAnnounces)
    .where(and(eq(pendingAnnounces.guildId, guildId), eq(pendingAnnounces.id, id)))
    .limit(1);
  return other ? 'not-yours' : undefined;
}

/** A learner's open announce questions go (forget-me). */
export async function deletePendingAnnounces(db: Db, guildId: string, userId: string): Promise<number> {
  const rows = await db
    .delete(pendingAnnounces)
    .where(and(eq(pendingAnnounces.guildId, guildId), eq(pendingAnnounces.userId, userId)))
    .returning({ id: pendingAnnounces.id });
  return rows.length;
}
