import type { AppContext } from '../../context.js';
import { getChallenge, type ChallengeView } from '../../db/queries/challenges.js';
import { argsParser } from '../options.js';
import { UserError, type CommandInput, type ComponentModule, type Reply } from '../types.js';
import { challengeData } from './definition.js';
import { notFound, parseChallengeId } from './ids.js';
import { messageLink } from '../project/render.js';
import { userMention } from '../ui.js';
import { challengeButtons, showPages } from './render.js';

const parse = argsParser(challengeData, 'show', { part: (b) => (b as import('zod').ZodNumber).max(100) });

/**
 * The challenge in full, part `part`, for `viewer` (the buttons they can use); `lead` is a line put before
 * the rest of the content.
 */
async function showReply(
  ctx: AppContext,
  guildId: string,
  viewer: string,
  id: number,
  part: number,
  lead?: (c: ChallengeView) => string,
): Promise<Reply> {
  const c = await getChallenge(ctx.db, guildId, id);
  if (!c) throw notFound(id);
  const pages = showPages(c);
  if (part > pages.length)
    throw new UserError(
      `Challenge #${id} has ${pages.length === 1 ? 'one part' : `${pages.length} parts`}; ask for \`part:1\`${pages.length > 1 ? ` to \`part:${pages.length}\`` : ''}.`,
    );
  const content =
    [
      lead?.(c),
      pages.length > 1
        ? `Part ${part} of ${pages.length}${part < pages.length ? ` — next: \`/challenge show id:${id} part:${part + 1}\`` : ''}`
        : undefined,
    ]
      .filter(Boolean)
      .join('\n') || undefined;
  return {
    ephemeral: true,
    ...(content ? { content } : {}),
    embeds: pages[part - 1]!,
    components: challengeButtons(c, viewer),
  };
}

/** /challenge show id [part] */
export async function show(input: CommandInput, ctx: AppContext): Promise<Reply> {
  const o = parse(input.options);
  return showReply(ctx, input.guildId, input.user.id, o.id, o.part ?? 1);
}

/**
 * challenge:open:<id> — the buttons on search results and on the digest's "Can you help?": the challenge in
 * full for whoever clicks; an open one says where to answer (its public card).
 */
export const openButton: ComponentModule = {
  prefix: 'challenge:open',
  async handle(input, ctx): Promise<Reply> {
    return showReply(ctx, input.guildId, input.user.id, parseChallengeId(input.args[0]), 1, (c) => {
      if (c.status !== 'open') return '';
      const card = messageLink(input.guildId, c.channelId, c.messageId);
      return card
        ? `Know how to fix it? Answer under its card: ${card}`
        : `Know how to fix it? Tell ${userMention(c.authorId)} in the Nexus channel.`;
    });
  },
};
