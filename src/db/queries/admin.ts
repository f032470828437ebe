// Moderation, statistics, export and audit reads for /nexus-admin. Every query is scoped by guild; the
// moderation lookups see removed rows too (a moderator must find what they removed to restore it).
import { and, count, desc, eq, getTableColumns, ilike, isNotNull, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '../client.js';
import {
  auditLog,
  challengeHelped,
  challenges,
  guildSettings,
  members,
  pairRequests,
  pairs,
  projects,
  takeaways,
  tracks,
  type AuditEntry,
  type Member,
} from '../schema.js';

// ---- soft delete ----------------------------------------------------------------------------------------

export const ENTRY_TYPES = ['project', 'challenge', 'takeaway', 'request'] as const;
export type EntryType = (typeof ENTRY_TYPES)[number];

/** The audit target type of each entry type (the table's own name for pair requests). */
export const ENTRY_TARGET: Record<EntryType, string> = {
  project: 'project',
  challenge: 'challenge',
  takeaway: 'takeaway',
  request: 'pair_request',
};

/** One entry as moderation sees it, whatever its table. `summary` is user text: escape it before display. */
export interface ModerationEntry {
  type: EntryType;
  id: number;
  authorId: string;
  summary: string;
  removedAt: Date | null;
  removedReason: string | null;
  channelId: string | null;
  messageId: string | null;
  /** What the audit row keeps about the entry. */
  snapshot: Record<string, unknown>;
}

/**
 * The entry (removed or not) with this id in this guild, locked for update when run inside a transaction
 * (two moderators acting at once produce one change and one audit row).
 */
export async function getEntryForModeration(
  db: Db,
  guildId: string,
  type: EntryType,
  id: number,
): Promise<ModerationEntry | undefined> {
  if (!Number.isSafeInteger(id) || id <= 0) return undefined;
  switch (type) {
    case 'project': {
      const [p] = await db
        .select()
        .from(projects)
        .where(and(eq(projects.guildId, guildId), eq(projects.id, id)))
        .limit(1)
        .for('update');
      return (
        p && {
          type,
          id: p.id,
          authorId: p.ownerId,
          summary: p.name,
          removedAt: p.removedAt,
          removedReason: p.removedReason,
          channelId: p.channelId,
          messageId: p.messageId,
          snapshot: { ownerId: p.ownerId, name: p.name, status: p.status },
        }
      );
    }
    case 'challenge': {
      const [c] = await db
        .select({
          id: challenges.id,
          authorId: challenges.authorId,
          title: challenges.title,
          status: challenges.status,
          removedAt: challenges.removedAt,
          removedReason: challenges.removedReason,
          channelId: challenges.channelId,
          messageId: challenges.messageId,
        })
        .from(challenges)
        .where(and(eq(challenges.guildId, guildId), eq(challenges.id, id)))
        .limit(1)
        .for('update');
      return (
        c && {
          type,
          id: c.id,
          authorId: c.authorId,
          summary: c.title,
          removedAt: c.removedAt,
          removedReason: c.removedReason,
          channelId: c.channelId,
          messageId: c.messageId,
          snapshot: { authorId: c.authorId, title: c.title.slice(0, 200), status: c.status },
        }
      );
    }
    case 'takeaway': {
      const [t] = await db
        .select()
        .from(takeaways)
        .where(and(eq(takeaways.guildId, guildId), eq(takeaways.id, id)))
        .limit(1)
        .for('update');
      return (
        t && {
          type,
          id: t.id,
          authorId: t.authorId,
          summary: t.text,
          removedAt: t.removedAt,
          removedReason: t.removedReason,
          channelId: null,
          messageId: null,
          snapshot: { authorId: t.authorId, text: t.text.slice(0, 200) },
        }
      );
    }
    case 'request': {
      const [r] = await db
        .select()
        .from(pairRequests)
        .where(and(eq(pairRequests.guildId, guildId), eq(pairRequests.id, id)))
        .limit(1)
        .for('update');
      return (
        r && {
          type,
          id: r.id,
          authorId: r.requesterId,
          summary: r.message ?? '',
          removedAt: r.removedAt,
          removedReason: r.removedReason,
          channelId: r.channelId,
          messageId: r.messageId,
          snapshot: { requesterId: r.requesterId, addresseeId: r.addresseeId, status: r.status },
        }
      );
    }
  }
}

/** Sets (removal given) or clears (null) removed_at/removed_reason. Returns whether a row changed. */
export async function setEntryRemoved(
  db: Db,
  guildId: string,
  type: EntryType,
  id: number,
  removal: { at: Date; reason: string } | null,
): Promise<boolean> {
  const set = { removedAt: removal?.at ?? null, removedReason: removal?.reason ?? null };
  switch (type) {
    case 'project':
      return (
        (
          await db
            .update(projects)
            .set(set)
            .where(and(eq(projects.guildId, guildId), eq(projects.id, id)))
            .returning({ id: projects.id })
        ).length > 0
      );
    case 'challenge':
      return (
        (
          await db
            .update(challenges)
            .set(set)
            .where(and(eq(challenges.guildId, guildId), eq(challenges.id, id)))
            .returning({ id: challenges.id })
        ).length > 0
      );
    case 'takeaway':
      return (
        (
          await db
            .update(takeaways)
            .set(set)
            .where(and(eq(takeaways.guildId, guildId), eq(takeaways.id, id)))
            .returning({ id: takeaways.id })
        ).length > 0
      );
    case 'request':
      return (
        (
          await db
            .update(pairRequests)
            .set(set)
            .where(and(eq(pairRequests.guildId, guildId), eq(pairRequests.id, id)))
            .returning({ id: pairRequests.id })
        ).length > 0
      );
  }
}

// ---- blocking -------------------------------------------------------------------------------------------

export async function getMemberForUpdate(db: Db, guildId: string, userId: string): Promise<Member | undefined> {
  const [m] = await db
    .select()
    .from(members)
    .where(and(eq(members.guildId, guildId), eq(members.userId, userId)))
    .limit(1)
    .for('update');
  return m;
}

/** Blocks (creating a bare members row when the user has no profile) or unblocks (block = null). */
export async function setMemberBlock(
  db: Db,
  guildId: string,
  userId: string,
  displayName: string,
  block: { at: Date; reason: string | null } | null,
  now: Date,
): Promise<Member> {
  const set = { blockedAt: block?.at ?? null, blockedReason: block?.reason ?? null, updatedAt: now };
  const [row] = await db
    .insert(members)
    .values({ guildId, userId, displayName, ...set, createdAt: now })
    .onConflictDoUpdate({ target: [members.guildId, members.userId], set })
    .returning();
  return row!;
}

// ---- statistics -----------------------------------------------------------------------------------------

export interface TrackStats {
  name: string;
  /** Whether this is a catalog track (else projects grouped by their normalised name). */
  isTrack: boolean;
  active: number;
  seeking: number;
  /** Active projects whose builder is in an active pair. */
  paired: number;
}

export interface GuildStats {
  learnersWithProfiles: number;
  blockedMembers: number;
  activeProjects: number;
  archivedProjects: number;
  activePairs: number;
  pendingRequests: number;
  openChallenges: number;
  solvedChallenges: number;
  takeaways: number;
  removedEntries: number;
  perTrack: TrackStats[];
}

const n = (v: unknown) => Number(v ?? 0);
const iso = (d: Date) => sql`${d.toISOString()}::timestamptz`;

/** Counts for the moderators' overview. Removed entries are not counted (except as "removed"). */
export async function guildStats(db: Db, guildId: string, now: Date): Promise<GuildStats> {
  const seekingNow = sql`${projects.seekingRole} is not null and ${projects.seekingExpiresAt} > ${iso(now)}`;
  const ownerPaired = sql`exists (select 1 from ${pairs} where ${pairs.guildId} = ${projects.guildId} and ${pairs.endedAt} is null and (${pairs.userA} = ${projects.ownerId} or ${pairs.userB} = ${projects.ownerId}))`;
  const groupKey = sql<string>`coalesce('t:' || ${projects.trackId}::text, 'n:' || ${projects.normalizedName})`;
  const [[m], [p], [pr], [rq], [c], [t], removed, perTrack, catalog] = await Promise.all([
    db
      .select({
        profiles:
          sql<number>`count(*) filter (where ${members.role} is not null or ${members.timezone} is not null or ${members.availability} is not null or cardinality(${members.stack}) > 0)`.mapWith(
            n,
          ),
        blocked: sql<number>`count(*) filter (where ${members.blockedAt} is not null)`.mapWith(n),
      })
      .from(members)
      .where(eq(members.guildId, guildId)),
    db
      .select({
        active: sql<number>`count(*) filter (where ${projects.status} = 'active')`.mapWith(n),
        archived: sql<number>`count(*) filter (where ${projects.status} = 'archived')`.mapWith(n),
      })
      .from(projects)
      .where(and(eq(projects.guildId, guildId), isNull(projects.removedAt))),
    db
      .select({ n: count() })
      .from(pairs)
      .where(and(eq(pairs.guildId, guildId), isNull(pairs.endedAt))),
    db
      .select({ n: count() })
      .from(pairRequests)
      .where(
        and(
          eq(pairRequests.guildId, guildId),
          isNull(pairRequests.removedAt),
          eq(pairRequests.status, 'pending'),
          sql`${pairRequests.expiresAt} > ${iso(now)}`,
        ),
      ),
    db
      .select({
        open: sql<number>`count(*) filter (where ${challenges.status} = 'open')`.mapWith(n),
        solved: sql<number>`count(*) filter (where ${challenges.status} = 'solved')`.mapWith(n),
      })
      .from(challenges)
      .where(and(eq(challenges.guildId, guildId), isNull(challenges.removedAt))),
    db
      .select({ n: count() })
      .from(takeaways)
      .where(and(eq(takeaways.guildId, guildId), isNull(takeaways.removedAt))),
    Promise.all([
      db
        .select({ n: count() })
        .from(projects)
        .where(and(eq(projects.guildId, guildId), isNotNull(projects.removedAt))),
      db
        .select({ n: count() })
        .from(challenges)
        .where(and(eq(challenges.guildId, guildId), isNotNull(challenges.removedAt))),
      db
        .select({ n: count() })
        .from(takeaways)
        .where(and(eq(takeaways.guildId, guildId), isNotNull(takeaways.removedAt))),
      db
        .select({ n: count() })
        .from(pairRequests)
        .where(and(eq(pairRequests.guildId, guildId), isNotNull(pairRequests.removedAt))),
    ]),
    db
      .select({
        key: groupKey,
        trackName: sql<string | null>`max(${tracks.name})`,
        projectName: sql<string>`min(${projects.name})`,
        active: count(),
        seeking: sql<number>`count(*) filter (where ${seekingNow})`.mapWith(n),
        paired: sql<number>`count(*) filter (where ${ownerPaired})`.mapWith(n),
      })
      .from(projects)
      .leftJoin(tracks, and(eq(tracks.guildId, projects.guildId), eq(tracks.id, projects.trackId)))
      .where(and(eq(projects.guildId, guildId), isNull(projects.removedAt), eq(projects.status, 'active')))
      .groupBy(groupKey)
      .orderBy(desc(count()), groupKey)
      .limit(200),
    db
      .select({ id: tracks.id, name: tracks.name })
      .from(tracks)
      .where(eq(tracks.guildId, guildId))
      .orderBy(tracks.name),
  ]);
  const rows: TrackStats[] = perTrack.map((r) => ({
    name: r.trackName ?? r.projectName,
    isTrack: r.key.startsWith('t:') && r.trackName !== null,
    active: n(r.active),
    seeking: r.seeking,
    paired: r.paired,
  }));
  // Catalog tracks nobody builds yet are worth seeing too.
  const present = new Set(perTrack.filter((r) => r.key.startsWith('t:')).map((r) => r.key));
  for (const tr of catalog)
    if (!present.has(`t:${tr.id}`)) rows.push({ name: tr.name, isTrack: true, active: 0, seeking: 0, paired: 0 });
  return {
    learnersWithProfiles: m?.profiles ?? 0,
    blockedMembers: m?.blocked ?? 0,
    activeProjects: p?.active ?? 0,
    archivedProjects: p?.archived ?? 0,
    activePairs: n(pr?.n),
    pendingRequests: n(rq?.n),
    openChallenges: c?.open ?? 0,
    solvedChallenges: c?.solved ?? 0,
    takeaways: n(t?.n),
    removedEntries: removed.reduce((s, [r]) => s + n(r?.n), 0),
    perTrack: rows,
  };
}

// ---- export ---------------------------------------------------------------------------------------------

/** Every table an export can hold, by its SQL name. Interaction tokens are never stored, so none leak. */
export const EXPORT_TABLES = {
  guild_settings: guildSettings,
  tracks,
  members,
  projects,
  pair_requests: pairRequests,
  pairs,
  challenges,
  challenge_helped: challengeHelped,
  takeaways,
  audit_log: auditLog,
} as const satisfies Record<string, PgTable>;
export type ExportTable = keyof typeof EXPORT_TABLES;

/** Columns left out of exports: derived data (the full-text vector is rebuilt from the text). */
const SKIPPED_COLUMNS = new Set(['search']);

export type ExportValue = string | number | boolean | null | unknown[] | Record<string, unknown>;
export interface ExportedTable {
  table: ExportTable;
  columns: string[];
  rows: Record<string, ExportValue>[];
}

/** One table's rows of this guild, removed rows included, keyed by SQL column name, oldest first. */
export async function exportTable(db: Db, guildId: string, name: ExportTable): Promise<ExportedTable> {
  const table = EXPORT_TABLES[name] as PgTable;
  const all = getTableColumns(table) as Record<string, PgColumn>;
  const cols = Object.fromEntries(Object.entries(all).filter(([, c]) => !SKIPPED_COLUMNS.has(c.name)));
  const order = [
    cols.id ?? cols.createdAt ?? cols.guildId!,
    ...(cols.userId ? [cols.userId] : []),
    ...(cols.challengeId ? [cols.challengeId] : []),
  ];
  const rows = await db
    .select(cols)
    .from(table)
    .where(eq(cols.guildId!, guildId))
    .orderBy(...order);
  const columns = Object.values(cols).map((c) => c.name);
  return {
    table: name,
    columns,
    rows: rows.map((r) => {
      const out: Record<string, ExportValue> = {};
      for (const [prop, c] of Object.entries(cols)) {
        const v = (r as Record<string, unknown>)[prop];
        out[c.name] = v instanceof Date ? v.toISOString() : v === undefined ? null : (v as ExportValue);
      }
      return out;
    }),
  };
}

// ---- audit ----------------------------------------------------------------------------------------------

export interface AuditFilter {
  /** Entries this user did, or that were done to them (block/unblock). */
  userId?: string | undefined;
  action?: string | undefined;
}

/** The latest audit entries, newest first. */
export async function listAudit(db: Db, guildId: string, f: AuditFilter, limit: number): Promise<AuditEntry[]> {
  const conds: SQL[] = [eq(auditLog.guildId, guildId)];
  if (f.userId)
    conds.push(
      or(eq(auditLog.actorId, f.userId), and(eq(auditLog.targetType, 'member'), eq(auditLog.targetId, f.userId)))!,
    );
  if (f.action) conds.push(eq(auditLog.action, f.action));
  return db
    .select()
    .from(auditLog)
    .where(and(...conds))
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .limit(limit);
}

/** Distinct audit actions in the guild containing the typed text (autocomplete). */
export async function auditActions(db: Db, guildId: string, typed: string, limit = 25): Promise<string[]> {
  const pattern = `%${typed.replace(/[\\%_]/g, (ch) => '\\' + ch)}%`;
  const rows = await db
    .selectDistinct({ action: auditLog.action })
    .from(auditLog)
    .where(and(eq(auditLog.guildId, guildId), typed ? ilike(auditLog.action, pattern) : undefined))
    .orderBy(auditLog.action)
    .limit(limit);
  return rows.map((r) => r.action);
}
