// User text on GitHub, and the small helpers the README's sentences share. Pure: no clock, no locale.
import { oneLine, truncate } from '../text.js';
import { escapeMarkdownKeepCode } from '../markdown.js';

/** One line of user text for GitHub: markdown escaped, inline code kept; safe in headings, bold text and table cells. */
export function escapeGithubMarkdown(text: string): string {
  return escapeMarkdownKeepCode(text, { flavor: 'github', inline: true, table: true });
}

/** One-line user text, shortened before escaping (so neither an escape nor a code span is cut in half). */
export function inline(text: string, max: number, opts: { table?: boolean; lineStart?: boolean } = {}): string {
  return escapeMarkdownKeepCode(truncate(text.trim(), max), {
    flavor: 'github',
    inline: true,
    table: opts.table === true,
    lineStart: opts.lineStart === true,
  });
}

/** Multi-line user text inside a list item: lines joined by hard breaks, fenced code kept, continuation indented. */
export function block(text: string, max: number, indent: string, lineStart: boolean): string {
  return escapeMarkdownKeepCode(truncate(text.replace(/\r\n?/g, '\n').trim(), max), {
    flavor: 'github',
    indent,
    lineStart,
  });
}

export function hasText(s: string | null | undefined): s is string {
  return typeof s === 'string' && oneLine(s).length > 0;
}

export function isoDate(d: Date | null | undefined): string {
  if (!(d instanceof Date) || Number.isNaN(d.getTime())) return 'unknown date';
  return d.toISOString().slice(0, 10);
}

export function time(d: Date | null | undefined): number {
  return d instanceof Date && !Number.isNaN(d.getTime()) ? d.getTime() : Number.POSITIVE_INFINITY;
}

/** Locale-independent comparison, so output never depends on the machine's ICU data. */
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** "a", "a and b", "a, b and c". */
export function andList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** Ends a sentence with a period unless it already ends with punctuation or code. */
export function sentence(s: string): string {
  return /[.!?:;…`)]$/.test(s) ? s : `${s}.`;
}
