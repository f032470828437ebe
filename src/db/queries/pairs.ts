// Pairs: who is paired with whom, on which project; ended pairs stay as history. Scoped by guild.
import { and, desc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { pairs, projects, type Pair, type Project } from '../schema.js';

const between = (a: string, b: string) =>
  or(and(eq(pairs.userA, a), eq(pairs.userB, b)), and(eq(pairs.userA, b), eq(pairs.userB, a)));

/** A pair this user is (or was) one of the two in. */
export const withMember = (userId: string) => or(eq(pairs.userA, userId), eq(pairs.userB, userId));

export async function activePairBetween(db: Db, guildId: string, a: string, b: string): Promise<Pair | undefined> {
  const [p] = await db
    .select()
    .from(pairs)
    .where(and(eq(pairs.guildId, guildId), isNull(pairs.endedAt), between(a, b)))
    .limit(1);
  return p;
}

/**
 * Serialises pair forming for these members until the transaction ends (one partner per project per member):
 * a transaction-level advisory lock per member, taken in id order, so two accepts that share a member run one
 * after the other and two that share none never wait on each other. Take it before checking who is paired.
 */
export async function lockMembersForPairing(db: Db, guildId: string, userIds: string[]): Promise<void> {
  for (const id of [...new Set(userIds)].sort())
    await db.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`nexus-pairing:${guildId}:${id}`}, 0))`);
}

/** Every pair the user was ever in (history is kept forever). */
export async function pairsOf(db: Db, guildId: string, userId: string, activeOnly = false): Promise<Pair[]> {
  return db
    .select()
    .from(pairs)
    .where(and(eq(pairs.guildId, guildId), withMember(userId), activeOnly ? isNull(pairs.endedAt) : undefined))
    .orderBy(desc(pairs.startedAt))
    .limit(100);
}

/** One pair of this guild by id. */
export async function getPair(db: Db, guildId: string, id: number): Promise<Pair | undefined> {
  if (!Number.isSafeInteger(id) || id <= 0) return undefined;
  const [p] = await db
    .select()
    .from(pairs)
    .where(and(eq(pairs.guildId, guildId), eq(pairs.id, id)))
    .limit(1);
  return p;
}

/** Which project a pairing is about: the same project = the same track, else the same normalised name. */
export type ProjectKey = Pick<Project, 'normalizedName' | 'trackId'>;

export const sameProject = (key: ProjectKey) =>
  key.trackId !== null
    ? or(eq(projects.normalizedName, key.normalizedName), eq(projects.trackId, key.trackId))
    : eq(projects.normalizedName, key.normalizedName);

/** The user's active pairs on this project (a pair points at one side's project row), newest first. */
export async function activePairsOnProject(db: Db, guildId: string, userId: string, key: ProjectKey): Promise<Pair[]> {
  const rows = await db
    .select({ pair: pairs })
    .from(pairs)
    .innerJoin(projects, and(eq(projects.guildId, pairs.guildId), eq(projects.id, pairs.projectId)))
    .where(and(eq(pairs.guildId, guildId), isNull(pairs.endedAt), withMember(userId), sameProject(key)))
    .orderBy(desc(pairs.startedAt))
    .limit(10);
  return rows.map((r) => r.pair);
}

/** Does `p` (a pair's project) count as the project `key`? The same test as sameProject, in memory. */
export function isSameProject(p: ProjectKey, key: ProjectKey): boolean {
  return p.normalizedName === key.normalizedName || (key.trackId !== null && p.trackId === key.trackId);
}

/** The user's active pairs with the project each points at (one statement, for all their projects). */
export async function activePairsWithProjects(
  db: Db,
  guildId: string,
  userId: string,
): Promise<Array<{ pair: Pair; project: ProjectKey }>> {
  return db
    .select({ pair: pairs, project: { normalizedName: projects.normalizedName, trackId: projects.trackId } })
    .from(pairs)
    .innerJoin(projects, and(eq(projects.guildId, pairs.guildId), eq(projects.id, pairs.projectId)))
    .where(and(eq(pairs.guildId, guildId), isNull(pairs.endedAt), withMember(userId)))
    .orderBy(desc(pairs.startedAt))
    .limit(50);
}

/** Ends an active pair; undefined when it had ended already. */
export async function endPair(
  db: Db,
  guildId: string,
  pairId: number,
  endedBy: string,
  reason: string | null,
  now: Date,
): Promise<Pair | undefined> {
  const [row] = await db
    .update(pairs)
    .set({ endedAt: now, endedBy, endReason: reason })
    .where(and(eq(pairs.guildId, guildId), eq(pairs.id, pairId), isNull(pairs.endedAt)))
    .returning();
  return row;
}

/** These (visible) projects' names and identities (name key, track), by id. */
export async function projectsByIds(
  db: Db,
  guildId: string,
  ids: number[],
): Promise<Map<number, ProjectKey & Pick<Project, 'name'>>> {
  const out = new Map<number, ProjectKey & Pick<Project, 'name'>>();
  if (!ids.length) return out;
  const rows = await db
    .select({
      id: projects.id,
      name: projects.name,
      normalizedName: projects.normalizedName,
      trackId: projects.trackId,
    })
    .from(projects)
    .where(and(eq(projects.guildId, guildId), inArray(projects.id, ids), isNull(projects.removedAt)));
  for (const { id, ...p } of rows) out.set(id, p);
  return out;
}

/** The names of these (visible) projects, by id. */
export async function projectNames(db: Db, guildId: string, ids: number[]): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  for (const [id, p] of await projectsByIds(db, guildId, ids)) out.set(id, p.name);
  return out;
}
