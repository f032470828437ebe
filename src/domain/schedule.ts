// Cron times in a guild's IANA timezone: the last and next scheduled instants around a moment.
// node-cron parses and validates the expression; the walking here is ours (node-cron has no "previous").
import { parse as parseCron, validate as validateCron } from 'node-cron';

interface Fields {
  minutes: number[]; // descending
  hours: number[]; // descending
  doms: Set<number>;
  months: Set<number>;
  dows: Set<number>;
  domRestricted: boolean;
  dowRestricted: boolean;
}

const cache = new Map<string, Fields>();

function fields(expr: string): Fields {
  let f = cache.get(expr);
  if (f) return f;
  if (!validateCron(expr)) throw new Error(`invalid cron expression: ${expr}`);
  const p = parseCron(expr);
  const num = (xs: Array<number | string>) => xs.map(Number).filter((n) => Number.isFinite(n));
  const dows = new Set(num(p.dayOfWeek).map((d) => d % 7));
  const doms = new Set(num(p.dayOfMonth));
  f = {
    minutes: [...p.minute].sort((a, b) => b - a),
    hours: [...p.hour].sort((a, b) => b - a),
    doms,
    months: new Set(p.month),
    dows,
    domRestricted: doms.size < 31,
    dowRestricted: dows.size < 7,
  };
  cache.set(expr, f);
  return f;
}

const partsFormatters = new Map<string, Intl.DateTimeFormat>();
function formatter(tz: string): Intl.DateTimeFormat {
  let f = partsFormatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    partsFormatters.set(tz, f);
  }
  return f;
}

export interface LocalTime {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
}

export function toLocal(d: Date, tz: string): LocalTime {
  const parts: Record<string, number> = {};
  for (const p of formatter(tz).formatToParts(d)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour! % 24, minute: parts.minute! };
}

function offsetMs(d: Date, tz: string): number {
  const l = toLocal(d, tz);
  const asUtc = Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute);
  return asUtc - Math.floor(d.getTime() / 60_000) * 60_000;
}

/** The instant a local wall-clock time happens in tz (in a DST gap: shifted forward by the gap; in an overlap: the first). */
export function fromLocal(l: LocalTime, tz: string): Date {
  const guess = Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute);
  const o1 = offsetMs(new Date(guess), tz);
  let t = guess - o1;
  const o2 = offsetMs(new Date(t), tz);
  if (o2 !== o1) t = guess - o2;
  // Overlap (clocks went back): prefer the earlier of the two instants with this wall time.
  const earlier = t - 3_600_000;
  const le = toLocal(new Date(earlier), tz);
  if (le.hour === l.hour && le.minute === l.minute && le.day === l.day) return new Date(earlier);
  return new Date(t);
}

function dayMatches(f: Fields, year: number, month: number, day: number): boolean {
  if (!f.months.has(month)) return false;
  const dow = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  const domOk = f.doms.has(day);
  const dowOk = f.dows.has(dow);
  // Classic cron: when both day fields are restricted, either may match.
  if (f.domRestricted && f.dowRestricted) return domOk || dowOk;
  return domOk && dowOk;
}

const MAX_DAYS = 400;

/**
 * Walks day by day (backwards or forwards) from `at`'s local date to the first scheduled instant at or
 * before `at` (direction -1) or strictly after it (+1). Wall times that do not exist (a DST gap) are
 * skipped rather than fired at a shifted time.
 */
function walk(expr: string, tz: string, at: Date, direction: -1 | 1): Date | null {
  const f = fields(expr);
  const hours = direction === -1 ? f.hours : [...f.hours].reverse();
  const minutes = direction === -1 ? f.minutes : [...f.minutes].reverse();
  const now = toLocal(at, tz);
  let cursor = Date.UTC(now.year, now.month - 1, now.day);
  for (let i = 0; i <= MAX_DAYS; i++, cursor += direction * 86_400_000) {
    const day = new Date(cursor);
    const y = day.getUTCFullYear();
    const m = day.getUTCMonth() + 1;
    const d = day.getUTCDate();
    if (!dayMatches(f, y, m, d)) continue;
    for (const h of hours) {
      for (const min of minutes) {
        const t = fromLocal({ year: y, month: m, day: d, hour: h, minute: min }, tz);
        const inRange = direction === -1 ? t.getTime() <= at.getTime() : t.getTime() > at.getTime();
        if (!inRange) continue;
        const back = toLocal(t, tz);
        if (back.hour === h && back.minute === min) return t;
      }
    }
  }
  return null;
}

/** The latest scheduled instant at or before `at` (searching back about a year), or null. */
export function previousFire(expr: string, tz: string, at: Date): Date | null {
  return walk(expr, tz, at, -1);
}

/** The earliest scheduled instant strictly after `at`, or null. */
export function nextFire(expr: string, tz: string, at: Date): Date | null {
  return walk(expr, tz, at, 1);
}

/** The digest period a scheduled instant closes: [previous fire, this fire). */
export function periodEndingAt(expr: string, tz: string, end: Date): { start: Date; end: Date } {
  const start = previousFire(expr, tz, new Date(end.getTime() - 60_000)) ?? new Date(end.getTime() - 7 * 86_400_000);
  return { start, end };
}
