// /nexus-admin config show|set — the server's Nexus settings, validated; schedule changes apply live.
import type { APIEmbed } from 'discord-api-types/v10';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { writeAudit } from '../../db/queries/audit.js';
import { getGuildSettings, updateGuildSettings, type SettingsPatch } from '../../db/queries/settings.js';
import type { GuildSettings } from '../../db/schema.js';
import { escapeMarkdown, plural } from '../../domain/text.js';
import { firesPerDay, isValidCron, tooFrequentMessage } from '../../domain/schedule.js';
import { isValidTimezone } from '../../domain/validate.js';
import { argsParser } from '../options.js';
import { missingPermissions, NEEDED_PERMISSIONS } from '../pair/permissions.js';
import { UserError, type CommandInput, type Reply } from '../types.js';
import { channelMention, COLORS } from '../ui.js';
import { adminData, TEXT_CHANNELS } from './definition.js';

const parse = argsParser(adminData, 'config set', {
  digest_cron: (b) =>
    (b as z.ZodString)
      .trim()
      .refine(isValidCron, {
        message:
          'must be a 5-field cron expression (minute hour day-of-month month day-of-week), e.g. "0 9 * * 1" for Monday 09:00',
      })
      .superRefine((v, c) => {
        // A digest more often than once a day would flood the channel.
        const tooOften = isValidCron(v) ? tooFrequentMessage(v) : null;
        if (tooOften) c.addIssue({ code: 'custom', message: tooOften });
      }),
  checkin_cron: (b) =>
    (b as z.ZodString)
      .trim()
      .refine(isValidCron, {
        message:
          'must be a 5-field cron expression (minute hour day-of-month month day-of-week), e.g. "0 17 * * 4" for Thursday 17:00',
      })
      .superRefine((v, c) => {
        // Asking pairs more than once a day would nag them.
        const n = isValidCron(v) ? firesPerDay(v) : 1;
        if (n > 1)
          c.addIssue({
            code: 'custom',
            message:
              `\`${v}\` would ask each pair ${n} times a day; check-ins run at most once a day. ` +
              'Give one minute and one hour, e.g. `0 17 * * 4` (Thursdays at 17:00).',
          });
      }),
  timezone: (b) =>
    (b as z.ZodString)
      .trim()
      .refine(isValidTimezone, { message: 'must be an IANA timezone name such as Africa/Lagos or UTC' }),
});

const channel = (id: string | null) => (id ? channelMention(id) : 'not set');

function settingsEmbed(s: GuildSettings): APIEmbed {
  return {
    title: 'Nexus settings',
    color: COLORS.brand,
    fields: [
      {
        name: 'Nexus channel',
        value: s.nexusChannelId ? channel(s.nexusChannelId) : 'not set (posts go where the command runs)',
        inline: true,
      },
      {
        name: 'Digest channel',
        value: s.digestChannelId
          ? channel(s.digestChannelId)
          : s.nexusChannelId
            ? `not set (uses ${channel(s.nexusChannelId)})`
            : 'not set (no digest until a channel is set)',
        inline: true,
      },
      {
        name: 'Digest',
        value: `${s.digestEnabled ? 'on' : 'off'} · \`${s.digestCron}\` · ${escapeMarkdown(s.timezone)}`,
        inline: false,
      },
      {
        name: 'Pair check-ins',
        value: `${s.checkinsEnabled ? 'on' : 'off'} · \`${s.checkinCron}\` · ${escapeMarkdown(s.timezone)} (in each pair's thread)`,
        inline: false,
      },
      { name: 'Public challenge posts', value: s.publicChallenges ? 'on' : 'off', inline: true },
      { name: 'Active projects per learner', value: String(s.maxActiveProjects), inline: true },
      { name: 'Pending requests per learner', value: String(s.maxPendingRequests), inline: true },
      { name: 'Seeking lapses after', value: `${s.seekingExpiryDays} days`, inline: true },
    ],
    footer: { text: 'Change with /nexus-admin config set' },
  };
}

/** What Discord says Nexus may not do in this channel (the interaction's app_permissions), by name. */
function permissionsField(appPermissions: bigint | undefined): { name: string; value: string } {
  const name = 'Missing permissions (in this channel)';
  if (appPermissions === undefined) return { name, value: 'unknown: Discord did not send them' };
  const missing = missingPermissions(appPermissions);
  return {
    name,
    value: missing.length
      ? missing.map((p) => `**${p.name}**: ${p.why}`).join('\n')
      : `none. Nexus has every permission it needs here (${NEEDED_PERMISSIONS.map((p) => p.name).join(', ')}).`,
  };
}

export async function configShow(input: CommandInput, ctx: AppContext): Promise<Reply> {
  const embed = settingsEmbed(await getGuildSettings(ctx.db, input.guildId));
  // Run it in the Nexus channel: permissions can differ per channel.
  return {
    ephemeral: true,
    embeds: [{ ...embed, fields: [...(embed.fields ?? []), permissionsField(input.appPermissions)] }],
  };
}

export async function configSet(input: CommandInput, ctx: AppContext): Promise<Reply> {
  const o = parse(input.options);
  for (const key of ['nexus_channel', 'digest_channel'] as const) {
    const id = o[key];
    if (!id) continue;
    const ch = input.channels[id];
    if (ch && !(TEXT_CHANNELS as readonly number[]).includes(ch.type)) {
      throw new UserError(`\`${key}\` must be a text or announcement channel (#${escapeMarkdown(ch.name)} is not).`);
    }
  }
  const patch: SettingsPatch = {};
  if (o.nexus_channel) patch.nexusChannelId = o.nexus_channel;
  if (o.digest_channel) patch.digestChannelId = o.digest_channel;
  if (o.digest_cron) patch.digestCron = o.digest_cron.split(/\s+/).join(' ');
  if (o.timezone) patch.timezone = o.timezone;
  if (o.digest_enabled !== undefined) patch.digestEnabled = o.digest_enabled;
  if (o.public_challenges !== undefined) patch.publicChallenges = o.public_challenges;
  if (o.max_active_projects !== undefined) patch.maxActiveProjects = o.max_active_projects;
  if (o.max_pending_requests !== undefined) patch.maxPendingRequests = o.max_pending_requests;
  if (o.seeking_expiry_days !== undefined) patch.seekingExpiryDays = o.seeking_expiry_days;
  if (o.checkin_cron) patch.checkinCron = o.checkin_cron.split(/\s+/).join(' ');
  if (o.checkins_enabled !== undefined) patch.checkinsEnabled = o.checkins_enabled;
  if (Object.keys(patch).length === 0) {
    throw new UserError(
      'Give at least one setting, e.g. `/nexus-admin config set digest_cron:"0 9 * * 1" timezone:Africa/Lagos`.',
    );
  }
  const now = ctx.clock.now();
  const before = input.actor.settings;
  const saved = await updateGuildSettings(ctx.db, input.guildId, patch, now);
  const changed = Object.fromEntries(Object.keys(patch).map((k) => [k, before[k as keyof GuildSettings]]));
  await writeAudit(
    ctx.db,
    {
      guildId: input.guildId,
      actorId: input.user.id,
      action: 'config.set',
      targetType: 'settings',
      targetId: input.guildId,
      before: changed,
      after: patch,
    },
    now,
  );
  return {
    ephemeral: true,
    content: `Saved: ${plural(Object.keys(patch).length, 'setting')} changed.`,
    embeds: [settingsEmbed(saved)],
    effects: [{ kind: 'settings-changed', guildId: input.guildId }],
  };
}
