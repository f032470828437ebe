// How a challenge looks: its public card and buttons, the full view in parts, its line in lists.
import {
  ButtonStyle,
  type APIActionRowComponent,
  type APIComponentInMessageActionRow,
  type APIEmbed,
} from 'discord-api-types/v10';
import type { ChallengeView } from '../../db/queries/challenges.js';
import { escapeMarkdown, oneLine, stripBidi, truncate } from '../../domain/text.js';
import { escapeTruncatedKeepCode, splitMessageKeepCode } from '../../domain/markdown.js';
import { button, COLORS, discordTimestamp, row, userMention } from '../ui.js';

const statusLabel = (c: Pick<ChallengeView, 'status'>) => (c.status === 'solved' ? '✅ solved' : '🟠 open');

// What learners write keeps its code (`npm run build`, fenced blocks) and has the rest escaped; long text
// is cut before escaping (escapeTruncatedKeepCode), so a cut never leaves an open fence or half an escape.

function titleLine(c: Pick<ChallengeView, 'id' | 'title'>, max = 256): string {
  const prefix = `#${c.id} · `;
  return prefix + escapeTruncatedKeepCode(oneLine(c.title), max - prefix.length, { inline: true });
}

/** Prose of a challenge on one line (lists, excerpts): code spans kept, fences become spans. */
function inlineText(text: string, max: number): string {
  return escapeTruncatedKeepCode(stripBidi(text), max, { inline: true });
}

function tagList(tags: string[]): string {
  return tags.length ? truncate(tags.map(escapeMarkdown).join(', '), 1024) : '—';
}

function metaLine(c: ChallengeView): string {
  const parts = [`**${statusLabel(c)}**`, `by ${userMention(c.authorId)}`, `logged ${discordTimestamp(c.createdAt)}`];
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
    fields.push({ name: 'What I tried / the solution', value: escapeTruncatedKeepCode(c.solution, 1024) });
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
    description: `${metaLine(c)}\n\n**What went wrong**\n${escapeTruncatedKeepCode(c.problem, 1500)}`,
    fields,
    footer: { text: `${c.helpedCount ? `${helpedText(c.helpedCount)} · ` : ''}Full text: /challenge show id:${c.id}` },
  };
}

/**
 * "Helped me too" for others and "Add solution" for the author (both checked on click). A public card shows
 * both; a private reply (`viewer` given) only the one that viewer can use.
 */
export function challengeButtons(
  c: Pick<ChallengeView, 'id' | 'status' | 'helpedCount' | 'authorId'>,
  viewer?: string,
): APIActionRowComponent<APIComponentInMessageActionRow>[] {
  const helped = button(
    `challenge:helped:${c.id}`,
    c.helpedCount ? `Helped me too (${c.helpedCount})` : 'Helped me too',
    ButtonStyle.Primary,
  );
  const solution = button(
    `challenge:solution:${c.id}`,
    c.status === 'solved' ? 'Edit solution' : 'Add solution',
    ButtonStyle.Secondary,
  );
  if (viewer === undefined) return [row(helped, solution)];
  return [viewer === c.authorId ? row(solution) : row(helped)];
}

function embedSize(e: APIEmbed): number {
  return (
    (e.title?.length ?? 0) +
    (e.description?.length ?? 0) +
    (e.footer?.text.length ?? 0) +
    (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0)
  );
}

/**
 * Raw text chunk size before escaping: escaping at most doubles prose (code is kept as is, a split fence
 * gains its closing line), so a chunk always fits a 4096 description.
 */
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
    const chunks = splitMessageKeepCode(raw, SHOW_CHUNK);
    chunks.forEach((ch, i) =>
      embeds.push({
        title: chunks.length > 1 ? `${name} (${i + 1}/${chunks.length})` : name,
        color,
        description: escapeTruncatedKeepCode(ch, 4096),
      }),
    );
  };
  // A title too long for the embed title is shown whole in its own block.
  if (header.title !== titleLine(c, Infinity)) block('Title', c.title);
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

export function listLine(c: ChallengeView, withExcerpt: boolean): string {
  let line = `**#${c.id}** · ${statusLabel(c)} · ${inlineText(c.title, 100)}`;
  const extras = [
    c.tags.length ? truncate(c.tags.map(escapeMarkdown).join(', '), 80) : '',
    c.helpedCount ? helpedText(c.helpedCount) : '',
  ].filter(Boolean);
  if (extras.length) line += `\n   ${extras.join(' · ')}`;
  if (withExcerpt) line += `\n   ${inlineText(c.problem, 160)}`;
  return line;
}

/** ◀ ▶ buttons; none when the custom ids would not fit. */
export function pagerButtons(
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
