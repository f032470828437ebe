// /profile set|show — a learner's pairing profile: role, stack, timezone, availability, seeking.
import {
  ApplicationCommandOptionType,
  InteractionContextType,
  type APIEmbed,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { z } from 'zod';
import { getMember, upsertProfile } from '../db/queries/members.js';
import type { Member } from '../db/schema.js';
import { ROLES } from '../domain/roles.js';
import { escapeMarkdown, truncate } from '../domain/text.js';
import { isValidTimezone, matchTimezones, validateTags } from '../domain/validate.js';
import { COLORS, discordTimestamp } from './ui.js';
import { requireNotBlocked } from './guards.js';
import type { AppContext } from '../context.js';
import { argsParser } from './options.js';
import { nonBlank } from './rules.js';
import { defineCommand, UserError, type Choice, type CommandInput, type Reply } from './types.js';

const roleChoices = ROLES.map((r) => ({ name: r, value: r }));

export const LIMITS = { stack: 300, availability: 100, timezone: 64 } as const;

const data = {
  name: 'profile',
  description: 'Your pairing profile: role, stack, timezone and availability',
  contexts: [InteractionContextType.Guild],
  options: [
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'set',
      description: 'Create or update your profile (only the options you give change)',
      options: [
        {
          type: ApplicationCommandOptionType.String,
          name: 'role',
          description: 'What you build',
          choices: roleChoices,
        },
        {
          type: ApplicationCommandOptionType.String,
          name: 'stack',
          description: 'Comma-separated, e.g. django, postgres, docker',
          max_length: LIMITS.stack,
        },
        {
          type: ApplicationCommandOptionType.String,
          name: 'timezone',
          description: 'IANA timezone, e.g. Africa/Lagos',
          autocomplete: true,
          max_length: LIMITS.timezone,
        },
        {
          type: ApplicationCommandOptionType.String,
          name: 'availability',
          description: 'When you can work together, e.g. "weekdays 18-22"',
          max_length: LIMITS.availability,
        },
        {
          type: ApplicationCommandOptionType.Boolean,
          name: 'seeking',
          description: 'Are you looking for a collaborator?',
        },
      ],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'show',
      description: "Show your profile or another learner's",
      options: [
        { type: ApplicationCommandOptionType.User, name: 'user', description: 'Whose profile (default: yours)' },
      ],
    },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

const parseSet = argsParser(data, 'set', {
  timezone: (b) =>
    (b as z.ZodString).trim().refine(isValidTimezone, {
      message:
        'must be an IANA timezone name such as Africa/Lagos, Europe/Berlin or UTC (start typing to see the list)',
    }),
  availability: nonBlank,
});
const parseShow = argsParser(data, 'show');

export function profileEmbed(m: Member, title: string): APIEmbed {
  const fields = [
    { name: 'Role', value: m.role ?? '—', inline: true },
    { name: 'Timezone', value: m.timezone ? escapeMarkdown(m.timezone) : '—', inline: true },
    { name: 'Seeking a collaborator', value: m.seeking ? 'yes' : 'no', inline: true },
    { name: 'Stack', value: m.stack.length ? truncate(m.stack.map(escapeMarkdown).join(', '), 1024) : '—' },
    { name: 'Availability', value: m.availability ? truncate(escapeMarkdown(m.availability), 1024) : '—' },
  ];
  return {
    title: truncate(title, 256),
    color: m.blockedAt ? COLORS.muted : COLORS.brand,
    fields,
    footer: { text: 'Change it with /profile set' },
    description: `Updated ${discordTimestamp(m.updatedAt)}`,
  };
}

async function set(input: CommandInput, ctx: AppContext): Promise<Reply> {
  const o = parseSet(input.options);
  const stack = validateTags(o.stack);
  if (Object.values(o).every((v) => v === undefined)) {
    throw new UserError(
      'Give at least one option, e.g. `/profile set role:backend stack:django,postgres timezone:Africa/Lagos`.',
    );
  }
  const existing = requireNotBlocked(input).member;
  const saved = await upsertProfile(
    ctx.db,
    input.guildId,
    input.user.id,
    {
      displayName: input.user.name,
      ...(o.role ? { role: o.role } : {}),
      ...(stack ? { stack } : {}),
      ...(o.timezone ? { timezone: o.timezone } : {}),
      ...(o.availability ? { availability: o.availability } : {}),
      ...(o.seeking !== undefined ? { seeking: o.seeking } : {}),
    },
    ctx.clock.now(),
  );
  const missing = [!saved.role && 'role', !saved.timezone && 'timezone', saved.stack.length === 0 && 'stack'].filter(
    Boolean,
  );
  const hint = missing.length
    ? `\nTip: add ${missing.map((m) => `\`${m}\``).join(', ')} so Nexus can match you well.`
    : saved.seeking
      ? '\nYou are marked as seeking: `/pair find` shows who fits.'
      : '';
  return {
    ephemeral: true,
    content: `${existing ? 'Profile updated.' : 'Profile created.'}${hint}`,
    embeds: [profileEmbed(saved, `${input.user.name}'s profile`)],
  };
}

async function show(input: CommandInput, ctx: AppContext): Promise<Reply> {
  const targetId = parseShow(input.options).user ?? input.user.id;
  const target =
    input.users[targetId] ?? (targetId === input.user.id ? input.user : { id: targetId, name: 'That learner' });
  const m = await getMember(ctx.db, input.guildId, targetId);
  if (!m) {
    return {
      ephemeral: true,
      content:
        targetId === input.user.id
          ? 'You have no profile yet. Create one with `/profile set role:backend stack:django,postgres timezone:Africa/Lagos`.'
          : `${escapeMarkdown(target.name)} has no profile yet.`,
    };
  }
  return { ephemeral: true, embeds: [profileEmbed(m, `${m.displayName || target.name}'s profile`)] };
}

export const profileCommand = defineCommand({
  data,
  subcommands: { set: { run: set, writes: true }, show: { run: show } },
  async autocomplete(input): Promise<Choice[]> {
    if (input.focused.name !== 'timezone') return [];
    return matchTimezones(input.focused.value).map((t) => ({ name: t, value: t }));
  },
});
