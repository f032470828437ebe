// What moderators remove, restore and block. The lookups see removed rows too (a moderator must find what
// they removed to restore it); every query is scoped by guild.
import { and, eq } from 'drizzle-orm';
import type { Db } from '../client.js';
import { challenges, members, pairRequests, projects, takeaways, type Member } from '../schema.js';

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
