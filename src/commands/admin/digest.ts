// /nexus-admin digest preview|post — the next digest so far (ephemeral), or posted now.
import type { AppContext } from '../../context.js';
import { writeAudit } from '../../db/queries/audit.js';
import { digestStart, lastPostedDigest } from '../../db/queries/digest.js';
import { getGuildSettings } from '../../db/queries/settings.js';
import { isQuietWeek } from '../../domain/digest.js';
import { plural, truncate } from '../../domain/text.js';
import { composeDigest, currentPeriod, digestChannel, loadWindowData, runDigest } from '../../jobs/digest.js';
import { messageLink } from '../project/render.js';
import { UserError, type CommandInput, type Reply } from '../types.js';
import { discordTimestamp } from '../ui.js';

/** " <link to the digest's first message>", or nothing when it is not known. */
function linkTo(guildId: string, run: { channelId: string | null; messageIds: string[] } | undefined): string {
  const link = messageLink(guildId, run?.channelId ?? null, run?.messageIds[0] ?? null);
  return link ? ` ${link}` : '';
}

/** What the next digest holds so far: from where the last digest ended (see digestStart) to now. */
export async function digestPreview(input: CommandInput, ctx: AppContext): Promise<Reply> {
  const s = await getGuildSettings(ctx.db, input.guildId);
  const now = ctx.clock.now();
  const period = currentPeriod(s, now);
  // "So far" includes what happened at this very instant.
  const end = new Date(now.getTime() + 1);
  const { start, cappedFrom } = await digestStart(
    ctx.db,
    input.guildId,
    { periodStart: period.start, periodEnd: end },
    now,
  );
  const data = await loadWindowData(ctx, s, { start, end }, period, cappedFrom);
  const follows = data.since !== null;
  const channelId = digestChannel(s);
  const when = !s.digestEnabled
    ? 'The digest is off (`digest_enabled:true` turns it on).'
    : channelId
      ? `It posts ${discordTimestamp(period.end, 'R')} in <#${channelId}>.`
      : 'It will not post until a channel is set: `/nexus-admin config set digest_channel:#channel`.';
  const from = follows
    ? `since the digest posted ${discordTimestamp(start, 'f')}`
    : `since ${discordTimestamp(start, 'f')}`;
  if (follows && isQuietWeek(data)) {
    return {
      ephemeral: true,
      content: `Nothing new ${from} yet. ${when} It posts only if something happens by then.`,
    };
  }
  const messages = await composeDigest(ctx, s, data, {
    quietWeekNote: true,
    chartAt: now,
    chartIncludesCurrentWeek: true,
  });
  const first = messages[0];
  const more = messages.length > 1 ? `\nIt would be ${messages.length} messages; the first is shown.` : '';
  return {
    ephemeral: true,
    content: truncate(`Preview of the next digest so far (${from} → now). ${when}${more}`, 2000),
    embeds: first?.embeds ?? [],
    ...(first?.components?.length ? { components: first.components } : {}),
    ...(first?.files.length ? { files: first.files } : {}),
  };
}

/**
 * Posts the digest of the period so far, now. It covers up to this moment; the scheduled digest then covers
 * from here to the period's end (jobs/digest.ts). Not run in the interaction's transaction: runDigest claims
 * in its own committed steps (exactly once across processes) and posts between them.
 */
export async function digestPost(input: CommandInput, ctx: AppContext): Promise<Reply> {
  const s = await getGuildSettings(ctx.db, input.guildId);
  if (!digestChannel(s)) throw new UserError('Set a channel first: `/nexus-admin config set digest_channel:#channel`.');
  const now = ctx.clock.now();
  const period = currentPeriod(s, now);
  const r = await runDigest(ctx, s, period, {
    runnerId: `manual:${input.interactionId}`,
    manualUntil: new Date(now.getTime() + 1),
  });
  if (r.status === 'posted') {
    await writeAudit(
      ctx.db,
      {
        guildId: input.guildId,
        actorId: input.user.id,
        action: 'digest.post',
        targetType: 'digest',
        targetId: r.run.id,
        after: {
          periodStart: r.run.periodStart.toISOString(),
          periodEnd: r.run.periodEnd.toISOString(),
          messages: r.messages,
        },
      },
      now,
    );
    return {
      ephemeral: true,
      content: `Posted the digest of ${discordTimestamp(r.run.periodStart, 'f')} → now in <#${r.run.channelId}> (${plural(r.messages, 'message')}). The scheduled digest ${discordTimestamp(period.end, 'R')} covers what happens from now on, so nothing is counted twice or lost.`,
    };
  }
  if (r.status === 'nothing-new') {
    const last = await lastPostedDigest(ctx.db, input.guildId);
    return {
      ephemeral: true,
      content: `Nothing new since the last digest (${discordTimestamp(r.run.periodStart, 'f')}), so nothing was posted.${linkTo(input.guildId, last)}`,
    };
  }
  if (r.status === 'busy')
    return { ephemeral: true, content: 'A digest of this server is being posted right now; try again in a minute.' };
  if (r.status === 'already')
    return {
      ephemeral: true,
      content: `This digest was already posted.${linkTo(input.guildId, r.run)}`,
    };
  throw new UserError('Set a channel first: `/nexus-admin config set digest_channel:#channel`.');
}
