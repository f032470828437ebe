import { ButtonStyle } from 'discord-api-types/v10';
import type { AppContext } from '../../context.js';
import { pairsOf, pendingFor, projectNames } from '../../db/queries/pairs.js';
import { escapeMarkdown, oneLine, truncate } from '../../domain/text.js';
import type { CommandInput, Reply } from '../types.js';
import { button, COLORS, discordTimestamp, row, userMention } from '../ui.js';

/** /pair list — active pairs and pending requests both ways, with buttons to answer or cancel. */
export async function list(input: CommandInput, ctx: AppContext): Promise<Reply> {
  const now = ctx.clock.now();
  const [active, { incoming, outgoing }] = await Promise.all([
    pairsOf(ctx.db, input.guildId, input.user.id, true),
    pendingFor(ctx.db, input.guildId, input.user.id, now),
  ]);
  const projectIds = [
    ...new Set([...active, ...incoming, ...outgoing].map((x) => x.projectId).filter((x): x is number => !!x)),
  ];
  const names = await projectNames(ctx.db, input.guildId, projectIds);
  const on = (id: number | null) =>
    id && names.has(id) ? ` on **${escapeMarkdown(truncate(oneLine(names.get(id)!), 80))}**` : '';
  if (!active.length && !incoming.length && !outgoing.length) {
    return { ephemeral: true, content: 'No pairs or pending requests yet. `/pair find` shows who fits you.' };
  }
  const fields = [];
  if (active.length)
    fields.push({
      name: `Paired with (${active.length})`,
      value: truncate(
        active
          .map(
            (p) =>
              `${userMention(p.userA === input.user.id ? p.userB : p.userA)}${on(p.projectId)} since ${discordTimestamp(p.startedAt, 'D')}`,
          )
          .join('\n'),
        1024,
      ),
    });
  if (incoming.length)
    fields.push({
      name: `Waiting for your answer (${incoming.length})`,
      value: truncate(
        incoming
          .map(
            (r) =>
              `#${r.id} from ${userMention(r.requesterId)}${on(r.projectId)} · expires ${discordTimestamp(r.expiresAt)}`,
          )
          .join('\n'),
        1024,
      ),
    });
  if (outgoing.length)
    fields.push({
      name: `You asked (${outgoing.length})`,
      value: truncate(
        outgoing
          .map(
            (r) =>
              `#${r.id} to ${userMention(r.addresseeId)}${on(r.projectId)} · expires ${discordTimestamp(r.expiresAt)}`,
          )
          .join('\n'),
        1024,
      ),
    });
  const buttons = [
    ...incoming
      .slice(0, 2)
      .flatMap((r) => [
        button(`pair:accept:${r.id}`, `Accept #${r.id}`, ButtonStyle.Success),
        button(`pair:decline:${r.id}`, `Decline #${r.id}`, ButtonStyle.Danger),
      ]),
    ...outgoing
      .slice(0, 5 - Math.min(2, incoming.length) * 2)
      .map((r) => button(`pair:cancel:${r.id}`, `Cancel #${r.id}`, ButtonStyle.Secondary)),
  ];
  return {
    ephemeral: true,
    embeds: [{ title: 'Your pairs', color: COLORS.brand, fields }],
    components: buttons.length ? [row(...buttons)] : [],
  };
}
