// The challenge forms (log, solve) and buttons (helped me too, add solution, result pages).
import { z } from 'zod';
import {
  challengeButtons,
  challengeCard,
  CHALLENGE_LIMITS,
  mineReply,
  notFound,
  openSolveForm,
  parseChallengeId,
  parseSearchCustomArgs,
  searchReply,
} from '../commands/challenge.js';
import { validateStack } from '../commands/profile.js';
import { UserError, type ComponentModule, type ModalModule, type Reply } from '../commands/types.js';
import { actorOf, requireNotBlocked } from '../commands/guards.js';
import type { AppContext } from '../context.js';
import {
  getChallenge,
  getOwnActiveProject,
  insertChallenge,
  setChallengeMessage,
  solveChallenge,
  toggleHelped,
  type ChallengeView,
} from '../db/queries/challenges.js';
import { oneLine } from '../domain/text.js';
import { pageFromCustomId, parseInput, text } from '../domain/validate.js';
import { discordTimestamp } from '../discord/ui.js';

const LogFields = z.object({
  title: text(CHALLENGE_LIMITS.title),
  problem: text(CHALLENGE_LIMITS.problem),
  solution: z.string().trim().max(CHALLENGE_LIMITS.solution),
  tags: z.string().max(CHALLENGE_LIMITS.tags),
  project: z.string().trim().max(CHALLENGE_LIMITS.project),
});

const SolveFields = z.object({ solution: text(CHALLENGE_LIMITS.solution) });

/** Best effort: the public card follows the challenge's state; a Discord failure never loses the change. */
async function refreshPublicCard(ctx: AppContext, c: ChallengeView): Promise<void> {
  if (!c.channelId || !c.messageId) return;
  try {
    await ctx.discord.editMessage(c.channelId, c.messageId, {
      embeds: [challengeCard(c)],
      components: challengeButtons(c),
    });
  } catch (err) {
    ctx.log.warn({ err, challengeId: c.id, guildId: c.guildId }, 'could not update the public challenge card');
  }
}

export const challengeLogModal: ModalModule = {
  prefix: 'challenge:log',
  async handle(input, ctx): Promise<Reply> {
    await requireNotBlocked(ctx, input);
    const f = input.fields;
    const o = parseInput(LogFields, {
      title: f.title ?? '',
      problem: f.problem ?? '',
      solution: f.solution ?? '',
      tags: f.tags ?? '',
      project: f.project ?? '',
    });
    const tags = validateStack(o.tags, 'tags') ?? [];
    let projectId: number | null = null;
    let projectName: string | null = null;
    if (o.project) {
      const m = /^#?(\d{1,15})$/.exec(o.project);
      if (!m) throw new UserError('`project` must be the id (a number) of one of your projects, or empty.');
      const p = await getOwnActiveProject(ctx.db, input.guildId, input.user.id, Number(m[1]));
      if (!p)
        throw new UserError(
          `\`project\`: you have no active project #${m[1]} in this server. Leave it empty or give the id of one of your own projects.`,
        );
      projectId = p.id;
      projectName = p.name;
    }
    const now = ctx.clock.now();
    const saved = await insertChallenge(
      ctx.db,
      input.guildId,
      {
        authorId: input.user.id,
        title: oneLine(o.title),
        problem: o.problem,
        solution: o.solution || null,
        tags,
        projectId,
      },
      now,
    );
    let c: ChallengeView = { ...saved, helpedCount: 0, projectName };

    // From here on the challenge is saved: failing to share it (Discord or the database being away) is
    // reported as such, never as "nothing was saved".
    let where: string;
    let shared = false;
    try {
      const settings = (await actorOf(ctx, input)).settings;
      if (!settings.publicChallenges) {
        where = 'Public posts of challenges are off in this server; it is searchable with `/challenge search`.';
      } else {
        const channelId = settings.nexusChannelId ?? input.channelId;
        let msg: { id: string } | undefined;
        try {
          msg = await ctx.discord.postMessage(channelId, {
            embeds: [challengeCard(c)],
            components: challengeButtons(c),
          });
        } catch (err) {
          ctx.log.warn(
            { err, challengeId: c.id, guildId: input.guildId, channelId },
            'could not post the challenge card',
          );
        }
        if (msg) {
          c = { ...c, channelId, messageId: msg.id };
          where = `Shared in <#${channelId}>.`;
          shared = true;
          await setChallengeMessage(ctx.db, input.guildId, c.id, channelId, msg.id);
        } else {
          where = `It is saved, but Nexus could not post it in <#${channelId}> (missing permission?); it is still searchable.`;
        }
      }
    } catch (err) {
      ctx.log.warn({ err, challengeId: c.id, guildId: input.guildId }, 'challenge saved; sharing it failed');
      where = shared
        ? `Shared in <#${c.channelId}>.`
        : 'It is saved; Nexus could not share it right now, but it is searchable with `/challenge search`.';
    }
    const state =
      c.status === 'solved'
        ? 'as solved'
        : 'as open — add the solution later with the button or `/challenge solve id:' + c.id + '`';
    return {
      ephemeral: true,
      content: `Logged challenge #${c.id} ${state}. ${where}`,
      // Once shared, the public card carries the buttons; the private reply stays short.
      ...(shared ? {} : { embeds: [challengeCard(c)], components: challengeButtons(c) }),
    };
  },
};

export const challengeSolveModal: ModalModule = {
  prefix: 'challenge:solve',
  async handle(input, ctx): Promise<Reply> {
    await requireNotBlocked(ctx, input);
    const id = parseChallengeId(input.args[0]);
    const o = parseInput(SolveFields, { solution: input.fields.solution ?? '' });
    const before = await getChallenge(ctx.db, input.guildId, id);
    if (!before) throw notFound(id);
    if (before.authorId !== input.user.id)
      throw new UserError(`Only the author of #${id} can add or edit its solution.`);
    if (!(await solveChallenge(ctx.db, input.guildId, id, input.user.id, o.solution, ctx.clock.now())))
      throw notFound(id);
    const verb = before.solution ? 'Solution updated for' : 'Marked solved:';
    let c: ChallengeView;
    try {
      c = (await getChallenge(ctx.db, input.guildId, id))!;
    } catch (err) {
      // The solution is saved: a failure to re-read it must not say otherwise.
      ctx.log.warn({ err, challengeId: id, guildId: input.guildId }, 'solution saved; re-reading the challenge failed');
      return {
        ephemeral: true,
        content: `${verb} challenge #${id}. Thanks for sharing the fix! (Its public card will catch up later.)`,
      };
    }
    await refreshPublicCard(ctx, c);
    return {
      ephemeral: true,
      content: `${verb} challenge #${id}${c.solvedAt ? ` (solved ${discordTimestamp(c.solvedAt)})` : ''}. Thanks for sharing the fix!`,
      embeds: [challengeCard(c)],
      components: challengeButtons(c),
    };
  },
};

export const challengeHelpedButton: ComponentModule = {
  prefix: 'challenge:helped',
  writes: true,
  async handle(input, ctx): Promise<Reply> {
    await requireNotBlocked(ctx, input);
    const id = parseChallengeId(input.args[0]);
    const before = await getChallenge(ctx.db, input.guildId, id);
    if (!before) throw notFound(id);
    const { marked, count } = await toggleHelped(ctx.db, input.guildId, id, input.user.id, ctx.clock.now());
    const c: ChallengeView = { ...before, helpedCount: count };
    // Clicked on the public card: update it in place. Anywhere else: confirm privately and refresh the card.
    if (c.messageId && input.messageId === c.messageId) {
      return { update: true, embeds: [challengeCard(c)], components: challengeButtons(c) };
    }
    await refreshPublicCard(ctx, c);
    return {
      ephemeral: true,
      content: marked
        ? `Marked: challenge #${id} helped you too (${count} in all). Click again to take it back.`
        : `Taken back: challenge #${id} no longer counts as helping you (${count} in all).`,
    };
  },
};

export const challengeSolutionButton: ComponentModule = {
  prefix: 'challenge:solution',
  async handle(input, ctx) {
    return openSolveForm(ctx, input, parseChallengeId(input.args[0]));
  },
};

export const challengeSearchPager: ComponentModule = {
  prefix: 'challenge:search',
  async handle(input, ctx): Promise<Reply> {
    const a = parseSearchCustomArgs(input.args);
    if (!a.query.trim()) throw new UserError('This search has expired; run `/challenge search` again.');
    return { ...(await searchReply(ctx, input.guildId, a)), update: true };
  },
};

export const challengeMinePager: ComponentModule = {
  prefix: 'challenge:mine',
  async handle(input, ctx): Promise<Reply> {
    const page = pageFromCustomId(input.args[0]);
    return { ...(await mineReply(ctx, input.guildId, input.user.id, page)), update: true };
  },
};

export const challengeComponents: ComponentModule[] = [
  challengeHelpedButton,
  challengeSolutionButton,
  challengeSearchPager,
  challengeMinePager,
];
export const challengeModals: ModalModule[] = [challengeLogModal, challengeSolveModal];
