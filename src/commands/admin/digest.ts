// /nexus-admin digest preview|post — this period's digest so far (ephemeral), or posted now.
import type { AppContext } from '../../context.js';
import { writeAudit } from '../../db/queries/audit.js';
import { loadDigestData } from '../../db/queries/digest.js';
import { getGuildSettings } from '../../db/queries/settings.js';
import { buildDigest } from '../../domain/digest.js';
import { plural, truncate } from '../../domain/text.js';
import { currentPeriod, digestChannel, runDigest } from '../../jobs/digest.js';
import { UserError, type CommandInput, type Reply } from '../types.js';
import { discordTimestamp } from '../ui.js';

export async function digestPreview(input: CommandInput, ctx: AppContext): Promise<Reply> {
  const s = await getGuildSettings(ctx.db, input.guildId);
  const now = ctx.clock.now();
  const period = currentPeriod(s, now);
  // "So far" includes what happened at this very instant.
  const data = await loadDigestData(ctx.db, input.guildId, period.start, new Date(now.getTime() + 1), s.timezone);
  const messages = buildDigest(data, { quietWeekNote: true });
  const channelId = digestChannel(s);
  const when = !s.digestEnabled
    ? 'The digest is off (`digest_enabled:true` turns it on).'
    : channelId
      ? `It posts ${discordTimestamp(period.end, 'R')} in <#${channelId}>.`
      : 'It will not post until a channel is set: `/nexus-admin config set digest_channel:#channel`.';
  const more = messages.length > 1 ? `\nIt would be ${messages.length} messages; the first is shown.` : '';
  return {
    ephemeral: true,
    content: truncate(
      `Preview of this period so far (${discordTimestamp(period.start, 'f')} → now). ${when}${more}`,
      2000,
    ),
    embeds: messages[0]?.embeds ?? [],
  };
}

/**
 * Posts the period's digest now. Not run in the interaction's transaction: runDigest claims the period in
 * its own committed steps (exactly once across processes) and posts between them.
 */
export async function digestPost(input: CommandInput, ctx: AppContext): Promise<Reply> {
  const s = await getGuildSettings(ctx.db, input.guildId);
  if (!digestChannel(s)) throw new UserError('Set a channel first: `/nexus-admin config set digest_channel:#channel`.');
  const now = ctx.clock.now();
  const period = currentPeriod(s, now);
  const r = await runDigest(ctx, { ...s, quietWeekNote: true }, period, {
    runnerId: `manual:${input.interactionId}`,
    contentEnd: new Date(now.getTime() + 1),
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
        after: { periodEnd: period.end.toISOString(), messages: r.messages },
      },
      now,
    );
    return {
      ephemeral: true,
      content: `Posted this period’s digest in <#${r.run.channelId}> (${plural(r.messages, 'message')}). It counts as this period’s digest: the scheduled one ${discordTimestamp(period.end, 'R')} will not post again.`,
    };
  }
  if (r.status === 'already' || r.status === 'busy') {
    const link =
      r.run.channelId && r.run.messageIds[0]
        ? ` https://discord.com/channels/${input.guildId}/${r.run.channelId}/${r.run.messageIds[0]}`
        : '';
    return {
      ephemeral: true,
      content:
        r.status === 'busy'
          ? 'This period’s digest is being posted right now.'
          : `This period’s digest was already ${r.run.status}.${link}`,
    };
  }
  throw new UserError('Set a channel first: `/nexus-admin config set digest_channel:#channel`.');
}
