// Challenges a learner hit (and how they solved them), "helped me too" marks, guild tags, full-text search.
// Every query filters by guild id and hides rows a moderator removed (removed_at set).
import { and, desc, eq, getTableColumns, ilike, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client.js';
import { prepared } from '../prepared.js';
import { challengeHelped, challenges, projects, takeaways, type Challenge, type Project } from '../schema.js';

/** A challenge as shown: without the tsvector, with its "helped me too" count and linked project name. */
export type ChallengeView = Omit<Challenge, 'search'> & { helpedCount: number; projectName: string | null };

const { search: _search, ...challengeColumns } = getTableColumns(challenges);

const helpedCount =
  sql<number>`(select count(*) from ${challengeHelped} where ${challengeHelped.guildId} = ${challenges.guildId} and ${challengeHelped.challengeId} = ${challenges.id})`.mapWith(
    Number,
  );

export const viewColumns = { ...challengeColumns, helpedCount, projectName: projects.name };

export function live(guildId: string): SQL {
  return and(eq(challenges.guildId, guildId), isNull(challenges.removedAt))!;
}

function viewQuery(db: Db) {
  return db
    .select(viewColumns)
    .from(challenges)
    .leftJoin(
      projects,
      and(eq(projects.id, challenges.projectId), eq(projects.guildId, challenges.guildId), isNull(projects.removedAt)),
    );
}

export interface NewChallenge {
  authorId: string;
  title: string;
  problem: string;
  solution: string | null;
  tags: string[];
  projectId: number | null;
}

export async function insertChallenge(
  db: Db,
  guildId: string,
  c: NewChallenge,
  now: Date,
): Promise<Omit<Challenge, 'search'>> {
  const solved = c.solution !== null;
  const q = prepared(db, 'insert-challenge', (d) => {
    const ph = (name: string) => sql.placeholder(name);
    return d
      .insert(challenges)
      .values({
        guildId: ph('guildId'),
        authorId: ph('authorId'),
        projectId: ph('projectId'),
        title: ph('title'),
        problem: ph('problem'),
        solution: ph('solution'),
        tags: ph('tags'),
        status: ph('status'),
        // Nullable: a placeholder wrapped in SQL skips the column's date mapping (ISO string or null).
        solvedAt: sql`${ph('solvedAt')}::timestamptz`,
        createdAt: ph('now'),
        updatedAt: ph('now'),
      })
      .returning(challengeColumns) // not the tsvector: nothing shows it
      .prepare('insert-challenge');
  });
  const [row] = await q.execute({
    guildId,
    authorId: c.authorId,
    projectId: c.projectId,
    title: c.title,
    problem: c.problem,
    solution: c.solution,
    tags: c.tags,
    status: solved ? 'solved' : 'open',
    solvedAt: solved ? now.toISOString() : null,
    now,
  });
  return row!;
}

export async function getChallenge(db: Db, guildId: string, id: number): Promise<ChallengeView | undefined> {
  const [row] = await viewQuery(db)
    .where(and(live(guildId), eq(challenges.id, id)))
    .limit(1);
  return row;
}

/**
 * Adds or replaces the solution (author only: the caller checks). The first solve sets solved_at; editing a
 * solution later keeps it, so "solved this week" counts stay true.
 */
export async function solveChallenge(
  db: Db,
  guildId: string,
  id: number,
  authorId: string,
  solution: string,
  now: Date,
): Promise<boolean> {
  const rows = await db
    .update(challenges)
    .set({
      solution,
      status: 'solved',
      solvedAt: sql`coalesce(${challenges.solvedAt}, ${now.toISOString()}::timestamptz)`,
      updatedAt: now,
    })
    .where(and(live(guildId), eq(challenges.id, id), eq(challenges.authorId, authorId)))
    .returning({ id: challenges.id });
  return rows.length > 0;
}

/** One mark per user per challenge: a second call takes it back. Returns whether the user now has a mark, and the count. */
export async function toggleHelped(
  db: Db,
  guildId: string,
  challengeId: number,
  userId: string,
  now: Date,
): Promise<{ marked: boolean; count: number }> {
  return db.transaction(async (tx) => {
    const removed = await tx
      .delete(challengeHelped)
      .where(
        and(
          eq(challengeHelped.guildId, guildId),
          eq(challengeHelped.challengeId, challengeId),
          eq(challengeHelped.userId, userId),
        ),
      )
      .returning({ userId: challengeHelped.userId });
    if (removed.length === 0) {
      await tx.insert(challengeHelped).values({ guildId, challengeId, userId, createdAt: now }).onConflictDoNothing();
    }
    const [c] = await tx
      .select({ n: sql<number>`count(*)`.mapWith(Number) })
      .from(challengeHelped)
      .where(and(eq(challengeHelped.guildId, guildId), eq(challengeHelped.challengeId, challengeId)));
    return { marked: removed.length === 0, count: c?.n ?? 0 };
  });
}

export interface ChallengePage {
  rows: ChallengeView[];
  total: number;
}

const total = sql<number>`count(*) over ()`.mapWith(Number);

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (ch) => '\\' + ch);
}

function pagedViewQuery(db: Db) {
  return db
    .select({ ...viewColumns, total })
    .from(challenges)
    .leftJoin(
      projects,
      and(eq(projects.id, challenges.projectId), eq(projects.guildId, challenges.guildId), isNull(projects.removedAt)),
    );
}

function page(rows: Array<ChallengeView & { total: number }>): ChallengePage {
  return { rows: rows.map(({ total: _t, ...r }) => r), total: rows[0]?.total ?? 0 };
}

/** The caller's own challenges, open ones first, newest first. */
export async function listAuthorChallenges(
  db: Db,
  guildId: string,
  authorId: string,
  limit: number,
  offset: number,
): Promise<ChallengePage> {
  const rows = await pagedViewQuery(db)
    .where(and(live(guildId), eq(challenges.authorId, authorId)))
    .orderBy(
      sql`case when ${challenges.status} = 'open' then 0 else 1 end`,
      desc(challenges.createdAt),
      desc(challenges.id),
    )
    .limit(limit)
    .offset(offset);
  return page(rows);
}

/** For `id` autocomplete: recent challenges whose id starts with, or whose title contains, what was typed. */
export async function suggestChallenges(
  db: Db,
  guildId: string,
  typed: string,
  opts: { authorId?: string; limit?: number } = {},
): Promise<Array<Pick<Challenge, 'id' | 'title' | 'status'>>> {
  const t = typed.trim().replace(/^#/, '');
  const conds: SQL[] = [live(guildId)];
  if (opts.authorId) conds.push(eq(challenges.authorId, opts.authorId));
  if (t) {
    const pattern = `%${escapeLike(t)}%`;
    const idMatch = /^\d{1,15}$/.test(t) ? [sql`${challenges.id}::text like ${t + '%'}`] : [];
    conds.push(or(ilike(challenges.title, pattern), ...idMatch)!);
  }
  return db
    .select({ id: challenges.id, title: challenges.title, status: challenges.status })
    .from(challenges)
    .where(and(...conds))
    .orderBy(desc(challenges.createdAt), desc(challenges.id))
    .limit(opts.limit ?? 25);
}

/** The guild's tags in use (challenges and takeaways), most used first, optionally starting with a prefix. */
export async function guildTags(db: Db, guildId: string, prefix: string, limit = 25): Promise<string[]> {
  const c = db
    .select({ tag: sql<string>`unnest(${challenges.tags})`.as('tag') })
    .from(challenges)
    .where(live(guildId));
  const t = db
    .select({ tag: sql<string>`unnest(${takeaways.tags})`.as('tag') })
    .from(takeaways)
    .where(and(eq(takeaways.guildId, guildId), isNull(takeaways.removedAt)));
  const all = c.unionAll(t).as('all_tags');
  const pattern = `${escapeLike(prefix)}%`;
  const rows = await db
    .select({ tag: all.tag, n: sql<number>`count(*)`.mapWith(Number) })
    .from(all)
    .where(prefix ? sql`${all.tag} like ${pattern}` : undefined)
    .groupBy(all.tag)
    .orderBy(desc(sql`count(*)`), all.tag)
    .limit(limit);
  return rows.map((r) => r.tag);
}

/** The caller's own active project with this id in this guild, if any (to link a challenge to it). */
export async function getOwnActiveProject(
  db: Db,
  guildId: string,
  ownerId: string,
  id: number,
): Promise<Pick<Project, 'id' | 'name'> | undefined> {
  const [row] = await db
    .select({ id: projects.id, name: projects.name })
    .from(projects)
    .where(
      and(
        eq(projects.guildId, guildId),
        eq(projects.id, id),
        eq(projects.ownerId, ownerId),
        isNull(projects.removedAt),
        eq(projects.status, 'active'),
      ),
    )
    .limit(1);
  return row;
}

export async function listOwnActiveProjects(
  db: Db,
  guildId: string,
  ownerId: string,
  limit = 5,
): Promise<Array<Pick<Project, 'id' | 'name'>>> {
  return db
    .select({ id: projects.id, name: projects.name })
    .from(projects)
    .where(
      and(
        eq(projects.guildId, guildId),
        eq(projects.ownerId, ownerId),
        isNull(projects.removedAt),
        eq(projects.status, 'active'),
      ),
    )
    .orderBy(desc(projects.createdAt))
    .limit(limit);
}
