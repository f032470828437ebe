import { describe, expect, it } from 'vitest';
import { formatWindows, parseAvailability } from '../src/domain/availability.js';
import { availabilityMask, maskHours, utcWeekStart, weeklyOverlapHours } from '../src/domain/overlap.js';
import { isValidTimezone } from '../src/domain/validate.js';

/** The parse, rendered compactly (days Mon=0 … Sun=6). */
const fmt = (text: string) => {
  const w = parseAvailability(text);
  return w ? formatWindows(w) : null;
};

describe('parseAvailability', () => {
  it.each([
    ['weekdays 18-22', 'Mon–Fri 18:00–22:00'],
    ['Weekdays 18:00 - 22:00', 'Mon–Fri 18:00–22:00'],
    ['evenings', 'every day 18:00–22:00'],
    ['weekends 10:00-14:30', 'Sat, Sun 10:00–14:30'],
    ['mon,wed,fri 19-21', 'Mon, Wed, Fri 19:00–21:00'],
    ['Mon/Wed/Fri 19–21', 'Mon, Wed, Fri 19:00–21:00'],
    ['mornings', 'every day 08:00–12:00'],
    ['afternoons', 'every day 12:00–17:00'],
    ['nights', 'every day 20:00–24:00'],
    ['anytime', 'every day 00:00–24:00'],
    ['any time', 'every day 00:00–24:00'],
    ['24/7', 'every day 00:00–24:00'],
    ['18-22', 'every day 18:00–22:00'],
    ['6-10pm', 'every day 18:00–22:00'],
    ['6pm to 10pm', 'every day 18:00–22:00'],
    ['from 6 pm until 10 pm', 'every day 18:00–22:00'],
    ['between 6 and 10pm', 'every day 18:00–22:00'],
    ['9am-5pm', 'every day 09:00–17:00'],
    ['9-5', 'every day 09:00–17:00'],
    ['11-2pm', 'every day 11:00–14:00'],
    ['1800-2130', 'every day 18:00–21:30'],
    ['18h-22h30', 'every day 18:00–22:30'],
    ['noon-midnight', 'every day 12:00–24:00'],
    ['mon-fri after 6pm', 'Mon–Fri 18:00–24:00'],
    ['Monday to Thursday 7:30pm-10:30pm', 'Mon–Thu 19:30–22:30'],
    ['fri-sun evenings', 'Fri–Sun 18:00–22:00'],
    ['sat & sun 10am-2pm', 'Sat, Sun 10:00–14:00'],
    ['Saturdays and Sundays, mornings', 'Sat, Sun 08:00–12:00'],
    ['weekday evenings and weekend mornings', 'Mon–Fri 18:00–22:00; Sat, Sun 08:00–12:00'],
    ['weekdays 18-22, weekends 10-14', 'Mon–Fri 18:00–22:00; Sat, Sun 10:00–14:00'],
    ['18-22 on weekdays, 10-14 on weekends', 'Mon–Fri 18:00–22:00; Sat, Sun 10:00–14:00'],
    ['evenings on weekdays and weekends', 'every day 18:00–22:00'],
    ['weekdays 7-9 and 19-22', 'Mon–Fri 07:00–09:00, 19:00–22:00'],
    ['every day except sunday 18-22', 'Mon–Sat 18:00–22:00'],
    ['evenings except fridays', 'Mon–Thu, Sat, Sun 18:00–22:00'],
    ['weekdays but not fridays 19-21', 'Mon–Thu 19:00–21:00'],
    ['weekends', 'Sat, Sun 09:00–21:00'],
    ['weekends all day', 'Sat, Sun 00:00–24:00'],
    ['weeknights', 'Mon–Fri 18:00–22:00'],
    ['early mornings', 'every day 06:00–09:00'],
    ['evenings (GMT+1)', 'every day 18:00–22:00'],
    ['usually weekdays 18-22 I think', 'Mon–Fri 18:00–22:00'],
  ])('reads %j', (text, expected) => {
    expect(fmt(text)).toBe(expected);
  });

  it('returns exact local windows in minutes, Monday = 0', () => {
    expect(parseAvailability('weekends 10:00-14:30')).toEqual([
      { day: 5, start: 600, end: 870 },
      { day: 6, start: 600, end: 870 },
    ]);
  });

  it('splits windows that run past midnight into the next day (Sunday wraps to Monday)', () => {
    expect(parseAvailability('sun 22-2')).toEqual([
      { day: 0, start: 0, end: 120 },
      { day: 6, start: 1320, end: 1440 },
    ]);
    expect(fmt('late nights')).toBe('every day 00:00–02:00, 22:00–24:00');
  });

  it('merges overlapping and adjacent windows', () => {
    expect(parseAvailability('mon 18-20, mon 19-22, mon 22-23')).toEqual([{ day: 0, start: 1080, end: 1380 }]);
  });

  it.each([
    '',
    '   ',
    'asdf',
    'I like pizza',
    'n/a',
    'not available',
    'busy',
    '10 hours/week',
    '25-30',
    '18-18',
    '99',
    'sometimes',
    '- -',
    ':-)',
    'asap',
  ])('returns null for %j', (text) => {
    expect(parseAvailability(text)).toBeNull();
  });

  it('caches results (same frozen object) and handles very long input', () => {
    const a = parseAvailability('weekdays 18-22');
    expect(parseAvailability('weekdays 18-22')).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
    expect(parseAvailability('x'.repeat(100_000))).toBeNull();
  });
});

describe('weeklyOverlapHours', () => {
  const at = (iso: string) => new Date(iso);
  const berlinEvenings = { availability: '18-22', timezone: 'Europe/Berlin' };
  const nyAfternoons = { availability: '13-17', timezone: 'America/New_York' };

  it('Lagos vs Berlin: identical in winter, an hour apart in summer (Lagos has no DST)', () => {
    const lagos = { availability: 'evenings', timezone: 'Africa/Lagos' };
    const berlin = { availability: 'evenings', timezone: 'Europe/Berlin' };
    expect(weeklyOverlapHours(lagos, berlin, at('2026-01-14T12:00:00Z'))).toBe(28);
    expect(weeklyOverlapHours(lagos, berlin, at('2026-07-15T12:00:00Z'))).toBe(21);
  });

  it('Berlin vs New York across the 2026 DST changes (US 8 Mar, EU 29 Mar)', () => {
    // Berlin 18-22 is 17-21 UTC in winter, 16-20 UTC in summer; New York 13-17 is 18-22 UTC (EST), 17-21 UTC (EDT).
    expect(weeklyOverlapHours(berlinEvenings, nyAfternoons, at('2026-02-18T12:00:00Z'))).toBe(21); // both standard: 3 h/day
    expect(weeklyOverlapHours(berlinEvenings, nyAfternoons, at('2026-03-04T12:00:00Z'))).toBe(22); // NY switches on Sunday 8 Mar
    expect(weeklyOverlapHours(berlinEvenings, nyAfternoons, at('2026-03-18T12:00:00Z'))).toBe(28); // only NY on DST: 4 h/day
    expect(weeklyOverlapHours(berlinEvenings, nyAfternoons, at('2026-03-25T12:00:00Z'))).toBe(27); // Berlin switches on Sunday 29 Mar
    expect(weeklyOverlapHours(berlinEvenings, nyAfternoons, at('2026-04-15T12:00:00Z'))).toBe(21); // both summer time
  });

  it('counts only the real hours of a window that spans the spring-forward gap or the autumn repeat', () => {
    const anyUtc = { availability: 'anytime', timezone: 'UTC' };
    const berlinSundayNight = { availability: 'sun 01-04', timezone: 'Europe/Berlin' };
    expect(weeklyOverlapHours(berlinSundayNight, anyUtc, at('2026-03-16T00:00:00Z'))).toBe(3);
    expect(weeklyOverlapHours(berlinSundayNight, anyUtc, at('2026-03-26T00:00:00Z'))).toBe(2); // 29 Mar: 02:00-03:00 does not exist
    expect(weeklyOverlapHours(berlinSundayNight, anyUtc, at('2026-10-22T00:00:00Z'))).toBe(4); // 25 Oct: 02:00-03:00 happens twice
    // Every night 01-04: the week of the change also gains the first hour of next Monday's window
    // (Mon 30 Mar 01:00 CEST = Sun 23:00 UTC, still inside this UTC week): 6×3 + 2 + 1.
    expect(
      weeklyOverlapHours({ availability: '01-04', timezone: 'Europe/Berlin' }, anyUtc, at('2026-03-26T00:00:00Z')),
    ).toBe(21);
  });

  it('handles half-hour offsets at quarter-hour resolution', () => {
    const kolkata = { availability: '18-22', timezone: 'Asia/Kolkata' }; // UTC+5:30 → 12:30-16:30 UTC
    expect(
      weeklyOverlapHours(kolkata, { availability: '12:30-16:30', timezone: 'UTC' }, at('2026-05-01T00:00:00Z')),
    ).toBe(28);
    expect(weeklyOverlapHours(kolkata, { availability: '12-13', timezone: 'UTC' }, at('2026-05-01T00:00:00Z'))).toBe(
      3.5,
    );
    const kathmandu = { availability: '18-22', timezone: 'Asia/Kathmandu' }; // UTC+5:45 → 12:15-16:15 UTC
    expect(weeklyOverlapHours(kathmandu, { availability: '12-13', timezone: 'UTC' }, at('2026-05-01T00:00:00Z'))).toBe(
      5.25,
    );
  });

  it('treats unknown availability as 18-22 local and an unknown timezone as UTC', () => {
    const w = at('2026-05-06T00:00:00Z');
    const utcEvenings = { availability: '18-22', timezone: 'UTC' };
    expect(weeklyOverlapHours({ availability: null, timezone: 'UTC' }, utcEvenings, w)).toBe(28);
    expect(
      weeklyOverlapHours(
        { availability: 'gibberish', timezone: 'UTC' },
        { availability: 'mon 19-20', timezone: 'UTC' },
        w,
      ),
    ).toBe(1);
    expect(weeklyOverlapHours({ availability: '18-22', timezone: 'Not/AZone' }, utcEvenings, w)).toBe(28);
    expect(weeklyOverlapHours({ availability: '18-22', timezone: null }, utcEvenings, w)).toBe(28);
    expect(
      weeklyOverlapHours({ availability: null, timezone: null }, { availability: null, timezone: 'Asia/Tokyo' }, w),
    ).toBe(0);
    expect(isValidTimezone('Europe/Berlin')).toBe(true);
    expect(isValidTimezone('Not/AZone')).toBe(false);
    expect(isValidTimezone('')).toBe(false);
  });

  it('is symmetric and zero for disjoint windows; overnight windows wrap around the week', () => {
    const w = at('2026-05-06T00:00:00Z');
    const a = { availability: 'weekdays 18-22', timezone: 'Africa/Lagos' };
    const b = { availability: 'weekends 10:00-14:30', timezone: 'America/Sao_Paulo' };
    expect(weeklyOverlapHours(a, b, w)).toBe(0);
    const c = { availability: 'mornings', timezone: 'Asia/Tokyo' };
    expect(weeklyOverlapHours(a, c, w)).toBe(weeklyOverlapHours(c, a, w));
    // Tokyo 08-12 = 23-03 UTC; Lagos 18-22 weekdays = 17-21 UTC → 0. Los Angeles evenings vs Tokyo mornings do meet.
    expect(weeklyOverlapHours(a, c, w)).toBe(0);
    expect(weeklyOverlapHours({ availability: 'evenings', timezone: 'America/Los_Angeles' }, c, w)).toBe(7 * 2); // LA 18-22 PDT = 01-05 UTC
    expect(
      weeklyOverlapHours(
        { availability: 'sun 22-2', timezone: 'UTC' },
        { availability: 'anytime', timezone: 'UTC' },
        w,
      ),
    ).toBe(4);
  });

  it('uses the UTC week (Monday 00:00 UTC) containing `at`', () => {
    expect(new Date(utcWeekStart(new Date('2026-03-29T23:59:00Z'))).toISOString()).toBe('2026-03-23T00:00:00.000Z');
    expect(new Date(utcWeekStart(new Date('2026-03-30T00:00:00Z'))).toISOString()).toBe('2026-03-30T00:00:00.000Z');
    const m = availabilityMask('weekdays 18-22', 'Europe/Berlin', new Date('2026-03-30T00:00:00Z'));
    expect(maskHours(m)).toBe(20);
    expect(availabilityMask('weekdays 18-22', 'Europe/Berlin', new Date('2026-04-01T00:00:00Z'))).toBe(m); // cached
  });
});
