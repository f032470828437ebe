// What every handler and job may use, and the ports they talk to the outside through. Handlers never read
// process.env or touch a socket: Discord is reached through `discord`, time comes from `clock`.
import type {
  APIInteractionResponse,
  APIMessage,
  RESTPatchAPIChannelMessageJSONBody,
  RESTPatchAPIWebhookWithTokenMessageJSONBody,
  RESTPostAPIChannelMessageJSONBody,
  RESTPostAPIChannelThreadsJSONBody,
} from 'discord-api-types/v10';
import type { Db, DriverKind } from './db/client.js';
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

/** A file sent with a message or an interaction reply. */
export interface Attachment {
  name: string;
  data: string | Buffer;
  contentType?: string;
  /** Alt text (≤ 1024 characters): what an image shows, for screen readers. */
  description?: string;
}

/** What Nexus changes on a thread: archived (read-only, out of the list) and locked (only moderators reopen). */
export interface ThreadChange {
  archived?: boolean;
  locked?: boolean;
}

/** Discord's REST API as Nexus uses it (implemented over @discordjs/rest in discord/port.ts). */
export interface DiscordPort {
  respond(interactionId: string, token: string, response: APIInteractionResponse, files?: Attachment[]): Promise<void>;
  editOriginal(
    applicationId: string,
    token: string,
    body: RESTPatchAPIWebhookWithTokenMessageJSONBody,
    files?: Attachment[],
  ): Promise<void>;
  postMessage(channelId: string, body: RESTPostAPIChannelMessageJSONBody, files?: Attachment[]): Promise<APIMessage>;
  editMessage(channelId: string, messageId: string, body: RESTPatchAPIChannelMessageJSONBody): Promise<APIMessage>;
  deleteMessage(channelId: string, messageId: string): Promise<void>;
  /** Opens a thread without a starter message in a channel (POST /channels/{id}/threads); resolves to its id. */
  createThread(channelId: string, body: RESTPostAPIChannelThreadsJSONBody): Promise<{ id: string }>;
  /** Adds a member to a thread (PUT /channels/{thread}/thread-members/{user}). */
  addThreadMember(threadId: string, userId: string): Promise<void>;
  /** Archives, locks (or reopens) a thread (PATCH /channels/{thread}). */
  editThread(threadId: string, body: ThreadChange): Promise<void>;
  /** true: a member; false: Discord says unknown member (404); undefined: could not be asked. */
  isGuildMember(guildId: string, userId: string): Promise<boolean | undefined>;
  putCommands(applicationId: string, guildId: string | undefined, body: unknown[]): Promise<unknown>;
  /** The guilds the bot is in, 200 at a time, after the given guild id (GET /users/@me/guilds). */
  listGuilds(after?: string): Promise<Array<{ id: string }>>;
}

/** "Is this user still in the guild?", answered from a short-lived cache when it can (discord/member-cache.ts). */
export interface MemberLookup {
  isGuildMember(guildId: string, userId: string): Promise<boolean | undefined>;
  /** True when asking about this member now costs no Discord request. */
  has(guildId: string, userId: string): boolean;
}

/** Everything a handler may use. Handlers never read process.env or touch a socket. */
export interface AppContext {
  db: Db;
  dbKind: DriverKind;
  log: Logger;
  clock: Clock;
  discord: DiscordPort;
  /** Cached "still in the guild?" answers, per app instance (createApp sets it; hand-built test contexts may not). */
  memberCache?: MemberLookup;
  /** The application id (for webhook follow-ups); a placeholder locally. */
  applicationId: string;
  /** Hooks for long-lived parts (the scheduler) to hear about changes; absent in one-shot runs. */
  events?: { settingsChanged(guildId: string): Promise<void> };
}
