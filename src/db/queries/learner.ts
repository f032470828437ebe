// Everything one learner has in one guild: for the README export and for forget-me.
import { and, desc, eq, inArray, isNull, notInArray, or, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { deleteMemberFormDrafts } from './drafts.js';
import { deletePendingAnnounces } from './near-miss.js';
import { withMember } from './pairs.js';
import {
  auditLog,
  challengeHelped,
  challenges,
  members,
  pairRequests,
  pairs,
  projects,
  takeaways,
  tracks,
  writeRates,
} from '../schema.js';

/** The placeholder that replaces a forgotten learner's id in the other side's pair history. */
export const FORGOTTEN = '0';

export async function learnerData(db: Db, guildId: string, userId: string) {
  const [member] = await db
    .select()
    .from(members)
    .where(and(eq(members.guildId, guildId), eq(members.userId, userId)))
    .limit(1);
  const [ps, cs, ts, prs] = await Promise.all([
    db
      .select()
      .from(projects)
      .where(and(eq(projects.guildId, guildId), eq(projects.ownerId, userId), isNull(projects.removedAt)))
      .orderBy(projects.createdAt)
      .limit(50),
    db
      .select({
        id: challenges.id,
        title: challenges.title,
        problem: challenges.problem,
        solution: challenges.solution,
        tags: challenges.tags,
        status: challenges.status,
        createdAt: challenges.createdAt,
        solvedAt: challenges.solvedAt,
        helpedCount: sql<number>`(select count(*)::int from ${challengeHelped} h where h.challenge_id = ${challenges.id} and h.user_id <> ${userId})`,
      })
      .from(challenges)
      .where(and(eq(challenges.guildId, guildId), eq(challenges.authorId, userId), isNull(challenges.removedAt)))
      .orderBy(challenges.createdAt)
      .limit(200),
    db
      .select()
      .from(takeaways)
      .where(and(eq(takeaways.guildId, guildId), eq(takeaways.authorId, userId), isNull(takeaways.removedAt)))
      .orderBy(takeaways.createdAt)
      .limit(200),
    db
      .select()
      .from(pairs)
      .where(and(eq(pairs.guildId, guildId), withMember(userId)))
      .orderBy(desc(pairs.startedAt), desc(pairs.id))
      .limit(100),
  ]);
  const partnerIds = [
    ...new Set(prs.map((p) => (p.userA === userId ? p.userB : p.userA)).filter((id) => id !== FORGOTTEN)),
  ];
  const partners = partnerIds.length
    ? await db
        .select({ userId: members.userId, name: members.displayName, role: members.role })
        .from(members)
        .where(and(eq(members.guildId, guildId), inArray(members.userId, partnerIds)))
    : [];
  const projectIds = [...new Set(prs.map((p) => p.projectId).filter((x): x is number => x !== null))];
  const linked = projectIds.length
    ? await db
        .select({ id: projects.id, name: projects.name, normalizedName: projects.normalizedName })
        .from(projects)
        .where(and(eq(projects.guildId, guildId), inArray(projects.id, projectIds), isNull(projects.removedAt)))
    : [];
  // A pair points at one side's project (often the partner's): show it under the learner's own spelling
  // when they announced the same project themselves.
  const ownByName = new Map(ps.map((p) => [p.normalizedName, p.name]));
  const pairProjects = linked.map((p) => ({ id: p.id, name: ownByName.get(p.normalizedName) ?? p.name }));
  return {
    member,
    projects: ps,
    challenges: cs.map((c) => ({ ...c, helpedCount: Number(c.helpedCount) })),
    takeaways: ts,
    pairs: prs,
    partners,
    pairProjects,
  };
}

export interface ForgetCounts {
  profile: number;
  projects: number;
  challenges: number;
  helpedMarks: number;
  takeaways: number;
  pairRequests: number;
  pairsAnonymised: number;
  auditEntriesRedacted: number;
}

export interface ForgetResult {
  counts: ForgetCounts;
  /** The public messages the bot posted for them (announcements, challenge cards, requests, pair notices). */
  messages: Array<{ channelId: string; messageId: string }>;
  /** A moderator's block survives: the row keeps only guild, user id, when and why (a moderation record). */
  blockKept: boolean;
}

/** What an audit snapshot that held the learner's text or id says instead. */
const REDACTED = { redacted: "removed at the member's request" } as const;

/** Moderation actions about the member: their audit rows keep whom they were about. */
const MODERATION_OF_MEMBER = ['member.block', 'member.unblock'];

const located = (rows: Array<{ channelId: string | null; messageId: string | null }>) =>
  rows.flatMap((r) => (r.channelId && r.messageId ? [{ channelId: r.channelId, messageId: r.messageId }] : []));

/**
 * Deletes every row of the learner in the guild and what they wrote: pairs keep the other side, with the id
 * replaced and their end reason gone; audit rows keep action, moderator and time with the learner's text
 * and id redacted. Returns where the bot's public messages for them are, to delete after the commit.
 */
export async function forgetLearner(db: Db, guildId: string, userId: string): Promise<ForgetResult> {
  return db.transaction(async (tx) => {
    const own = await tx
      .select({ id: challenges.id })
      .from(challenges)
      .where(and(eq(challenges.guildId, guildId), eq(challenges.authorId, userId)));
    const ownIds = own.map((c) => c.id);
    const marksOnOwn = ownIds.length
      ? await tx
          .delete(challengeHelped)
          .where(and(eq(challengeHelped.guildId, guildId), inArray(challengeHelped.challengeId, ownIds)))
          .returning()
      : [];
    const marksBy = await tx
      .delete(challengeHelped)
      .where(and(eq(challengeHelped.guildId, guildId), eq(challengeHelped.userId, userId)))
      .returning();
    const cs = await tx
      .delete(challenges)
      .where(and(eq(challenges.guildId, guildId), eq(challenges.authorId, userId)))
      .returning({ channelId: challenges.channelId, messageId: challenges.messageId });
    const ps = await tx
      .delete(projects)
      .where(and(eq(projects.guildId, guildId), eq(projects.ownerId, userId)))
      .returning({ channelId: projects.channelId, messageId: projects.messageId });
    const ts = await tx
      .delete(takeaways)
      .where(and(eq(takeaways.guildId, guildId), eq(takeaways.authorId, userId)))
      .returning({ id: takeaways.id });
    // What they typed into an announce that asked "Did you mean …?", and forms kept for "Fix it".
    await deletePendingAnnounces(tx, guildId, userId);
    await deleteMemberFormDrafts(tx, guildId, userId);
    const rs = await tx
      .delete(pairRequests)
      .where(
        and(
          eq(pairRequests.guildId, guildId),
          or(eq(pairRequests.requesterId, userId), eq(pairRequests.addresseeId, userId)),
        ),
      )
      .returning({ channelId: pairRequests.channelId, messageId: pairRequests.messageId });
    // A moderator's matching proposals between two others stay theirs, without who proposed them.
    await tx
      .update(pairRequests)
      .set({ proposedBy: FORGOTTEN })
      .where(and(eq(pairRequests.guildId, guildId), eq(pairRequests.proposedBy, userId)));
    const involved = and(
      eq(pairs.guildId, guildId),
      or(eq(pairs.userA, userId), eq(pairs.userB, userId), eq(pairs.endedBy, userId)),
    );
    const pairRows = await tx
      .select({ channelId: pairs.channelId, messageId: pairs.messageId, userA: pairs.userA, userB: pairs.userB })
      .from(pairs)
      .where(involved);
    // The pair's public message names both: it goes; the pair stays in the partner's history without them.
    await tx
      .update(pairs)
      .set({
        userA: sql`case when ${pairs.userA} = ${userId} then ${FORGOTTEN} else ${pairs.userA} end`,
        userB: sql`case when ${pairs.userB} = ${userId} then ${FORGOTTEN} else ${pairs.userB} end`,
        endReason: sql`case when ${pairs.endedBy} = ${userId} then null else ${pairs.endReason} end`,
        endedBy: sql`case when ${pairs.endedBy} = ${userId} then ${FORGOTTEN} else ${pairs.endedBy} end`,
        channelId: null,
        messageId: null,
      })
      .where(involved);
    // Priority marks of the matching rounds are not history: they go.
    await tx
      .delete(auditLog)
      .where(
        and(
          eq(auditLog.guildId, guildId),
          sql`${auditLog.action} = 'pair.auto.unmatched'`,
          eq(auditLog.targetId, userId),
        ),
      );
    // Snapshots naming them (their entries' text sits beside their id): action, moderator and time remain.
    const quoted = `%${JSON.stringify(userId)}%`;
    const redacted = await tx
      .update(auditLog)
      .set({ before: REDACTED, after: REDACTED })
      .where(
        and(
          eq(auditLog.guildId, guildId),
          or(sql`${auditLog.before}::text like ${quoted}`, sql`${auditLog.after}::text like ${quoted}`),
        ),
      )
      .returning({ id: auditLog.id });
    const asActor = await tx
      .update(auditLog)
      .set({ actorId: FORGOTTEN })
      .where(and(eq(auditLog.guildId, guildId), eq(auditLog.actorId, userId)))
      .returning({ id: auditLog.id });
    const asTarget = await tx
      .update(auditLog)
      .set({ targetId: FORGOTTEN })
      .where(
        and(
          eq(auditLog.guildId, guildId),
          eq(auditLog.targetId, userId),
          notInArray(auditLog.action, MODERATION_OF_MEMBER),
        ),
      )
      .returning({ id: auditLog.id });
    await tx
      .update(tracks)
      .set({ createdBy: FORGOTTEN })
      .where(and(eq(tracks.guildId, guildId), eq(tracks.createdBy, userId)));
    await tx.delete(writeRates).where(and(eq(writeRates.guildId, guildId), eq(writeRates.userId, userId)));
    const [member] = await tx
      .select({ blockedAt: members.blockedAt })
      .from(members)
      .where(and(eq(members.guildId, guildId), eq(members.userId, userId)))
      .for('update');
    let profile = 0;
    if (member?.blockedAt) {
      // A block is a moderation record: guild, user id, when and why stay; the profile goes.
      await tx
        .update(members)
        .set({ displayName: '', role: null, stack: [], timezone: null, availability: null })
        .where(and(eq(members.guildId, guildId), eq(members.userId, userId)));
      profile = 1;
    } else if (member) {
      await tx.delete(members).where(and(eq(members.guildId, guildId), eq(members.userId, userId)));
      profile = 1;
    }
    return {
      counts: {
        profile,
        projects: ps.length,
        challenges: cs.length,
        helpedMarks: marksOnOwn.length + marksBy.length,
        takeaways: ts.length,
        pairRequests: rs.length,
        pairsAnonymised: pairRows.filter((p) => p.userA === userId || p.userB === userId).length,
        auditEntriesRedacted: new Set([...redacted, ...asActor, ...asTarget].map((x) => x.id)).size,
      },
      messages: [...located(ps), ...located(cs), ...located(rs), ...located(pairRows)],
      blockKept: !!member?.blockedAt,
    };
  });
}
