// /nexus-admin pairs stalled — moderators see, privately, the pairs whose check-ins say they are not getting
// going: "Not yet" twice in a row, their last check-ins unanswered, or no answer at all. Also the "We're stuck" answers, for /nexus-admin stats.
import type { APIEmbedField } from 'discord-api-types/v10';
import type { AppContext } from '../../context.js';
import { stalledPairs, stuckPairs, type StalledPair, type StuckPair } from '../../db/queries/checkins.js';
import { projectNames } from '../../db/queries/pairs.js';
import type { Pair } from '../../db/schema.js';
import { escapeMarkdown, fitLines, oneLine, plural, truncate } from '../../domain/text.js';
import { MODERATOR_ONLY } from '../guards.js';
import { partnerLabel } from '../pair/people.js';
import { UserError, type CommandInput, type Reply } from '../types.js';
import { channelMention, COLORS, discordTimestamp } from '../ui.js';

/** "#3 <@a> & <@b> on **Airbnb clone** · <#thread>": a pair as moderators see it. */
function pairLine(p: Pair, names: Map<number, string>): string {
  const on =
    p.projectId && names.has(p.projectId)
      ? ` on **${escapeMarkdown(truncate(oneLine(names.get(p.projectId)!), 60))}**`
      : '';
  return `#${p.id} ${partnerLabel(p.userA)} & ${partnerLabel(p.userB)}${on}${p.threadId ? ` · ${channelMention(p.threadId)}` : ''}`;
}

function stalledLine(s: StalledPair, names: Map<number, string>): string {
  const why =
    s.reason === 'not-yet-twice'
      ? `answered "Not yet" twice (last ${discordTimestamp(s.since)})`
      : s.reason === 'silent'
        ? `went silent: no answer to the last ${plural(s.asked, 'check-in')} (since ${discordTimestamp(s.since, 'D')})`
        : `never answered (${plural(s.asked, 'check-in')} since ${discordTimestamp(s.since, 'D')})`;
  return `${pairLine(s.pair, names)} · ${why}`;
}

export async function pairsStalled(input: CommandInput, ctx: AppContext): Promise<Reply> {
  if (!input.isModerator) throw new UserError(MODERATOR_ONLY);
  const stalled = await stalledPairs(ctx.db, input.guildId, ctx.clock.now());
  if (!stalled.length)
    return {
      ephemeral: true,
      content:
        'No stalled pairs: every pair asked has answered a check-in, none left its last two unanswered, and none said "Not yet" twice in a row.',
    };
  const names = await projectNames(ctx.db, input.guildId, [
    ...new Set(stalled.map((s) => s.pair.projectId).filter((x): x is number => x !== null)),
  ]);
  return {
    ephemeral: true,
    embeds: [
      {
        title: `Stalled pairs (${stalled.length})`,
        description: fitLines(
          stalled.map((s) => stalledLine(s, names)),
          4096,
        ),
        footer: { text: 'Only moderators see this. A word in their thread often gets a pair going again.' },
        color: COLORS.warning,
      },
    ],
  };
}

/**
 * The pairs whose latest check-in answer since `since` is "We're stuck", as an embed field for
 * /nexus-admin stats (undefined when there are none).
 */
export async function stuckPairsField(
  ctx: AppContext,
  guildId: string,
  since: Date,
): Promise<APIEmbedField | undefined> {
  const stuck: StuckPair[] = await stuckPairs(ctx.db, guildId, since);
  if (!stuck.length) return undefined;
  const names = await projectNames(ctx.db, guildId, [
    ...new Set(stuck.map((s) => s.pair.projectId).filter((x): x is number => x !== null)),
  ]);
  return {
    name: `Pairs stuck (${stuck.length})`,
    value: fitLines(stuck.map((s) => `${pairLine(s.pair, names)} · said so ${discordTimestamp(s.answeredAt)}`)),
  };
}
