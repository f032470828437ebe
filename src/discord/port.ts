// DiscordPort: the only way the bot talks to Discord's REST API. One narrow `call` underneath (a real
// @discordjs/rest client, or a recorder for tests and `try`), typed helpers on top. Every message body
// gets allowed_mentions { parse: [] } unless the caller names the users it means to ping.
import type { REST } from '@discordjs/rest';
import {
  Routes,
  type APIAllowedMentions,
  type APIInteractionResponse,
  type APIMessage,
  type RESTPostAPIChannelMessageJSONBody,
  type RESTPatchAPIChannelMessageJSONBody,
  type RESTPatchAPIWebhookWithTokenMessageJSONBody,
  type RESTPostAPIChannelThreadsJSONBody,
} from 'discord-api-types/v10';
import type { Attachment as ReplyFile, DiscordPort as Port, ThreadChange } from '../context.js';
import { attachmentsOf } from './attachments.js';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface RestCall {
  method: HttpMethod;
  path: `/${string}`;
  body?: unknown;
  files?: ReplyFile[];
  query?: URLSearchParams;
  /** false for interaction callbacks and webhook-token routes (no bot token needed). */
  auth?: boolean;
}

export interface RestCaller {
  call(c: RestCall): Promise<unknown>;
}

const NO_PINGS: APIAllowedMentions = { parse: [] };

type WithMentions = { allowed_mentions?: APIAllowedMentions | null | undefined };

function safeMentions<T extends WithMentions>(body: T): T {
  return body.allowed_mentions ? body : { ...body, allowed_mentions: NO_PINGS };
}

/** Adds the attachments array Discord expects when files are uploaded with a message. */
function withAttachments<T extends object>(body: T, files?: ReplyFile[]): T {
  if (!files?.length) return body;
  return { ...body, attachments: attachmentsOf(files) };
}

export class DiscordPort implements Port {
  constructor(private readonly rest: RestCaller) {}

  /** The initial response to an interaction (gateway transport; HTTP transport returns it as the body). */
  async respond(interactionId: string, token: string, response: APIInteractionResponse, files?: ReplyFile[]) {
    let body: APIInteractionResponse = response;
    if ((response.type === 4 || response.type === 7) && response.data) {
      body = { ...response, data: withAttachments(safeMentions(response.data), files) };
    }
    await this.rest.call({
      method: 'POST',
      path: Routes.interactionCallback(interactionId, token),
      body,
      files,
      auth: false,
    });
  }

  /** Replaces a deferred or earlier response. */
  async editOriginal(
    applicationId: string,
    token: string,
    body: RESTPatchAPIWebhookWithTokenMessageJSONBody,
    files?: ReplyFile[],
  ) {
    await this.rest.call({
      method: 'PATCH',
      path: Routes.webhookMessage(applicationId, token, '@original'),
      body: withAttachments(safeMentions(body), files),
      files,
      auth: false,
    });
  }

  async postMessage(
    channelId: string,
    body: RESTPostAPIChannelMessageJSONBody,
    files?: ReplyFile[],
  ): Promise<APIMessage> {
    return (await this.rest.call({
      method: 'POST',
      path: Routes.channelMessages(channelId),
      body: withAttachments(safeMentions(body), files),
      files,
    })) as APIMessage;
  }

  async editMessage(
    channelId: string,
    messageId: string,
    body: RESTPatchAPIChannelMessageJSONBody,
  ): Promise<APIMessage> {
    return (await this.rest.call({
      method: 'PATCH',
      path: Routes.channelMessage(channelId, messageId),
      body: safeMentions(body),
    })) as APIMessage;
  }

  async deleteMessage(channelId: string, messageId: string): Promise<void> {
    await this.rest.call({ method: 'DELETE', path: Routes.channelMessage(channelId, messageId) });
  }

  async createThread(channelId: string, body: RESTPostAPIChannelThreadsJSONBody): Promise<{ id: string }> {
    const thread = (await this.rest.call({ method: 'POST', path: Routes.threads(channelId), body })) as {
      id?: unknown;
    };
    if (typeof thread?.id !== 'string') throw new Error('Discord created a thread without an id');
    return { id: thread.id };
  }

  async addThreadMember(threadId: string, userId: string): Promise<void> {
    await this.rest.call({ method: 'PUT', path: Routes.threadMembers(threadId, userId) });
  }

  async editThread(threadId: string, body: ThreadChange): Promise<void> {
    await this.rest.call({ method: 'PATCH', path: Routes.channel(threadId), body });
  }

  /**
   * Is the user still a member of the guild? false when Discord says the member is unknown (404), true
   * when it returns them, undefined when it could not be asked (outage, missing token).
   */
  async isGuildMember(guildId: string, userId: string): Promise<boolean | undefined> {
    try {
      await this.rest.call({ method: 'GET', path: Routes.guildMember(guildId, userId) });
      return true;
    } catch (err) {
      const status = (err as { status?: number }).status;
      return status === 404 ? false : undefined;
    }
  }

  async listGuilds(after?: string): Promise<Array<{ id: string }>> {
    const query = new URLSearchParams({ limit: '200', ...(after ? { after } : {}) });
    const rows = await this.rest.call({ method: 'GET', path: Routes.userGuilds(), query });
    return Array.isArray(rows) ? (rows as Array<{ id: string }>) : [];
  }

  async putCommands(applicationId: string, guildId: string | undefined, body: unknown[]): Promise<unknown> {
    const path = guildId
      ? Routes.applicationGuildCommands(applicationId, guildId)
      : Routes.applicationCommands(applicationId);
    return this.rest.call({ method: 'PUT', path, body });
  }
}

/** The real thing: @discordjs/rest, with its rate-limit queue and retries. */
export class DiscordRestCaller implements RestCaller {
  private rest: Promise<REST> | undefined;
  constructor(
    private readonly opts: { token?: string | undefined; apiBase?: string | undefined; timeoutMs?: number },
  ) {}

  // Imported on first use: a large module that `try` and the local console (which record calls) never need.
  private client(): Promise<REST> {
    return (this.rest ??= import('@discordjs/rest').then(({ REST }) => {
      const rest = new REST({
        version: '10',
        ...(this.opts.apiBase ? { api: this.opts.apiBase } : {}),
        timeout: this.opts.timeoutMs ?? 15_000,
      });
      if (this.opts.token) rest.setToken(this.opts.token);
      return rest;
    }));
  }

  async call(c: RestCall): Promise<unknown> {
    const rest = await this.client();
    return rest.request({
      method: c.method as never,
      fullRoute: c.path,
      ...(c.query ? { query: c.query } : {}),
      body: c.body,
      auth: c.auth ?? true,
      ...(c.files?.length
        ? {
            files: c.files.map((f, i) => ({
              key: `files[${i}]`,
              name: f.name,
              data: typeof f.data === 'string' ? Buffer.from(f.data) : f.data,
              ...(f.contentType ? { contentType: f.contentType } : {}),
            })),
          }
        : {}),
    });
  }
}

export interface RecordedCall {
  method: HttpMethod;
  path: string;
  body: unknown;
  files: ReplyFile[];
  /** What the call does, in words, where the path alone says little (thread calls): `try` prints it. */
  label?: string;
}

/** Records every call instead of sending it; answers with plausible ids. For tests, `try` and benchmarks. */
export class RecordingRestCaller implements RestCaller {
  readonly calls: RecordedCall[] = [];
  private seq = 0n;
  /** The guilds GET /users/@me/guilds answers (the bot's guilds), in id order. */
  readonly guilds: string[] = [];
  /** Set to make the next calls fail (e.g. to simulate Discord being down). */
  failWith: Error | undefined;
  /** Users answered as "Unknown Member" (404) by GET /guilds/:guild/members/:user: they left. */
  readonly departed = new Set<string>();
  /** Calls refused as Discord would (e.g. 403 Missing Permissions for thread creation); undefined lets it through. */
  refuse: ((c: RestCall) => Error | undefined) | undefined;
  /** The threads created through this recorder, by id: their names label later calls. */
  readonly threads = new Map<string, string>();

  private fakeId(): string {
    this.seq += 1n;
    return (((BigInt(Date.now()) - 1420070400000n) << 22n) + this.seq).toString();
  }

  /** Missing Permissions, as Discord answers a bot that lacks a permission for a call. */
  static missingPermissions(): Error {
    return Object.assign(new Error('Missing Permissions'), { status: 403, code: 50013 });
  }

  private labelOf(c: RestCall): string | undefined {
    const thread = (id: string) => `thread ${this.threads.get(id) ? `"${this.threads.get(id)}" ` : ''}(${id})`;
    let m = /^\/channels\/(\d+)\/threads$/.exec(c.path);
    if (m && c.method === 'POST') {
      const b = (c.body ?? {}) as { name?: string; type?: number };
      return `opens a ${b.type === 12 ? 'private ' : ''}thread "${b.name ?? ''}" in channel ${m[1]}`;
    }
    m = /^\/channels\/(\d+)\/thread-members\/(\d+)$/.exec(c.path);
    if (m && c.method === 'PUT') return `adds user ${m[2]} to ${thread(m[1]!)}`;
    m = /^\/channels\/(\d+)$/.exec(c.path);
    if (m && c.method === 'PATCH') {
      const b = (c.body ?? {}) as ThreadChange;
      const what = [
        b.archived === true ? 'archives' : b.archived === false ? 'reopens' : '',
        b.locked === true ? 'locks' : b.locked === false ? 'unlocks' : '',
      ].filter(Boolean);
      return `${what.join(' and ') || 'changes'} ${thread(m[1]!)}`;
    }
    m = /^\/channels\/(\d+)\/messages(?:\/\d+)?$/.exec(c.path);
    if (m && this.threads.has(m[1]!)) return `${c.method === 'POST' ? 'posted in' : 'edited in'} ${thread(m[1]!)}`;
    return undefined;
  }

  async call(c: RestCall): Promise<unknown> {
    const path = c.query ? `${c.path}?${c.query.toString()}` : c.path;
    const label = this.labelOf(c);
    this.calls.push({ method: c.method, path, body: c.body, files: c.files ?? [], ...(label ? { label } : {}) });
    if (this.failWith) throw this.failWith;
    const refused = this.refuse?.(c);
    if (refused) throw refused;
    const threadMatch = /^\/channels\/(\d+)\/threads$/.exec(c.path);
    if (c.method === 'POST' && threadMatch) {
      const id = this.fakeId();
      const b = (c.body ?? {}) as { name?: string; type?: number };
      this.threads.set(id, b.name ?? '');
      return { id, type: b.type ?? 12, parent_id: threadMatch[1], name: b.name ?? '', flags: 0 };
    }
    if (c.method === 'PUT' && /^\/channels\/\d+\/thread-members\/\d+$/.test(c.path)) return undefined;
    const channelPatch = /^\/channels\/(\d+)$/.exec(c.path);
    if (c.method === 'PATCH' && channelPatch) return { id: channelPatch[1], ...(c.body as object) };
    const memberMatch = /^\/guilds\/\d+\/members\/(\d+)$/.exec(c.path);
    if (c.method === 'GET' && memberMatch) {
      if (this.departed.has(memberMatch[1]!))
        throw Object.assign(new Error('Unknown Member'), { status: 404, code: 10007 });
      return { user: { id: memberMatch[1] } };
    }
    if (c.method === 'GET' && c.path === '/users/@me/guilds') {
      const after = c.query?.get('after') ?? '0';
      const limit = Number(c.query?.get('limit') ?? 200);
      return this.guilds
        .filter((g) => BigInt(g) > BigInt(after))
        .slice(0, limit)
        .map((id) => ({ id, name: 'guild' }));
    }
    const channelMatch = /^\/channels\/(\d+)\/messages$/.exec(c.path);
    if (c.method === 'POST' && channelMatch) {
      return { id: this.fakeId(), channel_id: channelMatch[1], ...(c.body as object) };
    }
    if (c.method === 'POST' && c.path.startsWith('/webhooks/')) return { id: this.fakeId() };
    return {};
  }

  /** Removes and returns what was recorded so far. */
  take(): RecordedCall[] {
    return this.calls.splice(0, this.calls.length);
  }
}
