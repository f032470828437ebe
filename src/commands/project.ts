// /project announce|update|archive|show|list|mine — learners announce what they build; everyone browses.
import {
  ApplicationCommandOptionType,
  ButtonStyle,
  InteractionContextType,
  type APIEmbed,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import {
  announceLookup,
  saveProject,
  findOwnProjectByKey,
  getProject,
  listOwnProjects,
  listProjects,
  projectTags,
  searchProjectNames,
  type ProjectFilter,
} from '../db/queries/projects.js';
import { getGuildSettings } from '../db/queries/settings.js';
import { findTrackByKey, listTracks } from '../db/queries/tracks.js';
import { projects, ROLES, type GuildSettings, type Project, type Role, type Track } from '../db/schema.js';
import { defuseMentions, escapeMarkdown, normalizeProjectName, oneLine, parseTags, truncate } from '../domain/text.js';
import { parseInput } from '../domain/validate.js';
import { button, COLORS, discordTimestamp, row, userMention } from '../discord/ui.js';
import { actorOf, requireNotBlocked } from './guards.js';
import { validateStack } from './profile.js';
import { defineCommand, UserError, type Choice, type CommandInput, type ComponentModule, type Reply } from './types.js';

export const PROJECT_LIMITS = { name: 100, summary: 1000, stack: 300, repo: 300 } as const;
export const PAGE_SIZE = 5;
const DAY = 86_400_000;

const roleChoices = ROLES.map((r) => ({ name: r, value: r }));
const seekingChoices = [...roleChoices, { name: 'none (not looking)', value: 'none' }];

const idOption = (description: string) =>
  ({
    type: ApplicationCommandOptionType.Integer,
    name: 'id',
    description,
    required: true,
    autocomplete: true,
    min_value: 1,
  }) as const;

const editableOptions = [
  {
    type: ApplicationCommandOptionType.String,
    name: 'stack',
    description: 'Comma-separated, e.g. django, postgres, docker',
    max_length: PROJECT_LIMITS.stack,
    autocomplete: true,
  },
  {
    type: ApplicationCommandOptionType.String,
    name: 'repo',
    description: 'Repository URL (http or https)',
    max_length: PROJECT_LIMITS.repo,
  },
  { type: ApplicationCommandOptionType.String, name: 'role', description: 'Your role on it', choices: roleChoices },
  {
    type: ApplicationCommandOptionType.String,
    name: 'seeking',
    description: 'Which collaborator you are looking for',
    choices: seekingChoices,
  },
] as const;

const data = {
  name: 'project',
  description: 'Announce what you build and browse the cohort’s projects',
  contexts: [InteractionContextType.Guild],
  options: [
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'announce',
      description: 'Announce your project (announcing the same project again updates it)',
      options: [
        {
          type: ApplicationCommandOptionType.String,
          name: 'name',
          description: 'Project or track, e.g. Airbnb clone',
          required: true,
          max_length: PROJECT_LIMITS.name,
          autocomplete: true,
        },
        {
          type: ApplicationCommandOptionType.String,
          name: 'summary',
          description: 'What it does, in a sentence or two',
          required: true,
          max_length: PROJECT_LIMITS.summary,
        },
        ...editableOptions,
      ],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'update',
      description: 'Change one of your projects (only the options you give change)',
      options: [
        idOption('Which of your projects'),
        {
          type: ApplicationCommandOptionType.String,
          name: 'name',
          description: 'New name',
          max_length: PROJECT_LIMITS.name,
        },
        {
          type: ApplicationCommandOptionType.String,
          name: 'summary',
          description: 'New summary',
          max_length: PROJECT_LIMITS.summary,
        },
        ...editableOptions,
      ],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'archive',
      description: 'Archive one of your projects',
      options: [idOption('Which of your projects')],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'show',
      description: 'Show a project',
      options: [idOption('Which project')],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'list',
      description: 'Browse the cohort’s projects',
      options: [
        {
          type: ApplicationCommandOptionType.String,
          name: 'track',
          description: 'Only this track',
          autocomplete: true,
          max_length: PROJECT_LIMITS.name,
        },
        {
          type: ApplicationCommandOptionType.String,
          name: 'tag',
          description: 'Only projects using this tag',
          autocomplete: true,
          max_length: 32,
        },
        {
          type: ApplicationCommandOptionType.String,
          name: 'seeking',
          description: 'Only projects looking for this role',
          choices: [{ name: 'any role', value: 'any' }, ...roleChoices],
        },
      ],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'mine',
      description: 'Your projects, with their seeking status',
    },
  ],
} satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

const httpUrl = z
  .string()
  .trim()
  .max(PROJECT_LIMITS.repo)
  .refine(
    (v) => {
      try {
        const u = new URL(v);
        return (u.protocol === 'http:' || u.protocol === 'https:') && !!u.hostname && !/\s/.test(v);
      } catch {
        return false;
      }
    },
    { message: 'must be an http:// or https:// URL, e.g. https://github.com/you/alx-airbnb-backend' },
  );

const Editable = {
  stack: z.string().max(PROJECT_LIMITS.stack).optional(),
  repo: httpUrl.optional(),
  role: z.enum(ROLES).optional(),
  seeking: z.enum([...ROLES, 'none']).optional(),
};
const AnnounceOptions = z.object({
  name: z.string().max(PROJECT_LIMITS.name).transform(oneLine).pipe(z.string().min(1)),
  summary: z.string().trim().min(1).max(PROJECT_LIMITS.summary),
  ...Editable,
});
const UpdateOptions = z.object({
  id: z.number().int().positive(),
  name: z.string().max(PROJECT_LIMITS.name).transform(oneLine).pipe(z.string().min(1)).optional(),
  summary: z.string().trim().min(1).max(PROJECT_LIMITS.summary).optional(),
  ...Editable,
});
const IdOption = z.object({ id: z.number().int().positive() });
const ListOptions = z.object({
  track: z.string().max(PROJECT_LIMITS.name).optional(),
  tag: z.string().max(32).optional(),
  seeking: z.enum(['any', ...ROLES]).optional(),
});

export function seekingIsActive(p: Pick<Project, 'status' | 'seekingRole' | 'seekingExpiresAt'>, now: Date): boolean {
  return p.status === 'active' && !!p.seekingRole && !!p.seekingExpiresAt && p.seekingExpiresAt > now;
}

export function messageLink(guildId: string, channelId: string | null, messageId: string | null): string | undefined {
  return channelId && messageId ? `https://discord.com/channels/${guildId}/${channelId}/${messageId}` : undefined;
}

function seekingText(p: Project, now: Date): string {
  if (p.status === 'archived') return 'archived';
  if (!p.seekingRole) return 'not looking';
  if (seekingIsActive(p, now))
    return `a **${p.seekingRole}** collaborator (until ${discordTimestamp(p.seekingExpiresAt!, 'D')})`;
  return `lapsed ${discordTimestamp(p.seekingExpiresAt!, 'R')} — the owner can renew it`;
}

export function projectEmbed(p: Project, now: Date, track?: Track | null): APIEmbed {
  const fields = [
    { name: 'Builder', value: userMention(p.ownerId), inline: true },
    { name: 'Role', value: p.role ?? '—', inline: true },
    { name: 'Looking for', value: seekingText(p, now), inline: true },
    { name: 'Stack', value: p.stack.length ? truncate(p.stack.map(escapeMarkdown).join(', '), 1024) : '—' },
  ];
  if (p.repoUrl) fields.push({ name: 'Repository', value: truncate(defuseMentions(p.repoUrl), 1024), inline: false });
  if (track) fields.push({ name: 'Track', value: truncate(escapeMarkdown(track.name), 1024), inline: true });
  return {
    title: truncate(escapeMarkdown(oneLine(p.name)), 256),
    description: truncate(escapeMarkdown(p.summary), 1000),
    color: p.status === 'archived' ? COLORS.muted : seekingIsActive(p, now) ? COLORS.success : COLORS.brand,
    fields,
    footer: { text: `Project #${p.id} · /project show id:${p.id}` },
    timestamp: p.createdAt.toISOString(),
  };
}

/** The public announcement: embed plus a pair button while the owner is seeking. */
export function announcementBody(p: Project, now: Date, track?: Track | null) {
  const components = seekingIsActive(p, now)
    ? [row(button(`pair:request:${p.id}`, `Request to pair with the builder`, ButtonStyle.Primary))]
    : [];
  return { embeds: [projectEmbed(p, now, track)], components };
}

async function resolveTrack(ctx: AppContext, guildId: string, name: string): Promise<Track | undefined> {
  return findTrackByKey(ctx.db, guildId, normalizeProjectName(name));
}

async function ownProject(
  ctx: AppContext,
  input: { guildId: string; user: { id: string } },
  id: number,
): Promise<Project> {
  const p = await getProject(ctx.db, input.guildId, id);
  if (!p) throw new UserError(`Project #${id} was not found. \`/project mine\` lists yours.`);
  if (p.ownerId !== input.user.id) throw new UserError(`Project #${id} is not yours: only its builder can change it.`);
  return p;
}

/** Posts (or edits) the public announcement and stores where it is. Failure to post never loses the project. */
async function publish(
  ctx: AppContext,
  p: Project,
  fallbackChannelId: string,
  known: { settings?: GuildSettings; track?: Track | null } = {},
): Promise<Project> {
  // The project is already saved: neither Discord nor the database failing here may report otherwise.
  try {
    const settings = known.settings ?? (await getGuildSettings(ctx.db, p.guildId));
    const track =
      known.track !== undefined && (known.track?.id ?? null) === p.trackId
        ? known.track
        : p.trackId
          ? ((await listTracks(ctx.db, p.guildId)).find((t) => t.id === p.trackId) ?? null)
          : null;
    const body = announcementBody(p, ctx.clock.now(), track);
    if (p.channelId && p.messageId) {
      await ctx.discord.editMessage(p.channelId, p.messageId, body);
      return p;
    }
    const channelId = settings.nexusChannelId ?? fallbackChannelId;
    const msg = await ctx.discord.postMessage(channelId, body);
    const [updated] = await ctx.db
      .update(projects)
      .set({ channelId, messageId: msg.id })
      .where(and(eq(projects.guildId, p.guildId), eq(projects.id, p.id)))
      .returning();
    return updated ?? p;
  } catch (err) {
    ctx.log.warn({ err, projectId: p.id }, 'could not post the project announcement');
    return p;
  }
}

function seekingFields(seeking: Role | 'none' | undefined, now: Date, expiryDays: number, current?: Project) {
  if (seeking === undefined) return {};
  if (seeking === 'none') return { seekingRole: null, seekingSince: null, seekingExpiresAt: null };
  const keepSince = current?.seekingRole && current.seekingSince && seekingIsActive(current, now);
  return {
    seekingRole: seeking,
    seekingSince: keepSince ? current.seekingSince : now,
    seekingExpiresAt: new Date(now.getTime() + expiryDays * DAY),
  };
}

async function announce(input: CommandInput, ctx: AppContext): Promise<Reply> {
  const o = parseInput(AnnounceOptions, input.options);
  const stack = validateStack(o.stack);
  const key = normalizeProjectName(o.name);
  if (!key) throw new UserError('`name` needs at least one letter or digit.');
  const now = ctx.clock.now();
  // The member and settings (with the router's interaction record) and what announcing this name needs:
  // two statements.
  const [{ member: profile, settings }, { existing, track, activeOthers: active }] = await Promise.all([
    requireNotBlocked(ctx, input),
    announceLookup(ctx.db, input.guildId, input.user.id, key),
  ]);
  if (active >= settings.maxActiveProjects) {
    throw new UserError(
      `You already have ${active} active projects, the most this server allows (${settings.maxActiveProjects}). Archive one with \`/project archive id:…\` first (\`/project mine\` lists them).`,
    );
  }
  const values = {
    name: o.name,
    normalizedName: key,
    trackId: track?.id ?? null,
    summary: o.summary,
    ...(stack ? { stack } : {}),
    ...(o.repo ? { repoUrl: o.repo } : {}),
    role: o.role ?? existing?.role ?? profile?.role ?? null,
    ...seekingFields(o.seeking, now, settings.seekingExpiryDays, existing),
    status: 'active' as const,
    updatedAt: now,
  };
  let saved = await saveProject(ctx.db, input.guildId, input.user.id, existing?.id, values, now);
  saved = await publish(ctx, saved, input.channelId, { settings, track: track ?? null });
  const link = messageLink(input.guildId, saved.channelId, saved.messageId);
  const tips: string[] = [];
  if (!saved.seekingRole)
    tips.push('Looking for a partner? Add `seeking:frontend` (or backend/fullstack) with `/project update`.');
  if (!profile) tips.push('Set your timezone and availability with `/profile set` so matches fit your hours.');
  return {
    ephemeral: true,
    content: [
      existing
        ? `Updated your project **${escapeMarkdown(saved.name)}** (#${saved.id}) instead of announcing it twice.`
        : `Announced **${escapeMarkdown(saved.name)}** (#${saved.id}).`,
      link ? `Announcement: ${link}` : 'The announcement could not be posted right now; your project is saved.',
      track ? `Linked to the **${escapeMarkdown(track.name)}** track.` : '',
      ...tips,
    ]
      .filter(Boolean)
      .join('\n'),
    embeds: [projectEmbed(saved, now, track)],
  };
}

async function update(input: CommandInput, ctx: AppContext): Promise<Reply> {
  const o = parseInput(UpdateOptions, input.options);
  const stack = validateStack(o.stack);
  await requireNotBlocked(ctx, input);
  const p = await ownProject(ctx, input, o.id);
  const now = ctx.clock.now();
  const settings = (await actorOf(ctx, input)).settings;
  const patch: Partial<Project> = { updatedAt: now };
  if (o.name !== undefined) {
    const key = normalizeProjectName(o.name);
    if (!key) throw new UserError('`name` needs at least one letter or digit.');
    const clash = await findOwnProjectByKey(ctx.db, input.guildId, input.user.id, key);
    if (clash && clash.id !== p.id) throw new UserError(`You already have a project with that name (#${clash.id}).`);
    const track = await resolveTrack(ctx, input.guildId, o.name);
    Object.assign(patch, { name: o.name, normalizedName: key, trackId: track?.id ?? null });
  }
  if (o.summary !== undefined) patch.summary = o.summary;
  if (stack) patch.stack = stack;
  if (o.repo) patch.repoUrl = o.repo;
  if (o.role) patch.role = o.role;
  Object.assign(patch, seekingFields(o.seeking, now, settings.seekingExpiryDays, p));
  if (Object.keys(patch).length === 1)
    throw new UserError('Give at least one thing to change, e.g. `/project update id:1 seeking:frontend`.');
  if (p.status === 'archived')
    throw new UserError(`Project #${p.id} is archived. Announce it again with \`/project announce\` to reactivate it.`);
  const [saved] = (await ctx.db
    .update(projects)
    .set(patch)
    .where(and(eq(projects.guildId, input.guildId), eq(projects.id, p.id)))
    .returning()) as [Project];
  const published = await publish(ctx, saved, input.channelId, { settings });
  return { ephemeral: true, content: `Updated project #${saved.id}.`, embeds: [projectEmbed(published, now)] };
}

async function archive(input: CommandInput, ctx: AppContext): Promise<Reply> {
  const { id } = parseInput(IdOption, input.options);
  const p = await ownProject(ctx, input, id);
  if (p.status === 'archived') return { ephemeral: true, content: `Project #${p.id} is already archived.` };
  const now = ctx.clock.now();
  const [saved] = (await ctx.db
    .update(projects)
    .set({ status: 'archived', seekingRole: null, seekingSince: null, seekingExpiresAt: null, updatedAt: now })
    .where(and(eq(projects.guildId, input.guildId), eq(projects.id, p.id)))
    .returning()) as [Project];
  await publish(ctx, saved, input.channelId);
  return {
    ephemeral: true,
    content: `Archived **${escapeMarkdown(saved.name)}** (#${saved.id}). It stays in your history and your README.`,
  };
}

async function show(input: CommandInput, ctx: AppContext): Promise<Reply> {
  const { id } = parseInput(IdOption, input.options);
  const p = await getProject(ctx.db, input.guildId, id);
  if (!p) throw new UserError(`Project #${id} was not found.`);
  const now = ctx.clock.now();
  const track = p.trackId ? ((await listTracks(ctx.db, input.guildId)).find((t) => t.id === p.trackId) ?? null) : null;
  const buttons = [];
  if (p.ownerId === input.user.id) {
    if (p.seekingRole && p.status === 'active')
      buttons.push(button(`project:renew:${p.id}`, 'Renew seeking', ButtonStyle.Secondary));
  } else if (seekingIsActive(p, now)) {
    buttons.push(button(`pair:request:${p.id}`, 'Request to pair', ButtonStyle.Primary));
  }
  const link = messageLink(input.guildId, p.channelId, p.messageId);
  return {
    ephemeral: true,
    ...(link ? { content: `Announced here: ${link}` } : {}),
    embeds: [projectEmbed(p, now, track)],
    components: buttons.length ? [row(...buttons)] : [],
  };
}

function projectLine(p: Project, now: Date): string {
  const seeking = seekingIsActive(p, now)
    ? ` · looking for **${p.seekingRole}**`
    : p.seekingRole && p.status === 'active'
      ? ' · seeking lapsed'
      : '';
  const stack = p.stack.length ? ` · ${truncate(p.stack.map(escapeMarkdown).join(', '), 120)}` : '';
  return `**#${p.id} ${escapeMarkdown(truncate(oneLine(p.name), 80))}** by ${userMention(p.ownerId)} — ${p.role ?? 'role not set'}${seeking}${stack}\n${escapeMarkdown(truncate(oneLine(p.summary), 160))}`;
}

/** Filters travel in the page buttons' custom ids: project:page:<offset>:<trackId>:<seeking>:<tag>. */
export function pageCustomId(offset: number, f: { trackId?: number; seeking?: string; tag?: string }): string {
  return `project:page:${offset}:${f.trackId ?? ''}:${f.seeking ?? ''}:${f.tag ?? ''}`;
}

export async function renderProjectPage(
  ctx: AppContext,
  guildId: string,
  filter: Omit<ProjectFilter, 'now'>,
  offset: number,
  describe: string,
): Promise<Reply> {
  const now = ctx.clock.now();
  const { rows, total } = await listProjects(ctx.db, guildId, { ...filter, now }, offset, PAGE_SIZE);
  if (total === 0) {
    return {
      ephemeral: true,
      content: `No projects${describe ? ` ${describe}` : ''} yet. Announce yours with \`/project announce name:… summary:…\`.`,
    };
  }
  const page = Math.floor(offset / PAGE_SIZE) + 1;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const f = {
    ...(filter.trackId !== undefined ? { trackId: filter.trackId } : {}),
    ...(filter.seeking ? { seeking: filter.seeking } : {}),
    ...(filter.tag ? { tag: filter.tag } : {}),
  };
  const nav =
    pages > 1
      ? [
          row(
            button(pageCustomId(Math.max(0, offset - PAGE_SIZE), f), '◀ Previous', ButtonStyle.Secondary, offset === 0),
            button(pageCustomId(offset + PAGE_SIZE, f), 'Next ▶', ButtonStyle.Secondary, offset + PAGE_SIZE >= total),
          ),
        ]
      : [];
  return {
    ephemeral: true,
    embeds: [
      {
        title: `Projects${describe ? ` ${describe}` : ''}`,
        color: COLORS.brand,
        description: truncate(rows.map((p) => projectLine(p, now)).join('\n\n'), 4000),
        footer: {
          text: `Page ${page} of ${pages} · ${total} project${total === 1 ? '' : 's'} · /project show id:… for details`,
        },
      },
    ],
    components: nav,
  };
}

async function list(input: CommandInput, ctx: AppContext): Promise<Reply> {
  const o = parseInput(ListOptions, input.options);
  const filter: Omit<ProjectFilter, 'now'> = {};
  const describe: string[] = [];
  if (o.track) {
    const track = await resolveTrack(ctx, input.guildId, o.track);
    if (!track) {
      const names = (await listTracks(ctx.db, input.guildId)).map((t) => escapeMarkdown(t.name));
      throw new UserError(
        `There is no track named "${escapeMarkdown(truncate(o.track, 100))}".${names.length ? ` Tracks: ${truncate(names.join(', '), 1500)}.` : ' Moderators have not added tracks yet.'}`,
      );
    }
    filter.trackId = track.id;
    describe.push(`in ${escapeMarkdown(track.name)}`);
  }
  if (o.tag) {
    const [tag] = parseTags(o.tag);
    if (tag) {
      filter.tag = tag;
      describe.push(`using ${escapeMarkdown(tag)}`);
    }
  }
  if (o.seeking) {
    filter.seeking = o.seeking;
    describe.push(o.seeking === 'any' ? 'looking for a collaborator' : `looking for a ${o.seeking}`);
  }
  return renderProjectPage(ctx, input.guildId, filter, 0, describe.join(', '));
}

async function mine(input: CommandInput, ctx: AppContext): Promise<Reply> {
  const rows = await listOwnProjects(ctx.db, input.guildId, input.user.id);
  if (!rows.length)
    return {
      ephemeral: true,
      content: 'You have no projects yet. Announce one with `/project announce name:… summary:…`.',
    };
  const now = ctx.clock.now();
  const renewable = rows.filter((p) => p.status === 'active' && p.seekingRole).slice(0, 5);
  return {
    ephemeral: true,
    embeds: [
      {
        title: 'Your projects',
        color: COLORS.brand,
        description: truncate(
          rows.map((p) => `${projectLine(p, now)}${p.status === 'archived' ? ' *(archived)*' : ''}`).join('\n\n'),
          4000,
        ),
        footer: { text: 'Seeking lapses after a while: renew it with one click to stay in /pair find.' },
      },
    ],
    components: renewable.length
      ? [row(...renewable.map((p) => button(`project:renew:${p.id}`, `Renew seeking #${p.id}`, ButtonStyle.Secondary)))]
      : [],
  };
}

async function autocomplete(
  input: CommandInput & { focused: { name: string; value: string } },
  ctx: AppContext,
): Promise<Choice[]> {
  const [sub] = input.path;
  const typed = input.focused.value.trim();
  switch (input.focused.name) {
    case 'id': {
      const mineOnly = sub === 'update' || sub === 'archive';
      const byId = /^#?(\d+)$/.exec(typed);
      const rows = byId
        ? [await getProject(ctx.db, input.guildId, Number(byId[1]))].filter(
            (p): p is Project => !!p && (!mineOnly || p.ownerId === input.user.id),
          )
        : await searchProjectNames(ctx.db, input.guildId, typed, 25, mineOnly ? input.user.id : undefined);
      return rows.map((p) => ({
        name: truncate(`#${p.id} ${oneLine(p.name)}${p.status === 'archived' ? ' (archived)' : ''}`, 100),
        value: p.id,
      }));
    }
    case 'name':
    case 'track': {
      const tracks = (await listTracks(ctx.db, input.guildId)).filter((t) =>
        t.normalizedName.includes(normalizeProjectName(typed)),
      );
      const names = tracks.map((t) => t.name);
      if (input.focused.name === 'name') {
        for (const p of await searchProjectNames(ctx.db, input.guildId, typed, 25)) {
          if (!names.some((n) => normalizeProjectName(n) === p.normalizedName)) names.push(p.name);
        }
        if (typed && !names.some((n) => normalizeProjectName(n) === normalizeProjectName(typed))) names.unshift(typed);
      }
      return names.slice(0, 25).map((n) => ({ name: truncate(oneLine(n), 100), value: truncate(n, 100) }));
    }
    case 'stack':
    case 'tag': {
      // Complete the last comma-separated part, keeping what was typed before it.
      const parts = input.focused.value.split(',');
      const last = (parts.pop() ?? '').trim().toLowerCase();
      const before = parseTags(parts.join(','));
      const prefix = before.length ? before.join(', ') + ', ' : '';
      const tags = (await projectTags(ctx.db, input.guildId, last, 25)).filter((t) => !before.includes(t));
      const choices = tags.map((t) => prefix + t);
      if (last && !tags.includes(last)) choices.unshift(prefix + last);
      return choices
        .filter((c) => c.length <= 100)
        .slice(0, 25)
        .map((c) => ({ name: c, value: c }));
    }
    default:
      return [];
  }
}

export const projectCommand = defineCommand({
  data,
  writes: ['announce', 'update', 'archive'],
  async execute(input, ctx) {
    switch (input.path[0]) {
      case 'announce':
        return announce(input, ctx);
      case 'update':
        return update(input, ctx);
      case 'archive':
        return archive(input, ctx);
      case 'show':
        return show(input, ctx);
      case 'list':
        return list(input, ctx);
      case 'mine':
        return mine(input, ctx);
      default:
        throw new UserError('Unknown subcommand.');
    }
  },
  autocomplete,
});

export const projectComponents: ComponentModule[] = [
  {
    prefix: 'project:renew',
    writes: true,
    async handle(input, ctx) {
      const id = Number(input.args[0]);
      const p = await ownProject(ctx, input, id);
      if (!p.seekingRole || p.status !== 'active')
        throw new UserError(
          `Project #${id} is not looking for a collaborator. Use \`/project update id:${id} seeking:…\`.`,
        );
      const now = ctx.clock.now();
      const settings = (await actorOf(ctx, input)).settings;
      const expires = new Date(now.getTime() + settings.seekingExpiryDays * DAY);
      const [saved] = (await ctx.db
        .update(projects)
        .set({
          seekingExpiresAt: expires,
          seekingSince: seekingIsActive(p, now) ? p.seekingSince : now,
          updatedAt: now,
        })
        .where(and(eq(projects.guildId, input.guildId), eq(projects.id, p.id)))
        .returning()) as [Project];
      await publish(ctx, saved, input.channelId, { settings });
      return {
        ephemeral: true,
        content: `Renewed: **${escapeMarkdown(p.name)}** is looking for a ${p.seekingRole} until ${discordTimestamp(expires, 'D')}.`,
      };
    },
  },
  {
    prefix: 'project:page',
    async handle(input, ctx) {
      const [offsetRaw = '0', trackRaw = '', seekingRaw = '', tag = ''] = input.args;
      // Custom ids can be forged: only a sane whole offset reaches SQL.
      const n = Number(offsetRaw);
      const offset = Number.isSafeInteger(n) && n >= 0 ? Math.min(n, 100_000) : 0;
      const filter: Omit<ProjectFilter, 'now'> = {};
      const describe: string[] = [];
      if (trackRaw) {
        const track = (await listTracks(ctx.db, input.guildId)).find((t) => t.id === Number(trackRaw));
        if (!track) throw new UserError('That track no longer exists. Run `/project list` again.');
        filter.trackId = track.id;
        describe.push(`in ${escapeMarkdown(track.name)}`);
      }
      if (tag) {
        filter.tag = tag;
        describe.push(`using ${escapeMarkdown(tag)}`);
      }
      if (seekingRaw === 'any' || (ROLES as readonly string[]).includes(seekingRaw)) {
        filter.seeking = seekingRaw as Role | 'any';
        describe.push(seekingRaw === 'any' ? 'looking for a collaborator' : `looking for a ${seekingRaw}`);
      }
      return { ...(await renderProjectPage(ctx, input.guildId, filter, offset, describe.join(', '))), update: true };
    },
  },
];
