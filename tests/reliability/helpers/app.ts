// A reliability test app: the real registry, router and database, Discord REST recorded, the clock fixed,
// the write rate limit lifted (the corpus makes hundreds of writes), and every log line kept so a test can
// fail on a "handler failed" (an unexpected error) even when the reply looked fine.
import { Writable } from 'node:stream';
import type { APIInteraction } from 'discord-api-types/v10';
import type { App } from '../../../src/app.js';
import type { fixedClock } from '../../../src/context.js';
import type { Database } from '../../../src/db/client.js';
import type { HandledInteraction } from '../../../src/discord/router.js';
import type { RecordingRestCaller, RecordedCall } from '../../../src/discord/port.js';
import type { Actor } from '../../../src/discord/payloads.js';
import { createLogger } from '../../../src/logger.js';
import { createHarness } from '../../helpers/harness.js';

export const GUILD = '900000000000000001';
export const OTHER_GUILD = '900000000000000002';
export const CHANNEL = '800000000000000001';
export const OTHER_GUILD_CHANNEL = '800000000000000002';
export const ALICE = '100000000000000001';
export const BOB = '100000000000000002';
export const CAROL = '100000000000000003';
export const MOD = '100000000000000009';
/** A member of the other guild only. */
export const MALLORY = '100000000000000666';
/** Another member of the other guild. */
export const EVE = '100000000000000667';
export const APPLICATION_ID = '1000000000000000001';
export const NOW = new Date('2026-12-01T12:00:00Z');

export interface LogLine {
  level: number;
  msg: string;
  [k: string]: unknown;
}

export interface TestApp {
  app: App;
  recorder: RecordingRestCaller;
  clock: ReturnType<typeof fixedClock>;
  logs: LogLine[];
  actor(over?: Partial<Actor>): Actor;
  /** Routes one interaction; waits for a deferred reply's edit; returns what was sent and posted. */
  send(interaction: APIInteraction): Promise<Exchange>;
}

export interface Exchange {
  handled: HandledInteraction;
  /** Every REST call made while handling it (posts, edits, the deferred reply's PATCH). */
  posted: RecordedCall[];
}

export async function createTestApp(
  database: Database,
  opts: { deadlineMs?: number; logLevel?: string } = {},
): Promise<TestApp> {
  const logs: LogLine[] = [];
  const log = createLogger({
    level: opts.logLevel ?? 'info',
    destination: new Writable({
      write(chunk, _enc, cb) {
        for (const line of String(chunk).split('\n')) if (line.trim()) logs.push(JSON.parse(line) as LogLine);
        cb();
      },
    }),
  });
  const h = await createHarness(database, {
    now: NOW,
    log,
    rateLimitPerMinute: 1_000_000,
    ...(opts.deadlineMs ? { deadlineMs: opts.deadlineMs } : {}),
  });
  return {
    app: h.app,
    recorder: h.recorder,
    clock: h.clock,
    logs,
    actor: (over = {}) => h.actor({ name: 'alice', applicationId: APPLICATION_ID, ...over }),
    async send(interaction) {
      h.recorder.take();
      const handled = await h.app.router.handle(interaction);
      if (handled.later) await handled.later;
      return { handled, posted: h.recorder.take() };
    },
  };
}

/** Log lines of unexpected errors (the router's "handler failed", and anything else at error level). */
export function errorLogs(logs: LogLine[]): LogLine[] {
  return logs.filter((l) => l.level >= 50);
}
