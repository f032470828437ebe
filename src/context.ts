import type { Db, DriverKind } from './db/client.js';
import type { MemberCache } from './discord/member-cache.js';
import type { DiscordPort } from './discord/port.js';
import type { Logger } from './logger.js';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export function fixedClock(at: Date): Clock & { set(d: Date): void; advance(ms: number): void } {
  let t = at.getTime();
  return {
    now: () => new Date(t),
    set: (d: Date) => {
      t = d.getTime();
    },
    advance: (ms: number) => {
      t += ms;
    },
  };
}

/** Everything a handler may use. Handlers never read process.env or touch a socket. */
export interface AppContext {
  db: Db;
  dbKind: DriverKind;
  log: Logger;
  clock: Clock;
  discord: DiscordPort;
  /** Cached "still in the guild?" answers, per app instance (createApp sets it; hand-built test contexts may not). */
  memberCache?: MemberCache;
  /** The application id (for webhook follow-ups); a placeholder locally. */
  applicationId: string;
  /** Hooks for long-lived parts (the scheduler) to hear about changes; absent in one-shot runs. */
  events?: { settingsChanged(guildId: string): Promise<void> };
}
