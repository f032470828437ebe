// /nexus-admin's definition, exactly as `npm run register` sends it: declared with the Manage Server default
// permission (and checked at run time too: a server owner can override the default).
import {
  ApplicationCommandOptionType as Option,
  ChannelType,
  InteractionContextType,
  PermissionFlagsBits,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { type ExportTable, EXPORT_TABLES } from '../../db/queries/export.js';
import { ENTRY_TYPES, type EntryType } from '../../db/queries/moderation.js';

const Sub = Option.Subcommand;
const Group = Option.SubcommandGroup;
export const TEXT_CHANNELS = [ChannelType.GuildText, ChannelType.GuildAnnouncement] as const;

export const MODERATION_LIMITS = { reason: 300, auditEntries: 20 } as const;
/** Discord's upload limit for a bot without boosts: exports above it are refused with advice. */
export const EXPORT_MAX_BYTES = 8 * 1024 * 1024;

export const ENTRY_LABEL: Record<EntryType, string> = {
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

export const adminData = {
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
              type: Option.Channel,
              name: 'nexus_channel',
              description: 'Where project and challenge posts go',
              channel_types: [...TEXT_CHANNELS],
            },
            {
              type: Option.Channel,
              name: 'digest_channel',
              description: 'Where the weekly digest goes',
              channel_types: [...TEXT_CHANNELS],
            },
            {
              type: Option.String,
              name: 'digest_cron',
              description: 'Digest schedule as cron, e.g. "0 9 * * 1" (Monday 09:00)',
              max_length: 100,
            },
            {
              type: Option.String,
              name: 'timezone',
              description: 'IANA timezone of the schedule, e.g. Africa/Lagos',
              max_length: 64,
              autocomplete: true,
            },
            {
              type: Option.Boolean,
              name: 'digest_enabled',
              description: 'Post the weekly digest',
            },
            {
              type: Option.Boolean,
              name: 'public_challenges',
              description: 'Post logged challenges publicly',
            },
            {
              type: Option.Integer,
              name: 'max_active_projects',
              description: 'Active projects per learner',
              min_value: 1,
              max_value: 20,
            },
            {
              type: Option.Integer,
              name: 'max_pending_requests',
              description: 'Pending pair requests per learner',
              min_value: 1,
              max_value: 50,
            },
            {
              type: Option.Integer,
              name: 'seeking_expiry_days',
              description: 'Days before "seeking a collaborator" lapses',
              min_value: 1,
              max_value: 90,
            },
            {
              type: Option.String,
              name: 'checkin_cron',
              description: 'Pair check-in schedule as cron, e.g. "0 17 * * 4" (Thursday 17:00)',
              max_length: 100,
            },
            {
              type: Option.Boolean,
              name: 'checkins_enabled',
              description: 'Ask each pair mid-week, in its thread, how it is going',
            },
          ],
        },
      ],
    },
    {
      type: Group,
      name: 'pairs',
      description: 'How the pairs are doing (only you see it)',
      options: [
        {
          type: Sub,
          name: 'stalled',
          description: 'Pairs that answered "Not yet" twice, went silent, or never answered a check-in',
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
              type: Option.String,
              name: 'name',
              description: 'Track name',
              required: true,
              max_length: 100,
            },
            {
              type: Option.String,
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
              type: Option.String,
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
          type: Option.String,
          name: 'type',
          description: 'What kind of entry',
          required: true,
          choices: ENTRY_CHOICES,
        },
        {
          type: Option.Integer,
          name: 'id',
          description: 'Its number (the #id on its card)',
          required: true,
          min_value: 1,
        },
        {
          type: Option.String,
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
          type: Option.String,
          name: 'type',
          description: 'What kind of entry',
          required: true,
          choices: ENTRY_CHOICES,
        },
        {
          type: Option.Integer,
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
        { type: Option.User, name: 'user', description: 'Who', required: true },
        {
          type: Option.String,
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
      options: [{ type: Option.User, name: 'user', description: 'Who', required: true }],
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
          type: Option.String,
          name: 'format',
          description: 'json (one file) or csv (one file per table)',
          required: true,
          choices: [
            { name: 'json', value: 'json' },
            { name: 'csv', value: 'csv' },
          ],
        },
        {
          type: Option.String,
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
          type: Option.User,
          name: 'user',
          description: 'Only what this member did or had done to them',
        },
        {
          type: Option.String,
          name: 'action',
          description: 'Only this action, e.g. project.remove',
          max_length: 100,
          autocomplete: true,
        },
      ],
    },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;
