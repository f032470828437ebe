import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../client.js';
import { tracks, type Track } from '../schema.js';

export async function listTracks(db: Db, guildId: string): Promise<Track[]> {
  return db.select().from(tracks).where(eq(tracks.guildId, guildId)).orderBy(asc(tracks.name));
}

export async function findTrackByKey(db: Db, guildId: string, normalizedName: string): Promise<Track | undefined> {
  const [t] = await db
    .select()
    .from(tracks)
    .where(and(eq(tracks.guildId, guildId), eq(tracks.normalizedName, normalizedName)))
    .limit(1);
  return t;
}
