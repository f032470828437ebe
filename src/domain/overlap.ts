// Availability across timezones: each person's weekly windows (parsed by availability.ts) as a bitmap of the
// UTC week's quarter-hours in their own zone (DST-correct), the hours two people share, and those shared
// windows shown in each one's local time.
import {
  ALL_DAYS,
  DAY_MINUTES,
  DAY_SHORT,
  groupByDay,
  hhmm,
  DEFAULT_AVAILABILITY,
  MASK_WORDS,
  parseAvailability,
  SLOT_MINUTES,
  SLOTS_PER_WEEK,
  WEEK_MINUTES,
  type WeeklyWindows,
} from './availability.js';
import { isValidTimeZone, offsetMinutes, toLocal } from './timezones.js';

/** Monday 00:00 UTC of the week containing `at`, in ms. */
export function utcWeekStart(at: Date): number {
  const day = (at.getUTCDay() + 6) % 7;
  return Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()) - day * DAY_MINUTES * 60_000;
}

const ZERO_OFFSETS = new Int16Array(SLOTS_PER_WEEK);
const offsetCache = new Map<string, Int16Array>();

/**
 * The zone's UTC offset (minutes) at the start of each 15-minute slot of the UTC week. Sampled hourly
 * through Intl; hours where the offset changes are refined to the slot. Cached per zone and week.
 */
function weekOffsets(timeZone: string | null, weekStart: number): Int16Array {
  if (!timeZone || !isValidTimeZone(timeZone)) return ZERO_OFFSETS;
  const key = `${timeZone}|${weekStart}`;
  const hit = offsetCache.get(key);
  if (hit) return hit;
  const out = new Int16Array(SLOTS_PER_WEEK);
  const perHour = 60 / SLOT_MINUTES;
  let here = offsetMinutes(timeZone, weekStart);
  for (let h = 0; h < 168; h++) {
    const hourMs = weekStart + h * 3_600_000;
    const next = offsetMinutes(timeZone, hourMs + 3_600_000);
    for (let q = 0; q < perHour; q++) {
      out[h * perHour + q] =
        q === 0 || next === here ? here : offsetMinutes(timeZone, hourMs + q * SLOT_MINUTES * 60_000);
    }
    here = next;
  }
  if (offsetCache.size >= 5_000) offsetCache.clear();
  offsetCache.set(key, out);
  return out;
}

/** Slots of the local week (Monday-based) that the windows cover; a slot counts when its midpoint is inside. */
function localSlots(w: WeeklyWindows): Uint8Array {
  const out = new Uint8Array(SLOTS_PER_WEEK);
  for (const { day, start, end } of w) {
    const first = Math.max(0, Math.ceil((start - SLOT_MINUTES / 2) / SLOT_MINUTES));
    const last = Math.ceil((end - SLOT_MINUTES / 2) / SLOT_MINUTES); // exclusive
    for (let i = first; i < last && i < DAY_MINUTES / SLOT_MINUTES; i++)
      out[day * (DAY_MINUTES / SLOT_MINUTES) + i] = 1;
  }
  return out;
}

const localSlotCache = new WeakMap<WeeklyWindows, Uint8Array>();
const maskCache = new Map<string, Uint32Array>();
const MASK_CACHE_MAX = 50_000;
let defaultWindows: WeeklyWindows | null = null;

/**
 * The person's availability as a bitmap over the 672 quarter-hours of the UTC week containing `at`
 * (bit s = minute 15·s after Monday 00:00 UTC). Unknown/unreadable availability counts as
 * DEFAULT_AVAILABILITY; an unknown time zone counts as UTC. Cached: do not mutate the result.
 */
export function availabilityMask(availability: string | null, timezone: string | null, at: Date): Uint32Array {
  const weekStart = utcWeekStart(at);
  const tz = timezone && isValidTimeZone(timezone) ? timezone : null;
  const key = `${tz ?? 'UTC'}|${weekStart}|${availability ?? ''}`;
  const hit = maskCache.get(key);
  if (hit) return hit;
  defaultWindows ??= parseAvailability(DEFAULT_AVAILABILITY)!;
  const windows = (availability ? parseAvailability(availability) : null) ?? defaultWindows;
  let local = localSlotCache.get(windows);
  if (!local) {
    local = localSlots(windows);
    localSlotCache.set(windows, local);
  }
  const offsets = weekOffsets(tz, weekStart);
  const mask = new Uint32Array(MASK_WORDS);
  for (let s = 0; s < SLOTS_PER_WEEK; s++) {
    const localMinute = (((s * SLOT_MINUTES + offsets[s]!) % WEEK_MINUTES) + WEEK_MINUTES) % WEEK_MINUTES;
    if (local[Math.floor(localMinute / SLOT_MINUTES)]) mask[s >>> 5] = mask[s >>> 5]! | (1 << (s & 31));
  }
  if (maskCache.size >= MASK_CACHE_MAX) maskCache.clear();
  maskCache.set(key, mask);
  return mask;
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** Hours (in quarter-hour steps) that two week bitmaps share. */
export function maskOverlapHours(a: Uint32Array, b: Uint32Array): number {
  let n = 0;
  for (let i = 0; i < MASK_WORDS; i++) n += popcount(a[i]! & b[i]!);
  return (n * SLOT_MINUTES) / 60;
}

/** Hours per week (quarter-hour steps) of one bitmap. */
export function maskHours(a: Uint32Array): number {
  let n = 0;
  for (let i = 0; i < MASK_WORDS; i++) n += popcount(a[i]!);
  return (n * SLOT_MINUTES) / 60;
}

export interface AvailabilityOwner {
  availability: string | null;
  timezone: string | null;
}

/**
 * Weekly hours of overlap between two people's availabilities in their own IANA time zones, for the
 * UTC week (Monday 00:00 UTC onwards) containing `at`. DST-correct: the zones' real offsets in that
 * week come from Intl. Unknown availability (null/unparseable) counts as 18–22 every day local time;
 * an unknown time zone counts as UTC. Quarter-hour resolution.
 */
export function weeklyOverlapHours(a: AvailabilityOwner, b: AvailabilityOwner, at: Date): number {
  return maskOverlapHours(
    availabilityMask(a.availability, a.timezone, at),
    availabilityMask(b.availability, b.timezone, at),
  );
}

/** A span of time both people are available: UTC instants, start < end. */
export interface SharedWindow {
  readonly start: Date;
  readonly end: Date;
}

/**
 * The spans two people are both available in the UTC week containing `at` (quarter-hour resolution, the
 * same bitmaps as weeklyOverlapHours), in time order. A span running into the week's end continues with
 * the one at its start (the same weekly window, e.g. Sunday 23:00 – Monday 01:00 UTC): they are joined.
 */
export function sharedWindows(a: AvailabilityOwner, b: AvailabilityOwner, at: Date): SharedWindow[] {
  const ma = availabilityMask(a.availability, a.timezone, at);
  const mb = availabilityMask(b.availability, b.timezone, at);
  const both = (s: number) => ((ma[s >>> 5]! & mb[s >>> 5]!) >>> (s & 31)) & 1;
  const runs: Array<[number, number]> = [];
  for (let s = 0; s < SLOTS_PER_WEEK; s++) {
    if (!both(s)) continue;
    const last = runs[runs.length - 1];
    if (last && last[1] === s) last[1] = s + 1;
    else runs.push([s, s + 1]);
  }
  if (runs.length > 1 && runs[0]![0] === 0 && runs[runs.length - 1]![1] === SLOTS_PER_WEEK) {
    const first = runs.shift()!;
    runs[runs.length - 1]![1] = SLOTS_PER_WEEK + first[1];
  }
  const weekStart = utcWeekStart(at);
  const slotMs = SLOT_MINUTES * 60_000;
  return runs.map(([s, e]) => ({ start: new Date(weekStart + s * slotMs), end: new Date(weekStart + e * slotMs) }));
}

/** Days since 1970-01-01 of a local calendar date, and its weekday (0 = Monday). */
function localDay(l: { year: number; month: number; day: number }): { n: number; weekday: number } {
  const n = Math.round(Date.UTC(l.year, l.month - 1, l.day) / (DAY_MINUTES * 60_000));
  return { n, weekday: (((n + 3) % 7) + 7) % 7 }; // 1970-01-01 was a Thursday
}

/**
 * Shared windows as one person reads them: local weekdays and wall-clock times in their IANA zone (an
 * unknown zone reads as UTC), e.g. "Mon–Fri 19:00–22:00; Sun 10:00–13:00". Each instant is converted with
 * the zone's offset at that instant, so a DST change shifts exactly the windows after it. A window past
 * local midnight reads "Fri 22:00–01:00"; one longer than a day "Sat 09:00 → Sun 17:00".
 */
export function formatSharedWindows(windows: readonly SharedWindow[], timeZone: string | null): string {
  const tz = timeZone && isValidTimeZone(timeZone) ? timeZone : 'UTC';
  const total = windows.reduce((n, w) => n + (w.end.getTime() - w.start.getTime()), 0);
  if (total >= WEEK_MINUTES * 60_000) return 'any time';
  const byDay: Array<Array<{ at: number; text: string }>> = ALL_DAYS.map(() => []);
  const long: string[] = [];
  for (const w of windows) {
    const s = toLocal(w.start, tz);
    const e = toLocal(w.end, tz);
    const sd = localDay(s);
    const ed = localDay(e);
    const start = s.hour * 60 + s.minute;
    const end = (ed.n - sd.n) * DAY_MINUTES + e.hour * 60 + e.minute;
    if (end - start > DAY_MINUTES)
      long.push(`${DAY_SHORT[sd.weekday]} ${hhmm(start)} → ${DAY_SHORT[ed.weekday]} ${hhmm(e.hour * 60 + e.minute)}`);
    else
      byDay[sd.weekday]!.push({
        at: start,
        text: `${hhmm(start)}–${hhmm(end > DAY_MINUTES ? end - DAY_MINUTES : end)}`,
      });
  }
  const days = byDay.map((d) =>
    d
      .sort((x, y) => x.at - y.at)
      .map((x) => x.text)
      .join(', '),
  );
  return [...groupByDay(days), ...long].join('; ');
}
