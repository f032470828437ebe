// IANA time zones through Intl: validity, UTC offsets at an instant, wall-clock time ↔ instant. The one
// place that reads zone rules, used by the schedule (cron in a guild's zone) and availability (weekly
// overlap across zones), so both see the same offsets at DST changes.
import { DAY } from './time.js';

const formatters = new Map<string, Intl.DateTimeFormat | null>();

/** A cached formatter that prints every field as a number, or null when Intl does not know the zone. */
function formatterFor(timeZone: string): Intl.DateTimeFormat | null {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      f = null;
    }
    formatters.set(timeZone, f);
  }
  return f;
}

function zone(timeZone: string): Intl.DateTimeFormat {
  const f = formatterFor(timeZone);
  if (!f) throw new RangeError(`unknown time zone: ${timeZone}`);
  return f;
}

/** Whether Intl knows this IANA zone name (e.g. Africa/Lagos; also UTC and fixed-offset names it accepts). */
export function isValidTimeZone(timeZone: string): boolean {
  return formatterFor(timeZone) !== null;
}

export interface LocalTime {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
}

interface LocalParts extends LocalTime {
  second: number;
}

function parts(f: Intl.DateTimeFormat, ms: number): LocalParts {
  const p: LocalParts = { year: 1970, month: 1, day: 1, hour: 0, minute: 0, second: 0 };
  for (const x of f.formatToParts(new Date(ms))) {
    if (x.type === 'literal') continue;
    const v = Number(x.value);
    if (x.type === 'year') p.year = v;
    else if (x.type === 'month') p.month = v;
    else if (x.type === 'day') p.day = v;
    else if (x.type === 'hour')
      p.hour = v % 24; // some engines print midnight as 24 even with h23
    else if (x.type === 'minute') p.minute = v;
    else if (x.type === 'second') p.second = v;
  }
  return p;
}

/** The zone's offset from UTC in milliseconds at instant ms (Berlin in winter → 3 600 000). Throws for an unknown zone. */
function offsetMs(timeZone: string, ms: number): number {
  const p = parts(zone(timeZone), ms);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(ms / 1000) * 1000;
}

/** The zone's offset from UTC in whole minutes at instant ms (Berlin in winter → 60). */
export function offsetMinutes(timeZone: string, ms: number): number {
  return Math.round(offsetMs(timeZone, ms) / 60_000);
}

/** The wall-clock time (to the minute) of an instant in a zone. */
export function toLocal(d: Date, timeZone: string): LocalTime {
  const { year, month, day, hour, minute } = parts(zone(timeZone), d.getTime());
  return { year, month, day, hour, minute };
}

/**
 * The instant a wall-clock time happens in a zone. In a DST gap (the time does not exist) it is shifted
 * forward by the gap; in an overlap (the time happens twice) it is the first of the two.
 */
export function fromLocal(l: LocalTime, timeZone: string): Date {
  const guess = Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute);
  // The offsets in force a day before, at, and a day after cover any single change near this time
  // (hour or half-hour DST alike); each gives one candidate instant.
  const before = guess - offsetMs(timeZone, guess - DAY);
  const candidates = [before, guess - offsetMs(timeZone, guess), guess - offsetMs(timeZone, guess + DAY)];
  let best: number | undefined;
  for (const t of candidates) {
    const w = toLocal(new Date(t), timeZone);
    const same =
      w.year === l.year && w.month === l.month && w.day === l.day && w.hour === l.hour && w.minute === l.minute;
    if (same && (best === undefined || t < best)) best = t;
  }
  // None matches: a gap. The offset from before it puts the time as far past the gap's start as asked.
  return new Date(best ?? before);
}
