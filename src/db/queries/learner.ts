// Everything one learner has in one guild: for the README export and for forget-me.
import { and, desc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { auditLog, challengeHelped, challenges, members, pairRequests, pairs, projects, takeaways } from '../schema.js';

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
      .where(and(eq(pairs.guildId, guildId), or(eq(pairs.userA, userId), eq(pairs.userB, userId))))
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
  auditEntriesAnonymised: number;
}

/** Deletes every row of the learner in the guild; pairs and audit entries keep the other side, with the id replaced. */
export async function forgetLearner(db: Db, guildId: string, userId: string): Promise<ForgetCounts> {
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
      .returning({ id: challenges.id });
    const ps = await tx
      .delete(projects)
      .where(and(eq(projects.guildId, guildId), eq(projects.ownerId, userId)))
      .returning({ id: projects.id });
    const ts = await tx
      .delete(takeaways)
      .where(and(eq(takeaways.guildId, guildId), eq(takeaways.authorId, userId)))
      .returning({ id: takeaways.id });
    const rs = await tx
      .delete(pairRequests)
      .where(
        and(
          eq(pairRequests.guildId, guildId),
          or(eq(pairRequests.requesterId, userId), eq(pairRequests.addresseeId, userId)),
        ),
      )
      .returning({ id: pairRequests.id });
    const a = await tx
      .update(pairs)
      .set({ userA: FORGOTTEN })
      .where(and(eq(pairs.guildId, guildId), eq(pairs.userA, userId)))
      .returning({ id: pairs.id });
    const b = await tx
      .update(pairs)
      .set({ userB: FORGOTTEN })
      .where(and(eq(pairs.guildId, guildId), eq(pairs.userB, userId)))
      .returning({ id: pairs.id });
    await tx
      .update(pairs)
      .set({ endedBy: FORGOTTEN })
      .where(and(eq(pairs.guildId, guildId), eq(pairs.endedBy, userId)));
    const au1 = await tx
      .update(auditLog)
      .set({ actorId: FORGOTTEN })
      .where(and(eq(auditLog.guildId, guildId), eq(auditLog.actorId, userId)))
      .returning({ id: auditLog.id });
    const au2 = await tx
      .update(auditLog)
      .set({ targetId: FORGOTTEN })
      .where(and(eq(auditLog.guildId, guildId), eq(auditLog.targetId, userId)))
      .returning({ id: auditLog.id });
    const m = await tx
      .delete(members)
      .where(and(eq(members.guildId, guildId), eq(members.userId, userId)))
      .returning({ id: members.userId });
    return {
      profile: m.length,
      projects: ps.length,
      challenges: cs.length,
      helpedMarks: marksOnOwn.length + marksBy.length,
      takeaways: ts.length,
      pairRequests: rs.length,
      pairsAnonymised: new Set([...a, ...b].map((x) => x.id)).size,
      auditEntriesAnonymised: new Set([...au1, ...au2].map((x) => x.id)).size,
    };
  });
}
