// /takeaway add|list — short best practices and personal takeaways, tagged like challenges.
import {
  ApplicationCommandOptionType,
  InteractionContextType,
  type APIEmbed,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import type { AppContext } from '../context.js';
import { guildTags } from '../db/queries/challenges.js';
import { insertTakeaway, listTakeaways } from '../db/queries/takeaways.js';
import type { Takeaway } from '../db/schema.js';
import { escapeMarkdown, normalizeTag, truncate } from '../domain/text.js';
import { escapeTruncatedKeepCode } from '../domain/markdown.js';
import { pageFromCustomId, SNOWFLAKE, validateTags } from '../domain/validate.js';
import { button, COLORS, discordTimestamp, row, userMention } from './ui.js';
import { requireNotBlocked } from './guards.js';
import { argsParser } from './options.js';
import { defineCommand, UserError, type Choice, type CommandInput, type ComponentModule, type Reply } from './types.js';

const TAKEAWAY_LIMITS = { text: 500, tags: 300 } as const;
const TAKEAWAY_PAGE_SIZE = 5;

const data = {
  name: 'takeaway',
  description: 'Best practices and personal takeaways worth keeping',
  contexts: [InteractionContextType.Guild],
  options: [
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'add',
      description: 'Save a takeaway, e.g. "Pin image versions in docker-compose"',
      options: [
        {
          type: ApplicationCommandOptionType.String,
          name: 'text',
          description: 'The takeaway',
          required: true,
          max_length: TAKEAWAY_LIMITS.text,
        },
        {
          type: ApplicationCommandOptionType.String,
          name: 'tags',
          description: 'Comma-separated, e.g. docker, postgres',
          autocomplete: true,
          max_length: TAKEAWAY_LIMITS.tags,
        },
      ],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'list',
      description: "The server's takeaways, newest first",
      options: [
        { type: ApplicationCommandOptionType.User, name: 'user', description: 'Only this learner’s takeaways' },
        {
          type: ApplicationCommandOptionType.String,
          name: 'tag',
          description: 'Only takeaways with this tag',
          autocomplete: true,
          max_length: 32,
        },
        {
          type: ApplicationCommandOptionType.Integer,
          name: 'page',
          description: 'Page number (default 1)',
          min_value: 1,
          max_value: 10_000,
        },
      ],
    },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

const parseAdd = argsParser(data, 'add');
const parseList = argsParser(data, 'list');

/** Each entry gets an equal share of the 4096-character description, so a page always fits. */
const ENTRY_BUDGET = Math.floor(4000 / TAKEAWAY_PAGE_SIZE) - 60;

function takeawayLine(t: Takeaway): string {
  const tags = t.tags.length ? `\n   ${truncate(t.tags.map(escapeMarkdown).join(', '), 120)}` : '';
  return `**#${t.id}** · ${userMention(t.authorId)} · ${discordTimestamp(t.createdAt, 'D')}\n${escapeTruncatedKeepCode(t.text, ENTRY_BUDGET)}${tags}`;
}

interface ListArgs {
  authorId?: string | undefined;
  tag?: string | undefined;
  page: number;
}

function listCustomId(a: ListArgs, page: number): string | undefined {
  const id = `takeaway:list:${page}:${a.authorId ?? ''}:${a.tag ?? ''}`;
  return id.length <= 100 ? id : undefined;
}

async function takeawayListReply(ctx: AppContext, guildId: string, a: ListArgs): Promise<Reply> {
  const { rows, total } = await listTakeaways(
    ctx.db,
    guildId,
    { authorId: a.authorId, tag: a.tag },
    TAKEAWAY_PAGE_SIZE,
    (a.page - 1) * TAKEAWAY_PAGE_SIZE,
  );
  const filters = [a.authorId ? `by ${userMention(a.authorId)}` : '', a.tag ? `tagged ${escapeMarkdown(a.tag)}` : '']
    .filter(Boolean)
    .join(', ');
  if (rows.length === 0) {
    if (total > 0 || a.page > 1)
      throw new UserError(`There is no page ${a.page} of takeaways${filters ? ` ${filters}` : ''}. Try \`page:1\`.`);
    return {
      ephemeral: true,
      content: `No takeaways${filters ? ` ${filters}` : ''} yet. Learned something worth keeping? \`/takeaway add text:"…" tags:"docker"\`.`,
    };
  }
  const pages = Math.max(1, Math.ceil(total / TAKEAWAY_PAGE_SIZE));
  const prev = listCustomId(a, a.page - 1);
  const next = listCustomId(a, a.page + 1);
  const embed: APIEmbed = {
    title: 'Takeaways',
    color: COLORS.brand,
    description: truncate(`${filters ? `${filters}\n\n` : ''}${rows.map(takeawayLine).join('\n\n')}`, 4096),
    footer: { text: `Page ${a.page} of ${pages} · ${total} in all · add yours: /takeaway add` },
  };
  return {
    ephemeral: true,
    embeds: [embed],
    components:
      pages > 1 && prev && next
        ? [row(button(prev, '◀ Previous', undefined, a.page <= 1), button(next, 'Next ▶', undefined, a.page >= pages))]
        : [],
  };
}

async function add(input: CommandInput, ctx: AppContext): Promise<Reply> {
  requireNotBlocked(input);
  const o = parseAdd(input.options);
  const tags = validateTags(o.tags, 'tags') ?? [];
  const t = await insertTakeaway(ctx.db, input.guildId, input.user.id, o.text, tags, ctx.clock.now());
  return {
    ephemeral: true,
    content: `Saved takeaway #${t.id}. Everyone can find it with \`/takeaway list\`${tags[0] ? ` (e.g. \`tag:${tags[0]}\`)` : ''}.`,
    embeds: [{ color: COLORS.success, description: takeawayLine(t) }],
  };
}

async function list(input: CommandInput, ctx: AppContext): Promise<Reply> {
  const o = parseList(input.options);
  const tag = o.tag !== undefined ? normalizeTag(o.tag) || undefined : undefined;
  return takeawayListReply(ctx, input.guildId, { authorId: o.user, tag, page: o.page ?? 1 });
}

export const takeawayCommand = defineCommand({
  data,
  subcommands: { add: { run: add, writes: true }, list: { run: list } },
  async autocomplete(input, ctx): Promise<Choice[]> {
    const { name, value } = input.focused;
    if (name === 'tag') {
      const tags = await guildTags(ctx.db, input.guildId, normalizeTag(value));
      return tags.map((t) => ({ name: t, value: t }));
    }
    if (name === 'tags') {
      // Completes the last comma-separated tag, keeping the ones already typed.
      const parts = value.split(',');
      const last = normalizeTag(parts.pop() ?? '');
      const done = parts.map((p) => p.trim()).filter(Boolean);
      const taken = new Set(done.map(normalizeTag));
      const tags = (await guildTags(ctx.db, input.guildId, last)).filter((t) => !taken.has(t));
      return tags
        .map((t) => [...done, t].join(', '))
        .filter((v) => v.length <= 100)
        .map((v) => ({ name: v, value: v }));
    }
    return [];
  },
});

export const takeawayListPager: ComponentModule = {
  prefix: 'takeaway:list',
  async handle(input, ctx): Promise<Reply> {
    const [page, authorId, ...tag] = input.args;
    const a: ListArgs = {
      page: pageFromCustomId(page),
      authorId: authorId && SNOWFLAKE.test(authorId) ? authorId : undefined,
      tag: tag.join(':') || undefined,
    };
    return { ...(await takeawayListReply(ctx, input.guildId, a)), update: true };
  },
};
