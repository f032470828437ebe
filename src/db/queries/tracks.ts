import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../client.js';
import { projects, tracks, type Track } from '../schema.js';
import { projectKey } from './projects.js';

export async function listTracks(db: Db, guildId: string): Promise<Track[]> {
  return db.select().from(tracks).where(eq(tracks.guildId, guildId)).orderBy(asc(tracks.name));
}

/** The track this name stands for, however spelled ("E-commerce platform" = "ecommerce platform"). */
export async function findTrackByName(db: Db, guildId: string, name: string): Promise<Track | undefined> {
  const [t] = await db
    .select()
    .from(tracks)
    .where(and(eq(tracks.guildId, guildId), eq(tracks.normalizedName, projectKey(name))))
    .limit(1);
  return t;
}

export async function getTrack(db: Db, guildId: string, id: number): Promise<Track | undefined> {
  const [t] = await db
    .select()
    .from(tracks)
    .where(and(eq(tracks.guildId, guildId), eq(tracks.id, id)))
    .limit(1);
  return t;
}

/**
 * Adds a track; projects announced before it existed under the same project (same key, however spelled)
 * join it. Returns how many did.
 */
export async function addTrack(
  db: Db,
  t: { guildId: string; name: string; description: string | null; createdBy: string },
  now: Date,
): Promise<{ track: Track; linked: number }> {
  const [track] = await db
    .insert(tracks)
    .values({ ...t, normalizedName: projectKey(t.name), createdAt: now })
    .returning();
  const joined = await db
    .update(projects)
    .set({ trackId: track!.id })
    .where(and(eq(projects.guildId, t.guildId), eq(projects.normalizedName, track!.normalizedName)))
    .returning({ id: projects.id });
  return { track: track!, linked: joined.length };
}

/** Removes a track; its projects keep their names (and so their key: they stay one project) and leave it. */
export async function removeTrack(db: Db, guildId: string, id: number): Promise<void> {
  await db
    .update(projects)
    .set({ trackId: null })
    .where(and(eq(projects.guildId, guildId), eq(projects.trackId, id)));
  await db.delete(tracks).where(and(eq(tracks.guildId, guildId), eq(tracks.id, id)));
}
