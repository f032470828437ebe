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
import {
  auditActions,
  ENTRY_TARGET,
  ENTRY_TYPES,
  EXPORT_TABLES,
  exportTable,
  getEntryForModeration,
  getMemberForUpdate,
  guildStats,
  listAudit,
  setEntryRemoved,
  setMemberBlock,
  type EntryType,
  type ExportedTable,
  type ExportTable,
  type ModerationEntry,
} from '../db/queries/admin.js';
import { writeAudit } from '../db/queries/audit.js';
import { getChallenge } from '../db/queries/challenges.js';
import { getProject } from '../db/queries/projects.js';
import { getGuildSettings, updateGuildSettings, type SettingsPatch } from '../db/queries/settings.js';
import { findTrackByKey, listTracks } from '../db/queries/tracks.js';
import { projects, tracks, type AuditEntry, type GuildSettings } from '../db/schema.js';
import { escapeMarkdown, normalizeProjectName, oneLine, truncate } from '../domain/text.js';
import { isValidTimezone, matchTimezones, parseInput, text } from '../domain/validate.js';
import { COLORS, discordTimestamp, userMention } from '../discord/ui.js';
import { loadDigestData, periodTotals } from '../db/queries/digest.js';
import { buildDigest } from '../domain/digest.js';
import { currentPeriod, digestChannel, runDigest } from '../jobs/digest.js';
import { challengeButtons, challengeCard } from './challenge.js';
import { announcementBody, messageLink } from './project.js';
import { defineCommand, UserError, type Choice, type CommandInput, type Reply, type ReplyFile } from './types.js';

const Sub = ApplicationCommandOptionType.Subcommand;
const Group = ApplicationCommandOptionType.SubcommandGroup;
const TEXT_CHANNELS = [ChannelType.GuildText, ChannelType.GuildAnnouncement] as const;

export const SETTING_LIMITS = {
  max_active_projects: [1, 20],
  max_pending_requests: [1, 50],
  seeking_expiry_days: [1, 90],
} as const;

export const MODERATION_LIMITS = { reason: 300, auditEntries: 20 } as const;
/** Discord's upload limit for a bot without boosts: exports above it are refused with advice. */
export const EXPORT_MAX_BYTES = 8 * 1024 * 1024;

const ENTRY_LABEL: Record<EntryType, string> = {
  project: 'project',
  challenge: 'challenge',
  takeaway: 'takeaway',
  request: 'pair request',
};
const ENTRY_CHOICES = ENTRY_TYPES.map((t) => ({ name: t === 'request' ? 'request (pair request)' : t, value: t }));

export const EXPORT_WHAT = ['all', 'projects', 'challenges', 'takeaways', 'pairs', 'members', 'audit'] as const;
export type ExportWhat = (typeof EXPORT_WHAT)[number];
/** The tables each `what` exports (all: every table, ≤ 10 so CSV fits Discord's 10 attachments). */
export const EXPORT_SETS: Record<ExportWhat, readonly ExportTable[]> = {
  all: Object.keys(EXPORT_TABLES) as ExportTable[],
  projects: ['projects'],
  challenges: ['challenges', 'challenge_helped'],
  takeaways: ['takeaways'],
  pairs: ['pairs', 'pair_requests'],
  members: ['members'],
  audit: ['audit_log'],
};
const EXPORT_CHOICES = EXPORT_WHAT.map((w) => ({ name: w, value: w }));

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
            {
              type: ApplicationCommandOptionType.Channel,
              name: 'nexus_channel',
              description: 'Where project and challenge posts go',
              channel_types: [...TEXT_CHANNELS],
            },
            {
              type: ApplicationCommandOptionType.Channel,
              name: 'digest_channel',
              description: 'Where the weekly digest goes',
              channel_types: [...TEXT_CHANNELS],
            },
            {
              type: ApplicationCommandOptionType.String,
              name: 'digest_cron',
              description: 'Digest schedule as cron, e.g. "0 9 * * 1" (Monday 09:00)',
              max_length: 100,
            },
            {
              type: ApplicationCommandOptionType.String,
              name: 'timezone',
              description: 'IANA timezone of the schedule, e.g. Africa/Lagos',
              max_length: 64,
              autocomplete: true,
            },
            {
              type: ApplicationCommandOptionType.Boolean,
              name: 'digest_enabled',
              description: 'Post the weekly digest',
            },
            {
              type: ApplicationCommandOptionType.Boolean,
              name: 'public_challenges',
              description: 'Post logged challenges publicly',
            },
            {
              type: ApplicationCommandOptionType.Integer,
              name: 'max_active_projects',
              description: 'Active projects per learner',
              min_value: 1,
              max_value: 20,
            },
            {
              type: ApplicationCommandOptionType.Integer,
              name: 'max_pending_requests',
              description: 'Pending pair requests per learner',
              min_value: 1,
              max_value: 50,
            },
            {
              type: ApplicationCommandOptionType.Integer,
              name: 'seeking_expiry_days',
              description: 'Days before "seeking a collaborator" lapses',
              min_value: 1,
              max_value: 90,
            },
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
            {
              type: ApplicationCommandOptionType.String,
              name: 'name',
              description: 'Track name',
              required: true,
              max_length: 100,
            },
            {
              type: ApplicationCommandOptionType.String,
              name: 'description',
              description: 'What learners build',
              max_length: 500,
            },
          ],
        },
        {
          type: Sub,
          name: 'remove',
          description: 'Remove a track (projects keep their names)',
          options: [
            {
              type: ApplicationCommandOptionType.String,
              name: 'name',
              description: 'Track name',
              required: true,
              max_length: 100,
              autocomplete: true,
            },
          ],
        },
        { type: Sub, name: 'list', description: 'List the tracks' },
      ],
    },
    {
      type: Sub,
      name: 'remove',
      description: 'Hide an entry everywhere (kept for the audit trail; restore undoes it)',
      options: [
        {
          type: ApplicationCommandOptionType.String,
          name: 'type',
          description: 'What kind of entry',
          required: true,
          choices: ENTRY_CHOICES,
        },
        {
          type: ApplicationCommandOptionType.Integer,
          name: 'id',
          description: 'Its number (the #id on its card)',
          required: true,
          min_value: 1,
        },
        {
          type: ApplicationCommandOptionType.String,
          name: 'reason',
          description: 'Why (kept in the audit log; never shown publicly)',
          required: true,
          max_length: MODERATION_LIMITS.reason,
        },
      ],
    },
    {
      type: Sub,
      name: 'restore',
      description: 'Undo a removal',
      options: [
        {
          type: ApplicationCommandOptionType.String,
          name: 'type',
          description: 'What kind of entry',
          required: true,
          choices: ENTRY_CHOICES,
        },
        {
          type: ApplicationCommandOptionType.Integer,
          name: 'id',
          description: 'Its number (the #id on its card)',
          required: true,
          min_value: 1,
        },
      ],
    },
    {
      type: Sub,
      name: 'block',
      description: 'Stop a member from creating entries and from being suggested',
      options: [
        { type: ApplicationCommandOptionType.User, name: 'user', description: 'Who', required: true },
        {
          type: ApplicationCommandOptionType.String,
          name: 'reason',
          description: 'Why (kept in the audit log)',
          max_length: MODERATION_LIMITS.reason,
        },
      ],
    },
    {
      type: Sub,
      name: 'unblock',
      description: 'Give a blocked member their access back',
      options: [{ type: ApplicationCommandOptionType.User, name: 'user', description: 'Who', required: true }],
    },
    {
      type: Sub,
      name: 'stats',
      description: 'The cohort at a glance: learners, projects per track, pairs, challenges, this week',
    },
    {
      type: Sub,
      name: 'export',
      description: 'Download this server’s Nexus data (JSON or CSV)',
      options: [
        {
          type: ApplicationCommandOptionType.String,
          name: 'format',
          description: 'json (one file) or csv (one file per table)',
          required: true,
          choices: [
            { name: 'json', value: 'json' },
            { name: 'csv', value: 'csv' },
          ],
        },
        {
          type: ApplicationCommandOptionType.String,
          name: 'what',
          description: 'Which data (default: all)',
          choices: EXPORT_CHOICES,
        },
      ],
    },
    {
      type: Sub,
      name: 'audit',
      description: 'The latest moderator and admin actions',
      options: [
        {
          type: ApplicationCommandOptionType.User,
          name: 'user',
          description: 'Only what this member did or had done to them',
        },
        {
          type: ApplicationCommandOptionType.String,
          name: 'action',
          description: 'Only this action, e.g. project.remove',
          max_length: 100,
          autocomplete: true,
        },
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
      message:
        'must be a 5-field cron expression (minute hour day-of-month month day-of-week), e.g. "0 9 * * 1" for Monday 09:00',
    })
    .optional(),
  timezone: z
    .string()
    .trim()
    .max(64)
    .refine(isValidTimezone, { message: 'must be an IANA timezone name such as Africa/Lagos or UTC' })
    .optional(),
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
    throw new UserError(
      'Give at least one setting, e.g. `/nexus-admin config set digest_cron:"0 9 * * 1" timezone:Africa/Lagos`.',
    );
  }
  const now = ctx.clock.now();
  const saved = await ctx.db.transaction(async (tx) => {
    const before = await getGuildSettings(tx, input.guildId);
    const after = await updateGuildSettings(tx, input.guildId, patch, now);
    const changed = Object.fromEntries(Object.keys(patch).map((k) => [k, before[k as keyof GuildSettings]]));
    await writeAudit(
      tx,
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
    return after;
  });
  await ctx.events?.settingsChanged(input.guildId);
  return {
    ephemeral: true,
    content: `Saved: ${Object.keys(patch).length} setting${Object.keys(patch).length === 1 ? '' : 's'} changed.`,
    embeds: [settingsEmbed(saved)],
  };
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
      .values({
        guildId: input.guildId,
        name: o.name,
        normalizedName: key,
        description: o.description ?? null,
        createdBy: input.user.id,
        createdAt: now,
      })
      .returning();
    // Projects announced before the track existed join it now.
    const joined = await tx
      .update(projects)
      .set({ trackId: t!.id })
      .where(and(eq(projects.guildId, input.guildId), eq(projects.normalizedName, key)))
      .returning({ id: projects.id });
    await writeAudit(
      tx,
      {
        guildId: input.guildId,
        actorId: input.user.id,
        action: 'track.add',
        targetType: 'track',
        targetId: t!.id,
        after: { name: o.name, description: o.description ?? null },
      },
      now,
    );
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
  if (!t)
    throw new UserError(
      `There is no track named "${escapeMarkdown(truncate(o.name, 100))}". \`/nexus-admin track list\` shows them.`,
    );
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    await tx
      .update(projects)
      .set({ trackId: null })
      .where(and(eq(projects.guildId, input.guildId), eq(projects.trackId, t.id)));
    await tx.delete(tracks).where(and(eq(tracks.guildId, input.guildId), eq(tracks.id, t.id)));
    await writeAudit(
      tx,
      {
        guildId: input.guildId,
        actorId: input.user.id,
        action: 'track.remove',
        targetType: 'track',
        targetId: t.id,
        before: { name: t.name, description: t.description },
      },
      now,
    );
  });
  return {
    ephemeral: true,
    content: `Removed the track **${escapeMarkdown(t.name)}**. Projects that used it keep their names.`,
  };
}

async function trackList(input: CommandInput, ctx: AppContext): Promise<Reply> {
  const rows = await listTracks(ctx.db, input.guildId);
  if (!rows.length)
    return {
      ephemeral: true,
      content: 'No tracks yet. Add one with `/nexus-admin track add name:"Airbnb clone" description:"…"`.',
    };
  return {
    ephemeral: true,
    embeds: [
      {
        title: `Project tracks (${rows.length})`,
        color: COLORS.brand,
        description: truncate(
          rows
            .map(
              (t) =>
                `**${escapeMarkdown(t.name)}**${t.description ? ` — ${escapeMarkdown(truncate(oneLine(t.description), 200))}` : ''}`,
            )
            .join('\n'),
          4000,
        ),
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

async function digestPost(input: CommandInput, ctx: AppContext): Promise<Reply> {
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
      content: `Posted this period’s digest in <#${r.run.channelId}> (${r.messages} message${r.messages === 1 ? '' : 's'}). It counts as this period’s digest: the scheduled one ${discordTimestamp(period.end, 'R')} will not post again.`,
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

// ---- moderation: remove / restore ---------------------------------------------------------------------

const snowflake = z.string().regex(/^\d{17,20}$/, 'must be a member of this server');
const EntryRef = { type: z.enum(ENTRY_TYPES), id: z.number().int().positive() };
const RemoveOptions = z.object({ ...EntryRef, reason: text(MODERATION_LIMITS.reason) });
const RestoreOptions = z.object(EntryRef);
const BlockOptions = z.object({ user: snowflake, reason: z.string().trim().max(MODERATION_LIMITS.reason).optional() });
const UnblockOptions = z.object({ user: snowflake });
const ExportOptions = z.object({ format: z.enum(['json', 'csv']), what: z.enum(EXPORT_WHAT).default('all') });
const AuditOptions = z.object({ user: snowflake.optional(), action: z.string().trim().max(100).optional() });

/** "project #3 **Name** by @owner": for the moderator's ephemeral reply (user text escaped). */
function describeEntry(e: ModerationEntry): string {
  const quoted = (t: string) => `“${escapeMarkdown(truncate(oneLine(t), 80))}”`;
  switch (e.type) {
    case 'project':
      return `project #${e.id} **${escapeMarkdown(truncate(oneLine(e.summary), 80))}** by ${userMention(e.authorId)}`;
    case 'challenge':
      return `challenge #${e.id} **${escapeMarkdown(truncate(oneLine(e.summary), 80))}** by ${userMention(e.authorId)}`;
    case 'takeaway':
      return `takeaway #${e.id} by ${userMention(e.authorId)} (${quoted(e.summary)})`;
    case 'request':
      return `pair request #${e.id} from ${userMention(e.authorId)} to ${userMention(String(e.snapshot.addresseeId))}`;
  }
}

function notFoundMessage(type: EntryType, id: number): string {
  return `There is no ${ENTRY_LABEL[type]} #${id} in this server. Check the number on its card (or in \`/nexus-admin export\`).`;
}

async function removeEntry(input: CommandInput, ctx: AppContext): Promise<Reply> {
  const o = parseInput(RemoveOptions, input.options);
  const now = ctx.clock.now();
  const r = await ctx.db.transaction(async (tx) => {
    const e = await getEntryForModeration(tx, input.guildId, o.type, o.id);
    if (!e || e.removedAt) return e;
    await setEntryRemoved(tx, input.guildId, o.type, o.id, { at: now, reason: o.reason });
    await writeAudit(
      tx,
      {
        guildId: input.guildId,
        actorId: input.user.id,
        action: `${o.type}.remove`,
        targetType: ENTRY_TARGET[o.type],
        targetId: o.id,
        reason: o.reason,
        before: { ...e.snapshot, removedAt: null },
        after: { removedAt: now.toISOString(), removedReason: o.reason },
      },
      now,
    );
    return { ...e, removedAt: null };
  });
  if (!r) throw new UserError(notFoundMessage(o.type, o.id));
  if (r.removedAt) {
    throw new UserError(
      `${capitalize(describeEntry(r))} was already removed ${discordTimestamp(r.removedAt)}${r.removedReason ? ` (reason: ${escapeMarkdown(truncate(oneLine(r.removedReason), 200))})` : ''}. \`/nexus-admin restore type:${o.type} id:${o.id}\` brings it back.`,
    );
  }
  let publicNote = '';
  if (r.channelId && r.messageId) {
    try {
      // No user text: the removed content must not stay visible in the notice.
      await ctx.discord.editMessage(r.channelId, r.messageId, {
        content: `This ${ENTRY_LABEL[o.type]} was removed by a moderator.`,
        embeds: [],
        components: [],
      });
      publicNote = ' Its public message now says it was removed by a moderator.';
    } catch (err) {
      ctx.log.warn(
        { err, guildId: input.guildId, type: o.type, id: o.id },
        'could not edit the public message of a removed entry',
      );
      publicNote = ` Its public message could not be updated (Discord refused); delete it by hand: ${messageLink(input.guildId, r.channelId, r.messageId)}`;
    }
  }
  return {
    ephemeral: true,
    content: `Removed ${describeEntry(r)}. It is hidden everywhere and kept for the audit trail.${publicNote}\nUndo with \`/nexus-admin restore type:${o.type} id:${o.id}\`.`,
  };
}

async function restoreEntry(input: CommandInput, ctx: AppContext): Promise<Reply> {
  const o = parseInput(RestoreOptions, input.options);
  const now = ctx.clock.now();
  const r = await ctx.db
    .transaction(async (tx) => {
      const e = await getEntryForModeration(tx, input.guildId, o.type, o.id);
      if (!e || !e.removedAt) return e;
      await setEntryRemoved(tx, input.guildId, o.type, o.id, null);
      await writeAudit(
        tx,
        {
          guildId: input.guildId,
          actorId: input.user.id,
          action: `${o.type}.restore`,
          targetType: ENTRY_TARGET[o.type],
          targetId: o.id,
          before: { ...e.snapshot, removedAt: e.removedAt.toISOString(), removedReason: e.removedReason },
          after: { removedAt: null, removedReason: null },
        },
        now,
      );
      return e;
    })
    .catch((err: unknown) => {
      // Should uniqueness ever ignore removed rows, the owner may since have reused the name.
      if (isUniqueViolation(err)) {
        throw new UserError(
          `${capitalize(ENTRY_LABEL[o.type])} #${o.id} cannot come back: its author has since created one with the same name. Remove or rename that one first.`,
        );
      }
      throw err;
    });
  if (!r) throw new UserError(notFoundMessage(o.type, o.id));
  if (!r.removedAt) throw new UserError(`${capitalize(describeEntry(r))} is not removed: there is nothing to restore.`);
  const publicNote = await rerender(ctx, input.guildId, r);
  return { ephemeral: true, content: `Restored ${describeEntry(r)}: it is visible again.${publicNote}` };
}

/** Best effort: puts a restored entry's public card back. Returns a note for the moderator. */
async function rerender(ctx: AppContext, guildId: string, e: ModerationEntry): Promise<string> {
  if (!e.channelId || !e.messageId) return '';
  const link = messageLink(guildId, e.channelId, e.messageId);
  try {
    if (e.type === 'project') {
      const p = await getProject(ctx.db, guildId, e.id);
      if (!p) return '';
      const track = p.trackId ? ((await listTracks(ctx.db, guildId)).find((t) => t.id === p.trackId) ?? null) : null;
      await ctx.discord.editMessage(e.channelId, e.messageId, {
        content: '',
        ...announcementBody(p, ctx.clock.now(), track),
      });
      return ' Its public announcement shows it again.';
    }
    if (e.type === 'challenge') {
      const c = await getChallenge(ctx.db, guildId, e.id);
      if (!c) return '';
      await ctx.discord.editMessage(e.channelId, e.messageId, {
        content: '',
        embeds: [challengeCard(c)],
        components: challengeButtons(c),
      });
      return ' Its public card shows it again.';
    }
    return ` Its public message still says it was removed (${link}); the request itself works again.`;
  } catch (err) {
    ctx.log.warn({ err, guildId, type: e.type, id: e.id }, 'could not re-render a restored entry');
    return ` Its public message could not be updated (Discord refused): ${link}`;
  }
}

function isUniqueViolation(err: unknown): boolean {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if ((e as { code?: unknown }).code === '23505') return true;
  }
  return false;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

// ---- moderation: block / unblock ----------------------------------------------------------------------

async function blockMember(input: CommandInput, ctx: AppContext): Promise<Reply> {
  const o = parseInput(BlockOptions, input.options);
  if (o.user === input.user.id) throw new UserError('You cannot block yourself.');
  if (input.users[o.user]?.bot)
    throw new UserError('That is a bot: bots do not use Nexus, so there is nothing to block.');
  const reason = o.reason || null;
  const now = ctx.clock.now();
  const already = await ctx.db.transaction(async (tx) => {
    const m = await getMemberForUpdate(tx, input.guildId, o.user);
    if (m?.blockedAt) return m;
    await setMemberBlock(tx, input.guildId, o.user, input.users[o.user]?.name ?? '', { at: now, reason }, now);
    await writeAudit(
      tx,
      {
        guildId: input.guildId,
        actorId: input.user.id,
        action: 'member.block',
        targetType: 'member',
        targetId: o.user,
        reason,
        before: { blockedAt: null, hadProfile: !!m },
        after: { blockedAt: now.toISOString(), blockedReason: reason },
      },
      now,
    );
    return undefined;
  });
  if (already?.blockedAt) {
    throw new UserError(
      `${userMention(o.user)} is already blocked (since ${discordTimestamp(already.blockedAt)}${already.blockedReason ? `, reason: ${escapeMarkdown(truncate(oneLine(already.blockedReason), 200))}` : ''}). \`/nexus-admin unblock\` gives access back.`,
    );
  }
  return {
    ephemeral: true,
    content:
      `Blocked ${userMention(o.user)}${reason ? ` (reason: ${escapeMarkdown(truncate(oneLine(reason), 200))})` : ''}. ` +
      'They can no longer announce or change projects, log challenges or takeaways, or send and receive pair requests, and they are never suggested as a collaborator. ' +
      'What they already posted stays visible: hide entries with `/nexus-admin remove`. Undo with `/nexus-admin unblock`.',
  };
}

async function unblockMember(input: CommandInput, ctx: AppContext): Promise<Reply> {
  const o = parseInput(UnblockOptions, input.options);
  const now = ctx.clock.now();
  const was = await ctx.db.transaction(async (tx) => {
    const m = await getMemberForUpdate(tx, input.guildId, o.user);
    if (!m?.blockedAt) return undefined;
    await setMemberBlock(tx, input.guildId, o.user, m.displayName, null, now);
    await writeAudit(
      tx,
      {
        guildId: input.guildId,
        actorId: input.user.id,
        action: 'member.unblock',
        targetType: 'member',
        targetId: o.user,
        before: { blockedAt: m.blockedAt.toISOString(), blockedReason: m.blockedReason },
        after: { blockedAt: null },
      },
      now,
    );
    return m;
  });
  if (!was) throw new UserError(`${userMention(o.user)} is not blocked: there is nothing to undo.`);
  return {
    ephemeral: true,
    content: `Unblocked ${userMention(o.user)} (blocked since ${discordTimestamp(was.blockedAt!)}). They can use Nexus again.`,
  };
}

// ---- stats --------------------------------------------------------------------------------------------

const DAY = 86_400_000;
const plural = (k: number, one: string, many = `${one}s`) => `${k} ${k === 1 ? one : many}`;

function trend(now: number, before: number): string {
  if (now === before) return `**${now}** (same as before)`;
  return `**${now}** (${now > before ? '▲' : '▼'}${Math.abs(now - before)} from ${before})`;
}

/** Fits lines into one embed field value (≤ 1024), saying how many were left out. */
function fitLines(lines: string[], max = 1024): string {
  const out: string[] = [];
  let used = 0;
  for (let i = 0; i < lines.length; i++) {
    const more = `… and ${lines.length - i} more`;
    const line = lines[i]!;
    if (used + line.length + 1 + (i < lines.length - 1 ? more.length + 1 : 0) > max) {
      out.push(more);
      break;
    }
    out.push(line);
    used += line.length + 1;
  }
  return out.join('\n') || '—';
}

async function stats(input: CommandInput, ctx: AppContext): Promise<Reply> {
  const now = ctx.clock.now();
  const weekStart = new Date(now.getTime() - 7 * DAY);
  const [s, thisWeek, lastWeek] = await Promise.all([
    guildStats(ctx.db, input.guildId, now),
    periodTotals(ctx.db, input.guildId, weekStart, new Date(now.getTime() + 1)),
    periodTotals(ctx.db, input.guildId, new Date(weekStart.getTime() - 7 * DAY), weekStart),
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
    ],
    footer: { text: 'Removed entries are not counted. Download the data with /nexus-admin export.' },
    timestamp: now.toISOString(),
  };
  return { ephemeral: true, embeds: [embed] };
}

// ---- export -------------------------------------------------------------------------------------------

/** Spreadsheet apps run cells starting with these as formulas; a leading ' makes them plain text. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV cell (RFC 4180): quoted when it holds a quote, comma or line break; formulas defused. */
export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  let s =
    typeof v === 'string'
      ? v
      : typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint'
        ? String(v)
        : JSON.stringify(v);
  if (typeof v === 'string' && FORMULA_START.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(t: Pick<ExportedTable, 'columns' | 'rows'>): string {
  const lines = [t.columns.map(csvCell).join(',')];
  for (const r of t.rows) lines.push(t.columns.map((c) => csvCell(r[c])).join(','));
  return lines.join('\r\n') + '\r\n';
}

function mib(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(1);
}

async function exportData(input: CommandInput, ctx: AppContext): Promise<Reply> {
  const o = parseInput(ExportOptions, input.options);
  const now = ctx.clock.now();
  const tables: ExportedTable[] = [];
  for (const name of EXPORT_SETS[o.what]) tables.push(await exportTable(ctx.db, input.guildId, name));
  const base = `nexus-export-${input.guildId}-${now.toISOString().slice(0, 10)}`;
  let files: ReplyFile[];
  if (o.format === 'json') {
    const doc = {
      guild_id: input.guildId,
      exported_at: now.toISOString(),
      what: o.what,
      tables: Object.fromEntries(tables.map((t) => [t.table, t.rows])),
    };
    files = [
      { name: `${base}.json`, data: Buffer.from(JSON.stringify(doc, null, 2) + '\n'), contentType: 'application/json' },
    ];
  } else {
    files = tables.map((t) => ({
      name: tables.length === 1 ? `${base}.csv` : `${base}-${t.table}.csv`,
      data: Buffer.from(toCsv(t)),
      contentType: 'text/csv',
    }));
  }
  const bytes = files.reduce((sum, f) => sum + Buffer.byteLength(f.data), 0);
  if (bytes > EXPORT_MAX_BYTES) {
    const parts = EXPORT_WHAT.filter((w) => w !== 'all')
      .map((w) => `\`what:${w}\``)
      .join(', ');
    return {
      ephemeral: true,
      content:
        `This export would be ${mib(bytes)} MiB, over the ${mib(EXPORT_MAX_BYTES)} MiB a bot can upload to Discord, so nothing was sent. ` +
        (o.what === 'all' ? `Export one part at a time with ${parts}` : `This part alone is too big`) +
        (o.format === 'json'
          ? `${o.what === 'all' ? ', or' : ';'} try \`format:csv\` (smaller than JSON).`
          : o.what === 'all'
            ? '.'
            : '; ask the bot host for a database dump.'),
    };
  }
  const rows = Object.fromEntries(tables.map((t) => [t.table, t.rows.length]));
  await writeAudit(
    ctx.db,
    {
      guildId: input.guildId,
      actorId: input.user.id,
      action: 'data.export',
      targetType: 'guild',
      targetId: input.guildId,
      after: { format: o.format, what: o.what, files: files.map((f) => f.name), bytes, rows },
    },
    now,
  );
  const counts = tables.map((t) => `${t.table} ${t.rows.length}`).join(' · ');
  const size =
    bytes < 1024 ? `${bytes} bytes` : bytes < 1024 * 1024 ? `${Math.round(bytes / 1024)} KiB` : `${mib(bytes)} MiB`;
  const softDeleted = tables.some((t) => t.columns.includes('removed_at'));
  return {
    ephemeral: true,
    content: truncate(
      `Export of this server’s Nexus data (${o.what}, ${o.format}, ${files.length === 1 ? '1 file' : `${files.length} files`}, ${size}). Rows: ${counts}. ` +
        (softDeleted ? 'Entries removed by moderators are included, with removed_at and removed_reason. ' : '') +
        `Treat ${files.length === 1 ? 'the file' : 'the files'} as personal data: share only with people who need ${files.length === 1 ? 'it' : 'them'}.`,
      2000,
    ),
    files,
  };
}

// ---- audit --------------------------------------------------------------------------------------------

function auditTarget(a: AuditEntry): string {
  if (!a.targetType) return '';
  if (a.targetType === 'member') return ` → ${userMention(a.targetId ?? '0')}`;
  if (a.targetType === 'settings') return ' → settings';
  if (a.targetType === 'guild') return ' → server data';
  return ` → ${a.targetType.replace(/_/g, ' ')}${a.targetId ? ` #${a.targetId}` : ''}`;
}

async function auditList(input: CommandInput, ctx: AppContext): Promise<Reply> {
  const o = parseInput(AuditOptions, input.options);
  const rows = await listAudit(
    ctx.db,
    input.guildId,
    { userId: o.user, action: o.action || undefined },
    MODERATION_LIMITS.auditEntries,
  );
  const filter = [
    o.user ? `by or about ${userMention(o.user)}` : '',
    o.action ? `action \`${o.action.replace(/`/g, '')}\`` : '',
  ]
    .filter(Boolean)
    .join(', ');
  if (!rows.length) {
    return {
      ephemeral: true,
      content: filter
        ? `No audit entries ${filter}.`
        : 'No audit entries yet: moderator actions (config, tracks, removals, blocks, exports) are listed here.',
    };
  }
  const lines = rows.map((a) => {
    const head = `${discordTimestamp(a.createdAt, 'f')} ${userMention(a.actorId)} \`${a.action.replace(/`/g, '')}\`${auditTarget(a)}`;
    return a.reason ? `${head}\n> ${escapeMarkdown(truncate(oneLine(a.reason), 150))}` : head;
  });
  const header = filter ? `Filtered: ${filter}\n\n` : '';
  return {
    ephemeral: true,
    embeds: [
      {
        title: `Audit log: latest ${rows.length} (newest first)`,
        color: COLORS.brand,
        description: header + fitLines(lines, 4000 - header.length),
        footer: {
          text: 'Narrow with user: or action:. Full details (before/after) are in /nexus-admin export what:audit.',
        },
      },
    ],
  };
}

export const adminCommand = defineCommand({
  data,
  moderatorOnly: true,
  writes: ['config set', 'track add', 'track remove', 'digest post', 'remove', 'restore', 'block', 'unblock', 'export'],
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
      case 'remove':
        return removeEntry(input, ctx);
      case 'restore':
        return restoreEntry(input, ctx);
      case 'block':
        return blockMember(input, ctx);
      case 'unblock':
        return unblockMember(input, ctx);
      case 'stats':
        return stats(input, ctx);
      case 'export':
        return exportData(input, ctx);
      case 'audit':
        return auditList(input, ctx);
      default:
        throw new UserError('Unknown subcommand.');
    }
  },
  async autocomplete(input, ctx): Promise<Choice[]> {
    const typed = input.focused.value.trim().toLowerCase();
    if (input.focused.name === 'timezone') {
      return matchTimezones(typed).map((t) => ({ name: t, value: t }));
    }
    if (input.focused.name === 'action') {
      return (await auditActions(ctx.db, input.guildId, input.focused.value.trim())).map((a) => ({
        name: truncate(a, 100),
        value: truncate(a, 100),
      }));
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
