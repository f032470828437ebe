// The router: one raw APIInteraction in, one interaction callback body out (plus what happens later).
// Every transport (gateway, HTTP, `try`, tests) feeds it the same payload shape.
import { randomUUID } from 'node:crypto';
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ComponentType,
  InteractionResponseType,
  InteractionType,
  PermissionFlagsBits,
  type APIApplicationCommandInteractionDataOption,
  type APIChatInputApplicationCommandInteraction,
  type APIInteraction,
  type APIInteractionResponse,
  type APIMessageComponentInteraction,
  type APIModalSubmitInteraction,
  type APIUser,
  type APIApplicationCommandAutocompleteInteraction,
} from 'discord-api-types/v10';
import type { AppContext } from '../context.js';
import { loadActor, recordInteraction, type Actor } from '../db/queries/actor.js';
import {
  isModal,
  UserError,
  type CommandInput,
  type CommandModule,
  type ComponentModule,
  type HandlerResult,
  type Invocation,
  type ModalModule,
  type OptionValue,
  type Reply,
  type ReplyFile,
  type UserRef,
} from '../commands/types.js';
import { errorReply, messageData, renderChoices, renderDefer, renderModal, renderReply } from './render.js';

export interface Registry {
  commands: Map<string, CommandModule>;
  components: ComponentModule[];
  modals: ModalModule[];
}

export interface HandledInteraction {
  /** The interaction callback body to send now (HTTP body, or POST …/callback). */
  response: APIInteractionResponse;
  files: ReplyFile[];
  /** When the handler outlived the deadline: settles once the real reply was sent as an edit. */
  later?: Promise<void>;
  outcome: 'ok' | 'user_error' | 'error' | 'refused' | 'duplicate' | 'rate_limited';
}

export interface RouterOptions {
  /** Defer when the handler has not answered by then (Discord allows 3 s for the first response). */
  deadlineMs?: number;
  /** Writing interactions a member may make per minute (per process). Default 20. */
  writesPerMinute?: number;
}

/** A sliding one-minute window of writing interactions per (guild, user). In memory: per process. */
export class WriteRateLimiter {
  private readonly hits = new Map<string, number[]>();
  constructor(private readonly perMinute: number) {}

  /** Records a write at `now`; returns the ms to wait when over the limit, else 0. */
  take(key: string, now: number): number {
    const windowStart = now - 60_000;
    const list = (this.hits.get(key) ?? []).filter((t) => t > windowStart);
    if (list.length >= this.perMinute) {
      this.hits.set(key, list);
      return list[0]! + 60_000 - now;
    }
    list.push(now);
    this.hits.set(key, list);
    if (this.hits.size > 10_000) this.sweep(windowStart);
    return 0;
  }

  private sweep(windowStart: number): void {
    for (const [k, v] of this.hits) if (!v.some((t) => t > windowStart)) this.hits.delete(k);
  }
}

const MODERATOR_BITS = PermissionFlagsBits.ManageGuild | PermissionFlagsBits.Administrator;

export const UNAVAILABLE_MESSAGE =
  'Nexus is temporarily unavailable (the database did not answer). Please try again in a minute.';

function userRef(u: APIUser | undefined, nick?: string | null): UserRef {
  if (!u) return { id: '0', name: 'unknown' };
  return { id: u.id, name: nick || u.global_name || u.username, ...(u.bot ? { bot: true } : {}) };
}

function invocationOf(i: APIInteraction): Invocation | undefined {
  if (!i.guild_id || !('member' in i) || !i.member) return undefined;
  const permissions = BigInt(i.member.permissions ?? '0');
  return {
    interactionId: i.id,
    guildId: i.guild_id,
    channelId: i.channel?.id ?? ('channel_id' in i ? String((i as { channel_id?: string }).channel_id ?? '') : ''),
    user: userRef(i.member.user, i.member.nick),
    permissions,
    isModerator: (permissions & MODERATOR_BITS) !== 0n,
  };
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * PostgreSQL text cannot hold NUL characters: they are removed from user text. A lone UTF-16 surrogate is
 * not valid Unicode (jsonb refuses its escape): it becomes U+FFFD, as any UTF-8 encoder would make it.
 */
function stripNul(v: string): string {
  const s = v.includes('\u0000') ? v.replaceAll('\u0000', '') : v;
  return s.replace(LONE_SURROGATE, '\ufffd');
}

const SNOWFLAKE = /^\d{17,20}$/;
const SNOWFLAKE_OPTIONS: Partial<Record<number, string>> = {
  [ApplicationCommandOptionType.User]: 'a member of this server',
  [ApplicationCommandOptionType.Channel]: 'a channel of this server',
  [ApplicationCommandOptionType.Role]: 'a role of this server',
  [ApplicationCommandOptionType.Mentionable]: 'a member or role of this server',
};

/** Flattens subcommand groups/subcommands into a path and plain option values. */
function flattenOptions(options: APIApplicationCommandInteractionDataOption[] | undefined): {
  path: string[];
  options: Record<string, OptionValue>;
  focused?: { name: string; value: string };
  /** A user/channel/role option whose value is not a snowflake (Discord never sends one): its problem. */
  invalid?: string;
} {
  const path: string[] = [];
  const values: Record<string, OptionValue> = {};
  let focused: { name: string; value: string } | undefined;
  let invalid: string | undefined;
  let level = options ?? [];
  for (;;) {
    const sub = level.find(
      (o) =>
        o.type === ApplicationCommandOptionType.SubcommandGroup || o.type === ApplicationCommandOptionType.Subcommand,
    );
    if (!sub || !('options' in sub)) {
      if (sub) path.push(sub.name);
      break;
    }
    path.push(sub.name);
    level = sub.options ?? [];
  }
  for (const o of level) {
    if ('value' in o && o.value !== undefined) {
      const value = typeof o.value === 'string' ? stripNul(o.value) : (o.value as OptionValue);
      values[o.name] = value;
      const kind = SNOWFLAKE_OPTIONS[o.type];
      if (kind && !(typeof value === 'string' && SNOWFLAKE.test(value))) invalid ??= `\`${o.name}\` must be ${kind}.`;
      if ('focused' in o && o.focused) focused = { name: o.name, value: String(value) };
    }
  }
  return { path, options: values, ...(focused ? { focused } : {}), ...(invalid ? { invalid } : {}) };
}

function resolvedUsers(
  i: APIChatInputApplicationCommandInteraction | APIApplicationCommandAutocompleteInteraction,
): Record<string, UserRef> {
  const out: Record<string, UserRef> = {};
  const resolved = i.data.resolved;
  if (resolved && 'users' in resolved && resolved.users) {
    for (const [id, u] of Object.entries(resolved.users)) {
      const member = 'members' in resolved ? resolved.members?.[id] : undefined;
      out[id] = userRef(u, member?.nick);
    }
  }
  return out;
}

function resolvedChannels(
  i: APIChatInputApplicationCommandInteraction | APIApplicationCommandAutocompleteInteraction,
): Record<string, { id: string; type: number; name: string }> {
  const out: Record<string, { id: string; type: number; name: string }> = {};
  const resolved = i.data.resolved;
  if (resolved && 'channels' in resolved && resolved.channels) {
    for (const [id, c] of Object.entries(resolved.channels)) out[id] = { id, type: c.type, name: c.name ?? '' };
  }
  return out;
}

function findByPrefix<T extends { prefix: string }>(list: T[], customId: string): T | undefined {
  let best: T | undefined;
  for (const m of list) {
    if (
      (customId === m.prefix || customId.startsWith(m.prefix + ':')) &&
      (!best || m.prefix.length > best.prefix.length)
    )
      best = m;
  }
  return best;
}

function argsAfter(prefix: string, customId: string): string[] {
  const rest = customId.slice(prefix.length + 1);
  return rest ? rest.split(':') : [];
}

/** Is this error the database being unreachable / restarting (as opposed to a bug)? */
export function isDatabaseUnavailable(err: unknown): boolean {
  const seen = new Set<unknown>();
  let e: unknown = err;
  while (e && typeof e === 'object' && !seen.has(e)) {
    seen.add(e);
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') {
      if (
        [
          'ECONNREFUSED',
          'ECONNRESET',
          'ETIMEDOUT',
          'EPIPE',
          'CONNECT_TIMEOUT',
          'CONNECTION_CLOSED',
          'CONNECTION_ENDED',
          'CONNECTION_DESTROYED',
        ].includes(code)
      )
        return true;
      // 57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now, 08xxx connection exceptions
      if (code.startsWith('08') || code.startsWith('57P')) return true;
    }
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/** The promise's value if it settles before `deadlineAt` (a performance.now() time), else 'deadline'. */
async function beforeDeadline<T>(p: Promise<T>, deadlineAt: number): Promise<T | 'deadline'> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'deadline'>((resolve) => {
    timer = setTimeout(() => resolve('deadline'), Math.max(0, deadlineAt - performance.now()));
  });
  try {
    return await Promise.race([p, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

export class Router {
  private readonly deadlineMs: number;
  private readonly limiter: WriteRateLimiter;
  constructor(
    private readonly registry: Registry,
    private readonly ctx: AppContext,
    opts: RouterOptions = {},
  ) {
    this.deadlineMs = opts.deadlineMs ?? 2000;
    this.limiter = new WriteRateLimiter(opts.writesPerMinute ?? 20);
  }

  /** Over the per-member write limit? Returns the refusal, or undefined to go on. */
  private rateLimited(inv: Invocation, i: APIInteraction): HandledInteraction | undefined {
    const wait = this.limiter.take(`${inv.guildId}:${inv.user.id}`, this.ctx.clock.now().getTime());
    if (!wait) return undefined;
    const seconds = Math.max(1, Math.ceil(wait / 1000));
    return this.refuse(
      `Slow down a little: you can make more changes in ${seconds} second${seconds === 1 ? '' : 's'}. Nothing was saved.`,
      i,
    );
  }

  /**
   * Records the interaction id and loads the actor in the same statement; first is false when the id was
   * already handled (a duplicate delivery), so it is carried out once. Writing interactions only (mayWrite).
   */
  private firstDelivery(i: APIInteraction, inv: Invocation): Promise<{ first: boolean; actor: Actor }> {
    return recordInteraction(this.ctx.db, {
      interactionId: i.id,
      guildId: inv.guildId,
      userId: inv.user.id,
      now: this.ctx.clock.now(),
    });
  }

  async handle(interaction: APIInteraction): Promise<HandledInteraction> {
    if (interaction.type === InteractionType.Ping) {
      return { response: { type: InteractionResponseType.Pong }, files: [], outcome: 'ok' };
    }
    // The deadline counts from arrival: recording the interaction id (below) is database work too.
    const deadlineAt = performance.now() + this.deadlineMs;
    const inv = invocationOf(interaction);
    if (!inv) {
      return this.refuse("Nexus works inside a server: use its commands in your cohort's channel.", interaction);
    }
    // The member and settings rows, read at most once per interaction (when a handler first asks).
    let actor: Promise<Actor> | undefined;
    inv.actor = () => (actor ??= loadActor(this.ctx.db, inv.guildId, inv.user.id));
    // Only interactions that may write are recorded: reading twice is harmless, and it saves reads a commit.
    if (this.mayWrite(interaction)) {
      const dedupe = this.firstDelivery(interaction, inv).then(
        ({ first, actor: loaded }) => {
          actor = Promise.resolve(loaded);
          return { first } as const;
        },
        (err: unknown) => ({ err }) as const,
      );
      const settled = await beforeDeadline(dedupe, deadlineAt);
      if (settled === 'deadline') return this.deferWhileSlow(interaction, inv, dedupe, deadlineAt);
      if ('err' in settled) return this.unavailable(settled.err);
      if (!settled.first) {
        this.ctx.log.info({ interactionId: interaction.id }, 'duplicate delivery ignored');
        return {
          response: renderReply(errorReply('This was already handled.'), 'command'),
          files: [],
          outcome: 'duplicate',
        };
      }
    }
    return this.dispatch(interaction, inv, deadlineAt);
  }

  /** Does this interaction create or change entries (a `writes` subcommand or component, or any form)? */
  private mayWrite(i: APIInteraction): boolean {
    switch (i.type) {
      case InteractionType.ApplicationCommand: {
        const data = (i as APIChatInputApplicationCommandInteraction).data;
        const mod = this.registry.commands.get(data.name);
        return !!mod?.writes?.includes(flattenOptions(data.options).path.join(' '));
      }
      case InteractionType.MessageComponent:
        return !!findByPrefix(this.registry.components, i.data.custom_id)?.writes;
      case InteractionType.ModalSubmit:
        return true;
      default:
        return false;
    }
  }

  private dispatch(interaction: APIInteraction, inv: Invocation, deadlineAt: number): Promise<HandledInteraction> {
    switch (interaction.type) {
      case InteractionType.ApplicationCommand:
        return this.command(interaction as APIChatInputApplicationCommandInteraction, inv, deadlineAt);
      case InteractionType.ApplicationCommandAutocomplete:
        return this.autocomplete(interaction, inv);
      case InteractionType.MessageComponent:
        return this.component(interaction, inv, deadlineAt);
      case InteractionType.ModalSubmit:
        return this.modal(interaction, inv, deadlineAt);
      default:
        return Promise.resolve(this.refuse('This kind of interaction is not supported.', interaction));
    }
  }

  private unavailable(err: unknown): HandledInteraction {
    const correlationId = randomUUID().slice(0, 8);
    this.ctx.log.warn({ err, correlationId }, 'database unavailable (dedupe)');
    return {
      response: renderReply(errorReply(`${UNAVAILABLE_MESSAGE} (ref ${correlationId})`), 'command'),
      files: [],
      outcome: 'error',
    };
  }

  /**
   * The database did not even record the interaction id before the deadline: answer "thinking…" now and do
   * the rest (a duplicate: nothing; else the handler) once it answers, editing the real reply in.
   */
  private deferWhileSlow(
    i: APIInteraction,
    inv: Invocation,
    dedupe: Promise<{ readonly first: boolean } | { readonly err: unknown }>,
    deadlineAt: number,
  ): HandledInteraction {
    this.ctx.log.info({ interactionId: i.id, deadlineMs: this.deadlineMs }, 'deferred: the database is slow');
    const name = i.type === InteractionType.ApplicationCommand ? (i.data as { name?: string }).name : undefined;
    const ephemeral = (name !== undefined ? this.registry.commands.get(name)?.deferEphemeral : undefined) ?? true;
    const later = dedupe.then(async (d) => {
      if ('first' in d && !d.first) return; // a duplicate delivery: the first one answers
      const h = 'err' in d ? this.unavailable(d.err) : await this.dispatch(i, inv, deadlineAt);
      if (h.later) return h.later; // the handler was deferred in turn: its own edit follows
      const r = h.response;
      // Already rendered (allowed_mentions included); a form cannot follow a deferral.
      const rendered =
        r.type === InteractionResponseType.ChannelMessageWithSource || r.type === InteractionResponseType.UpdateMessage
          ? (r.data ?? {})
          : messageData(errorReply('That took too long to open a form; please run the command again.'));
      const { flags: _f, ...data } = rendered;
      await this.ctx.discord.editOriginal(this.ctx.applicationId, i.token, data, h.files);
    });
    later.catch((err) => this.ctx.log.error({ err, interactionId: i.id }, 'deferred reply could not be sent'));
    return { response: renderDefer(ephemeral), files: [], later, outcome: 'ok' };
  }

  private refuse(message: string, _i: APIInteraction): HandledInteraction {
    return { response: renderReply(errorReply(message), 'command'), files: [], outcome: 'refused' };
  }

  private async command(
    i: APIChatInputApplicationCommandInteraction,
    inv: Invocation,
    deadlineAt: number,
  ): Promise<HandledInteraction> {
    if (i.data.type !== ApplicationCommandType.ChatInput) return this.refuse('Only slash commands are supported.', i);
    const mod = this.registry.commands.get(i.data.name);
    if (!mod) return this.refuse(`Unknown command \`/${i.data.name}\`. Try \`/nexus help\`.`, i);
    if (mod.moderatorOnly && !inv.isModerator) return this.refuse(MODERATOR_ONLY, i);
    const { path, options, invalid } = flattenOptions(i.data.options);
    if (invalid) return { ...this.refuse(invalid, i), outcome: 'user_error' };
    if (mod.writes?.includes(path.join(' '))) {
      const limited = this.rateLimited(inv, i);
      if (limited) return { ...limited, outcome: 'rate_limited' };
    }
    const input: CommandInput = {
      ...inv,
      command: i.data.name,
      path,
      options,
      users: resolvedUsers(i),
      channels: resolvedChannels(i),
    };
    return this.run(
      i,
      'command',
      mod.deferEphemeral ?? true,
      () => mod.execute(input, this.ctx),
      `/${[i.data.name, ...path].join(' ')}`,
      deadlineAt,
    );
  }

  private async autocomplete(
    i: APIApplicationCommandAutocompleteInteraction,
    inv: Invocation,
  ): Promise<HandledInteraction> {
    const mod = this.registry.commands.get(i.data.name);
    const { path, options, focused } = flattenOptions(i.data.options);
    if (!mod?.autocomplete || !focused || (mod.moderatorOnly && !inv.isModerator)) {
      return { response: renderChoices([]), files: [], outcome: 'ok' };
    }
    try {
      const choices = await mod.autocomplete(
        {
          ...inv,
          command: i.data.name,
          path,
          options,
          users: resolvedUsers(i),
          channels: resolvedChannels(i),
          focused,
        },
        this.ctx,
      );
      return { response: renderChoices(choices), files: [], outcome: 'ok' };
    } catch (err) {
      // An autocomplete failure shows an empty list; it is logged, never surfaced as a crash.
      this.ctx.log.warn({ err, command: i.data.name }, 'autocomplete failed');
      return { response: renderChoices([]), files: [], outcome: 'error' };
    }
  }

  private async component(
    i: APIMessageComponentInteraction,
    inv: Invocation,
    deadlineAt: number,
  ): Promise<HandledInteraction> {
    const customId = i.data.custom_id;
    const mod = findByPrefix(this.registry.components, customId);
    if (!mod) return this.refuse('This button is no longer supported. Run the command again.', i);
    if (mod.moderatorOnly && !inv.isModerator) return this.refuse(MODERATOR_ONLY, i);
    if (mod.writes) {
      const limited = this.rateLimited(inv, i);
      if (limited) return { ...limited, outcome: 'rate_limited' };
    }
    const values =
      i.data.component_type === ComponentType.Button ? [] : ((i.data as { values?: string[] }).values ?? []);
    const input = { ...inv, customId, args: argsAfter(mod.prefix, customId), messageId: i.message.id, values };
    return this.run(i, 'component', true, () => mod.handle(input, this.ctx), customId, deadlineAt);
  }

  private async modal(i: APIModalSubmitInteraction, inv: Invocation, deadlineAt: number): Promise<HandledInteraction> {
    const customId = i.data.custom_id;
    const mod = findByPrefix(this.registry.modals, customId);
    if (!mod) return this.refuse('This form is no longer supported. Run the command again.', i);
    if (mod.moderatorOnly && !inv.isModerator) return this.refuse(MODERATOR_ONLY, i);
    const limited = this.rateLimited(inv, i); // every form submit saves something
    if (limited) return { ...limited, outcome: 'rate_limited' };
    const fields: Record<string, string> = {};
    for (const row of i.data.components ?? []) {
      const comps = 'components' in row ? row.components : 'component' in row ? [row.component] : [];
      for (const c of comps as Array<{ custom_id?: string; value?: string }>) {
        if (c.custom_id !== undefined && typeof c.value === 'string') fields[c.custom_id] = stripNul(c.value);
      }
    }
    const input = { ...inv, customId, args: argsAfter(mod.prefix, customId), fields };
    return this.run(i, 'modal', true, () => mod.handle(input, this.ctx), customId, deadlineAt);
  }

  /** Runs a handler under the deadline; turns its result or error into a callback body. */
  private async run(
    i: APIInteraction,
    kind: 'command' | 'component' | 'modal',
    deferEphemeral: boolean,
    fn: () => Promise<HandlerResult>,
    what: string,
    deadlineAt: number,
  ): Promise<HandledInteraction> {
    const started = performance.now();
    const settle = async (): Promise<{ result: HandlerResult; outcome: HandledInteraction['outcome'] }> => {
      try {
        return { result: await fn(), outcome: 'ok' };
      } catch (err) {
        if (err instanceof UserError) return { result: errorReply(err.message), outcome: 'user_error' };
        const correlationId = randomUUID().slice(0, 8);
        if (isDatabaseUnavailable(err)) {
          this.ctx.log.warn({ err, correlationId, what }, 'database unavailable');
          return { result: errorReply(`${UNAVAILABLE_MESSAGE} (ref ${correlationId})`), outcome: 'error' };
        }
        this.ctx.log.error({ err, correlationId, what, interactionId: i.id }, 'handler failed');
        return {
          result: errorReply(
            `Sorry, something went wrong on our side. If it keeps happening, tell a moderator this reference: \`${correlationId}\`.`,
          ),
          outcome: 'error',
        };
      }
    };
    const work = settle();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'deadline'>((resolve) => {
      timer = setTimeout(() => resolve('deadline'), Math.max(0, deadlineAt - performance.now()));
    });
    const first = await Promise.race([work, deadline]);
    clearTimeout(timer);
    if (first !== 'deadline') {
      this.ctx.log.debug(
        { what, ms: Math.round(performance.now() - started), outcome: first.outcome },
        'interaction handled',
      );
      return { ...this.toResponse(first.result, kind), outcome: first.outcome };
    }
    // Too slow for Discord's 3 s window: answer "thinking…" now, edit the real reply in when it is ready.
    this.ctx.log.info({ what, deadlineMs: this.deadlineMs }, 'deferred a slow interaction');
    const later = work.then(async ({ result }) => {
      const reply: Reply = isModal(result)
        ? errorReply('That took too long to open a form; please run the command again.')
        : result;
      const { flags: _f, ...data } = messageData(reply);
      await this.ctx.discord.editOriginal(this.ctx.applicationId, i.token, data, reply.files);
    });
    later.catch((err) => this.ctx.log.error({ err, what }, 'deferred reply could not be sent'));
    return { response: renderDefer(deferEphemeral), files: [], later, outcome: 'ok' };
  }

  private toResponse(
    result: HandlerResult,
    kind: 'command' | 'component' | 'modal',
  ): Omit<HandledInteraction, 'outcome'> {
    if (isModal(result)) return { response: renderModal(result), files: [] };
    return { response: renderReply(result, kind), files: result.files ?? [] };
  }
}

export const MODERATOR_ONLY = 'This is for moderators: you need the **Manage Server** permission.';
