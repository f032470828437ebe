import {
  and,
  asc,
  getTableColumns,
  count,
  desc,
  eq,
  gt,
  gte,
  ilike,
  isNull,
  lt,
  ne,
  or,
  sql,
  type Placeholder,
  type SQL,
} from 'drizzle-orm';
import type { Db } from '../client.js';
import { rowsOf } from '../raw.js';
import { driverValue, prepared, typedPlaceholder } from '../prepared.js';
import { projects, tracks, type Project, type Role, type Track } from '../schema.js';

/** How alike two keys must be (pg_trgm similarity, 0–1) for "Did you mean …?": "airbn clone" ~ "airbnb clone". */
export const NEAR_MISS_SIMILARITY = 0.3;

/** Visible = not removed by a moderator. Every query here is scoped by guild. */
const visible = (guildId: string | Placeholder | SQL) => and(eq(projects.guildId, guildId), isNull(projects.removedAt));

export async function getProject(db: Db, guildId: string, id: number): Promise<Project | undefined> {
  if (!Number.isSafeInteger(id) || id <= 0) return undefined;
  const [p] = await db
    .select()
    .from(projects)
    .where(and(visible(guildId), eq(projects.id, id)))
    .limit(1);
  return p;
}

/**
 * A name's project key, computed by the database (nexus_project_key, migration 0011): the one definition
 * every stored key comes from, so two spellings of one project always get the same key.
 */
export function projectKey(name: string | Placeholder | SQL): SQL<string> {
  return sql<string>`nexus_project_key(${name}::text)`;
}

/** A column of the outer `projects` row, always qualified (Drizzle leaves the table out of one-table selects). */
const outer = (column: string) => sql.raw(`"projects"."${column}"`);

/**
 * A project's identity, as SQL over `projects` (by that name, not an alias): its track when it is linked to
 * one ('t:<track id>'), else its key ('n:<normalized name>'). Projects with the same identity are one
 * project (pairing matches on the same key or track, see pair/seekers.ts projectKeyOf). Group or count by
 * it to list a project once: `count(distinct ${projectIdentity})`, `group by ${projectIdentity}`.
 */
export const projectIdentity: SQL<string> = sql<string>`coalesce('t:' || ${outer('track_id')}::text, 'n:' || ${outer('normalized_name')})`;

/**
 * The name a project identity is shown under, as SQL over `projects` (the same for every row of one
 * identity, so it can be grouped by with it): its track's name, else the name of its first announced
 * project ("E-Commerce Platform" for it and a later "ecommerce platform").
 */
export const projectIdentityName: SQL<string> = sql<string>`coalesce(
  (select t.name from ${tracks} t where t.guild_id = ${outer('guild_id')} and t.id = ${outer('track_id')}),
  (select p1.name from ${projects} p1 where p1.guild_id = ${outer('guild_id')} and p1.normalized_name = ${outer('normalized_name')}
    and p1.removed_at is null order by p1.created_at, p1.id limit 1),
  ${outer('name')})`;

export async function findOwnProjectByName(
  db: Db,
  guildId: string,
  ownerId: string,
  name: string,
): Promise<Project | undefined> {
  const [p] = await db
    .select()
    .from(projects)
    .where(and(visible(guildId), eq(projects.ownerId, ownerId), eq(projects.normalizedName, projectKey(name))))
    .limit(1);
  return p;
}

export interface AnnounceLookup {
  /** The owner's visible project of that name: an announce updates it. */
  existing: Project | undefined;
  /** The track of that name. */
  track: Track | undefined;
  /** How many of the owner's other projects are active. */
  activeOthers: number;
  /** Whether another learner's visible project already has that key (then the name is no near miss). */
  known: boolean;
}

/** What announcing `name` needs, in one statement (the key is computed once, in the database). */
export async function announceLookup(db: Db, guildId: string, ownerId: string, name: string): Promise<AnnounceLookup> {
  const q = prepared(db, 'announce-lookup', (d) => {
    const g = sql.placeholder('guildId');
    const o = sql.placeholder('ownerId');
    const k = sql`"typed"."key"`;
    const others = d
      .select({ n: count() })
      .from(projects)
      .where(and(visible(g), eq(projects.ownerId, o), eq(projects.status, 'active'), ne(projects.normalizedName, k)));
    const known = sql<boolean>`exists (select 1 from ${projects} where ${projects.guildId} = ${g} and ${projects.removedAt} is null and ${projects.normalizedName} = ${k} and ${projects.ownerId} <> ${o})`;
    return d
      .select({ existing: projects, track: tracks, activeOthers: sql<number>`(${others})::int`, known })
      .from(sql`(select ${projectKey(sql.placeholder('name'))} as "key") as "typed"`)
      .leftJoin(projects, and(visible(g), eq(projects.ownerId, o), eq(projects.normalizedName, k)))
      .leftJoin(tracks, and(eq(tracks.guildId, g), eq(tracks.normalizedName, k)))
      .prepare('announce-lookup');
  });
  const [row] = await q.execute({ guildId, ownerId, name });
  return {
    existing: row?.existing ?? undefined,
    track: row?.track ?? undefined,
    activeOthers: Number(row?.activeOthers ?? 0),
    known: row?.known === true,
  };
}

/**
 * What an announce or an update sets (the owner, guild and creation time are fixed). The key is not among
 * them: it is always computed from the name (projectKey), so a name and its key cannot disagree.
 */
export type ProjectValues = Partial<
  Omit<typeof projects.$inferInsert, 'id' | 'guildId' | 'ownerId' | 'createdAt' | 'normalizedName'>
>;

/**
 * Saves an announced project: updates `existingId`, or inserts a new project created `now`. One prepared
 * statement per kind and set of given columns.
 */
export async function saveProject(
  db: Db,
  guildId: string,
  ownerId: string,
  existingId: number | undefined,
  values: ProjectValues,
  now: Date,
): Promise<Project> {
  const cols = getTableColumns(projects);
  const keys = (Object.keys(values) as Array<keyof ProjectValues>).filter((k) => values[k] !== undefined).sort();
  const given = () => ({
    ...Object.fromEntries(keys.map((k) => [k, typedPlaceholder(cols[k], k)])),
    ...(keys.includes('name') ? { normalizedName: projectKey(sql.placeholder('name')) } : {}),
  });
  const params: Record<string, unknown> = Object.fromEntries(keys.map((k) => [k, driverValue(cols[k], values[k])]));
  if (existingId !== undefined) {
    const q = prepared(db, `update-project:${keys.join(',')}`, (d) =>
      d
        .update(projects)
        .set(given())
        .where(and(eq(projects.guildId, sql.placeholder('guildId')), eq(projects.id, sql.placeholder('id'))))
        .returning()
        .prepare('update-project'),
    );
    const [row] = await q.execute({ ...params, guildId, id: existingId });
    return row!;
  }
  const q = prepared(db, `insert-project:${keys.join(',')}`, (d) =>
    d
      .insert(projects)
      // name, normalized name and summary are among the given columns of every announce.
      .values({
        guildId: sql.placeholder('guildId'),
        ownerId: sql.placeholder('ownerId'),
        createdAt: typedPlaceholder(cols.createdAt, 'createdAt'),
        ...given(),
      } as unknown as typeof projects.$inferInsert)
      .returning()
      .prepare('insert-project'),
  );
  const [row] = await q.execute({ ...params, guildId, ownerId, createdAt: driverValue(cols.createdAt, now) });
  return row!;
}

export async function listOwnProjects(db: Db, guildId: string, ownerId: string): Promise<Project[]> {
  const q = prepared(db, 'own-projects', (d) =>
    d
      .select()
      .from(projects)
      .where(and(visible(sql.placeholder('guildId')), eq(projects.ownerId, sql.placeholder('ownerId'))))
      .orderBy(asc(projects.status), desc(projects.updatedAt))
      .limit(25)
      .prepare('own-projects'),
  );
  return q.execute({ guildId, ownerId });
}

export interface ProjectFilter {
  trackId?: number;
  tag?: string;
  /** Only projects actively seeking this role ('any' = any role). */
  seeking?: Role | 'any';
  now: Date;
}

/**
 * Active, visible projects whose owner is seeking right now. The literal predicate matches the partial
 * indexes projects_guild_seeking_idx / projects_guild_name_seeking_idx (a bound parameter would not).
 */
export function seekingNow(now: Date | Placeholder | SQL): SQL {
  return and(
    sql`${projects.seekingRole} is not null and ${projects.removedAt} is null and ${projects.status} = 'active'`,
    gt(projects.seekingExpiresAt, now),
  )!;
}

/** Projects whose seeking flag lapsed within [start, end). */
export function seekingLapsedBetween(start: Date, end: Date): SQL {
  return and(
    sql`${projects.seekingRole} is not null and ${projects.removedAt} is null and ${projects.status} = 'active'`,
    gte(projects.seekingExpiresAt, start),
    lt(projects.seekingExpiresAt, end),
  )!;
}

export async function listProjects(
  db: Db,
  guildId: string,
  f: ProjectFilter,
  offset: number,
  limit: number,
): Promise<{ rows: Project[]; total: number }> {
  const seeking = f.seeking === undefined ? 'no' : f.seeking === 'any' ? 'any' : 'role';
  // The filter over named values: placeholders for the prepared statement, bound values for the fallback.
  const where = (ph: (name: string) => Placeholder | SQL) =>
    and(
      visible(ph('guildId')),
      eq(projects.status, 'active'),
      f.trackId !== undefined ? eq(projects.trackId, ph('trackId')) : undefined,
      f.tag ? sql`${projects.stack} @> array[${ph('tag')}]::text[]` : undefined,
      seeking !== 'no' ? seekingNow(ph('now')) : undefined,
      seeking === 'role' ? or(eq(projects.seekingRole, ph('role')), eq(projects.seekingRole, 'fullstack')) : undefined,
    );
  const values = {
    guildId,
    limit,
    offset,
    ...(f.trackId !== undefined ? { trackId: f.trackId } : {}),
    ...(f.tag ? { tag: f.tag } : {}),
    ...(seeking !== 'no' ? { now: f.now.toISOString() } : {}),
    ...(seeking === 'role' ? { role: f.seeking } : {}),
  };
  // The page and the total in one statement (the count is an uncorrelated subquery, run once); one
  // statement per combination of filters, built once. A page past the end has no row to carry the total,
  // so only then is it counted on its own.
  const q = prepared(db, `list-projects:${f.trackId !== undefined}:${!!f.tag}:${seeking}`, (d) => {
    const ph = (name: string) => sql.placeholder(name);
    const counted = d.select({ n: count() }).from(projects).where(where(ph));
    return d
      .select({ project: projects, total: sql<number>`(${counted})::int` })
      .from(projects)
      .where(where(ph))
      .orderBy(desc(projects.createdAt), desc(projects.id))
      .offset(sql.placeholder('offset'))
      .limit(sql.placeholder('limit'))
      .prepare('list-projects');
  });
  const page = await q.execute(values);
  if (page.length) return { rows: page.map((r) => r.project), total: Number(page[0]!.total) };
  if (offset === 0) return { rows: [], total: 0 };
  const bound = (name: string) => sql`${(values as Record<string, unknown>)[name]}`;
  const [total] = await db.select({ n: count() }).from(projects).where(where(bound));
  return { rows: [], total: total?.n ?? 0 };
}

/** For autocomplete: the guild's projects whose name contains the typed text. */
export async function searchProjectNames(
  db: Db,
  guildId: string,
  typed: string,
  limit = 25,
  ownerId?: string,
): Promise<Project[]> {
  const pattern = `%${typed.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
  return db
    .select()
    .from(projects)
    .where(
      and(
        visible(guildId),
        ownerId ? eq(projects.ownerId, ownerId) : undefined,
        typed ? ilike(projects.name, pattern) : undefined,
      ),
    )
    .orderBy(desc(projects.updatedAt))
    .limit(limit);
}

export interface NameSuggestion {
  name: string;
  /** A track (offered first), else a project announced under this name. */
  track: boolean;
  learners: number;
}

/**
 * For `name` autocomplete: tracks first, then projects once per key (the first announced spelling), each
 * containing what was typed or like it (trigram similarity); the closest first, then the most learners.
 */
export async function suggestProjectNames(
  db: Db,
  guildId: string,
  typed: string,
  opts: { tracksOnly?: boolean; limit?: number } = {},
): Promise<NameSuggestion[]> {
  const limit = opts.limit ?? 25;
  const result = await db.execute(sql`
    with typed as (select ${projectKey(typed)} as key),
    candidates as (
      select t.name, t.normalized_name as key, true as track,
        (select count(distinct p.owner_id) from ${projects} p
          where p.guild_id = t.guild_id and p.removed_at is null and p.status = 'active'
            and (p.track_id = t.id or p.normalized_name = t.normalized_name)) as learners
      from ${tracks} t where t.guild_id = ${guildId}
      union all
      select (array_agg(p.name order by p.created_at, p.id))[1], p.normalized_name, false, count(distinct p.owner_id)
      from ${projects} p
      where ${!opts.tracksOnly} and p.guild_id = ${guildId} and p.removed_at is null and p.status = 'active'
        and p.track_id is null and p.normalized_name not like '% #%'
      group by p.normalized_name
    )
    select c.name, c.track, c.learners
    from candidates c, typed
    where typed.key = '' or strpos(c.key, typed.key) > 0 or similarity(c.key, typed.key) >= ${NEAR_MISS_SIMILARITY}
    order by c.track desc, (strpos(c.key, typed.key) > 0) desc, similarity(c.key, typed.key) desc, c.learners desc, c.name
    limit ${limit}`);
  return rowsOf<{ name: string; track: boolean; learners: string | number }>(result).map((r) => ({
    name: r.name,
    track: r.track,
    learners: Number(r.learners),
  }));
}

/** Distinct stack tags used in the guild's projects, most used first (autocomplete). */
export async function projectTags(db: Db, guildId: string, typed: string, limit = 25): Promise<string[]> {
  const tag = sql<string>`t.tag`;
  const rows = await db
    .select({ tag, n: count() })
    .from(sql`${projects}, unnest(${projects.stack}) as t(tag)`)
    .where(
      and(
        visible(guildId),
        typed ? sql`t.tag like ${typed.toLowerCase().replace(/[\\%_]/g, (c) => '\\' + c) + '%'}` : undefined,
      ),
    )
    .groupBy(tag)
    .orderBy(desc(count()), asc(tag))
    .limit(limit);
  return rows.map((r) => r.tag);
}

/** Changes one project; returns it as saved, or undefined when it is not in this guild. */
export async function updateProject(
  db: Db,
  guildId: string,
  id: number,
  patch: ProjectValues,
): Promise<Project | undefined> {
  const [row] = await db
    .update(projects)
    .set(patch.name !== undefined ? { ...patch, normalizedName: projectKey(patch.name) } : patch)
    .where(and(eq(projects.guildId, guildId), eq(projects.id, id)))
    .returning();
  return row;
}

/** Archives a project: it stops seeking; it stays in its owner's history. */
export function archiveProject(db: Db, guildId: string, id: number, now: Date): Promise<Project | undefined> {
  return updateProject(db, guildId, id, {
    status: 'archived',
    seekingRole: null,
    seekingSince: null,
    seekingExpiresAt: null,
    updatedAt: now,
  });
}
