import { describe, expect, it } from 'vitest';
import { fromLocal, isValidTimeZone, offsetMinutes, toLocal } from '../src/domain/timezones.js';

const ms = (iso: string) => new Date(iso).getTime();

describe('timezones', () => {
  it('knows zones Intl knows', () => {
    expect(isValidTimeZone('Africa/Lagos')).toBe(true);
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(isValidTimeZone('Mars/Base')).toBe(false);
    expect(() => offsetMinutes('Mars/Base', 0)).toThrow(/unknown time zone/);
  });

  it('offsets follow DST, including half hours', () => {
    expect(offsetMinutes('Europe/Berlin', ms('2026-01-15T12:00:00Z'))).toBe(60);
    expect(offsetMinutes('Europe/Berlin', ms('2026-07-15T12:00:00Z'))).toBe(120);
    expect(offsetMinutes('Europe/Berlin', ms('2026-03-29T00:59:00Z'))).toBe(60);
    expect(offsetMinutes('Europe/Berlin', ms('2026-03-29T01:00:00Z'))).toBe(120);
    expect(offsetMinutes('Asia/Kolkata', ms('2026-07-15T12:00:00Z'))).toBe(330);
    expect(offsetMinutes('Australia/Lord_Howe', ms('2026-07-15T12:00:00Z'))).toBe(630);
    expect(offsetMinutes('Australia/Lord_Howe', ms('2026-12-15T12:00:00Z'))).toBe(660);
    expect(offsetMinutes('America/St_Johns', ms('2026-01-15T12:00:00Z'))).toBe(-210);
  });

  it('a wall time in a gap is shifted forward by the gap; one in an overlap is the first', () => {
    // Berlin 2026-03-29 02:30 does not exist → 03:30 CEST.
    const gap = fromLocal({ year: 2026, month: 3, day: 29, hour: 2, minute: 30 }, 'Europe/Berlin');
    expect(gap.toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(toLocal(gap, 'Europe/Berlin')).toEqual({ year: 2026, month: 3, day: 29, hour: 3, minute: 30 });
    // Berlin 2026-10-25 02:30 happens at 00:30Z (CEST) and 01:30Z (CET).
    const twice = fromLocal({ year: 2026, month: 10, day: 25, hour: 2, minute: 30 }, 'Europe/Berlin');
    expect(twice.toISOString()).toBe('2026-10-25T00:30:00.000Z');
    // Lord Howe goes back half an hour at 02:00 on 2026-04-05: 01:45 happens at 14:45Z and 15:15Z.
    const half = fromLocal({ year: 2026, month: 4, day: 5, hour: 1, minute: 45 }, 'Australia/Lord_Howe');
    expect(half.toISOString()).toBe('2026-04-04T14:45:00.000Z');
  });

  it('round-trips ordinary times', () => {
    for (const tz of ['UTC', 'Africa/Lagos', 'America/New_York', 'Asia/Kathmandu', 'Pacific/Chatham']) {
      const l = { year: 2026, month: 2, day: 28, hour: 23, minute: 45 };
      expect(toLocal(fromLocal(l, tz), tz)).toEqual(l);
    }
  });
});
