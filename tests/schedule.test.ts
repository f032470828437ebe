import { describe, expect, it } from 'vitest';
import { fromLocal, nextFire, periodEndingAt, previousFire, toLocal } from '../src/domain/schedule.js';

const iso = (d: Date | null) => d?.toISOString();

describe('schedule in a timezone', () => {
  it('Monday 09:00 in UTC vs Africa/Lagos (UTC+1, no DST)', () => {
    const at = new Date('2026-12-07T12:00:00Z'); // a Monday
    expect(iso(previousFire('0 9 * * 1', 'UTC', at))).toBe('2026-12-07T09:00:00.000Z');
    expect(iso(previousFire('0 9 * * 1', 'Africa/Lagos', at))).toBe('2026-12-07T08:00:00.000Z');
    // 08:30 UTC: Lagos already fired (08:00 UTC), UTC not yet → last week's
    const early = new Date('2026-12-07T08:30:00Z');
    expect(iso(previousFire('0 9 * * 1', 'Africa/Lagos', early))).toBe('2026-12-07T08:00:00.000Z');
    expect(iso(previousFire('0 9 * * 1', 'UTC', early))).toBe('2026-11-30T09:00:00.000Z');
    expect(iso(nextFire('0 9 * * 1', 'UTC', early))).toBe('2026-12-07T09:00:00.000Z');
  });

  it('an exact fire time is its own previous fire, and next is a week later', () => {
    const t = new Date('2026-12-07T09:00:00Z');
    expect(iso(previousFire('0 9 * * 1', 'UTC', t))).toBe(t.toISOString());
    expect(iso(nextFire('0 9 * * 1', 'UTC', t))).toBe('2026-12-14T09:00:00.000Z');
  });

  it('follows DST: Monday 09:00 Europe/Berlin is 08:00Z before and 07:00Z after 2026-03-29', () => {
    expect(iso(previousFire('0 9 * * 1', 'Europe/Berlin', new Date('2026-03-24T00:00:00Z')))).toBe(
      '2026-03-23T08:00:00.000Z',
    );
    expect(iso(nextFire('0 9 * * 1', 'Europe/Berlin', new Date('2026-03-24T00:00:00Z')))).toBe(
      '2026-03-30T07:00:00.000Z',
    );
    const p = periodEndingAt('0 9 * * 1', 'Europe/Berlin', new Date('2026-03-30T07:00:00Z'));
    expect(p.end.getTime() - p.start.getTime()).toBe(7 * 86_400_000 - 3_600_000); // the week is an hour shorter
  });

  it('a time inside the spring-forward gap does not exist and is skipped', () => {
    // 02:30 on 2026-03-29 does not exist in Berlin.
    expect(iso(nextFire('30 2 * * *', 'Europe/Berlin', new Date('2026-03-28T12:00:00Z')))).toBe(
      '2026-03-30T00:30:00.000Z',
    );
  });

  it('converts local wall time and back', () => {
    const t = fromLocal({ year: 2026, month: 7, day: 1, hour: 18, minute: 0 }, 'America/New_York');
    expect(t.toISOString()).toBe('2026-07-01T22:00:00.000Z');
    expect(toLocal(t, 'America/New_York')).toEqual({ year: 2026, month: 7, day: 1, hour: 18, minute: 0 });
  });

  it('day-of-month OR day-of-week when both are restricted', () => {
    // 1st of the month or Fridays at 12:00
    expect(iso(nextFire('0 12 1 * 5', 'UTC', new Date('2026-12-02T00:00:00Z')))).toBe('2026-12-04T12:00:00.000Z');
    expect(iso(nextFire('0 12 1 * 5', 'UTC', new Date('2026-12-26T00:00:00Z')))).toBe('2027-01-01T12:00:00.000Z');
  });
});
