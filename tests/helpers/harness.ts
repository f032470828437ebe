// A test app: the real router and database, Discord REST recorded, time fixed, logs silent. Tests drive it
// with the same LINEs as `npm run try` or with raw payloads.
import type { APIInteraction } from 'discord-api-types/v10';
import { createApp, type App } from '../../src/app.js';
import { runLine, type LineResult } from '../../src/cli/try.js';
import { fixedClock } from '../../src/context.js';
import type { Database } from '../../src/db/client.js';
import { RecordingRestCaller } from '../../src/discord/port.js';
import type { Actor } from '../../src/discord/payloads.js';
import { createLogger, type Logger } from '../../src/logger.js';

export const GUILD = '900000000000000001';
export const OTHER_GUILD = '900000000000000002';
export const CHANNEL = '800000000000000001';
export const ALICE = '100000000000000001';
export const BOB = '100000000000000002';
export const CAROL = '100000000000000003';
export const MOD = '100000000000000009';

export interface Harness {
  app: App;
  recorder: RecordingRestCaller;
  clock: ReturnType<typeof fixedClock>;
  /** Runs LINEs as a user (default Alice in GUILD) and returns each result. */
  run(line: string, as?: Partial<Actor>): Promise<LineResult>;
  handle(interaction: APIInteraction): ReturnType<App['router']['handle']>;
  actor(over?: Partial<Actor>): Actor;
}

export interface HarnessOptions {
  now?: Date;
  deadlineMs?: number;
  /** Default: silent (TEST_LOG_LEVEL to see logs). */
  log?: Logger;
  /** Default: the product's 20 writes per minute. */
  rateLimitPerMinute?: number;
}

export async function createHarness(database: Database, opts: HarnessOptions = {}): Promise<Harness> {
  const recorder = new RecordingRestCaller();
  const clock = fixedClock(opts.now ?? new Date('2026-12-01T12:00:00Z'));
  const log = opts.log ?? createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const app = await createApp({
    config: {
      databaseUrl: undefined,
      dataDir: 'memory://',
      applicationId: '1000000000000000001',
      ...(opts.rateLimitPerMinute ? { rateLimitPerMinute: opts.rateLimitPerMinute } : {}),
    },
    log,
    rest: recorder,
    clock,
    database,
    router: { deadlineMs: opts.deadlineMs ?? 60_000 },
  });
  const actor = (over: Partial<Actor> = {}): Actor => ({
    guildId: GUILD,
    channelId: CHANNEL,
    userId: ALICE,
    name: over.userId && over.userId !== ALICE ? `user${over.userId.slice(-4)}` : 'alice',
    moderator: false,
    ...over,
  });
  return {
    app,
    recorder,
    clock,
    actor,
    run: (line, as) => runLine(app, recorder, line, actor(as)),
    handle: (i) => app.router.handle(i),
  };
}

/** The visible text of a reply: content, embed titles/descriptions/fields. */
export function replyText(r: LineResult): string {
  const res = r.response as {
    data?: {
      content?: string;
      embeds?: Array<{
        title?: string;
        description?: string;
        fields?: Array<{ name: string; value: string }>;
        footer?: { text: string };
      }>;
    };
  } | null;
  const d = res?.data;
  if (!d) return '';
  const parts = [d.content ?? ''];
  for (const e of d.embeds ?? []) {
    parts.push(e.title ?? '', e.description ?? '');
    for (const f of e.fields ?? []) parts.push(`${f.name}: ${f.value}`);
    if (e.footer) parts.push(e.footer.text);
  }
  return parts.filter(Boolean).join('\n');
}

export function isEphemeral(r: LineResult): boolean {
  const flags = (r.response as { data?: { flags?: number } } | null)?.data?.flags ?? 0;
  return (flags & 64) === 64;
}
