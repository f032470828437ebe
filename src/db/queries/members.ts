import { and, eq, sql, type Placeholder } from 'drizzle-orm';
import { prepared } from '../prepared.js';
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
}

/** Creates or updates a profile; only the given fields change. */
export async function upsertProfile(
  db: Db,
  guildId: string,
  userId: string,
  patch: ProfilePatch,
  now: Date,
): Promise<Member> {
  // One statement per set of given fields, built once (see prepared.ts).
  const fields = (Object.keys(patch) as Array<keyof ProfilePatch>).filter((k) => patch[k] !== undefined).sort();
  const q = prepared(db, `upsert-profile:${fields.join(',')}`, (d) => {
    const given = Object.fromEntries(fields.map((k) => [k, sql.placeholder(k)])) as Record<
      keyof ProfilePatch,
      Placeholder
    >;
    return (
      d
        .insert(members)
        .values({
          guildId: sql.placeholder('guildId'),
          userId: sql.placeholder('userId'),
          ...given,
          createdAt: sql.placeholder('now'),
          updatedAt: sql.placeholder('now'),
        })
        // On conflict, the given fields and updated_at take the proposed row's values (excluded.…).
        .onConflictDoUpdate({
          target: [members.guildId, members.userId],
          set: Object.fromEntries(
            [...fields, 'updatedAt' as const].map((k) => [k, sql.raw(`excluded.${members[k].name}`)]),
          ),
        })
        .returning()
        .prepare('upsert-profile')
    );
  });
  const [row] = await q.execute({ guildId, userId, ...Object.fromEntries(fields.map((k) => [k, patch[k]])), now });
  return row!;
}
