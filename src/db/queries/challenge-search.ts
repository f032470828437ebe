// Challenge search: what a learner typed read as web search reads it (words, "phrases", -words), tags and
// their synonyms searched with the text, the newest matches ranked by how many of the words they hold.
import { and, desc, eq, gte, isNull, sql, type SQL } from 'drizzle-orm';
import { union } from 'drizzle-orm/pg-core';
import { synonymsOf, technologyOf } from '../../domain/technologies.js';
import type { Db } from '../client.js';
import { prepared, SEP } from '../prepared.js';
import { challenges, projects } from '../schema.js';
import { viewColumns, type ChallengePage } from './challenges.js';
import { WEEK } from '../../domain/time.js';

export interface ChallengeSearch {
  query: string;
  /** Only challenges carrying this tag (or one of its synonyms). */
  tag?: string | undefined;
  status?: 'open' | 'solved' | undefined;
  limit: number;
  offset: number;
  /** Now (ctx.clock): the newest matches are looked for in the recent weeks first. */
  now?: Date;
}

/** How far back the first, cheaper pass of a search looks. */
export const RECENT_SEARCH_WINDOW_MS = 26 * WEEK;

/**
 * Relevance is ranked among the newest matches only, so a search costs the same at any history size. 200
 * (40 pages of results): for a frequent word the planner then walks the newest challenges and stops, where
 * 1 000 made it fetch and rank every match.
 * A search of several words ranks the newest matches of all the words and the newest of any of them.
 */
export const SEARCH_CANDIDATES = 200;

/** At most this many words (or quoted phrases) are looked for, and as many left out. */
const MAX_SEARCH_TERMS = 8;

/** What a learner typed, read the way web search reads it: words, "quoted phrases", -excluded words. */
export interface SearchTerms {
  /** Each word or phrase looked for (any may match; the more match, the higher a challenge ranks). */
  include: string[];
  /** Words or phrases a challenge must not contain. */
  exclude: string[];
}

export function parseSearchQuery(query: string): SearchTerms {
  const include: string[] = [];
  const exclude: string[] = [];
  const add = (list: string[], text: string) => {
    if (list.length < MAX_SEARCH_TERMS && !list.includes(text)) list.push(text);
  };
  // Plain words in a row, so that a technology of several words is one term ("django rest framework").
  let run: string[] = [];
  const flush = () => {
    for (const t of joinKnownNames(run)) add(include, t);
    run = [];
  };
  // A quoted phrase (closed or running to the end), or a run of non-spaces; either may start with '-'.
  for (const m of query.matchAll(/(-?)"([^"]*)"?|(-?)([^\s"]+)/g)) {
    const negated = (m[1] ?? m[3]) === '-';
    const text = (m[2] ?? m[4] ?? '').replace(/\s+/g, ' ').trim().toLowerCase();
    if (!text || text === '-' || (!negated && m[4] !== undefined && text === 'or')) continue;
    if (!negated && m[4] !== undefined) {
      run.push(text);
      continue;
    }
    flush();
    add(negated ? exclude : include, text);
  }
  flush();
  return { include, exclude };
}

/** Joins consecutive words that together name a dictionary entry ("docker compose", "react native"). */
function joinKnownNames(words: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length;) {
    let n = Math.min(3, words.length - i);
    while (n > 1 && !technologyOf(words.slice(i, i + n).join('-'))) n--;
    out.push(words.slice(i, i + n).join(' '));
    i += n;
  }
  return out;
}

/**
 * Every spelling of a word or phrase: itself and, when it is a technology or concept of the dictionary,
 * its synonyms ("pg" → postgres, postgresql, psql…; "k8s" → kubernetes, kube). A hyphenated or dotted
 * spelling is also looked for as separate words ("django-rest-framework" → "django rest framework").
 */
function spellingsOf(term: string): string[] {
  const t = term.toLowerCase();
  const asTag = t.replace(/\s+/g, '-');
  const all = [t, ...(technologyOf(asTag) ? synonymsOf(asTag) : [])];
  const out: string[] = [];
  for (const s of all) {
    for (const form of [s, s.replace(/[-_.]+/g, ' ')]) {
      // Only letters, digits, spaces and a few joiners reach the query text: no quote, backslash or operator.
      const safe = form
        .replace(/[^\p{L}\p{N}\s._+#@/-]+/gu, ' ')
        .replace(/\s+/g, ' ')
        .trim();
      if (safe && !out.includes(safe)) out.push(safe);
    }
  }
  return out;
}

/** to_tsquery text of one term: any of its spellings, each parsed like the documents are (a phrase if several words). */
function termQuery(term: string, prefix: boolean): string | undefined {
  if (prefix) {
    const words = term.match(/[\p{L}\p{N}]+/gu) ?? [];
    return words.length ? `(${words.map((w) => `'${w}':*`).join(' & ')})` : undefined;
  }
  const spellings = spellingsOf(term);
  return spellings.length ? `(${spellings.map((s) => `'${s}'`).join(' | ')})` : undefined;
}

/** The query texts of one search: all terms, any term, and each term alone (to count how many match). */
export interface SearchQueries {
  all: string;
  any: string;
  each: string[];
}

/**
 * Builds the to_tsquery texts: `all` (every term), `any` (at least one), both without the excluded ones.
 * `prefix`: each word as a prefix ("dock" → 'dock':*), for the fallback when whole words match nothing.
 * Undefined when nothing is left to look for.
 */
function searchQueries(terms: SearchTerms, prefix = false): SearchQueries | undefined {
  const each = terms.include.map((t) => termQuery(t, prefix)).filter((q): q is string => !!q);
  if (!each.length) return undefined;
  const excluded = terms.exclude.map((t) => termQuery(t, false)).filter((q): q is string => !!q);
  const not = excluded.length ? ` & !(${excluded.join(' | ')})` : '';
  return { all: `(${each.join(' & ')})${not}`, any: `(${each.join(' | ')})${not}`, each };
}

/**
 * Full-text search over titles, tags, problems and solutions. Any word may match; challenges matching more
 * of the words rank first, then by the weighted `search` column (a title or tag hit outranks a problem hit,
 * which outranks a solution hit). Tags fold their synonyms ("pg" finds "postgres"). Quoted phrases and
 * -excluded words work as in web search. The query text is always a bound parameter, built only from
 * letters, digits and a few joiners. When the words match nothing whole (a partial word such as "dock"),
 * the same search runs on word prefixes ("dock:*"), still on the GIN index. At most SEARCH_CANDIDATES of
 * the newest matches of all the words, and as many of any of them, are ranked; `total` is then capped there
 * (`capped`).
 */
export async function searchChallenges(
  db: Db,
  guildId: string,
  s: ChallengeSearch,
): Promise<ChallengePage & { fallback: boolean; capped: boolean }> {
  const none = { rows: [], total: 0, fallback: false, capped: false };
  const terms = parseSearchQuery(s.query);
  const exactQueries = searchQueries(terms);
  if (!exactQueries) return none;
  const exact = await rankedSearch(db, guildId, 'web', exactQueries, s);
  if (exact.rows.length > 0 || s.offset > 0) return { ...exact, fallback: false };
  const prefixQueries = searchQueries(terms, true);
  if (!prefixQueries) return { ...exact, fallback: false };
  const partial = await rankedSearch(db, guildId, 'prefix', prefixQueries, s);
  return { ...partial, fallback: partial.rows.length > 0 };
}

/** Whole words (what the learner typed, synonyms folded) or the prefix fallback built from them. */
type QueryKind = 'web' | 'prefix';

/**
 * Where a pass looks for the newest matches:
 * - `window`: matches of the recent weeks (RECENT_SEARCH_WINDOW_MS); `all`: of the whole history. The
 *   planner picks the index (GIN or newest-first) from its estimate of how common the words are.
 *   `anyWindow` (several terms): matches of any term in the recent weeks, of all the terms in the whole
 *   history.
 * - `probe`: the newest PREFIX_PROBE_ROWS challenges, newest first, until enough match; `fenced`: every
 *   match from the GIN index, then the newest. For prefixes ("dock:*") PostgreSQL has no estimate (it
 *   assumes 2 % of rows whatever the prefix), so both plans are spelled out: a frequent prefix is found by
 *   the probe (through the GIN index it would read every match first); a rare one, through the GIN index
 *   only (the probe would walk the whole history without filling the page).
 */
type Pass = 'window' | 'anyWindow' | 'all' | 'probe' | 'fenced';

/** How many of the newest challenges the prefix probe reads (a prefix in 10 % of them fills the page). */
export const PREFIX_PROBE_ROWS = 2000;

type PassResult = ChallengePage & { capped: boolean; complete: boolean; anyFull: boolean };

/**
 * The newest SEARCH_CANDIDATES matches, ranked. When the recent weeks alone hold more than that many
 * matches (of any term), they are exactly the newest ones, so the search stops there and its cost does not
 * grow with the history; otherwise it looks at the whole history (same result, fewer matches to read).
 * Likewise, when the prefix probe finds more than that many (of all the words and of any), they are the
 * newest.
 */
async function rankedSearch(
  db: Db,
  guildId: string,
  kind: QueryKind,
  q: SearchQueries,
  s: ChallengeSearch,
): Promise<ChallengePage & { capped: boolean }> {
  let result: PassResult;
  if (kind === 'prefix') {
    result = await searchPass(db, guildId, 'probe', q, s);
    if (!result.complete) result = await searchPass(db, guildId, 'fenced', q, s);
  } else if (s.now) {
    // Matches of all the terms are rare enough to be looked for in the whole history at once (through the
    // GIN index, or newest first when common); those of any term, in the recent weeks first.
    result = await searchPass(db, guildId, q.each.length > 1 ? 'anyWindow' : 'window', q, s);
    if (!result.anyFull) result = await searchPass(db, guildId, 'all', q, s);
  } else {
    result = await searchPass(db, guildId, 'all', q, s);
  }
  return { rows: result.rows, total: result.total, capped: result.capped };
}

/**
 * The search statement of one shape (pass, one term or several, which filters), built once per handle:
 * the newest matches of all the terms and of any term (one set when there is one term), ranked by how many
 * terms match, then ts_rank, then the newest. Rank and match count are computed in the scans that find the
 * candidates (as the rows are read), so ranking needs no second read of them; this also keeps each custom
 * plan cheaper than a generic one, which could not know how common the words are.
 */
function searchStatement(db: Db, pass: Pass, several: boolean, tag: boolean, status: boolean) {
  return prepared(db, `search:${pass}:${several}:${tag}:${status}`, (d) => {
    const ph = (name: string) => sql.placeholder(name);
    const tsq = (name: string) => sql`to_tsquery('english', ${ph(name)})`;
    const scope = [
      eq(challenges.guildId, ph('guildId')),
      isNull(challenges.removedAt),
      tag ? sql`${challenges.tags} && string_to_array(${ph('tags')}, ${SEP})` : undefined,
      status ? eq(challenges.status, ph('status')) : undefined,
    ];
    // Each term's query, parsed once (an uncorrelated subquery), then tested against each candidate.
    const termQueries = sql`(select array_agg(to_tsquery('english', t.t)) from unnest(string_to_array(${ph('each')}, ${SEP})) as t(t))`;
    const scored = (search: typeof challenges.search | SQL) => ({
      rank: sql<number>`ts_rank(${search}, ${tsq('any')})`.as('rank'),
      matched: (several
        ? sql<number>`(select count(*) from unnest(${termQueries}) as q(q) where ${search} @@ q.q)`
        : sql<number>`1`
      ).as('matched'),
    });
    const newestMatches = (name: 'all_c' | 'any_c', query: SQL) => {
      const match = (col: typeof challenges.search | SQL) => sql`${col} @@ ${query}`;
      if (pass === 'window' || pass === 'anyWindow' || pass === 'all') {
        const windowed = pass === 'window' || (pass === 'anyWindow' && name === 'any_c');
        return d.$with(name).as(
          d
            .select({ id: challenges.id, createdAt: challenges.createdAt, ...scored(challenges.search) })
            .from(challenges)
            .where(
              and(...scope, match(challenges.search), windowed ? gte(challenges.createdAt, ph('since')) : undefined),
            )
            .orderBy(desc(challenges.createdAt))
            .limit(SEARCH_CANDIDATES + 1),
        );
      }
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
              .offset(ph('fence'))
              .as('source');
      return d.$with(name).as(
        d
          .select({ id: source.id, createdAt: source.createdAt, ...scored(sql`${source.search}`) })
          .from(source)
          .where(pass === 'probe' ? match(sql`${source.search}`) : undefined)
          .orderBy(desc(source.createdAt))
          .limit(SEARCH_CANDIDATES + 1),
      );
    };
    const anyC = newestMatches('any_c', tsq('any'));
    const allC = several ? newestMatches('all_c', tsq('all')) : anyC;
    // The newest SEARCH_CANDIDATES of each (a further one only tells that there are more). A challenge in
    // both has the same rank and count in both, so the union keeps it once.
    const newest = (c: typeof anyC) =>
      d
        .select({ id: c.id, createdAt: c.createdAt, rank: c.rank, matched: c.matched })
        .from(c)
        .orderBy(desc(c.createdAt))
        .limit(SEARCH_CANDIDATES);
    const candidates = d.$with('candidates').as(several ? union(newest(allC), newest(anyC)) : newest(anyC));
    const full = (c: typeof anyC) => sql`(select count(*) from ${c}) > ${SEARCH_CANDIDATES}`;
    const hits = d.$with('hits').as(
      d
        .select({
          id: candidates.id,
          createdAt: candidates.createdAt,
          rank: candidates.rank,
          matched: candidates.matched,
          n: sql<number>`count(*) over ()`.as('n'),
          allFull: sql<boolean>`${full(allC)}`.as('all_full'),
          anyFull: sql<boolean>`${full(anyC)}`.as('any_full'),
        })
        .from(candidates)
        .orderBy(desc(candidates.matched), desc(candidates.rank), desc(candidates.createdAt), desc(candidates.id))
        .limit(ph('limit'))
        .offset(ph('offset')),
    );
    const withs = several ? [anyC, allC, candidates, hits] : [anyC, candidates, hits];
    return d
      .with(...withs)
      .select({
        ...viewColumns,
        total: sql<number>`${hits.n}`.mapWith(Number),
        allFull: sql<boolean>`${hits.allFull}`,
        anyFull: sql<boolean>`${hits.anyFull}`,
      })
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
      .orderBy(desc(hits.matched), desc(hits.rank), desc(hits.createdAt), desc(hits.id))
      .prepare('search');
  });
}

async function searchPass(
  db: Db,
  guildId: string,
  pass: Pass,
  q: SearchQueries,
  s: ChallengeSearch,
): Promise<PassResult> {
  const several = q.each.length > 1;
  const tags = s.tag ? synonymsOf(s.tag) : [];
  const rows = await searchStatement(db, pass, several, tags.length > 0, !!s.status).execute({
    guildId,
    any: q.any,
    ...(several ? { all: q.all, each: q.each.join(SEP) } : {}),
    limit: s.limit,
    offset: s.offset,
    ...(pass === 'window' || pass === 'anyWindow'
      ? { since: new Date(s.now!.getTime() - RECENT_SEARCH_WINDOW_MS).toISOString() }
      : {}),
    ...(pass === 'fenced' ? { fence: 0 } : {}),
    ...(tags.length ? { tags: tags.join(SEP) } : {}),
    ...(s.status ? { status: s.status } : {}),
  });
  const first = rows[0];
  // More matches than were ranked, of any term or of all of them.
  const capped = first !== undefined && (first.anyFull === true || first.allFull === true);
  // The newest matches are all found when both sets filled up (they are then the history's newest too).
  const complete = first !== undefined && first.anyFull === true && first.allFull === true;
  return {
    rows: rows.map(({ total: _t, allFull: _a, anyFull: _y, ...r }) => r),
    total: first?.total ?? 0,
    capped,
    complete,
    anyFull: first?.anyFull === true,
  };
}
