import { and, eq } from 'drizzle-orm';
import type { Db } from '../client.js';
import { members, type Member, type Role } from '../schema.js';

export async function getMember(db: Db, guildId: string, userId: string): Promise<Member | undefined> {
  const [row] = await db
    .select()
    .from(members)
    .where(and(eq(members.guildId, guildId), eq(members.userId, userId)))
    .limit(1);
  return row;
}

export interface ProfilePatch {
  displayName: string;
  role?: Role;
  stack?: string[];
  timezone?: string;
  availability?: string;
  seeking?: boolean;
}

/** Creates or updates a profile; only the given fields change. */
export async function upsertProfile(db: Db, guildId: string, userId: string, patch: ProfilePatch, now: Date): Promise<Member> {
  const [row] = await db
    .insert(members)
    .values({ guildId, userId, ...patch, createdAt: now, updatedAt: now })
    .onConflictDoUpdate({ target: [members.guildId, members.userId], set: { ...patch, updatedAt: now } })
    .returning();
  return row!;
}
