import type { AppContext } from '../../context.js';
import { writeAudit } from '../../db/queries/audit.js';
import {
  allSeeking,
  markUnmatched,
  seekingOnProject,
  type SeekingProject,
  type SeekingRow,
} from '../../db/queries/pair-matching.js';
import { membersWithPendingProposal } from '../../db/queries/pair-requests.js';
import { getProject } from '../../db/queries/projects.js';
import { assignRound, type Seeker } from '../../domain/matching.js';
import { plural } from '../../domain/text.js';
import { MODERATOR_ONLY } from '../guards.js';
import { argsParser } from '../options.js';
import { UserError, type CommandInput, type Effect, type Reply } from '../types.js';
import { pairData } from './definition.js';
import { proposePairRequest } from './request.js';
import { matchContext, toSeeker } from './seekers.js';

const parse = argsParser(pairData, 'auto');

/**
 * /pair auto — moderators: one optimal matching round over everyone seeking, proposed to both (the pair forms
 * when both accept). Members with a proposal still open sit the round out. Nobody unmatched is pinged: one
 * quiet line says how many, and each sees it privately in /pair list (they come first next round).
 */
export async function auto(input: CommandInput, ctx: AppContext): Promise<Reply> {
  if (!input.isModerator) throw new UserError(MODERATOR_ONLY);
  const o = parse(input.options);
  const now = ctx.clock.now();
  const { settings } = input.actor;
  let all: SeekingRow[];
  if (o.project) {
    const p = await getProject(ctx.db, input.guildId, o.project);
    if (!p) throw new UserError(`Project #${o.project} was not found.`);
    all = await seekingOnProject(ctx.db, input.guildId, p.normalizedName, p.trackId, now);
  } else {
    all = await allSeeking(ctx.db, input.guildId, now);
  }
  const waiting = await membersWithPendingProposal(ctx.db, input.guildId, now);
  all = all.filter((r) => !waiting.has(r.project.ownerId));
  const groups = new Map<string, Seeker[]>();
  const projectByUserKey = new Map<string, SeekingProject>();
  for (const r of all) {
    const s = toSeeker(r.project, r.member, now);
    const list = groups.get(s.projectKey) ?? [];
    if (!list.some((x) => x.userId === s.userId)) list.push(s);
    groups.set(s.projectKey, list);
    projectByUserKey.set(`${s.projectKey}|${s.userId}`, r.project);
  }
  if (!groups.size)
    return {
      ephemeral: true,
      content: `Nobody is seeking a collaborator right now${waiting.size ? ` apart from ${plural(waiting.size, 'member')} with a proposal still open` : ''}, so there is nothing to match.`,
    };
  const userIds = [...new Set(all.map((r) => r.project.ownerId))];
  const mc = await matchContext(ctx, input.guildId, userIds, settings, now);
  let proposed = 0;
  const effects: Effect[] = [];
  const unmatchedAll: Array<{ s: Seeker }> = [];
  const proposedUsers = new Set<string>();
  for (const [key, seekers] of groups) {
    // Nobody is proposed twice in one round, even across projects.
    const round = assignRound(
      seekers.filter((s) => !proposedUsers.has(s.userId)),
      mc,
    );
    for (const { a, b } of round.pairs) {
      const project = projectByUserKey.get(`${key}|${b.userId}`) ?? null;
      try {
        const out = await proposePairRequest(ctx, {
          guildId: input.guildId,
          channelId: input.channelId,
          settings,
          requester: { id: a.userId, name: a.name },
          addresseeId: b.userId,
          project,
          message: null,
          proposedBy: input.user.id,
        });
        effects.push(...out.effects);
        proposed++;
        proposedUsers.add(a.userId);
        proposedUsers.add(b.userId);
      } catch (err) {
        if (!(err instanceof UserError)) throw err;
        // Already asked / limits: they are in touch already; not an odd one out.
      }
    }
    for (const s of round.unmatched) if (!proposedUsers.has(s.userId)) unmatchedAll.push({ s });
  }
  const channelId = settings.nexusChannelId ?? input.channelId;
  // Someone unmatched on one project may have been proposed on another.
  const unmatchedIds = [...new Set(unmatchedAll.map((u) => u.s.userId))].filter((id) => !proposedUsers.has(id));
  // The odd ones out of this round get priority in the next one; /pair list and /pair find tell them so.
  // Only those unmatched for the first time are counted in one quiet line (no mention, no ping).
  const fresh = await markUnmatched(
    ctx.db,
    input.guildId,
    input.user.id,
    [...new Set(all.map((r) => r.project.ownerId))],
    unmatchedIds,
    now,
  );
  if (fresh.length)
    effects.push({
      kind: 'post',
      channelId,
      body: {
        content: `Matching round: ${plural(fresh.length, 'learner')} had no match this time and come${fresh.length === 1 ? 's' : ''} first in the next round; \`/pair list\` tells you if you are one of them.`,
        allowed_mentions: { parse: [] },
      },
    });
  await writeAudit(
    ctx.db,
    {
      guildId: input.guildId,
      actorId: input.user.id,
      action: 'pair.auto',
      after: { proposed, unmatched: unmatchedIds.length, projects: groups.size },
    },
    now,
  );
  return {
    ephemeral: true,
    content:
      `Matching round done over ${plural(groups.size, 'project')}: ${plural(proposed, 'pair')} proposed (each forms when both accept), ${unmatchedIds.length} left unmatched (they come first next round; ${fresh.length} told now, in one line without pings).` +
      (waiting.size ? ` ${plural(waiting.size, 'member')} with a proposal still open sat this round out.` : ''),
    effects,
  };
}
