import { describe, expect, it } from 'vitest';
import {
  firesMoreThanOnceADay,
  firesPerDay,
  fromLocal,
  isValidCron,
  nextFire,
  periodEndingAt,
  previousFire,
  toLocal,
  tooFrequentMessage,
} from '../src/domain/schedule.js';

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

describe('schedule at DST edges', () => {
  it('a wall time that happens twice (fall back) fires once, at the first', () => {
    // 2026-10-25 in Berlin: 03:00 CEST → 02:00 CET, so 02:30 is 00:30Z and again 01:30Z.
    expect(iso(nextFire('30 2 * * *', 'Europe/Berlin', new Date('2026-10-24T12:00:00Z')))).toBe(
      '2026-10-25T00:30:00.000Z',
    );
    expect(iso(nextFire('30 2 * * *', 'Europe/Berlin', new Date('2026-10-25T00:30:00Z')))).toBe(
      '2026-10-26T01:30:00.000Z',
    );
    expect(iso(previousFire('30 2 * * *', 'Europe/Berlin', new Date('2026-10-25T12:00:00Z')))).toBe(
      '2026-10-25T00:30:00.000Z',
    );
    // An hourly schedule keeps its other hours around the change.
    const at = new Date('2026-10-24T23:00:00Z'); // 01:00 CEST
    const fires: string[] = [];
    for (
      let t = nextFire('30 * * * *', 'Europe/Berlin', at);
      t && fires.length < 3;
      t = nextFire('30 * * * *', 'Europe/Berlin', t)
    )
      fires.push(t.toISOString());
    expect(fires).toEqual(['2026-10-24T23:30:00.000Z', '2026-10-25T00:30:00.000Z', '2026-10-25T02:30:00.000Z']);
  });

  it('the skipped gap time is skipped backwards too', () => {
    expect(iso(previousFire('30 2 * * *', 'Europe/Berlin', new Date('2026-03-29T12:00:00Z')))).toBe(
      '2026-03-28T01:30:00.000Z',
    );
    // New York springs forward at 02:00 on 2026-03-08.
    expect(iso(nextFire('30 2 * * 0', 'America/New_York', new Date('2026-03-07T00:00:00Z')))).toBe(
      '2026-03-15T06:30:00.000Z',
    );
  });

  it('half-hour DST (Lord Howe: 02:00 → 02:30 on 2026-10-04)', () => {
    expect(iso(nextFire('15 2 * * *', 'Australia/Lord_Howe', new Date('2026-10-03T00:00:00Z')))).toBe(
      '2026-10-04T15:15:00.000Z', // 02:15 on 10-05 (+11); 02:15 on 10-04 never happened
    );
    expect(iso(nextFire('45 2 * * *', 'Australia/Lord_Howe', new Date('2026-10-03T00:00:00Z')))).toBe(
      '2026-10-03T15:45:00.000Z', // 02:45 on 10-04 exists (+11)
    );
  });

  it('an unknown time zone or an invalid expression throws', () => {
    expect(() => nextFire('0 9 * * 1', 'Mars/Base', new Date())).toThrow(/time zone/);
    expect(() => nextFire('0 9 * *', 'UTC', new Date())).toThrow(/invalid cron/);
  });
});

describe('isValidCron (5 fields, the syntax node-cron and cron-parser read alike)', () => {
  it.each([
    '0 9 * * 1',
    '30 8 * * *',
    '*/15 * * * *',
    '0 9 1-5/2 * *',
    '0 9 * JAN MON',
    '0 9 * * mon-fri',
    ' 0  9 * * 7 ',
  ])('accepts %j', (e) => expect(isValidCron(e)).toBe(true));
  it.each([
    '',
    '0 9 * *', // 4 fields
    '0 0 9 * * 1', // seconds
    '@daily',
    '61 * * * *',
    '0 24 * * *',
    '0 9 30 2 *', // never happens
    '0 9 L * *',
    '0 9 * * 1#2',
    'H 9 * * *',
    '0 9 ? * 1',
    '5-1 9 * * *',
    '0 9 * * monday',
    '0 9 * * 1,',
    '`0 9 * * 1`',
  ])('refuses %j', (e) => expect(isValidCron(e)).toBe(false));
});

describe('once-a-day limit', () => {
  it.each(['* * * * *', '0 */6 * * *', '0 9,18 * * 1', '*/30 9 * * *', '0,30 9 * * *', '0 8-9 * * 1'])(
    '%j fires more than once a day',
    (e) => expect(firesMoreThanOnceADay(e)).toBe(true),
  );
  it.each(['0 9 * * 1', '30 8 * * *', '0 9 1 * *', '0 9 1,15 * *', '0 9 * * 1-5'])('%j is fine', (e) => {
    expect(firesMoreThanOnceADay(e)).toBe(false);
    expect(tooFrequentMessage(e)).toBeNull();
  });
  it('says how often and what to write instead', () => {
    expect(firesPerDay('0 */6 * * *')).toBe(4);
    expect(tooFrequentMessage('0 */6 * * *')).toBe(
      '`0 */6 * * *` would post the digest 4 times a day; it can run at most once a day. ' +
        'Give one minute and one hour, e.g. `0 9 * * 1` (Mondays at 09:00) or `30 8 * * *` (every day at 08:30).',
    );
    expect(tooFrequentMessage('* * * * *')).toMatch(/1440 times a day/);
    expect(tooFrequentMessage('not cron')).toBeNull();
  });
});
