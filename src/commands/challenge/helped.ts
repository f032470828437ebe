import { getChallenge, toggleHelped, type ChallengeView } from '../../db/queries/challenges.js';
import { requireNotBlocked } from '../guards.js';
import { UserError, type ComponentModule, type Reply } from '../types.js';
import { notFound, parseChallengeId } from './ids.js';
import { challengeButtons, challengeCard } from './render.js';

/** challenge:helped:<id> — "Helped me too": a second click takes it back. */
export const helpedButton: ComponentModule = {
  prefix: 'challenge:helped',
  writes: true,
  async handle(input, ctx): Promise<Reply> {
    requireNotBlocked(input);
    const id = parseChallengeId(input.args[0]);
    const before = await getChallenge(ctx.db, input.guildId, id);
    if (!before) throw notFound(id);
    // A mark says the challenge helped someone else: the author's own would inflate "most helpful".
    if (before.authorId === input.user.id)
      throw new UserError(
        `You logged #${id}, so it cannot count as helping you. “Helped me too” is for other learners it helped.`,
      );
    const { marked, count } = await toggleHelped(ctx.db, input.guildId, id, input.user.id, ctx.clock.now());
    const c: ChallengeView = { ...before, helpedCount: count };
    const card = { embeds: [challengeCard(c)], components: challengeButtons(c) };
    // Clicked on the public card: update it in place. Anywhere else: confirm privately and refresh the card.
    if (c.messageId && input.messageId === c.messageId) return { update: true, ...card };
    return {
      ephemeral: true,
      content: marked
        ? `Marked: challenge #${id} helped you too (${count} in all). Click again to take it back.`
        : `Taken back: challenge #${id} no longer counts as helping you (${count} in all).`,
      effects:
        c.channelId && c.messageId
          ? [{ kind: 'edit', channelId: c.channelId, messageId: c.messageId, body: card }]
          : [],
    };
  },
};
