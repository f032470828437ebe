import { ButtonStyle, type APIButtonComponentWithCustomId } from 'discord-api-types/v10';
import type { AppContext } from '../../context.js';
import { unmatchedSince } from '../../db/queries/pair-matching.js';
import { declinedLately, pendingFor } from '../../db/queries/pair-requests.js';
import { isSameProject, pairsOf, projectsByIds } from '../../db/queries/pairs.js';
import { listOwnProjects } from '../../db/queries/projects.js';
import { ticksOf } from '../../db/queries/pair-threads.js';
import { escapeMarkdown, oneLine, truncate } from '../../domain/text.js';
import { DAY } from '../../domain/time.js';
import type { CommandInput, Reply } from '../types.js';
import { button, channelMention, COLORS, discordTimestamp, row, userMention } from '../ui.js';
import { checklistSummary } from './kickoff.js';
import { otherSide, partnerLabel } from './people.js';

/**
 * /pair list — active pairs (each with an End button), requests and proposals both ways (with buttons to
 * answer or cancel), the requests of yours declined lately (only you see that), and whether the last
 * matching round left you unmatched.
 */
export async function list(input: CommandInput, ctx: AppContext): Promise<Reply> {
  const now = ctx.clock.now();
  const me = input.user.id;
  const { settings } = input.actor;
  const [active, pending, declined, unmatched, own] = await Promise.all([
    pairsOf(ctx.db, input.guildId, me, true),
    pendingFor(ctx.db, input.guildId, me, now),
    declinedLately(ctx.db, input.guildId, me, new Date(now.getTime() - settings.coolingOffDays * DAY)),
    unmatchedSince(ctx.db, input.guildId, me),
    listOwnProjects(ctx.db, input.guildId, me),
  ]);
  const proposals = [...pending.incoming, ...pending.outgoing].filter((r) => r.proposedBy);
  const incoming = pending.incoming.filter((r) => !r.proposedBy);
  const outgoing = pending.outgoing.filter((r) => !r.proposedBy);
  const projectIds = [
    ...new Set(
      [...active, ...incoming, ...outgoing, ...proposals, ...declined]
        .map((x) => x.projectId)
        .filter((x): x is number => !!x),
    ),
  ];
  const [shown, ticks] = await Promise.all([
    projectsByIds(ctx.db, input.guildId, projectIds),
    ticksOf(
      ctx.db,
      input.guildId,
      active.map((p) => p.id),
    ),
  ]);
  // A request or pair points at one side's project: show it by the viewer's own name for it when they have one.
  const on = (id: number | null) => {
    const p = id ? shown.get(id) : undefined;
    if (!p) return '';
    const name = own.find((o) => isSameProject(o, p))?.name ?? p.name;
    return ` on **${escapeMarkdown(truncate(oneLine(name), 80))}**`;
  };
  const note = unmatched
    ? `The matching round of ${discordTimestamp(unmatched, 'D')} found no partner for you: you come first in the next one.`
    : undefined;
  if (!active.length && !incoming.length && !outgoing.length && !proposals.length && !declined.length) {
    return {
      ephemeral: true,
      content: `No active pairs or pending requests. \`/pair find\` shows who fits you.${note ? `\n${note}` : ''}`,
    };
  }
  const fields: Array<{ name: string; value: string }> = [];
  const field = (name: string, lines: string[]) => fields.push({ name, value: truncate(lines.join('\n'), 1024) });
  if (active.length)
    field(
      `Paired with (${active.length})`,
      active.map(
        (p) =>
          `${partnerLabel(otherSide(p, me))}${on(p.projectId)} since ${discordTimestamp(p.startedAt, 'D')} · pairing #${p.id}` +
          (p.threadId ? ` · ${channelMention(p.threadId)}` : '') +
          ` · week-1 checklist ${checklistSummary(ticks.get(p.id) ?? [])}`,
      ),
    );
  if (proposals.length)
    field(
      `Matching proposals (${proposals.length})`,
      proposals.map((r) => {
        const mine = r.requesterId === me ? r.requesterAcceptedAt : r.addresseeAcceptedAt;
        const theirs = r.requesterId === me ? r.addresseeAcceptedAt : r.requesterAcceptedAt;
        const state = mine ? 'you accepted; waiting for them' : theirs ? 'they accepted; your answer?' : 'your answer?';
        return `#${r.id} with ${userMention(otherSide({ userA: r.requesterId, userB: r.addresseeId }, me))}${on(r.projectId)} · ${state} · expires ${discordTimestamp(r.expiresAt)}`;
      }),
    );
  if (incoming.length)
    field(
      `Waiting for your answer (${incoming.length})`,
      incoming.map(
        (r) =>
          `#${r.id} from ${userMention(r.requesterId)}${on(r.projectId)} · expires ${discordTimestamp(r.expiresAt)}`,
      ),
    );
  if (outgoing.length)
    field(
      `You asked (${outgoing.length})`,
      outgoing.map(
        (r) => `#${r.id} to ${userMention(r.addresseeId)}${on(r.projectId)} · expires ${discordTimestamp(r.expiresAt)}`,
      ),
    );
  if (declined.length)
    field(
      `Declined lately (${declined.length})`,
      declined.map((r) => {
        const what = r.proposedBy
          ? `#${r.id} matching proposal with ${userMention(otherSide({ userA: r.requesterId, userB: r.addresseeId }, me))}`
          : `#${r.id} to ${userMention(r.addresseeId)}`;
        const again = discordTimestamp(new Date(r.respondedAt!.getTime() + settings.coolingOffDays * DAY));
        return `${what}${on(r.projectId)} · declined ${discordTimestamp(r.respondedAt!, 'D')}; you can ask them again ${again}`;
      }),
    );
  const toAnswer = [
    ...proposals.filter((r) => !(r.requesterId === me ? r.requesterAcceptedAt : r.addresseeAcceptedAt)),
    ...incoming,
  ].slice(0, 2);
  const rows: APIButtonComponentWithCustomId[][] = [
    active.slice(0, 5).map((p) => button(`pair:end:${p.id}`, `End pairing #${p.id}`, ButtonStyle.Secondary)),
    toAnswer.flatMap((r) => [
      button(`pair:accept:${r.id}`, `Accept #${r.id}`, ButtonStyle.Success),
      button(`pair:decline:${r.id}`, `Decline #${r.id}`, ButtonStyle.Danger),
    ]),
    outgoing.slice(0, 5).map((r) => button(`pair:cancel:${r.id}`, `Cancel #${r.id}`, ButtonStyle.Secondary)),
  ];
  return {
    ephemeral: true,
    ...(note ? { content: note } : {}),
    embeds: [{ title: 'Your pairs', color: COLORS.brand, fields }],
    components: rows.filter((r) => r.length).map((r) => row(...r)),
  };
}
