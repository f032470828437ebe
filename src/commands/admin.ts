// /nexus-admin — moderators configure Nexus, keep the track catalog, moderate entries and see the cohort.
// Declared with default_member_permissions = Manage Server AND checked at run time (moderatorOnly).
import {
  ApplicationCommandOptionType,
  ChannelType,
  InteractionContextType,
  PermissionFlagsBits,
  type APIEmbed,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { and, eq } from 'drizzle-orm';
import { validate as validateCron } from 'node-cron';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { writeAudit } from '../db/queries/audit.js';
import { getGuildSettings, updateGuildSettings, type SettingsPatch } from '../db/queries/settings.js';
import { findTrackByKey, listTracks } from '../db/queries/tracks.js';
import { projects, tracks, type GuildSettings } from '../db/schema.js';
import { escapeMarkdown, normalizeProjectName, oneLine, truncate } from '../domain/text.js';
import { isValidTimezone, parseInput } from '../domain/validate.js';
import { COLORS, discordTimestamp } from '../discord/ui.js';
import { loadDigestData } from '../db/queries/digest.js';
import { buildDigest } from '../domain/digest.js';
import { currentPeriod, digestChannel, runDigest } from '../jobs/digest.js';
import { defineCommand, UserError, type Choice, type CommandInput, type Reply } from './types.js';

const Sub = ApplicationCommandOptionType.Subcommand;
const Group = ApplicationCommandOptionType.SubcommandGroup;
const TEXT_CHANNELS = [ChannelType.GuildText, ChannelType.GuildAnnouncement] as const;

export const SETTING_LIMITS = {
  max_active_projects: [1, 20],
  max_pending_requests: [1, 50],
  seeking_expiry_days: [1, 90],
} as const;

const data = {
  name: 'nexus-admin',
  description: 'Moderators: configure Nexus, manage tracks, moderate entries',
  contexts: [InteractionContextType.Guild],
  default_member_permissions: PermissionFlagsBits.ManageGuild.toString(),
  options: [
    {
      type: Group,
      name: 'config',
      description: 'Nexus settings for this server',
      options: [
        { type: Sub, name: 'show', description: 'Show the current settings' },
        {
          type: Sub,
          name: 'set',
          description: 'Change settings (only the options you give change)',
          options: [
            { type: ApplicationCommandOptionType.Channel, name: 'nexus_channel', description: 'Where project and challenge posts go', channel_types: [...TEXT_CHANNELS] },
            { type: ApplicationCommandOptionType.Channel, name: 'digest_channel', description: 'Where the weekly digest goes', channel_types: [...TEXT_CHANNELS] },
            { type: ApplicationCommandOptionType.String, name: 'digest_cron', description: 'Digest schedule as cron, e.g. "0 9 * * 1" (Monday 09:00)', max_length: 100 },
            { type: ApplicationCommandOptionType.String, name: 'timezone', description: 'IANA timezone of the schedule, e.g. Africa/Lagos', max_length: 64, autocomplete: true },
            { type: ApplicationCommandOptionType.Boolean, name: 'digest_enabled', description: 'Post the weekly digest' },
            { type: ApplicationCommandOptionType.Boolean, name: 'public_challenges', description: 'Post logged challenges publicly' },
            { type: ApplicationCommandOptionType.Integer, name: 'max_active_projects', description: 'Active projects per learner', min_value: 1, max_value: 20 },
            { type: ApplicationCommandOptionType.Integer, name: 'max_pending_requests', description: 'Pending pair requests per learner', min_value: 1, max_value: 50 },
            { type: ApplicationCommandOptionType.Integer, name: 'seeking_expiry_days', description: 'Days before "seeking a collaborator" lapses', min_value: 1, max_value: 90 },
          ],
        },
      ],
    },
    {
      type: Group,
      name: 'digest',
      description: 'The weekly digest',
      options: [
        { type: Sub, name: 'preview', description: 'Preview this period’s digest so far (only you see it)' },
        { type: Sub, name: 'post', description: 'Post this period’s digest now (it counts as this period’s)' },
      ],
    },
    {
      type: Group,
      name: 'track',
      description: 'The catalog of project tracks',
      options: [
        {
          type: Sub,
          name: 'add',
          description: 'Add a track (e.g. Airbnb clone)',
          options: [
            { type: ApplicationCommandOptionType.String, name: 'name', description: 'Track name', required: true, max_length: 100 },
            { type: ApplicationCommandOptionType.String, name: 'description', description: 'What learners build', max_length: 500 },
          ],
        },
        {
          type: Sub,
          name: 'remove',
          description: 'Remove a track (projects keep their names)',
          options: [{ type: ApplicationCommandOptionType.String, name: 'name', description: 'Track name', required: true, max_length: 100, autocomplete: true }],
        },
        { type: Sub, name: 'list', description: 'List the tracks' },
      ],
    },
  ],
} satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

const ConfigSetOptions = z.object({
  nexus_channel: z.string().optional(),
  digest_channel: z.string().optional(),
  digest_cron: z
    .string()
    .trim()
    .max(100)
    .refine((v) => v.split(/\s+/).length === 5 && validateCron(v), {
      message: 'must be a 5-field cron expression (minute hour day-of-month month day-of-week), e.g. "0 9 * * 1" for Monday 09:00',
    })
    .optional(),
  timezone: z.string().trim().max(64).refine(isValidTimezone, { message: 'must be an IANA timezone name such as Africa/Lagos or UTC' }).optional(),
  digest_enabled: z.boolean().optional(),
  public_challenges: z.boolean().optional(),
  max_active_projects: z.number().int().min(1).max(20).optional(),
  max_pending_requests: z.number().int().min(1).max(50).optional(),
  seeking_expiry_days: z.number().int().min(1).max(90).optional(),
});

const TrackAddOptions = z.object({
  name: z.string().max(100).transform(oneLine).pipe(z.string().min(1)),
  description: z.string().trim().max(500).optional(),
});
const TrackNameOption = z.object({ name: z.string().max(100).transform(oneLine).pipe(z.string().min(1)) });

const channel = (id: string | null) => (id ? `<#${id}>` : 'not set');

export function settingsEmbed(s: GuildSettings): APIEmbed {
  return {
    title: 'Nexus settings',
    color: COLORS.brand,
    fields: [
      { name: 'Nexus channel', value: s.nexusChannelId ? channel(s.nexusChannelId) : 'not set (posts go where the command runs)', inline: true },
      { name: 'Digest channel', value: s.digestChannelId ? channel(s.digestChannelId) : s.nexusChannelId ? `not set (uses ${channel(s.nexusChannelId)})` : 'not set (no digest until a channel is set)', inline: true },
      { name: 'Digest', value: `${s.digestEnabled ? 'on' : 'off'} · \`${s.digestCron}\` · ${escapeMarkdown(s.timezone)}`, inline: false },
      { name: 'Public challenge posts', value: s.publicChallenges ? 'on' : 'off', inline: true },
      { name: 'Active projects per learner', value: String(s.maxActiveProjects), inline: true },
      { name: 'Pending requests per learner', value: String(s.maxPendingRequests), inline: true },
      { name: 'Seeking lapses after', value: `${s.seekingExpiryDays} days`, inline: true },
    ],
    footer: { text: 'Change with /nexus-admin config set' },
  };
}

async function configSet(input: CommandInput, ctx: AppContext): Promise<Reply> {
  const o = parseInput(ConfigSetOptions, input.options);
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
  if (Object.keys(patch).length === 0) {
    throw new UserError('Give at least one setting, e.g. `/nexus-admin config set digest_cron:"0 9 * * 1" timezone:Africa/Lagos`.');
  }
  const now = ctx.clock.now();
  const saved = await ctx.db.transaction(async (tx) => {
    const before = await getGuildSettings(tx, input.guildId);
    const after = await updateGuildSettings(tx, input.guildId, patch, now);
    const changed = Object.fromEntries(Object.keys(patch).map((k) => [k, before[k as keyof GuildSettings]]));
    await writeAudit(tx, { guildId: input.guildId, actorId: input.user.id, action: 'config.set', targetType: 'settings', targetId: input.guildId, before: changed, after: patch }, now);
    return after;
  });
  await ctx.events?.settingsChanged(input.guildId);
  return { ephemeral: true, content: `Saved: ${Object.keys(patch).length} setting${Object.keys(patch).length === 1 ? '' : 's'} changed.`, embeds: [settingsEmbed(saved)] };
}

async function trackAdd(input: CommandInput, ctx: AppContext): Promise<Reply> {
  const o = parseInput(TrackAddOptions, input.options);
  const key = normalizeProjectName(o.name);
  if (!key) throw new UserError('`name` needs at least one letter or digit.');
  const now = ctx.clock.now();
  const existing = await findTrackByKey(ctx.db, input.guildId, key);
  if (existing) throw new UserError(`The track **${escapeMarkdown(existing.name)}** already exists.`);
  const linked = await ctx.db.transaction(async (tx) => {
    const [t] = await tx
      .insert(tracks)
      .values({ guildId: input.guildId, name: o.name, normalizedName: key, description: o.description ?? null, createdBy: input.user.id, createdAt: now })
      .returning();
    // Projects announced before the track existed join it now.
    const joined = await tx
      .update(projects)
      .set({ trackId: t!.id })
      .where(and(eq(projects.guildId, input.guildId), eq(projects.normalizedName, key)))
      .returning({ id: projects.id });
    await writeAudit(tx, { guildId: input.guildId, actorId: input.user.id, action: 'track.add', targetType: 'track', targetId: t!.id, after: { name: o.name, description: o.description ?? null } }, now);
    return joined.length;
  });
  return {
    ephemeral: true,
    content: `Added the track **${escapeMarkdown(o.name)}**.${linked ? ` ${linked} existing project${linked === 1 ? '' : 's'} linked to it.` : ''} Learners see it when they type \`/project announce name:\`.`,
  };
}

async function trackRemove(input: CommandInput, ctx: AppContext): Promise<Reply> {
  const o = parseInput(TrackNameOption, input.options);
  const t = await findTrackByKey(ctx.db, input.guildId, normalizeProjectName(o.name));
  if (!t) throw new UserError(`There is no track named "${escapeMarkdown(truncate(o.name, 100))}". \`/nexus-admin track list\` shows them.`);
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    await tx.update(projects).set({ trackId: null }).where(and(eq(projects.guildId, input.guildId), eq(projects.trackId, t.id)));
    await tx.delete(tracks).where(and(eq(tracks.guildId, input.guildId), eq(tracks.id, t.id)));
    await writeAudit(tx, { guildId: input.guildId, actorId: input.user.id, action: 'track.remove', targetType: 'track', targetId: t.id, before: { name: t.name, description: t.description } }, now);
  });
  return { ephemeral: true, content: `Removed the track **${escapeMarkdown(t.name)}**. Projects that used it keep their names.` };
}

async function trackList(input: CommandInput, ctx: AppContext): Promise<Reply> {
  const rows = await listTracks(ctx.db, input.guildId);
  if (!rows.length) return { ephemeral: true, content: 'No tracks yet. Add one with `/nexus-admin track add name:"Airbnb clone" description:"…"`.' };
  return {
    ephemeral: true,
    embeds: [
      {
        title: `Project tracks (${rows.length})`,
        color: COLORS.brand,
        description: truncate(rows.map((t) => `**${escapeMarkdown(t.name)}**${t.description ? ` — ${escapeMarkdown(truncate(oneLine(t.description), 200))}` : ''}`).join('\n'), 4000),
      },
    ],
  };
}

async function digestPreview(input: CommandInput, ctx: AppContext): Promise<Reply> {
  const s = await getGuildSettings(ctx.db, input.guildId);
  const now = ctx.clock.now();
  const period = currentPeriod(s, now);
  // "So far" includes what happened at this very instant.
  const data = await loadDigestData(ctx.db, input.guildId, period.start, new Date(now.getTime() + 1), s.timezone);
  const messages = buildDigest(data, { quietWeekNote: true });
  const channelId = digestChannel(s);
  const where = channelId ? `<#${channelId}>` : 'nowhere yet: set `digest_channel` (or `nexus_channel`) with `/nexus-admin config set`';
  return {
    ephemeral: true,
    content: truncate(
      `Preview of this period so far (${discordTimestamp(period.start, 'f')} → now). ${s.digestEnabled ? `It posts ${discordTimestamp(period.end, 'R')} in ${where}.` : 'The digest is off (`digest_enabled:true` turns it on).'}${messages.length > 1 ? `
It would be ${messages.length} messages; the first is shown.` : ''}`,
      2000,
    ),
    embeds: messages[0]?.embeds ?? [],
  };
}

async function digestPost(input: CommandInput, ctx: AppContext): Promise<Reply> {
  const s = await getGuildSettings(ctx.db, input.guildId);
  if (!digestChannel(s)) throw new UserError('Set a channel first: `/nexus-admin config set digest_channel:#channel`.');
  const now = ctx.clock.now();
  const period = currentPeriod(s, now);
  const r = await runDigest(ctx, { ...s, quietWeekNote: true }, period, { runnerId: `manual:${input.interactionId}`, contentEnd: new Date(now.getTime() + 1) });
  if (r.status === 'posted') {
    await writeAudit(ctx.db, { guildId: input.guildId, actorId: input.user.id, action: 'digest.post', targetType: 'digest', targetId: r.run.id, after: { periodEnd: period.end.toISOString(), messages: r.messages } }, now);
    return {
      ephemeral: true,
      content: `Posted this period’s digest in <#${r.run.channelId}> (${r.messages} message${r.messages === 1 ? '' : 's'}). It counts as this period’s digest: the scheduled one ${discordTimestamp(period.end, 'R')} will not post again.`,
    };
  }
  if (r.status === 'already' || r.status === 'busy') {
    const link = r.run.channelId && r.run.messageIds[0] ? ` https://discord.com/channels/${input.guildId}/${r.run.channelId}/${r.run.messageIds[0]}` : '';
    return { ephemeral: true, content: r.status === 'busy' ? 'This period’s digest is being posted right now.' : `This period’s digest was already ${r.run.status}.${link}` };
  }
  throw new UserError('Set a channel first: `/nexus-admin config set digest_channel:#channel`.');
}

let timezoneNames: string[] | undefined;

export const adminCommand = defineCommand({
  data,
  moderatorOnly: true,
  writes: ['config set', 'track add', 'track remove', 'digest post'],
  async execute(input, ctx) {
    const path = input.path.join(' ');
    switch (path) {
      case 'config show':
        return { ephemeral: true, embeds: [settingsEmbed(await getGuildSettings(ctx.db, input.guildId))] };
      case 'config set':
        return configSet(input, ctx);
      case 'digest preview':
        return digestPreview(input, ctx);
      case 'digest post':
        return digestPost(input, ctx);
      case 'track add':
        return trackAdd(input, ctx);
      case 'track remove':
        return trackRemove(input, ctx);
      case 'track list':
        return trackList(input, ctx);
      default:
        throw new UserError('Unknown subcommand.');
    }
  },
  async autocomplete(input, ctx): Promise<Choice[]> {
    const typed = input.focused.value.trim().toLowerCase();
    if (input.focused.name === 'timezone') {
      timezoneNames ??= ['UTC', ...Intl.supportedValuesOf('timeZone')];
      const q = typed.replace(/\s+/g, '_');
      return timezoneNames.filter((t) => t.toLowerCase().includes(q)).slice(0, 25).map((t) => ({ name: t, value: t }));
    }
    if (input.focused.name === 'name') {
      const key = normalizeProjectName(typed);
      return (await listTracks(ctx.db, input.guildId))
        .filter((t) => t.normalizedName.includes(key))
        .slice(0, 25)
        .map((t) => ({ name: truncate(t.name, 100), value: truncate(t.name, 100) }));
    }
    return [];
  },
});
