// The answers to a mid-week check-in (jobs/checkins.ts posts it in the pair's thread):
// pair:checkin:<checkinId>:<yes|not-yet|stuck> — either member answers (the latest answer counts), on the
// pair's latest check-in only (an older week's buttons point at it); "We're stuck" offers to log the problem
// as a challenge: pair:stuck-log:<pairId> opens the form with the project.
import { ButtonStyle } from 'discord-api-types/v10';
import type { AppContext } from '../../context.js';
import { answerCheckin, getCheckin, latestCheckin, type CheckinAnswer } from '../../db/queries/checkins.js';
import { getPair, isSameProject } from '../../db/queries/pairs.js';
import { getProject, listOwnProjects } from '../../db/queries/projects.js';
import type { Pair } from '../../db/schema.js';
import { CHECKIN_ANSWERS, checkinMessage } from '../../jobs/checkins.js';
import { logModal } from '../challenge/forms.js';
import { messageLink } from '../project/render.js';
import { requireNotBlocked } from '../guards.js';
import { UserError, type ComponentModule, type Invocation, type Reply } from '../types.js';
import { button, row } from '../ui.js';

function isAnswer(v: string | undefined): v is CheckinAnswer {
  return v !== undefined && Object.hasOwn(CHECKIN_ANSWERS, v);
}

/** The clicker's own pair (in this guild, still going), or a refusal: custom ids can be forged. */
async function ownActivePair(ctx: AppContext, inv: Invocation, pairId: number | undefined): Promise<Pair> {
  const pair = pairId === undefined ? undefined : await getPair(ctx.db, inv.guildId, pairId);
  if (!pair || (pair.userA !== inv.user.id && pair.userB !== inv.user.id))
    throw new UserError('This belongs to another pair: only its two members can answer it.');
  if (pair.endedAt) throw new UserError('This pairing has ended: nothing to answer any more.');
  return pair;
}

export const checkinButton: ComponentModule = {
  prefix: 'pair:checkin',
  writes: true,
  async handle(input, ctx): Promise<Reply> {
    requireNotBlocked(input);
    const answer = input.args[1];
    const checkin = await getCheckin(ctx.db, input.guildId, Number(input.args[0]));
    // Unknown, another guild's, or a forged answer: the same plain "not found".
    if (!checkin || !isAnswer(answer)) throw new UserError('This check-in was not found: it may have been removed.');
    const pair = await ownActivePair(ctx, input, checkin.pairId);
    const saved = await answerCheckin(ctx.db, input.guildId, checkin, answer, input.user.id, ctx.clock.now());
    if (!saved) {
      const latest = await latestCheckin(ctx.db, input.guildId, pair.id);
      if (latest && latest.id !== checkin.id) {
        const link = messageLink(input.guildId, latest.channelId, latest.messageId);
        throw new UserError(
          `This check-in is from an earlier week and no longer takes answers: answer the latest one${link ? `: ${link}` : ' in your pair thread'}.`,
        );
      }
      throw new UserError('This check-in can no longer be answered.');
    }
    const body = checkinMessage(pair, checkin.id, answer);
    const onMessage = !!input.messageId && input.messageId === checkin.messageId;
    if (answer !== 'stuck' && onMessage) return { ...body, update: true, mentionUsers: [] };
    const edit =
      checkin.channelId && checkin.messageId
        ? [{ kind: 'edit' as const, channelId: checkin.channelId, messageId: checkin.messageId, body }]
        : [];
    if (answer !== 'stuck')
      return { ephemeral: true, content: `Thanks: answered **${CHECKIN_ANSWERS[answer].label}**.`, effects: edit };
    return {
      ephemeral: true,
      content:
        "Noted: you're stuck. Moderators can see it and may reach out. " +
        'Log the problem as a challenge, so that learners who solved it before can help (the form has your project filled in).',
      components: [row(button(`pair:stuck-log:${pair.id}`, 'Log the challenge', ButtonStyle.Primary))],
      effects: edit,
    };
  },
};

/** pair:stuck-log:<pairId> — the challenge form, pre-filled with the clicker's own project of this pairing. */
export const stuckLogButton: ComponentModule = {
  prefix: 'pair:stuck-log',
  async handle(input, ctx) {
    requireNotBlocked(input);
    const pair = await ownActivePair(ctx, input, Number(input.args[0]));
    const project = pair.projectId ? await getProject(ctx.db, input.guildId, pair.projectId) : undefined;
    const own = (await listOwnProjects(ctx.db, input.guildId, input.user.id)).filter((p) => p.status === 'active');
    const mine = project ? own.find((p) => isSameProject(p, project)) : undefined;
    return logModal(ctx, input.guildId, input.user.id, mine ? { project: String(mine.id) } : {});
  },
};
