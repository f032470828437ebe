// /challenge log|solve|search|show|mine — the challenges a learner hit and how they solved them.
// The forms (modals) and buttons are handled in src/components/challenge.ts; rendering lives here.
import {
  ApplicationCommandOptionType,
  ButtonStyle,
  ComponentType,
  InteractionContextType,
  TextInputStyle,
  type APIActionRowComponent,
  type APIComponentInMessageActionRow,
  type APIEmbed,
  type APIModalInteractionResponseCallbackData,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import {
  getChallenge,
  guildTags,
  listAuthorChallenges,
  listOwnActiveProjects,
  searchChallenges,
  suggestChallenges,
  type ChallengeView,
} from '../db/queries/challenges.js';
import { escapeMarkdown, normalizeTag, oneLine, splitMessage, truncate } from '../domain/text.js';
import { pageFromCustomId, parseInput, text } from '../domain/validate.js';
import { button, COLORS, discordTimestamp, row } from '../discord/ui.js';
import { requireNotBlocked } from './guards.js';
import { defineCommand, UserError, type Choice, type Invocation, type ModalReply, type Reply } from './types.js';

/** Modal text is accepted up to Discord's own text-input limit. */
export const CHALLENGE_LIMITS = {
  title: 4000,
  problem: 4000,
  solution: 4000,
  tags: 600,
  project: 20,
  query: 200,
} as const;
export const SEARCH_PAGE_SIZE = 5;
export const MINE_PAGE_SIZE = 10;
const STATUSES = ['open', 'solved'] as const;

const idOption = (description: string) =>
  ({
    type: ApplicationCommandOptionType.Integer,
    name: 'id',
    description,
    required: true,
    autocomplete: true,
    min_value: 1,
  }) as const;
const pageOption = {
  type: ApplicationCommandOptionType.Integer,
  name: 'page',
  description: 'Page number (default 1)',
  min_value: 1,
} as const;

const data = {
  name: 'challenge',
  description: 'Log the challenges you hit and how you solved them; search what the cohort learned',
  contexts: [InteractionContextType.Guild],
  options: [
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'log',
      description: 'Log a challenge (opens a form: title, what went wrong, the solution, tags)',
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'solve',
      description: 'Add or edit the solution of one of your challenges',
      options: [idOption('Your challenge')],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'search',
      description: "Search the server's challenges: titles, problems and solutions",
      options: [
        {
          type: ApplicationCommandOptionType.String,
          name: 'query',
          description: 'Words to look for, e.g. docker network',
          required: true,
          max_length: CHALLENGE_LIMITS.query,
        },
        {
          type: ApplicationCommandOptionType.String,
          name: 'tag',
          description: 'Only challenges with this tag',
          autocomplete: true,
          max_length: 32,
        },
        {
          type: ApplicationCommandOptionType.String,
          name: 'status',
          description: 'Only open or only solved challenges',
          choices: STATUSES.map((s) => ({ name: s, value: s })),
        },
        pageOption,
      ],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'show',
      description: 'Show a challenge in full',
      options: [
        idOption('Which challenge'),
        {
          type: ApplicationCommandOptionType.Integer,
          name: 'part',
          description: 'Part of a long challenge (default 1)',
          min_value: 1,
        },
      ],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'mine',
      description: 'The challenges you logged',
      options: [pageOption],
    },
  ],
} satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export function notFound(id: number | string): UserError {
  return new UserError(
    `There is no challenge #${id} in this server (it may have been removed). Find one with \`/challenge search\` or \`/challenge mine\`.`,
  );
}

/** A challenge id from a custom id or a typed value; anything else is "not found". */
export function parseChallengeId(raw: string | number | undefined): number {
  const s = String(raw ?? '')
    .trim()
    .replace(/^#/, '');
  const n = /^\d{1,15}$/.test(s) ? Number(s) : NaN;
  if (!Number.isSafeInteger(n) || n < 1) throw notFound(escapeMarkdown(truncate(s, 20)));
  return n;
}

// ---- rendering --------------------------------------------------------------------------------------------

const statusLabel = (c: Pick<ChallengeView, 'status'>) => (c.status === 'solved' ? '✅ solved' : '🟠 open');

function titleLine(c: Pick<ChallengeView, 'id' | 'title'>, max = 256): string {
  return truncate(`#${c.id} · ${escapeMarkdown(oneLine(c.title))}`, max);
}

function tagList(tags: string[]): string {
  return tags.length ? truncate(tags.map(escapeMarkdown).join(', '), 1024) : '—';
}

function metaLine(c: ChallengeView): string {
  const parts = [`**${statusLabel(c)}**`, `by <@${c.authorId}>`, `logged ${discordTimestamp(c.createdAt)}`];
  if (c.solvedAt) parts.push(`solved ${discordTimestamp(c.solvedAt)}`);
  return parts.join(' · ');
}

function helpedText(n: number): string {
  return n === 1 ? 'helped 1 learner' : `helped ${n} learners`;
}

/** The card posted to the channel and shown after logging/solving: long text cut with "…". */
export function challengeCard(c: ChallengeView): APIEmbed {
  const fields = [];
  if (c.solution)
    fields.push({ name: 'What I tried / the solution', value: truncate(escapeMarkdown(c.solution), 1024) });
  if (c.tags.length) fields.push({ name: 'Tags', value: tagList(c.tags), inline: true });
  if (c.projectName)
    fields.push({
      name: 'Project',
      value: truncate(`#${c.projectId} ${escapeMarkdown(oneLine(c.projectName))}`, 256),
      inline: true,
    });
  return {
    title: titleLine(c),
    color: c.status === 'solved' ? COLORS.success : COLORS.warning,
    description: `${metaLine(c)}\n\n**What went wrong**\n${truncate(escapeMarkdown(c.problem), 1500)}`,
    fields,
    footer: { text: `${c.helpedCount ? `${helpedText(c.helpedCount)} · ` : ''}Full text: /challenge show id:${c.id}` },
  };
}

/** "Helped me too" for everyone and "Add solution" (checked on click: the author only). */
export function challengeButtons(
  c: Pick<ChallengeView, 'id' | 'status' | 'helpedCount'>,
): APIActionRowComponent<APIComponentInMessageActionRow>[] {
  return [
    row(
      button(
        `challenge:helped:${c.id}`,
        c.helpedCount ? `Helped me too (${c.helpedCount})` : 'Helped me too',
        ButtonStyle.Primary,
      ),
      button(
        `challenge:solution:${c.id}`,
        c.status === 'solved' ? 'Edit solution' : 'Add solution',
        ButtonStyle.Secondary,
      ),
    ),
  ];
}

function embedSize(e: APIEmbed): number {
  return (
    (e.title?.length ?? 0) +
    (e.description?.length ?? 0) +
    (e.footer?.text.length ?? 0) +
    (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0)
  );
}

/** Raw text chunk size before escaping: escaping at most doubles it, so a chunk always fits a 4096 description. */
const SHOW_CHUNK = 1800;
/** Per message: Discord allows 6000 characters over all embeds; keep a margin. */
const SHOW_MESSAGE_BUDGET = 5800;

/** The whole challenge, as messages (each a list of embeds within Discord's limits). */
export function showPages(c: ChallengeView): APIEmbed[][] {
  const color = c.status === 'solved' ? COLORS.success : COLORS.warning;
  const header: APIEmbed = {
    title: titleLine(c),
    color,
    description: metaLine(c),
    fields: [
      { name: 'Tags', value: tagList(c.tags), inline: true },
      { name: 'Helped', value: String(c.helpedCount), inline: true },
      ...(c.projectName
        ? [
            {
              name: 'Project',
              value: truncate(`#${c.projectId} ${escapeMarkdown(oneLine(c.projectName))}`, 256),
              inline: true,
            },
          ]
        : []),
    ],
  };
  const embeds: APIEmbed[] = [header];
  const block = (name: string, raw: string) => {
    const chunks = splitMessage(raw, SHOW_CHUNK);
    chunks.forEach((ch, i) =>
      embeds.push({
        title: chunks.length > 1 ? `${name} (${i + 1}/${chunks.length})` : name,
        color,
        description: truncate(escapeMarkdown(ch), 4096),
      }),
    );
  };
  if (header.title !== `#${c.id} · ${escapeMarkdown(oneLine(c.title))}`) block('Title', c.title);
  block('What went wrong', c.problem);
  if (c.solution) block('What I tried / the solution', c.solution);
  else
    embeds.push({
      title: 'Solution',
      color,
      description: `Not solved yet. The author can add it with \`/challenge solve id:${c.id}\`.`,
    });

  const pages: APIEmbed[][] = [];
  let current: APIEmbed[] = [];
  let size = 0;
  for (const e of embeds) {
    const s = embedSize(e);
    if (current.length && (size + s > SHOW_MESSAGE_BUDGET || current.length === 10)) {
      pages.push(current);
      current = [];
      size = 0;
    }
    current.push(e);
    size += s;
  }
  pages.push(current);
  return pages;
}

export async function showReply(ctx: AppContext, guildId: string, id: number, part: number): Promise<Reply> {
  const c = await getChallenge(ctx.db, guildId, id);
  if (!c) throw notFound(id);
  const pages = showPages(c);
  if (part > pages.length)
    throw new UserError(
      `Challenge #${id} has ${pages.length === 1 ? 'one part' : `${pages.length} parts`}; ask for \`part:1\`${pages.length > 1 ? ` to \`part:${pages.length}\`` : ''}.`,
    );
  const content =
    pages.length > 1
      ? `Part ${part} of ${pages.length}${part < pages.length ? ` — next: \`/challenge show id:${id} part:${part + 1}\`` : ''}`
      : undefined;
  return {
    ephemeral: true,
    ...(content ? { content } : {}),
    embeds: pages[part - 1]!,
    components: challengeButtons(c),
  };
}

function listLine(c: ChallengeView, withExcerpt: boolean): string {
  let line = `**#${c.id}** · ${statusLabel(c)} · ${truncate(escapeMarkdown(oneLine(c.title)), 100)}`;
  const extras = [
    c.tags.length ? truncate(c.tags.map(escapeMarkdown).join(', '), 80) : '',
    c.helpedCount ? helpedText(c.helpedCount) : '',
  ].filter(Boolean);
  if (extras.length) line += `\n   ${extras.join(' · ')}`;
  if (withExcerpt) line += `\n   ${truncate(escapeMarkdown(oneLine(c.problem)), 160)}`;
  return line;
}

function pagerButtons(
  page: number,
  pages: number,
  customId: (page: number) => string | undefined,
): APIActionRowComponent<APIComponentInMessageActionRow>[] {
  if (pages <= 1) return [];
  const prev = customId(page - 1);
  const next = customId(page + 1);
  if (!prev || !next) return [];
  return [
    row(
      button(prev, '◀ Previous', ButtonStyle.Secondary, page <= 1),
      button(next, 'Next ▶', ButtonStyle.Secondary, page >= pages),
    ),
  ];
}

export interface SearchArgs {
  query: string;
  tag?: string | undefined;
  status?: 'open' | 'solved' | undefined;
  page: number;
}

/** `challenge:search:<page>:<status>:<tag>:<query>` when it fits Discord's 100 characters (else: the `page` option). */
export function searchCustomId(a: SearchArgs, page: number): string | undefined {
  if (a.tag?.includes(':')) return undefined;
  const id = `challenge:search:${page}:${a.status ?? ''}:${a.tag ?? ''}:${a.query}`;
  return id.length <= 100 ? id : undefined;
}

export function parseSearchCustomArgs(args: string[]): SearchArgs {
  const [page, status, tag, ...query] = args;
  return {
    page: pageFromCustomId(page),
    status: status === 'open' || status === 'solved' ? status : undefined,
    tag: tag || undefined,
    query: query.join(':'),
  };
}

export async function searchReply(ctx: AppContext, guildId: string, a: SearchArgs): Promise<Reply> {
  const { rows, total, fallback, capped } = await searchChallenges(ctx.db, guildId, {
    query: a.query,
    tag: a.tag,
    status: a.status,
    limit: SEARCH_PAGE_SIZE,
    offset: (a.page - 1) * SEARCH_PAGE_SIZE,
    now: ctx.clock.now(),
  });
  const filtersText = [a.tag ? `tag ${escapeMarkdown(a.tag)}` : '', a.status ? `${a.status} only` : '']
    .filter(Boolean)
    .join(', ');
  const what = `“${escapeMarkdown(truncate(oneLine(a.query), 100))}”${filtersText ? ` (${filtersText})` : ''}`;
  if (rows.length === 0) {
    if (total > 0 || a.page > 1) throw new UserError(`There is no page ${a.page} for ${what}. Try \`page:1\`.`);
    return {
      ephemeral: true,
      content: `No challenge matches ${what} in this server yet. Try fewer or other words${a.tag || a.status ? ', or drop the tag/status filter' : ''}; if you solved it, share it with \`/challenge log\`.`,
    };
  }
  const pages = Math.max(1, Math.ceil(total / SEARCH_PAGE_SIZE));
  const components = pagerButtons(a.page, pages, (p) => searchCustomId(a, p));
  const footer = [
    `Page ${a.page} of ${pages} · ${capped ? `${total}+ results (the newest ${total} ranked; add words or tag: to narrow)` : `${total} result${total === 1 ? '' : 's'}`}`,
    'Open one: /challenge show id:N',
  ];
  if (pages > 1 && !components.length) footer.push(`more: page:${a.page + 1}`);
  return {
    ephemeral: true,
    embeds: [
      {
        title: truncate(`Challenges matching ${what}`, 256),
        color: COLORS.brand,
        description: truncate(
          (fallback ? '_No exact word match; showing challenges with words starting with what you typed._\n\n' : '') +
            rows.map((c) => listLine(c, true)).join('\n\n'),
          4096,
        ),
        footer: { text: footer.join(' · ') },
      },
    ],
    components,
  };
}

export async function mineReply(ctx: AppContext, guildId: string, userId: string, page: number): Promise<Reply> {
  const { rows, total } = await listAuthorChallenges(
    ctx.db,
    guildId,
    userId,
    MINE_PAGE_SIZE,
    (page - 1) * MINE_PAGE_SIZE,
  );
  if (rows.length === 0) {
    if (total > 0 || page > 1) throw new UserError(`There is no page ${page} of your challenges. Try \`page:1\`.`);
    return {
      ephemeral: true,
      content:
        'You have not logged a challenge yet. Hit a wall? `/challenge log` keeps it (and the fix) for you and the cohort.',
    };
  }
  const pages = Math.max(1, Math.ceil(total / MINE_PAGE_SIZE));
  const open = rows.filter((c) => c.status === 'open').length;
  return {
    ephemeral: true,
    embeds: [
      {
        title: 'Your challenges',
        color: COLORS.brand,
        description: truncate(rows.map((c) => listLine(c, false)).join('\n'), 4096),
        footer: {
          text: `Page ${page} of ${pages} · ${total} in all${open ? ' · add a solution: /challenge solve id:N' : ''} · full text: /challenge show id:N`,
        },
      },
    ],
    components: pagerButtons(page, pages, (p) => `challenge:mine:${p}`),
  };
}

// ---- forms --------------------------------------------------------------------------------------------

function textInput(
  customId: string,
  label: string,
  style: TextInputStyle,
  max: number,
  required: boolean,
  extra: { placeholder?: string; value?: string } = {},
) {
  return {
    type: ComponentType.ActionRow as const,
    components: [
      {
        type: ComponentType.TextInput as const,
        custom_id: customId,
        label,
        style,
        max_length: max,
        required,
        ...(extra.placeholder ? { placeholder: truncate(extra.placeholder, 100) } : {}),
        ...(extra.value ? { value: extra.value.slice(0, max) } : {}),
      },
    ],
  };
}

export async function logModal(ctx: AppContext, guildId: string, userId: string): Promise<ModalReply> {
  const own = await listOwnActiveProjects(ctx.db, guildId, userId, 3);
  const projectHint = own.length
    ? `Optional: one of your project ids, e.g. ${own.map((p) => `${p.id} (${oneLine(p.name)})`).join(', ')}`
    : 'Optional: the id of one of your projects';
  const modal: APIModalInteractionResponseCallbackData = {
    custom_id: 'challenge:log',
    title: 'Log a challenge',
    components: [
      textInput('title', 'Title', TextInputStyle.Short, CHALLENGE_LIMITS.title, true, {
        placeholder: 'e.g. Docker container cannot reach Postgres',
      }),
      textInput('problem', 'What went wrong', TextInputStyle.Paragraph, CHALLENGE_LIMITS.problem, true, {
        placeholder: 'The error, what you expected, what you were doing',
      }),
      textInput(
        'solution',
        'What you tried / the solution',
        TextInputStyle.Paragraph,
        CHALLENGE_LIMITS.solution,
        false,
        {
          placeholder: 'Optional: leave empty while it is still open, add it later with /challenge solve',
        },
      ),
      textInput('tags', 'Tags (comma-separated)', TextInputStyle.Short, CHALLENGE_LIMITS.tags, false, {
        placeholder: 'e.g. docker, postgres, django',
      }),
      textInput('project', 'Project id', TextInputStyle.Short, CHALLENGE_LIMITS.project, false, {
        placeholder: projectHint,
      }),
    ],
  };
  return { modal };
}

export function solveModal(c: Pick<ChallengeView, 'id' | 'solution'>): ModalReply {
  return {
    modal: {
      custom_id: `challenge:solve:${c.id}`,
      title: `${c.solution ? 'Edit' : 'Add'} the solution of #${c.id}`.slice(0, 45),
      components: [
        textInput(
          'solution',
          'What you tried / the solution',
          TextInputStyle.Paragraph,
          CHALLENGE_LIMITS.solution,
          true,
          {
            placeholder: 'What fixed it (commands, config, the root cause)',
            ...(c.solution ? { value: c.solution } : {}),
          },
        ),
      ],
    },
  };
}

/** The solve form for the author; everyone else gets a clear refusal. */
export async function openSolveForm(ctx: AppContext, inv: Invocation, id: number): Promise<ModalReply> {
  const {
    guildId,
    user: { id: userId },
  } = inv;
  await requireNotBlocked(ctx, inv);
  const c = await getChallenge(ctx.db, guildId, id);
  if (!c) throw notFound(id);
  if (c.authorId !== userId) {
    throw new UserError(
      `Only the author of #${id} can add or edit its solution. If it helped you, click **Helped me too**.`,
    );
  }
  return solveModal(c);
}

// ---- the command --------------------------------------------------------------------------------------

const SearchOptions = z.object({
  query: text(CHALLENGE_LIMITS.query),
  tag: z.string().max(64).optional(),
  status: z.enum(STATUSES).optional(),
  page: z.number().int().min(1).max(10_000).optional(),
});
const ShowOptions = z.object({ id: z.number().int().min(1), part: z.number().int().min(1).max(100).optional() });
const IdOptions = z.object({ id: z.number().int().min(1) });
const PageOptions = z.object({ page: z.number().int().min(1).max(10_000).optional() });

export const challengeCommand = defineCommand({
  data,
  async execute(input, ctx) {
    const [sub] = input.path;
    switch (sub) {
      case 'log':
        await requireNotBlocked(ctx, input);
        return logModal(ctx, input.guildId, input.user.id);
      case 'solve': {
        const o = parseInput(IdOptions, input.options);
        return openSolveForm(ctx, input, o.id);
      }
      case 'search': {
        const o = parseInput(SearchOptions, input.options);
        const tag = o.tag !== undefined ? normalizeTag(o.tag) || undefined : undefined;
        return searchReply(ctx, input.guildId, { query: o.query, tag, status: o.status, page: o.page ?? 1 });
      }
      case 'show': {
        const o = parseInput(ShowOptions, input.options);
        return showReply(ctx, input.guildId, o.id, o.part ?? 1);
      }
      case 'mine': {
        const o = parseInput(PageOptions, input.options);
        return mineReply(ctx, input.guildId, input.user.id, o.page ?? 1);
      }
    }
    throw new UserError('Unknown subcommand.');
  },
  async autocomplete(input, ctx): Promise<Choice[]> {
    const { name, value } = input.focused;
    if (name === 'id') {
      const rows = await suggestChallenges(
        ctx.db,
        input.guildId,
        value,
        input.path[0] === 'solve' ? { authorId: input.user.id } : {},
      );
      return rows.map((c) => ({ name: truncate(`#${c.id} · ${oneLine(c.title)} (${c.status})`, 100), value: c.id }));
    }
    if (name === 'tag') {
      const tags = await guildTags(ctx.db, input.guildId, normalizeTag(value));
      return tags.filter((t) => t.length <= 100).map((t) => ({ name: t, value: t }));
    }
    return [];
  },
});
