// Weekly availability as learners write it ("weekdays 18-22", "evenings except Friday") → local-time windows,
// and back to a short text. overlap.ts turns the windows into a UTC bitmap of one week (15-minute slots, 672
// of them in 21 32-bit words) and counts what two people share.

/** One local-time window: day 0 = Monday … 6 = Sunday; minutes since local midnight, 0 ≤ start < end ≤ 1440. */
export interface DayWindow {
  readonly day: number;
  readonly start: number;
  readonly end: number;
}

/** Canonical form: sorted by day then start, overlapping/adjacent windows of a day merged. */
export type WeeklyWindows = readonly DayWindow[];

/** What unknown (null or unreadable) availability counts as: 18:00–22:00 every day, local time. */
export const DEFAULT_AVAILABILITY = '18-22';

export const SLOT_MINUTES = 15;
export const SLOTS_PER_WEEK = (7 * 24 * 60) / SLOT_MINUTES; // 672
export const WEEK_MINUTES = 7 * 24 * 60;
export const DAY_MINUTES = 24 * 60;
export const MASK_WORDS = SLOTS_PER_WEEK / 32; // 21
const MAX_INPUT = 500;

// ---------------------------------------------------------------------------------------------
// Parsing

export const ALL_DAYS = [0, 1, 2, 3, 4, 5, 6] as const;
const WEEKDAYS = [0, 1, 2, 3, 4] as const;
const WEEKEND = [5, 6] as const;

const DAY_WORDS: Record<string, readonly number[]> = {};
for (const [names, day] of [
  [['mon', 'monday'], 0],
  [['tue', 'tues', 'tuesday'], 1],
  [['wed', 'weds', 'wednesday'], 2],
  [['thu', 'thur', 'thurs', 'thursday'], 3],
  [['fri', 'friday'], 4],
  [['sat', 'saturday'], 5],
  [['sun', 'sunday'], 6],
] as const) {
  for (const n of names) {
    DAY_WORDS[n] = [day];
    if (n.length > 3) DAY_WORDS[n + 's'] = [day]; // "mondays"
  }
}
for (const w of ['weekday', 'weekdays', 'workday', 'workdays', 'weeknight', 'weeknights']) DAY_WORDS[w] = WEEKDAYS;
for (const w of ['weekend', 'weekends']) DAY_WORDS[w] = WEEKEND;
for (const w of ['daily', 'everyday', 'nightly']) DAY_WORDS[w] = ALL_DAYS;

/** Parts of the day, [start, end) in minutes; end > 1440 runs past midnight. */
const PERIODS: Record<string, readonly [number, number]> = {
  morning: [8 * 60, 12 * 60],
  afternoon: [12 * 60, 17 * 60],
  evening: [18 * 60, 22 * 60],
  night: [20 * 60, 24 * 60],
  lunch: [12 * 60, 13 * 60],
  lunchtime: [12 * 60, 13 * 60],
  daytime: [9 * 60, 17 * 60],
  anytime: [0, DAY_MINUTES],
  always: [0, DAY_MINUTES],
  flexible: [0, DAY_MINUTES],
  whenever: [0, DAY_MINUTES],
};
for (const p of ['morning', 'afternoon', 'evening', 'night']) PERIODS[p + 's'] = PERIODS[p]!;
PERIODS.tonight = PERIODS.night!;
/** "early mornings", "late nights", … */
const MODIFIED_PERIODS: Record<string, readonly [number, number]> = {
  'early morning': [6 * 60, 9 * 60],
  'late morning': [10 * 60, 12 * 60],
  'early afternoon': [12 * 60, 15 * 60],
  'late afternoon': [15 * 60, 18 * 60],
  'early evening': [17 * 60, 20 * 60],
  'late evening': [20 * 60, 23 * 60],
  'late night': [22 * 60, 26 * 60],
};
/** Days named without any time ("weekends") mean this part of the day. */
const DAYS_ONLY_WINDOW: readonly [number, number] = [9 * 60, 21 * 60];

const RANGE_WORDS = new Set(['to', 'till', 'til', 'until', 'through', 'thru']);
const SEP_WORDS = new Set(['and', 'or', 'plus', 'also', 'then']);
const EXCEPT_WORDS = new Set(['except', 'excluding', 'not', 'no', 'without']);

type Tok =
  | { k: 'time'; min: number; hour: number; mer: 'am' | 'pm' | null; fixed: boolean }
  | { k: 'word'; w: string }
  | { k: 'dash' }
  | { k: 'sep' };

const TIME_RE = /^(?:(\d{1,2})[:.h](\d{2})|(\d{1,2})(\d{2})|(\d{1,2}))(?!\d)h?(?:\s*(a\.?m\.?|p\.?m\.?|a|p)(?![a-z]))?/;

function lex(text: string): Tok[] {
  const s = text
    .slice(0, MAX_INPUT)
    .toLowerCase()
    .replace(/[\u2010-\u2015\u2212~]/g, '-');
  const out: Tok[] = [];
  let i = 0;
  while (i < s.length) {
    const rest = s.slice(i);
    const ch = s[i]!;
    if (/\s/.test(ch)) {
      if (ch === '\n') out.push({ k: 'sep' });
      i++;
      continue;
    }
    const allWeek = /^24\s*[/x]\s*7/.exec(rest);
    if (allWeek) {
      out.push({ k: 'word', w: 'anytime' });
      i += allWeek[0].length;
      continue;
    }
    if (/\d/.test(ch)) {
      const m = TIME_RE.exec(rest);
      if (m) {
        const hour = Number(m[1] ?? m[3] ?? m[5]);
        const minute = Number(m[2] ?? m[4] ?? 0);
        const merRaw = m[6];
        const mer = merRaw ? (merRaw.startsWith('a') ? 'am' : 'pm') : null;
        const ok = minute < 60 && (mer ? hour >= 1 && hour <= 12 : hour <= 24 && (hour < 24 || minute === 0));
        if (ok) {
          let h = hour;
          if (mer === 'pm' && h < 12) h += 12;
          if (mer === 'am' && h === 12) h = 0;
          out.push({ k: 'time', min: h * 60 + minute, hour, mer, fixed: m[4] !== undefined || m[2] !== undefined });
        } else {
          out.push({ k: 'word', w: '#' }); // an unreadable number: breaks ranges, means nothing
        }
        i += m[0].length;
        continue;
      }
      i++;
      continue;
    }
    const word = /^[a-z]+/.exec(rest);
    if (word) {
      const w = word[0];
      if (w === 'noon' || w === 'midday') out.push({ k: 'time', min: 12 * 60, hour: 12, mer: 'pm', fixed: true });
      else if (w === 'midnight') out.push({ k: 'time', min: 0, hour: 0, mer: null, fixed: true });
      else out.push({ k: 'word', w });
      i += w.length;
      continue;
    }
    if (ch === '-') out.push({ k: 'dash' });
    else if (',;&+|/'.includes(ch)) out.push({ k: 'sep' });
    i++;
  }
  return out;
}

/** Resolves a "start-end" pair of clock times, inferring am/pm where only one side says it. */
function resolveRange(a: Extract<Tok, { k: 'time' }>, b: Extract<Tok, { k: 'time' }>): [number, number] | null {
  let start = a.min;
  let end = b.min;
  const withMer = (t: Extract<Tok, { k: 'time' }>, mer: 'am' | 'pm'): number => {
    const base = t.hour % 12;
    return (mer === 'pm' ? base + 12 : base) * 60 + (t.min % 60);
  };
  if (a.mer === null && b.mer !== null && a.hour >= 1 && a.hour <= 12) {
    // "6-10pm" → 18-22; "11-2pm" → 11-14; "10-12pm" → 10-12.
    start = withMer(a, b.mer);
    if (start >= end) start = withMer(a, b.mer === 'am' ? 'pm' : 'am');
  } else if (a.mer !== null && b.mer === null && b.hour >= 1 && b.hour <= 12) {
    // "6pm-10" → 18-22; "9am-5" → 9-17.
    end = withMer(b, a.mer);
    if (end <= start) end = withMer(b, a.mer === 'am' ? 'pm' : 'am');
  } else if (a.mer === null && b.mer === null && end < start && end > 0 && a.hour <= 12 && b.hour <= 12) {
    // "9-5" → 9-17 (office-hours style), while "22-2" stays an overnight window.
    end += 12 * 60;
  }
  if (end === 0 || (end === start && b.min === 0)) end = DAY_MINUTES; // "…-midnight", "…-0", "…-24"
  if (end === start) return null;
  if (end < start) end += DAY_MINUTES; // runs past midnight
  return [start, end];
}

type Item =
  { k: 'days'; days: readonly number[] } | { k: 'times'; range: [number, number] } | { k: 'sep' } | { k: 'except' };

function toItems(toks: Tok[]): Item[] {
  const items: Item[] = [];
  const word = (j: number): string | null => {
    const t = toks[j];
    return t && t.k === 'word' ? t.w : null;
  };
  let between = false;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    if (t.k === 'sep') {
      items.push({ k: 'sep' });
      continue;
    }
    if (t.k === 'dash') continue;
    if (t.k === 'time') {
      const link = toks[i + 1];
      const isLink =
        link !== undefined &&
        (link.k === 'dash' || (link.k === 'word' && (RANGE_WORDS.has(link.w) || (between && link.w === 'and'))));
      const next = toks[i + 2];
      if (isLink && next?.k === 'time') {
        const r = resolveRange(t, next);
        if (r) items.push({ k: 'times', range: r });
        i += 2;
      } else if (word(i - 1) === 'after') {
        // "after 6pm" → 18-24; a bare "after 6" reads as 6pm.
        const start = t.mer === null && !t.fixed && t.hour >= 1 && t.hour < 12 ? t.min + 12 * 60 : t.min;
        if (start < DAY_MINUTES) items.push({ k: 'times', range: [start, DAY_MINUTES] });
      }
      between = false;
      continue;
    }
    const w = t.w;
    const days = DAY_WORDS[w];
    if (days) {
      // Day ranges: "mon-fri", "monday to thursday", "fri-sun" (wraps).
      const link = toks[i + 1];
      const isLink = link !== undefined && (link.k === 'dash' || (link.k === 'word' && RANGE_WORDS.has(link.w)));
      const to = word(i + 2);
      const toDays = to ? DAY_WORDS[to] : undefined;
      if (isLink && days.length === 1 && toDays && toDays.length === 1) {
        const range: number[] = [];
        for (let d = days[0]!; ; d = (d + 1) % 7) {
          range.push(d);
          if (d === toDays[0]) break;
        }
        items.push({ k: 'days', days: range });
        i += 2;
        continue;
      }
      items.push({ k: 'days', days });
      if (w.startsWith('weeknight')) items.push({ k: 'times', range: [...PERIODS.evening!] as [number, number] });
      if (w === 'nightly') items.push({ k: 'times', range: [...PERIODS.night!] as [number, number] });
      continue;
    }
    if (w === 'early' || w === 'late') {
      const p = word(i + 1)?.replace(/s$/, '');
      const range = p ? MODIFIED_PERIODS[`${w} ${p}`] : undefined;
      if (range) {
        items.push({ k: 'times', range: [range[0], range[1]] });
        i += 1;
      }
      continue;
    }
    const period = PERIODS[w];
    if (period) {
      items.push({ k: 'times', range: [period[0], period[1]] });
      continue;
    }
    const prev = word(i - 1);
    if ((w === 'day' || w === 'days') && (prev === 'every' || prev === 'each')) {
      items.push({ k: 'days', days: ALL_DAYS });
      continue;
    }
    if (w === 'day' && (prev === 'all' || prev === 'whole' || prev === 'entire')) {
      items.push({ k: 'times', range: [0, DAY_MINUTES] });
      continue;
    }
    if (w === 'week' && (prev === 'all' || prev === 'whole' || prev === 'entire')) {
      items.push({ k: 'days', days: ALL_DAYS });
      continue;
    }
    if (w === 'time' && prev === 'any') {
      items.push({ k: 'times', range: [0, DAY_MINUTES] });
      continue;
    }
    if (w === 'between') between = true;
    else if (SEP_WORDS.has(w)) items.push({ k: 'sep' });
    else if (EXCEPT_WORDS.has(w)) items.push({ k: 'except' });
    else if (w === '#') items.push({ k: 'sep' });
  }
  return items;
}

interface Clause {
  days: Set<number> | null;
  times: Array<[number, number]>;
  /** The clause was written times-first ("18-22 on weekdays"). */
  daysAfterTimes: boolean;
}

/**
 * Groups items into clauses of (days × times). "weekdays 18-22, weekends 10-14" is two clauses;
 * "mon, wed, fri 19-21" and "evenings on weekdays and weekends" are one; "except fri" removes days.
 */
function toClauses(items: Item[]): Clause[] {
  const clauses: Clause[] = [];
  let cur: Clause = { days: null, times: [], daysAfterTimes: false };
  let last: Item['k'] | null = null; // last non-separator item
  let sepSinceLast = false;
  let excepting = false;
  const flush = () => {
    if (cur.days !== null || cur.times.length > 0) clauses.push(cur);
    cur = { days: null, times: [], daysAfterTimes: false };
  };
  for (const it of items) {
    if (it.k === 'sep') {
      sepSinceLast = true;
      continue;
    }
    if (it.k === 'except') {
      excepting = true;
    } else if (it.k === 'days') {
      if (excepting) {
        cur.days ??= new Set(ALL_DAYS);
        for (const d of it.days) cur.days.delete(d);
      } else if (last === 'days') {
        cur.days ??= new Set();
        for (const d of it.days) cur.days.add(d);
      } else if (cur.times.length > 0 && (cur.days !== null || sepSinceLast)) {
        flush();
        cur.days = new Set(it.days);
      } else {
        if (cur.times.length > 0) cur.daysAfterTimes = true;
        cur.days ??= new Set();
        for (const d of it.days) cur.days.add(d);
      }
    } else {
      excepting = false; // "except fri, sat 18-22": the exception list ends at the next time
      if (cur.days !== null && cur.daysAfterTimes) flush();
      cur.times.push(it.range);
    }
    last = it.k === 'except' ? last : it.k;
    sepSinceLast = false;
  }
  flush();
  return clauses;
}

function windowsFromClauses(clauses: Clause[]): WeeklyWindows | null {
  const perDay: Array<Array<[number, number]>> = ALL_DAYS.map(() => []);
  for (const c of clauses) {
    const days = c.days ?? new Set(ALL_DAYS);
    const times = c.times.length > 0 ? c.times : c.days !== null ? [[...DAYS_ONLY_WINDOW] as [number, number]] : [];
    for (const d of days) {
      for (const [start, end] of times) {
        perDay[d]!.push([start, Math.min(end, DAY_MINUTES)]);
        if (end > DAY_MINUTES) perDay[(d + 1) % 7]!.push([0, end - DAY_MINUTES]);
      }
    }
  }
  const out: DayWindow[] = [];
  perDay.forEach((ranges, day) => {
    ranges.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
    let open: [number, number] | null = null;
    for (const [s, e] of ranges) {
      if (open && s <= open[1]) open[1] = Math.max(open[1], e);
      else {
        if (open) out.push(Object.freeze({ day, start: open[0], end: open[1] }));
        open = [s, e];
      }
    }
    if (open) out.push(Object.freeze({ day, start: open[0], end: open[1] }));
  });
  return out.length > 0 ? Object.freeze(out) : null;
}

const parseCache = new Map<string, WeeklyWindows | null>();
const PARSE_CACHE_MAX = 10_000;

/**
 * Parses free text like "weekdays 18-22", "evenings", "weekends 10:00-14:30", "mon,wed,fri 19-21",
 * "mornings", "anytime", "18-22" (every day) into weekly local-time windows. Returns null when
 * nothing can be read.
 *
 * Reads: day names and ranges ("mon-fri", "tuesday to thursday", "fri-sun"), weekdays/weekends/daily/
 * "every day"; 24-hour and am/pm times ("18:30-22", "6-10pm", "9am-5pm", "9-5" = 9–17, "22-2" runs
 * past midnight, "after 6pm", "between 6 and 10pm", noon/midnight); parts of the day (mornings 8–12,
 * afternoons 12–17, evenings 18–22, nights 20–24, "early mornings" 6–9, "late nights" 22–02, …);
 * anytime/"24/7"/flexible/"all day" = the whole day; "except fridays". Days without a time mean 9–21.
 * Several clauses: "weekdays 18-22, weekends 10-14". Unknown words are ignored. Results are frozen
 * and cached.
 */
export function parseAvailability(text: string): WeeklyWindows | null {
  const cached = parseCache.get(text);
  if (cached !== undefined || parseCache.has(text)) return cached ?? null;
  const result = windowsFromClauses(toClauses(toItems(lex(text))));
  if (parseCache.size >= PARSE_CACHE_MAX) parseCache.clear();
  parseCache.set(text, result);
  return result;
}

export const DAY_SHORT = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
export const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/** "every day", "Mon–Fri", "Mon, Wed, Fri", "Mon–Wed, Sat" (day 0 = Monday). */
function dayList(days: number[]): string {
  if (days.length === 7) return 'every day';
  const parts: string[] = [];
  for (let i = 0; i < days.length;) {
    let j = i;
    while (j + 1 < days.length && days[j + 1] === days[j]! + 1) j++;
    parts.push(
      j - i >= 2
        ? `${DAY_SHORT[days[i]!]}–${DAY_SHORT[days[j]!]}`
        : days
            .slice(i, j + 1)
            .map((d) => DAY_SHORT[d])
            .join(', '),
    );
    i = j + 1;
  }
  return parts.join(', ');
}

/** Days that share exactly the same list of windows, grouped: "Mon–Fri 18:00–22:00; Sat 10:00–14:00". */
export function groupByDay(byDay: readonly string[]): string[] {
  const groups: Array<{ days: number[]; text: string }> = [];
  for (const d of ALL_DAYS) {
    const text = byDay[d]!;
    if (!text) continue;
    const g = groups.find((x) => x.text === text);
    if (g) g.days.push(d);
    else groups.push({ days: [d], text });
  }
  return groups.map((g) => `${dayList(g.days)} ${g.text}`);
}

/** A compact human rendering, e.g. "Mon–Fri 18:00–22:00; Sat–Sun 10:00–14:30". */
export function formatWindows(w: WeeklyWindows): string {
  const byDay = ALL_DAYS.map((d) =>
    w
      .filter((x) => x.day === d)
      .map((x) => `${hhmm(x.start)}–${hhmm(x.end)}`)
      .join(', '),
  );
  return groupByDay(byDay).join('; ');
}
