// Cron times in a guild's IANA timezone: the last and next scheduled instants around a moment, the
// 5-field validation moderators' expressions go through, and the once-a-day limit of the digest.
// cron-parser walks the calendar; two DST rules are ours, applied on top of what it returns:
//   - a wall time that does not exist (spring-forward gap) is skipped, not fired at the shifted time;
//   - a wall time that happens twice (fall-back overlap) fires once, at the first.
import { CronExpressionParser, type CronExpression } from 'cron-parser';
import { WEEK } from './time.js';
import { fromLocal, isValidTimeZone, toLocal } from './timezones.js';

export { fromLocal, toLocal, type LocalTime } from './timezones.js';

// Names are three letters (node-cron, which triggers the schedule, and cron-parser agree on those);
// cron-parser's extensions (L, #, H, ?) are refused because the scheduler would not read them the same.
const NUMERIC = /^[\d*,/-]+$/;
const MONTH = /^(?:[\d*,/-]|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)+$/i;
const WEEKDAY = /^(?:[\d*,/-]|sun|mon|tue|wed|thu|fri|sat)+$/i;
const FIELD_PATTERNS = [NUMERIC, NUMERIC, NUMERIC, MONTH, WEEKDAY] as const;

function cronFields(expr: string): string[] | null {
  const fields = expr.trim().split(/\s+/);
  if (fields.length !== 5) return null;
  return fields.every((f, i) => FIELD_PATTERNS[i]!.test(f)) ? fields : null;
}

const parsed = new Map<string, CronExpression | null>();

/** The parsed expression (cached; reset before each walk), or null when it is not a valid 5-field cron. */
function parse(expr: string, tz: string): CronExpression | null {
  const key = `${tz}\u0000${expr}`;
  let p = parsed.get(key);
  if (p === undefined) {
    p = null;
    if (cronFields(expr)) {
      try {
        p = CronExpressionParser.parse(expr, { tz, strict: false });
      } catch {
        p = null;
      }
    }
    if (parsed.size >= 1000) parsed.clear();
    parsed.set(key, p);
  }
  return p;
}

function parseOrThrow(expr: string, tz: string): CronExpression {
  const p = parse(expr, tz);
  if (!p) throw new Error(`invalid cron expression: ${expr}`);
  return p;
}

/**
 * A standard 5-field cron expression (minute hour day-of-month month day-of-week) with numbers, `*`,
 * ranges, steps, lists and three-letter month/day names, whose values are in range and that can fire
 * (not `0 9 30 2 *`, February 30th).
 */
export function isValidCron(expr: string): boolean {
  return parse(expr, 'UTC') !== null;
}

/** Whether the schedule really fires at instant t in tz: its wall time matches and is not a DST repeat. */
function firesAt(p: CronExpression, tz: string, t: Date): boolean {
  if (!p.includesDate(t)) return false; // the shifted time cron-parser gives for a wall time in a gap
  return fromLocal(toLocal(t, tz), tz).getTime() === t.getTime(); // the second of two equal wall times
}

/** Enough for the handful of instants a DST change can reject in a row (an hourly schedule in a 30-min zone). */
const MAX_REJECTED = 48;

function walk(expr: string, tz: string, from: Date, direction: 'prev' | 'next'): Date | null {
  if (!isValidTimeZone(tz)) throw new RangeError(`unknown time zone: ${tz}`);
  const p = parseOrThrow(expr, tz);
  p.reset(from);
  try {
    for (let i = 0; i <= MAX_REJECTED; i++) {
      const t = p[direction]().toDate();
      if (firesAt(p, tz, t)) return t;
    }
  } catch {
    // cron-parser found no further instant within its search limit.
  }
  return null;
}

/** Fires around a moment: prev ≤ at < next, with no fire between them. */
interface Bracket {
  prev: number;
  next: number;
}

// Stepping cron-parser in a zone is costly, and the scheduler asks about every guild on every tick: a
// bracket (the fires before and after a moment) answers every moment inside it until the next fire.
const brackets = new Map<string, Bracket[]>();
const BRACKETS_PER_SCHEDULE = 4;

function around(expr: string, tz: string, at: Date): { prev: Date | null; next: Date | null } {
  const key = `${tz}\u0000${expr}`;
  const t = at.getTime();
  const known = brackets.get(key)?.find((b) => b.prev <= t && t < b.next);
  if (known) return { prev: new Date(known.prev), next: new Date(known.next) };
  // cron-parser's prev() is strictly before its current date; a fire exactly at `at` counts.
  const prev = walk(expr, tz, new Date(t + 1), 'prev');
  const next = walk(expr, tz, at, 'next');
  if (prev && next) {
    const list = brackets.get(key) ?? [];
    list.unshift({ prev: prev.getTime(), next: next.getTime() });
    list.length = Math.min(list.length, BRACKETS_PER_SCHEDULE);
    if (!brackets.has(key) && brackets.size >= 1000) brackets.clear();
    brackets.set(key, list);
  }
  return { prev, next };
}

/** The latest scheduled instant at or before `at`, or null. Throws for an invalid expression or zone. */
export function previousFire(expr: string, tz: string, at: Date): Date | null {
  return around(expr, tz, at).prev;
}

/** The earliest scheduled instant strictly after `at`, or null. Throws for an invalid expression or zone. */
export function nextFire(expr: string, tz: string, at: Date): Date | null {
  return around(expr, tz, at).next;
}

/** The digest period a scheduled instant closes: [previous fire, this fire). */
export function periodEndingAt(expr: string, tz: string, end: Date): { start: Date; end: Date } {
  const start = previousFire(expr, tz, new Date(end.getTime() - 60_000)) ?? new Date(end.getTime() - WEEK);
  return { start, end };
}

/**
 * How many times the expression fires on a day it fires at all: minutes × hours. The count is per local
 * calendar day, so the guild's timezone does not change it. Throws for an invalid expression.
 */
export function firesPerDay(expr: string): number {
  const { minute, hour } = parseOrThrow(expr, 'UTC').fields;
  return minute.values.length * hour.values.length;
}

/** True for schedules that fire more than once on some day: every minute, every six hours, `0 9,18 * * 1`. */
export function firesMoreThanOnceADay(expr: string): boolean {
  return firesPerDay(expr) > 1;
}

/**
 * The message for a moderator whose digest schedule fires more than once a day, or null when it is fine
 * (or not a valid expression: validate first).
 */
export function tooFrequentMessage(expr: string): string | null {
  if (!isValidCron(expr)) return null;
  const n = firesPerDay(expr);
  if (n <= 1) return null;
  return (
    `\`${expr.trim()}\` would post the digest ${n} times a day; it can run at most once a day. ` +
    'Give one minute and one hour, e.g. `0 9 * * 1` (Mondays at 09:00) or `30 8 * * *` (every day at 08:30).'
  );
}
