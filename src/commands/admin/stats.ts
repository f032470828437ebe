// /nexus-admin stats — the cohort at a glance: learners, projects per track, pairs, challenges, this week,
// and the cohort chart of the last weeks (the same as the digest's: the PNG and its numbers as text).
import type { APIEmbed } from 'discord-api-types/v10';
import type { AppContext } from '../../context.js';
import { guildStats } from '../../db/queries/stats.js';
import { periodTotals } from '../../db/queries/digest.js';
import { escapeMarkdown, fitLines, oneLine, plural, truncate } from '../../domain/text.js';
import { DAY } from '../../domain/time.js';
import { cohortChartPart } from '../../jobs/digest.js';
import { stuckPairsField } from './pairs.js';
import type { CommandInput, Reply } from '../types.js';
import { COLORS } from '../ui.js';

function trend(now: number, before: number): string {
  if (now === before) return `**${now}** (same as before)`;
  return `**${now}** (${now > before ? '▲' : '▼'}${Math.abs(now - before)} from ${before})`;
}

export async function stats(input: CommandInput, ctx: AppContext): Promise<Reply> {
  const now = ctx.clock.now();
  // Two windows of exactly 7 days; "now" includes what happened at this very instant.
  const end = new Date(now.getTime() + 1);
  const weekStart = new Date(end.getTime() - 7 * DAY);
  const [s, thisWeek, lastWeek, stuck, chart] = await Promise.all([
    guildStats(ctx.db, input.guildId, now),
    periodTotals(ctx.db, input.guildId, weekStart, end),
    periodTotals(ctx.db, input.guildId, new Date(weekStart.getTime() - 7 * DAY), weekStart),
    // Pairs that answered a check-in "We're stuck" this past week.
    stuckPairsField(ctx, input.guildId, weekStart),
    cohortChartPart(ctx, input.guildId, input.actor.settings.timezone, now, { includeCurrentWeek: true }),
  ]);
  const trackLines = s.perTrack.map(
    (t) =>
      `**${escapeMarkdown(truncate(oneLine(t.name), 60))}**${t.isTrack ? '' : ' (no track)'}: ${t.active} active · ${t.seeking} seeking · ${t.paired} paired`,
  );
  const embed: APIEmbed = {
    title: 'Nexus at a glance',
    color: COLORS.brand,
    fields: [
      {
        name: 'Learners with profiles',
        value: `${s.learnersWithProfiles}${s.blockedMembers ? ` (${s.blockedMembers} blocked)` : ''}`,
        inline: true,
      },
      { name: 'Projects', value: `${s.activeProjects} active · ${s.archivedProjects} archived`, inline: true },
      {
        name: 'Pairs',
        value: `${s.activePairs} active · ${plural(s.pendingRequests, 'pending request')}`,
        inline: true,
      },
      { name: 'Challenges', value: `${s.openChallenges} open · ${s.solvedChallenges} solved`, inline: true },
      { name: 'Takeaways', value: String(s.takeaways), inline: true },
      { name: 'Removed by moderators', value: plural(s.removedEntries, 'entry', 'entries'), inline: true },
      {
        name: 'Active projects per track (seeking = looking for a partner now; paired = builder has an active pair)',
        value: s.perTrack.length ? fitLines(trackLines) : 'No active projects yet.',
      },
      {
        name: `Last 7 days (vs the 7 days before)`,
        value: [
          `New projects: ${trend(thisWeek.projects, lastWeek.projects)}`,
          `New pairs: ${trend(thisWeek.pairs, lastWeek.pairs)}`,
          `Challenges logged: ${trend(thisWeek.challenges, lastWeek.challenges)}`,
          `Challenges solved: ${trend(thisWeek.solved, lastWeek.solved)}`,
          `Takeaways: ${trend(thisWeek.takeaways, lastWeek.takeaways)}`,
        ].join('\n'),
      },
      ...(stuck ? [stuck] : []),
    ],
    footer: { text: 'Removed entries are not counted. Download the data with /nexus-admin export.' },
    timestamp: now.toISOString(),
  };
  const embeds: APIEmbed[] = [embed];
  if (chart)
    embeds.push({
      title: truncate(chart.chart.title, 256),
      color: COLORS.brand,
      description: fitLines(chart.chart.lines, 4096),
      ...(chart.chart.imageUrl ? { image: { url: chart.chart.imageUrl } } : {}),
    });
  return { ephemeral: true, embeds, ...(chart?.file ? { files: [chart.file] } : {}) };
}
