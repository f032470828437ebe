import type { AppContext } from '../../context.js';
import { ButtonStyle } from 'discord-api-types/v10';
import { parseSearchQuery, searchChallenges } from '../../db/queries/challenge-search.js';
import { escapeMarkdown, normalizeTag, oneLine, plural, truncate } from '../../domain/text.js';
import { pageFromCustomId } from '../../domain/validate.js';
import { argsParser } from '../options.js';
import { UserError, type CommandInput, type ComponentModule, type Reply } from '../types.js';
import { button, COLORS, row } from '../ui.js';
import { challengeData } from './definition.js';
import { listLine, pagerButtons } from './render.js';

const SEARCH_PAGE_SIZE = 5;

const parse = argsParser(challengeData, 'search');

export interface SearchArgs {
  query: string;
  tag?: string | undefined;
  status?: 'open' | 'solved' | undefined;
  page: number;
}

/** `challenge:search:<page>:<status>:<tag>:<query>` when it fits Discord's 100 characters (else: the `page` option). */
function searchCustomId(a: SearchArgs, page: number): string | undefined {
  if (a.tag?.includes(':')) return undefined;
  const id = `challenge:search:${page}:${a.status ?? ''}:${a.tag ?? ''}:${a.query}`;
  return id.length <= 100 ? id : undefined;
}

function parseSearchCustomArgs(args: string[]): SearchArgs {
  const [page, status, tag, ...query] = args;
  return {
    page: pageFromCustomId(page),
    status: status === 'open' || status === 'solved' ? status : undefined,
    tag: tag || undefined,
    query: query.join(':'),
  };
}

async function searchReply(ctx: AppContext, guildId: string, a: SearchArgs): Promise<Reply> {
  const terms = parseSearchQuery(a.query);
  if (!terms.include.length)
    throw new UserError(
      terms.exclude.length
        ? 'Add a word to look for: `-word` only leaves challenges out, e.g. `query:"docker -kubernetes"`.'
        : 'Type a word to look for, e.g. `query:"docker postgres"`.',
    );
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
  const pager = pagerButtons(a.page, pages, (p) => searchCustomId(a, p));
  const open = row(
    ...rows.map((c) =>
      button(`challenge:open:${c.id}`, truncate(`#${c.id} ${oneLine(c.title)}`, 80), ButtonStyle.Secondary),
    ),
  );
  const footer = [
    `Page ${a.page} of ${pages} · ${capped ? `${total}+ results (the newest ${total} ranked; add words or tag: to narrow)` : plural(total, 'result')}`,
    terms.include.length > 1 ? 'Most of your words first' : '',
    'Open one with its button',
  ].filter(Boolean);
  if (pages > 1 && !pager.length) footer.push(`more: page:${a.page + 1}`);
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
    components: [open, ...pager],
  };
}

/** /challenge search query [tag] [status] [page] */
export async function search(input: CommandInput, ctx: AppContext): Promise<Reply> {
  const o = parse(input.options);
  const tag = o.tag !== undefined ? normalizeTag(o.tag) || undefined : undefined;
  return searchReply(ctx, input.guildId, { query: o.query, tag, status: o.status, page: o.page ?? 1 });
}

/** challenge:search:<page>:<status>:<tag>:<query> — the result pages' ◀ ▶ buttons. */
export const searchPager: ComponentModule = {
  prefix: 'challenge:search',
  async handle(input, ctx): Promise<Reply> {
    const a = parseSearchCustomArgs(input.args);
    if (!a.query.trim()) throw new UserError('This search has expired; run `/challenge search` again.');
    return { ...(await searchReply(ctx, input.guildId, a)), update: true };
  },
};

/** challenge:open:<id> — a search result's button: the whole challenge, as /challenge show shows it. */
