import type { AppContext } from '../../context.js';
import { getChallenge } from '../../db/queries/challenges.js';
import { argsParser } from '../options.js';
import { UserError, type CommandInput, type Reply } from '../types.js';
import { challengeData } from './definition.js';
import { notFound } from './ids.js';
import { challengeButtons, showPages } from './render.js';

const parse = argsParser(challengeData, 'show', { part: (b) => (b as import('zod').ZodNumber).max(100) });

export async function showReply(ctx: AppContext, guildId: string, id: number, part: number): Promise<Reply> {
  const c = await getChallenge(ctx.db, guildId, id);
  if (!c) throw notFound(id);
  const pages = showPages(c);
  if (part > pages.length)
    throw new UserError(
      `Challenge #${id} has ${pages.length === 1 ? 'one part' : `${pages.length} parts`}; ask for \`part:1\`${pages.length > 1 ? ` to \`part:${pages.length}\`` : ''}.`,
    );
  const content =
    pages.length > 1
      ? `Part ${part} of ${pages.length}${part < pages.length ? ` — next: \`/challenge show id:${id} part:${part + 1}\`` : ''}`
      : undefined;
  return {
    ephemeral: true,
    ...(content ? { content } : {}),
    embeds: pages[part - 1]!,
    components: challengeButtons(c),
  };
}

/** /challenge show id [part] */
export async function show(input: CommandInput, ctx: AppContext): Promise<Reply> {
  const o = parse(input.options);
  return showReply(ctx, input.guildId, o.id, o.part ?? 1);
}
