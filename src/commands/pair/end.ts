import type { AppContext } from '../../context.js';
import { activePairBetween, endPair } from '../../db/queries/pairs.js';
import { escapeMarkdown } from '../../domain/text.js';
import { argsParser } from '../options.js';
import { trimmed } from '../rules.js';
import { UserError, type CommandInput, type Reply } from '../types.js';
import { userMention } from '../ui.js';
import { pairData } from './definition.js';

const parse = argsParser(pairData, 'end', { reason: trimmed });

/** /pair end user [reason] — the pairing ends for both; it stays in their history. */
export async function end(input: CommandInput, ctx: AppContext): Promise<Reply> {
  const o = parse(input.options);
  const pair = await activePairBetween(ctx.db, input.guildId, input.user.id, o.user);
  if (!pair) throw new UserError(`You are not paired with ${userMention(o.user)}. \`/pair list\` shows your pairs.`);
  const done = await endPair(ctx.db, input.guildId, pair.id, input.user.id, o.reason ?? null, ctx.clock.now());
  if (!done) throw new UserError('This pairing has already ended.');
  return {
    ephemeral: true,
    content: `Ended your pairing with ${userMention(o.user)}. It stays in both histories (and READMEs). \`/pair find\` when you are ready for another.`,
    effects: [
      {
        kind: 'post',
        channelId: input.actor.settings.nexusChannelId ?? input.channelId,
        body: {
          content: `${userMention(o.user)}, ${escapeMarkdown(input.user.name)} ended your pairing. It stays in your history.`,
          allowed_mentions: { parse: [], users: [o.user] },
        },
      },
    ],
  };
}
