// /profile set|show — a learner's pairing profile: role, stack, timezone, availability, seeking.
import {
  ApplicationCommandOptionType,
  InteractionContextType,
  type APIEmbed,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { z } from 'zod';
import { getMember, upsertProfile } from '../db/queries/members.js';
import { ROLES, type Member } from '../db/schema.js';
import { escapeMarkdown, MAX_TAG_LENGTH, MAX_TAGS, parseTags, truncate } from '../domain/text.js';
import { isValidTimezone, matchTimezones, parseInput } from '../domain/validate.js';
import { COLORS, discordTimestamp } from '../discord/ui.js';
import { requireNotBlocked } from './guards.js';
import { defineCommand, UserError, type Choice } from './types.js';

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
} satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

const SetOptions = z.object({
  role: z.enum(ROLES).optional(),
  stack: z.string().max(LIMITS.stack).optional(),
  timezone: z
    .string()
    .trim()
    .max(LIMITS.timezone)
    .refine(isValidTimezone, {
      message:
        'must be an IANA timezone name such as Africa/Lagos, Europe/Berlin or UTC (start typing to see the list)',
    })
    .optional(),
  availability: z.string().trim().min(1).max(LIMITS.availability).optional(),
  seeking: z.boolean().optional(),
});

export function validateStack(raw: string | undefined, field = 'stack'): string[] | undefined {
  if (raw === undefined) return undefined;
  const tags = parseTags(raw);
  const long = tags.find((t) => t.length > MAX_TAG_LENGTH);
  if (long)
    throw new UserError(
      `\`${field}\`: each tag can have at most ${MAX_TAG_LENGTH} characters ("${escapeMarkdown(truncate(long, 40))}" is longer).`,
    );
  if (tags.length > MAX_TAGS) throw new UserError(`\`${field}\`: at most ${MAX_TAGS} tags (you gave ${tags.length}).`);
  return tags;
}

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

export const profileCommand = defineCommand({
  data,
  writes: ['set'],
  async execute(input, ctx) {
    const [sub] = input.path;
    if (sub === 'set') {
      const o = parseInput(SetOptions, input.options);
      const stack = validateStack(o.stack);
      if (Object.values(o).every((v) => v === undefined)) {
        throw new UserError(
          'Give at least one option, e.g. `/profile set role:backend stack:django,postgres timezone:Africa/Lagos`.',
        );
      }
      const existing = (await requireNotBlocked(ctx, input)).member;
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
      const missing = [
        !saved.role && 'role',
        !saved.timezone && 'timezone',
        saved.stack.length === 0 && 'stack',
      ].filter(Boolean);
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
    if (sub === 'show') {
      const targetId = typeof input.options.user === 'string' ? input.options.user : input.user.id;
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
    throw new UserError('Unknown subcommand.');
  },
  async autocomplete(input): Promise<Choice[]> {
    if (input.focused.name !== 'timezone') return [];
    return matchTimezones(input.focused.value).map((t) => ({ name: t, value: t }));
  },
});
