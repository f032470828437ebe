// Challenges a learner hit (and how they solved them), "helped me too" marks, guild tags, full-text search.
// Every query filters by guild id and hides rows a moderator removed (removed_at set).
import { and, desc, eq, getTableColumns, gt, gte, ilike, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client.js';
import { prepared } from '../prepared.js';
import {
  challengeHelped,
  challenges,
  formDrafts,
  projects,
  takeaways,
  type Challenge,
  type FormDraft,
  type Project,
} from '../schema.js';

/** A challenge as shown: without the tsvector, with its "helped me too" count and linked project name. */
export type ChallengeView = Omit<Challenge, 'search'> & { helpedCount: number; projectName: string | null };

const { search: _search, ...challengeColumns } = getTableColumns(challenges);

const helpedCount =
  sql<number>`(select count(*) from ${challengeHelped} where ${challengeHelped.guildId} = ${challenges.guildId} and ${challengeHelped.challengeId} = ${challenges.id})`.mapWith(
    Number,
  );

const viewColumns = { ...challengeColumns, helpedCount, projectName: projects.name };

function live(guildId: string): SQL {
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

/** Where the public card of a challenge was posted. */
export async function setChallengeMessage(
  db: Db,
  guildId: string,
  id: number,
  channelId: string,
  messageId: string,
): Promise<void> {
  const q = prepared(db, 'challenge-message', (d) =>
    d
      .update(challenges)
      .set({ channelId: sql`${sql.placeholder('channelId')}`, messageId: sql`${sql.placeholder('messageId')}` })
      .where(and(eq(challenges.guildId, sql.placeholder('guildId')), eq(challenges.id, sql.placeholder('id'))))
      .prepare('challenge-message'),
  );
  await q.execute({ guildId, id, channelId, messageId });
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

export interface ChallengeSearch {
  query: string;
  tag?: string | undefined;
  status?: 'open' | 'solved' | undefined;
  limit: number;
  offset: number;
  /** Now (ctx.clock): the newest matches are looked for in the recent weeks first. */
  now?: Date;
}

/** How far back the first, cheaper pass of a search looks. */
export const RECENT_SEARCH_WINDOW_MS = 26 * 7 * 86_400_000;

const total = sql<number>`count(*) over ()`.mapWith(Number);

/**
 * Relevance is ranked among the newest matches only, so a search costs the same at any history size. 200
 * (40 pages of results): for a frequent word the planner then walks the newest challenges and stops, where
 * 1 000 made it fetch and rank every match (6 ms → 1.5 ms for a word in a third of 5 000 challenges).
 */
export const SEARCH_CANDIDATES = 200;

/**
 * Full-text search over titles, problems and solutions, ranked by the weighted `search` column (a title hit
 * outranks a problem hit, which outranks a solution hit). The query is always a bound parameter. When the
 * words match nothing whole (a partial word such as "dock"), the same search runs on word prefixes
 * ("dock:*"), still on the GIN index. At most SEARCH_CANDIDATES of the newest matches are ranked;
 * `total` is then capped there (`capped`).
 */
export async function searchChallenges(
  db: Db,
  guildId: string,
  s: ChallengeSearch,
): Promise<ChallengePage & { fallback: boolean; capped: boolean }> {
  const exact = await rankedSearch(db, guildId, 'web', s.query, s);
  if (exact.rows.length > 0 || s.offset > 0) return { ...exact, fallback: false };
  const words = s.query.match(/[\p{L}\p{N}]+/gu) ?? [];
  if (!words.length) return { ...exact, fallback: false };
  // Only letters and digits reach to_tsquery, so its syntax cannot be broken by user text.
  const prefix = words
    .slice(0, 8)
    .map((w) => `${w}:*`)
    .join(' & ');
  const partial = await rankedSearch(db, guildId, 'prefix', prefix, s);
  return { ...partial, fallback: partial.rows.length > 0 };
}

/** websearch_to_tsquery for what the learner typed; to_tsquery for the prefix fallback built above. */
type QueryKind = 'web' | 'prefix';

/**
 * Where a pass looks for the newest matches:
 * - `window`: matches of the recent weeks (RECENT_SEARCH_WINDOW_MS); `all`: of the whole history. The
 *   planner picks the index (GIN or newest-first) from its estimate of how common the words are.
 * - `probe`: the newest PREFIX_PROBE_ROWS challenges, newest first, until enough match; `fenced`: every
 *   match from the GIN index, then the newest. For prefixes ("dock:*") PostgreSQL has no estimate (it
 *   assumes 2 % of rows whatever the prefix), so both plans are spelled out: a frequent prefix is found by
 *   the probe (it read up to 126 ms of index matches before); a rare one, through the GIN index only (it
 *   walked all 200 000 challenges, 294 ms, before).
 */
type Pass = 'window' | 'all' | 'probe' | 'fenced';

/** How many of the newest challenges the prefix probe reads (a prefix in 10 % of them fills the page). */
export const PREFIX_PROBE_ROWS = 2000;

/**
 * The newest SEARCH_CANDIDATES matches, ranked. When the recent weeks alone hold more than that many
 * matches, they are exactly the newest ones, so the search stops there and its cost does not grow with
 * the history; otherwise it looks at the whole history (same result, fewer matches to read). Likewise, when
 * the prefix probe finds more than that many, they are the newest.
 */
async function rankedSearch(
  db: Db,
  guildId: string,
  kind: QueryKind,
  q: string,
  s: ChallengeSearch,
): Promise<ChallengePage & { capped: boolean }> {
  const passes: Pass[] = kind === 'prefix' ? ['probe', 'fenced'] : s.now ? ['window', 'all'] : ['all'];
  let result: ChallengePage & { capped: boolean } = { rows: [], total: 0, capped: false };
  for (const pass of passes) {
    result = await searchPass(db, guildId, kind, pass, q, s);
    if (result.capped) break;
  }
  return result;
}

/** The search statement of one shape (query kind, pass, which filters), built once per handle. */
function searchStatement(db: Db, kind: QueryKind, pass: Pass, tag: boolean, status: boolean) {
  return prepared(db, `search:${kind}:${pass}:${tag}:${status}`, (d) => {
    const q = sql.placeholder('q');
    const tsq = kind === 'web' ? sql`websearch_to_tsquery('english', ${q})` : sql`to_tsquery('english', ${q})`;
    const scope = [
      eq(challenges.guildId, sql.placeholder('guildId')),
      isNull(challenges.removedAt),
      tag ? sql`${challenges.tags} @> array[${sql.placeholder('tag')}]::text[]` : undefined,
      status ? eq(challenges.status, sql.placeholder('status')) : undefined,
    ];
    const match = (col: typeof challenges.search | SQL) => sql`${col} @@ ${tsq}`;
    const rank = (col: typeof challenges.search | SQL) => sql<number>`ts_rank(${col}, ${tsq})`.as('rank');
    let candidates;
    if (pass === 'window' || pass === 'all') {
      candidates = d.$with('candidates').as(
        d
          .select({ id: challenges.id, createdAt: challenges.createdAt, rank: rank(challenges.search) })
          .from(challenges)
          .where(
            and(
              ...scope,
              match(challenges.search),
              pass === 'window' ? gte(challenges.createdAt, sql.placeholder('since')) : undefined,
            ),
          )
          .orderBy(desc(challenges.createdAt))
          .limit(SEARCH_CANDIDATES + 1),
      );
    } else {
      // probe: a LIMIT subquery (the match filter cannot be pushed into it) read newest first.
      // fenced: an OFFSET (0, a parameter: Drizzle leaves a literal 0 out) keeps the newest-first order out
      // of the subquery, so it is planned on the GIN index.
      const inner = d
        .select({ id: challenges.id, createdAt: challenges.createdAt, search: challenges.search })
        .from(challenges);
      const source =
        pass === 'probe'
          ? inner
              .where(and(...scope))
              .orderBy(desc(challenges.createdAt))
              .limit(PREFIX_PROBE_ROWS)
              .as('source')
          : inner
              .where(and(...scope, match(challenges.search)))
              .offset(sql.placeholder('fence'))
              .as('source');
      candidates = d.$with('candidates').as(
        d
          .select({ id: source.id, createdAt: source.createdAt, rank: rank(sql`${source.search}`) })
          .from(source)
          .where(pass === 'probe' ? match(sql`${source.search}`) : undefined)
          .orderBy(desc(source.createdAt))
          .limit(SEARCH_CANDIDATES + 1),
      );
    }
    const hits = d.$with('hits').as(
      d
        .with(candidates)
        .select({
          id: candidates.id,
          rank: candidates.rank,
          createdAt: candidates.createdAt,
          n: sql<number>`count(*) over ()`.as('n'),
        })
        .from(candidates)
        .orderBy(desc(candidates.rank), desc(candidates.createdAt), desc(candidates.id))
        .limit(sql.placeholder('limit'))
        .offset(sql.placeholder('offset')),
    );
    return d
      .with(hits)
      .select({ ...viewColumns, total: sql<number>`${hits.n}`.mapWith(Number) })
      .from(hits)
      .innerJoin(challenges, eq(challenges.id, hits.id))
      .leftJoin(
        projects,
        and(
          eq(projects.id, challenges.projectId),
          eq(projects.guildId, challenges.guildId),
          isNull(projects.removedAt),
        ),
      )
      .orderBy(desc(hits.rank), desc(hits.createdAt), desc(hits.id))
      .prepare('search');
  });
}

async function searchPass(
  db: Db,
  guildId: string,
  kind: QueryKind,
  pass: Pass,
  q: string,
  s: ChallengeSearch,
): Promise<ChallengePage & { capped: boolean }> {
  const rows = await searchStatement(db, kind, pass, !!s.tag, !!s.status).execute({
    guildId,
    q,
    limit: s.limit,
    offset: s.offset,
    ...(pass === 'window' ? { since: new Date(s.now!.getTime() - RECENT_SEARCH_WINDOW_MS).toISOString() } : {}),
    ...(pass === 'fenced' ? { fence: 0 } : {}),
    ...(s.tag ? { tag: s.tag } : {}),
    ...(s.status ? { status: s.status } : {}),
  });
  const p = page(rows);
  const capped = p.total > SEARCH_CANDIDATES;
  return { ...p, total: Math.min(p.total, SEARCH_CANDIDATES), capped };
}

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

// ---- form drafts: what a member typed into a form that did not validate ------------------------------

/**
 * Keeps what a member typed into `form` until `expiresAt`, replacing their earlier draft of the same form;
 * drops the guild's expired drafts on the way (the table stays as small as the forms in flight).
 */
export async function saveFormDraft(
  db: Db,
  guildId: string,
  d: Pick<FormDraft, 'id' | 'userId' | 'form' | 'fields' | 'expiresAt'>,
  now: Date,
): Promise<void> {
  await db
    .delete(formDrafts)
    .where(
      and(
        eq(formDrafts.guildId, guildId),
        or(lt(formDrafts.expiresAt, now), and(eq(formDrafts.userId, d.userId), eq(formDrafts.form, d.form))),
      ),
    );
  await db.insert(formDrafts).values({ ...d, guildId, createdAt: now });
}

/** The member's own draft with this id in this guild, unless it expired. */
export async function getFormDraft(
  db: Db,
  guildId: string,
  userId: string,
  id: string,
  now: Date,
): Promise<FormDraft | undefined> {
  const [row] = await db
    .select()
    .from(formDrafts)
    .where(
      and(
        eq(formDrafts.id, id),
        eq(formDrafts.guildId, guildId),
        eq(formDrafts.userId, userId),
        gt(formDrafts.expiresAt, now),
      ),
    )
    .limit(1);
  return row;
}

/** The form went through: its draft is no longer needed (its "Fix it" button then says it expired). */
export async function deleteFormDrafts(db: Db, guildId: string, userId: string, form: string): Promise<void> {
  await db
    .delete(formDrafts)
    .where(and(eq(formDrafts.guildId, guildId), eq(formDrafts.userId, userId), eq(formDrafts.form, form)));
}
