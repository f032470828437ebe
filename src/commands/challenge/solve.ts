// /challenge solve id and the card's "Add solution" button open the form; its submit (challenge:solve:<id>)
// saves the solution and refreshes the public card.
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { getChallenge, solveChallenge } from '../../db/queries/challenges.js';
import { deleteFormDrafts } from '../../db/queries/drafts.js';
import { parseInput, text } from '../../domain/validate.js';
import { requireNotBlocked } from '../guards.js';
import { argsParser } from '../options.js';
import {
  UserError,
  type CommandInput,
  type ComponentModule,
  type Invocation,
  type ModalModule,
  type ModalReply,
  type Reply,
} from '../types.js';
import { discordTimestamp } from '../ui.js';
import { CHALLENGE_LIMITS, challengeData } from './definition.js';
import { fixItReply, solveModal } from './forms.js';
import { notFound, parseChallengeId } from './ids.js';
import { challengeButtons, challengeCard } from './render.js';

const parse = argsParser(challengeData, 'solve');
const SolveFields = z.object({ solution: text(CHALLENGE_LIMITS.solution) });

/** The solve form for the author; everyone else gets a clear refusal. */
async function openSolveForm(ctx: AppContext, inv: Invocation, id: number): Promise<ModalReply> {
  requireNotBlocked(inv);
  const c = await getChallenge(ctx.db, inv.guildId, id);
  if (!c) throw notFound(id);
  if (c.authorId !== inv.user.id) {
    throw new UserError(
      `Only the author of #${id} can add or edit its solution. If it helped you, click **Helped me too**.`,
    );
  }
  return solveModal(c);
}

/** /challenge solve id */
export async function solve(input: CommandInput, ctx: AppContext): Promise<ModalReply> {
  return openSolveForm(ctx, input, parse(input.options).id);
}

/** challenge:solution:<id> — the card's "Add solution" / "Edit solution" button. */
export const solutionButton: ComponentModule = {
  prefix: 'challenge:solution',
  async handle(input, ctx) {
    return openSolveForm(ctx, input, parseChallengeId(input.args[0]));
  },
};

export const solveForm: ModalModule = {
  prefix: 'challenge:solve',
  async handle(input, ctx): Promise<Reply> {
    requireNotBlocked(input);
    const id = parseChallengeId(input.args[0]);
    const before = await getChallenge(ctx.db, input.guildId, id);
    if (!before) throw notFound(id);
    if (before.authorId !== input.user.id)
      throw new UserError(`Only the author of #${id} can add or edit its solution.`);
    let o: z.infer<typeof SolveFields>;
    try {
      o = parseInput(SolveFields, { solution: input.fields.solution ?? '' });
    } catch (err) {
      if (err instanceof UserError) return fixItReply(ctx, input, err.message);
      throw err;
    }
    if (!(await solveChallenge(ctx.db, input.guildId, id, input.user.id, o.solution, ctx.clock.now())))
      throw notFound(id);
    await deleteFormDrafts(ctx.db, input.guildId, input.user.id, input.customId);
    const verb = before.solution ? 'Solution updated for' : 'Marked solved:';
    const c = (await getChallenge(ctx.db, input.guildId, id))!;
    return {
      ephemeral: true,
      content: `${verb} challenge #${id}${c.solvedAt ? ` (solved ${discordTimestamp(c.solvedAt)})` : ''}. Thanks for sharing the fix!`,
      embeds: [challengeCard(c)],
      components: challengeButtons(c, input.user.id),
      effects:
        c.channelId && c.messageId
          ? [
              {
                kind: 'edit',
                channelId: c.channelId,
                messageId: c.messageId,
                body: { embeds: [challengeCard(c)], components: challengeButtons(c) },
              },
            ]
          : [],
    };
  },
};
