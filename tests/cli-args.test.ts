// Flag parsing of `npm run try` and `npm start` (node:util parseArgs underneath).
import { describe, expect, it } from 'vitest';
import { parseStartArgs } from '../src/cli/args.js';
import { DEFAULTS, parseTryArgs, TRY_USAGE } from '../src/cli/try.js';
import { LineError } from '../src/discord/payloads.js';

const fails = (f: () => unknown): string => {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(LineError);
    return (err as Error).message;
  }
  throw new Error('did not throw');
};

describe('parseTryArgs', () => {
  it('defaults, and LINEs in order around the flags', () => {
    expect(parseTryArgs(['/nexus help', '/profile show'])).toEqual({
      guild: DEFAULTS.guild,
      channel: DEFAULTS.channel,
      user: DEFAULTS.user,
      name: DEFAULTS.name,
      moderator: false,
      json: false,
      lines: ['/nexus help', '/profile show'],
    });
    const a = parseTryArgs([
      '/a',
      '--json',
      '--user',
      '100000000000000042',
      '/b',
      '--moderator',
      '--now',
      '2026-12-07T09:00:00Z',
    ]);
    expect(a).toMatchObject({
      json: true,
      moderator: true,
      user: '100000000000000042',
      name: 'user0042',
      lines: ['/a', '/b'],
    });
    expect(a.now?.toISOString()).toBe('2026-12-07T09:00:00.000Z');
  });

  it('takes --flag=value, a name, and everything after -- as LINEs', () => {
    const a = parseTryArgs([
      '--guild=900000000000000009',
      '--channel',
      '800000000000000009',
      '--name',
      'Ada',
      '--',
      '--json',
    ]);
    expect(a).toMatchObject({
      guild: '900000000000000009',
      channel: '800000000000000009',
      name: 'Ada',
      json: false,
      lines: ['--json'],
    });
  });

  it('refuses unknown flags, with the usage', () => {
    expect(fails(() => parseTryArgs(['--jsn', '/nexus help']))).toBe(`unknown flag --jsn\n${TRY_USAGE}`);
    expect(fails(() => parseTryArgs(['-x']))).toBe(`unknown flag -x\n${TRY_USAGE}`);
  });

  it('says what a flag takes', () => {
    expect(fails(() => parseTryArgs(['--user', '42']))).toBe('--user takes a Discord id (17-20 digits)');
    expect(fails(() => parseTryArgs(['--guild']))).toBe('--guild takes a Discord id (17-20 digits)');
    expect(fails(() => parseTryArgs(['--guild', '--json']))).toBe('--guild takes a Discord id (17-20 digits)');
    expect(fails(() => parseTryArgs(['--now', 'tomorrow']))).toBe('--now takes an ISO time, e.g. 2026-12-07T09:00:00Z');
    expect(fails(() => parseTryArgs(['--name']))).toBe('--name takes a display name');
    expect(fails(() => parseTryArgs(['--json=yes']))).toBe(`--json takes no value\n${TRY_USAGE}`);
  });

  it('--help and -h give the usage', () => {
    expect(fails(() => parseTryArgs(['--help']))).toBe(TRY_USAGE);
    expect(fails(() => parseTryArgs(['-h', '/nexus help']))).toBe(TRY_USAGE);
  });
});

describe('parseStartArgs', () => {
  it('reads --http, --port and --no-console', () => {
    expect(parseStartArgs([])).toEqual({ http: false, noConsole: false });
    expect(parseStartArgs(['--http', '--port', '8080', '--no-console'])).toEqual({
      http: true,
      port: 8080,
      noConsole: true,
    });
    expect(parseStartArgs(['--port=0'])).toEqual({ http: false, port: 0, noConsole: false });
  });

  it('refuses bad ports, unknown flags and arguments', () => {
    expect(fails(() => parseStartArgs(['--port', '70000']))).toBe('--port takes a port number 0-65535');
    expect(fails(() => parseStartArgs(['--port', '-1']))).toBe('--port takes a port number 0-65535');
    expect(fails(() => parseStartArgs(['--port']))).toBe('--port takes a port number 0-65535');
    expect(fails(() => parseStartArgs(['--htp']))).toMatch(/^unknown flag --htp\nusage: npm start -- \[--http\]/);
    expect(fails(() => parseStartArgs(['http']))).toMatch(/^start takes no arguments, only flags \(got "http"\)/);
  });
});
