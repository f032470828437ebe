// /profile set|show — a learner's pairing profile: role, stack, timezone, availability; whether they are
// seeking is read from their projects (set per project, or on all of them with `seeking:`).
import {
  ApplicationCommandOptionType,
  InteractionContextType,
  type APIEmbed,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { z } from 'zod';
import { getMember, upsertProfile } from '../db/queries/members.js';
import { activePairsWithProjects } from '../db/queries/pairs.js';
import { listOwnProjects, updateProject } from '../db/queries/projects.js';
import type { Member, Project, Role } from '../db/schema.js';
import { seekingFields, seekingIsActive } from '../domain/seeking.js';
import { projectTitle, seekableProjects, seekAgainButton, startSeeking } from './pair/seek.js';
import { trackOf } from './project/own.js';
import { publishAnnouncement } from './project/render.js';
import { ROLES, roleToSeek } from '../domain/roles.js';
import { escapeMarkdown, oneLine, truncate } from '../domain/text.js';
import { isValidTimezone, matchTimezones, validateTags } from '../domain/validate.js';
import { COLORS, discordTimestamp, row, stackList } from './ui.js';
import { requireNotBlocked } from './guards.js';
import type { AppContext } from '../context.js';
import { argsParser } from './options.js';
import { nonBlank } from './rules.js';
import { defineCommand, UserError, type Choice, type CommandInput, type Effect, type Reply } from './types.js';

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
          description: 'Start (true) or stop (false) looking for a collaborator on all your active projects',
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

/**
 * "Seeking a collaborator" comes from the projects (their seeking fields are the one source of truth): which
 * project, which role, until when.
 */
function seekingSummary(own: Project[], now: Date): string {
  const seeking = own.filter((p) => seekingIsActive(p, now));
  if (!seeking.length) return 'no';
  return truncate(
    seeking
      .map(
        (p) => `yes: a **${p.seekingRole}** on ${projectTitle(p)} until ${discordTimestamp(p.seekingExpiresAt!, 'D')}`,
      )
      .join('\n'),
    1024,
  );
}

/** The profile card; `owner` is the display name it is titled with (escaped: names can hold markdown). */
function profileEmbed(m: Member, owner: string, seeking: string): APIEmbed {
  const fields = [
    { name: 'Role', value: m.role ?? '—', inline: true },
    { name: 'Timezone', value: m.timezone ? escapeMarkdown(m.timezone) : '—', inline: true },
    { name: 'Seeking a collaborator', value: seeking, inline: true },
    {
      name: 'Stack',
      value: m.stack.length ? truncate(stackList(m.stack), 1024) : '—',
    },
    { name: 'Availability', value: m.availability ? truncate(escapeMarkdown(m.availability), 1024) : '—' },
  ];
  return {
    title: truncate(`${escapeMarkdown(oneLine(owner))}'s profile`, 256),
    color: m.blockedAt ? COLORS.muted : COLORS.brand,
    fields,
    footer: { text: 'Change it with /profile set; seeking is per project (/project mine)' },
    description: `Updated ${discordTimestamp(m.updatedAt)}`,
  };
}

/**
 * `seeking:true|false` is a shortcut over the member's active projects: each starts (or stops) looking for
 * the role that complements it. Nothing is kept on the profile, so the two can never disagree.
 */
async function applySeeking(
  ctx: AppContext,
  input: CommandInput,
  want: boolean,
  profileRole: Role | null,
  own: Project[],
): Promise<{ lines: string[]; effects: Effect[]; saved: Project[] }> {
  const { settings } = input.actor;
  const active = own.filter((p) => p.status === 'active');
  if (!active.length)
    return {
      lines: [
        want
          ? `Seeking is per project, and you have no active project yet: \`/project announce name:"Airbnb clone" summary:"…" role:${profileRole ?? 'backend'} seeking:${roleToSeek(profileRole) ?? 'frontend'}\`.`
          : 'You have no active project, so you were not looking for anyone.',
      ],
      effects: [],
      saved: [],
    };
  const lines: string[] = [];
  const effects: Effect[] = [];
  const saved: Project[] = [];
  const now = ctx.clock.now();
  const activePairs = want ? await activePairsWithProjects(ctx.db, input.guildId, input.user.id) : [];
  for (const p of active.slice(0, 5)) {
    if (want) {
      const out = await startSeeking(
        ctx,
        { guildId: input.guildId, channelId: input.channelId, settings },
        p,
        profileRole,
        activePairs,
      );
      if (!out.ok) lines.push(`Not looking on ${projectTitle(p)}: ${out.why}.`);
      else {
        lines.push(
          `Looking for a **${out.role}** on ${projectTitle(p)} until ${discordTimestamp(out.project.seekingExpiresAt!, 'D')}.`,
        );
        effects.push(out.effect);
        saved.push(out.project);
      }
    } else if (p.seekingRole) {
      const stopped = (await updateProject(ctx.db, input.guildId, p.id, {
        ...seekingFields('none', now, settings.seekingExpiryDays),
        updatedAt: now,
      }))!;
      saved.push(stopped);
      lines.push(`Stopped looking on ${projectTitle(p)}.`);
      effects.push(
        publishAnnouncement(stopped, now, {
          settings,
          fallbackChannelId: input.channelId,
          track: await trackOf(ctx, stopped),
        }),
      );
    }
  }
  if (!want && !lines.length) lines.push('You were not looking for anyone on your projects.');
  return { lines, effects, saved };
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
    },
    ctx.clock.now(),
  );
  const before = await listOwnProjects(ctx.db, input.guildId, input.user.id);
  const seeking = o.seeking === undefined ? undefined : await applySeeking(ctx, input, o.seeking, saved.role, before);
  // The projects as they are now: the ones seeking changed, as the update returned them.
  const own = before.map((p) => seeking?.saved.find((q) => q.id === p.id) ?? p);
  const missing = [!saved.role && 'role', !saved.timezone && 'timezone', saved.stack.length === 0 && 'stack'].filter(
    Boolean,
  );
  const hint = missing.length
    ? `\nTip: add ${missing.map((m) => `\`${m}\``).join(', ')} so Nexus can match you well.`
    : own.some((p) => seekingIsActive(p, ctx.clock.now()))
      ? '\nYou are looking for a collaborator: `/pair find` shows who fits.'
      : '';
  return {
    ephemeral: true,
    content: truncate(
      `${existing ? 'Profile updated.' : 'Profile created.'}${seeking ? `\n${seeking.lines.join('\n')}` : ''}${hint}`,
      2000,
    ),
    embeds: [profileEmbed(saved, input.user.name, seekingSummary(own, ctx.clock.now()))],
    effects: seeking?.effects ?? [],
  };
}

async function show(input: CommandInput, ctx: AppContext): Promise<Reply> {
  const targetId = parseShow(input.options).user ?? input.user.id;
  const self = targetId === input.user.id;
  const target = input.users[targetId] ?? (self ? input.user : { id: targetId, name: 'That learner' });
  const m = await getMember(ctx.db, input.guildId, targetId);
  if (!m) {
    return {
      ephemeral: true,
      content: self
        ? 'You have no profile yet. Create one with `/profile set role:backend stack:django,postgres timezone:Africa/Lagos`.'
        : `${escapeMarkdown(target.name)} has no profile yet.`,
    };
  }
  const own = await listOwnProjects(ctx.db, input.guildId, targetId);
  const summary = seekingSummary(own, ctx.clock.now());
  // Your own profile, looking for nobody: the projects where one click would start looking again.
  const seekable = self && summary === 'no' && !m.blockedAt ? await seekableProjects(ctx, input.guildId, own) : [];
  return {
    ephemeral: true,
    embeds: [profileEmbed(m, m.displayName || target.name, summary)],
    components: seekable.length ? [row(...seekable.map(seekAgainButton))] : [],
  };
}

export const profileCommand = defineCommand({
  data,
  subcommands: { set: { run: set, writes: true }, show: { run: show } },
  async autocomplete(input): Promise<Choice[]> {
    if (input.focused.name !== 'timezone') return [];
    return matchTimezones(input.focused.value).map((t) => ({ name: t, value: t }));
  },
});
