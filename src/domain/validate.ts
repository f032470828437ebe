// Turns zod issues into one clear sentence per bad field, for an ephemeral reply.
import { z } from 'zod';
import { UserError } from '../errors.js';
import { escapeMarkdown, MAX_TAG_LENGTH, MAX_TAGS, parseTags, truncate } from './text.js';

import { SNOWFLAKE } from '../snowflake.js';

export { SNOWFLAKE };

/** A zod string that must be a Discord id; `message` says what it should name ("must be a member …"). */
export const snowflake = (message = 'must be a member of this server') => z.string().regex(SNOWFLAKE, message);

export function describeIssue(issue: z.core.$ZodIssue, input: unknown): string {
  const field = issue.path.length ? issue.path.map(String).join('.') : 'input';
  const value = issue.path.reduce<unknown>(
    (v, k) => (v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined),
    input,
  );
  switch (issue.code) {
    case 'too_big':
      if (issue.origin === 'string')
        return `\`${field}\` is too long: at most ${issue.maximum} characters${typeof value === 'string' ? ` (you sent ${value.length})` : ''}.`;
      if (issue.origin === 'array') return `\`${field}\`: at most ${issue.maximum} items.`;
      return `\`${field}\` must be at most ${issue.maximum}.`;
    case 'too_small':
      if (issue.origin === 'string')
        return Number(issue.minimum) <= 1
          ? `\`${field}\` cannot be empty.`
          : `\`${field}\` needs at least ${issue.minimum} characters.`;
      return `\`${field}\` must be at least ${issue.minimum}.`;
    case 'invalid_value':
      return `\`${field}\` must be one of: ${issue.values.map(String).join(', ')}.`;
    default:
      // Custom messages are written as "must be …"; zod's own get a colon.
      return issue.message.startsWith('must') ? `\`${field}\` ${issue.message}.` : `\`${field}\`: ${issue.message}`;
  }
}

/** Parses options with a zod schema; a failure becomes a UserError naming each bad field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const lines = r.error.issues.slice(0, 5).map((i) => describeIssue(i, input));
  throw new UserError(lines.join('\n'));
}

/** Zones already found valid (constructing an Intl.DateTimeFormat to check one costs a third of a ms). */
const validZones = new Set<string>();

export function isValidTimezone(tz: string): boolean {
  if (validZones.has(tz)) return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
  } catch {
    return false;
  }
  if (tz.length > 64) return false;
  if (validZones.size < 2000) validZones.add(tz); // IANA has about 600 names (and their aliases)
  return true;
}

/**
 * A page number carried in a button's custom id (which anyone can forge): a whole number from 1 to `max`,
 * else 1. Infinity, fractions or 30-digit numbers would otherwise reach SQL as an invalid OFFSET.
 */
export function pageFromCustomId(raw: string | undefined, max = 10_000): number {
  const n = Number(raw);
  return Number.isSafeInteger(n) && n >= 1 ? Math.min(n, max) : 1;
}

/** A zod string for a free-text field stored as given: bounded length, required non-blank. */
export const text = (max: number) => z.string().trim().min(1).max(max);

let timezoneNames: string[] | undefined;

/** IANA timezone names matching what was typed: whole-name or segment prefixes first, then substrings. */
export function matchTimezones(typed: string, limit = 25): string[] {
  timezoneNames ??= ['UTC', ...Intl.supportedValuesOf('timeZone').filter((t) => t !== 'UTC')];
  const q = typed.trim().toLowerCase().replace(/\s+/g, '_');
  const starts = timezoneNames.filter(
    (t) =>
      t.toLowerCase().startsWith(q) ||
      t
        .toLowerCase()
        .split('/')
        .some((p) => p.startsWith(q)),
  );
  const contains = timezoneNames.filter((t) => !starts.includes(t) && t.toLowerCase().includes(q));
  return [...starts, ...contains].slice(0, limit);
}

/** A comma-separated tag list as tags, each within limits; undefined when not given. */
export function validateTags(raw: string | undefined, field = 'stack'): string[] | undefined {
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
