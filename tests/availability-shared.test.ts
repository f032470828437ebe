// The windows a pair shares, shown in each member's own time zone (the kickoff of a pair's thread).
import { describe, expect, it } from 'vitest';
import { formatSharedWindows, sharedWindows, weeklyOverlapHours } from '../src/domain/overlap.js';

const lagos = (availability: string) => ({ availability, timezone: 'Africa/Lagos' });
const berlin = (availability: string) => ({ availability, timezone: 'Europe/Berlin' });
const hours = (ws: ReturnType<typeof sharedWindows>) =>
  ws.reduce((n, w) => n + (w.end.getTime() - w.start.getTime()) / 3_600_000, 0);

describe('sharedWindows + formatSharedWindows', () => {
  it('Lagos vs Berlin in winter (same offset) and in summer (Berlin an hour ahead)', () => {
    const a = lagos('weekdays 18-22');
    const b = berlin('weekdays 19-23');
    const winter = sharedWindows(a, b, new Date('2026-01-14T00:00:00Z'));
    expect(winter.map((w) => [w.start.toISOString(), w.end.toISOString()])[0]).toEqual([
      '2026-01-12T18:00:00.000Z',
      '2026-01-12T21:00:00.000Z',
    ]);
    expect(formatSharedWindows(winter, 'Africa/Lagos')).toBe('Mon–Fri 19:00–22:00');
    expect(formatSharedWindows(winter, 'Europe/Berlin')).toBe('Mon–Fri 19:00–22:00');
    const summer = sharedWindows(a, b, new Date('2026-06-10T00:00:00Z'));
    expect(formatSharedWindows(summer, 'Africa/Lagos')).toBe('Mon–Fri 18:00–22:00');
    expect(formatSharedWindows(summer, 'Europe/Berlin')).toBe('Mon–Fri 19:00–23:00');
    // The same spans weeklyOverlapHours counts.
    for (const [ws, at] of [
      [winter, '2026-01-14T00:00:00Z'],
      [summer, '2026-06-10T00:00:00Z'],
    ] as const)
      expect(hours(ws)).toBe(weeklyOverlapHours(a, b, new Date(at)));
  });

  it('a DST week: Berlin springs forward early on Sunday, so only Sunday shifts', () => {
    // UTC week Mon 23 March – Mon 30 March 2026; Berlin goes from UTC+1 to UTC+2 on Sunday 01:00 UTC.
    const ws = sharedWindows(lagos('weekends 10-14'), berlin('weekends 10-14'), new Date('2026-03-25T00:00:00Z'));
    expect(formatSharedWindows(ws, 'Africa/Lagos')).toBe('Sat 10:00–14:00; Sun 10:00–13:00');
    expect(formatSharedWindows(ws, 'Europe/Berlin')).toBe('Sat 10:00–14:00; Sun 11:00–14:00');
  });

  it('joins a window across the week boundary and across local midnight', () => {
    const ws = sharedWindows(
      { availability: 'sun 22-2', timezone: 'UTC' },
      { availability: 'anytime', timezone: 'UTC' },
      new Date('2026-03-25T00:00:00Z'),
    );
    expect(ws).toHaveLength(1);
    expect(formatSharedWindows(ws, 'UTC')).toBe('Sun 22:00–02:00');
    expect(formatSharedWindows(ws, 'Asia/Tokyo')).toBe('Mon 07:00–11:00');
    expect(formatSharedWindows(ws, 'Not/AZone')).toBe('Sun 22:00–02:00'); // an unknown zone reads as UTC
  });

  it('says when they never meet, always meet, or meet for more than a day at once', () => {
    const at = new Date('2026-03-25T00:00:00Z');
    const utc = (availability: string) => ({ availability, timezone: 'UTC' });
    expect(sharedWindows(utc('mon 8-9'), utc('tue 8-9'), at)).toEqual([]);
    expect(formatSharedWindows([], 'UTC')).toBe('');
    expect(formatSharedWindows(sharedWindows(utc('anytime'), utc('anytime'), at), 'Asia/Kolkata')).toBe('any time');
    expect(formatSharedWindows(sharedWindows(utc('sat 9-24, sun 0-17'), utc('anytime'), at), 'UTC')).toBe(
      'Sat 09:00 → Sun 17:00',
    );
  });
});
