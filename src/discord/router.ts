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
import { processedInteractions } from '../db/schema.js';
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

export const UNAVAILABLE_MESSAGE = 'Nexus is temporarily unavailable (the database did not answer). Please try again in a minute.';

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

/** PostgreSQL text cannot hold NUL characters: they are the one thing removed from user text. */
function stripNul(v: string): string {
  return v.includes('\u0000') ? v.replaceAll('\u0000', '') : v;
}

/** Flattens subcommand groups/subcommands into a path and plain option values. */
function flattenOptions(options: APIApplicationCommandInteractionDataOption[] | undefined): {
  path: string[];
  options: Record<string, OptionValue>;
  focused?: { name: string; value: string };
} {
  const path: string[] = [];
  const values: Record<string, OptionValue> = {};
  let focused: { name: string; value: string } | undefined;
  let level = options ?? [];
  for (;;) {
    const sub = level.find(
      (o) => o.type === ApplicationCommandOptionType.SubcommandGroup || o.type === ApplicationCommandOptionType.Subcommand,
    );
    if (!sub || !('options' in sub)) {
      if (sub) path.push(sub.name);
      break;
    }
    path.push(sub.name);
    level = (sub.options ?? []) as APIApplicationCommandInteractionDataOption[];
  }
  for (const o of level) {
    if ('value' in o && o.value !== undefined) {
      values[o.name] = typeof o.value === 'string' ? stripNul(o.value) : (o.value as OptionValue);
      if ('focused' in o && o.focused) focused = { name: o.name, value: String(o.value) };
    }
  }
  return { path, options: values, ...(focused ? { focused } : {}) };
}

function resolvedUsers(i: APIChatInputApplicationCommandInteraction | APIApplicationCommandAutocompleteInteraction): Record<string, UserRef> {
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
    if ((customId === m.prefix || customId.startsWith(m.prefix + ':')) && (!best || m.prefix.length > best.prefix.length)) best = m;
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
      if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'CONNECT_TIMEOUT', 'CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED'].includes(code)) return true;
      // 57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now, 08xxx connection exceptions
      if (code.startsWith('08') || code.startsWith('57P')) return true;
    }
    e = (e as { cause?: unknown }).cause;
  }
  return false;
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
    return this.refuse(`Slow down a little: you can make more changes in ${seconds} second${seconds === 1 ? '' : 's'}. Nothing was saved.`, i);
  }

  /**
   * Records the interaction id; false when it was already handled (a duplicate delivery), so it is
   * answered once. Autocomplete is not recorded (it changes nothing).
   */
  private async firstDelivery(i: APIInteraction, guildId: string): Promise<boolean> {
    const rows = await this.ctx.db
      .insert(processedInteractions)
      .values({ interactionId: i.id, guildId, createdAt: this.ctx.clock.now() })
      .onConflictDoNothing()
      .returning({ id: processedInteractions.interactionId });
    return rows.length > 0;
  }

  async handle(interaction: APIInteraction): Promise<HandledInteraction> {
    if (interaction.type === InteractionType.Ping) {
      return { response: { type: InteractionResponseType.Pong }, files: [], outcome: 'ok' };
    }
    const inv = invocationOf(interaction);
    if (!inv) {
      return this.refuse('Nexus works inside a server: use its commands in your cohort\'s channel.', interaction);
    }
    if (interaction.type !== InteractionType.ApplicationCommandAutocomplete) {
      let first: boolean;
      try {
        first = await this.firstDelivery(interaction, inv.guildId);
      } catch (err) {
        const correlationId = randomUUID().slice(0, 8);
        this.ctx.log.warn({ err, correlationId }, 'database unavailable (dedupe)');
        return { response: renderReply(errorReply(`${UNAVAILABLE_MESSAGE} (ref ${correlationId})`), 'command'), files: [], outcome: 'error' };
      }
      if (!first) {
        this.ctx.log.info({ interactionId: interaction.id }, 'duplicate delivery ignored');
        return { response: renderReply(errorReply('This was already handled.'), 'command'), files: [], outcome: 'duplicate' };
      }
    }
    switch (interaction.type) {
      case InteractionType.ApplicationCommand:
        return this.command(interaction as APIChatInputApplicationCommandInteraction, inv);
      case InteractionType.ApplicationCommandAutocomplete:
        return this.autocomplete(interaction, inv);
      case InteractionType.MessageComponent:
        return this.component(interaction, inv);
      case InteractionType.ModalSubmit:
        return this.modal(interaction, inv);
      default:
        return this.refuse('This kind of interaction is not supported.', interaction);
    }
  }

  private refuse(message: string, _i: APIInteraction): HandledInteraction {
    return { response: renderReply(errorReply(message), 'command'), files: [], outcome: 'refused' };
  }

  private async command(i: APIChatInputApplicationCommandInteraction, inv: Invocation): Promise<HandledInteraction> {
    if (i.data.type !== ApplicationCommandType.ChatInput) return this.refuse('Only slash commands are supported.', i);
    const mod = this.registry.commands.get(i.data.name);
    if (!mod) return this.refuse(`Unknown command \`/${i.data.name}\`. Try \`/nexus help\`.`, i);
    if (mod.moderatorOnly && !inv.isModerator) return this.refuse(MODERATOR_ONLY, i);
    const { path, options } = flattenOptions(i.data.options);
    if (mod.writes?.includes(path.join(' '))) {
      const limited = this.rateLimited(inv, i);
      if (limited) return { ...limited, outcome: 'rate_limited' };
    }
    const input: CommandInput = { ...inv, command: i.data.name, path, options, users: resolvedUsers(i), channels: resolvedChannels(i) };
    return this.run(i, 'command', mod.deferEphemeral ?? true, () => mod.execute(input, this.ctx), `/${[i.data.name, ...path].join(' ')}`);
  }

  private async autocomplete(i: APIApplicationCommandAutocompleteInteraction, inv: Invocation): Promise<HandledInteraction> {
    const mod = this.registry.commands.get(i.data.name);
    const { path, options, focused } = flattenOptions(i.data.options);
    if (!mod?.autocomplete || !focused || (mod.moderatorOnly && !inv.isModerator)) {
      return { response: renderChoices([]), files: [], outcome: 'ok' };
    }
    try {
      const choices = await mod.autocomplete(
        { ...inv, command: i.data.name, path, options, users: resolvedUsers(i), channels: resolvedChannels(i), focused },
        this.ctx,
      );
      return { response: renderChoices(choices), files: [], outcome: 'ok' };
    } catch (err) {
      // An autocomplete failure shows an empty list; it is logged, never surfaced as a crash.
      this.ctx.log.warn({ err, command: i.data.name }, 'autocomplete failed');
      return { response: renderChoices([]), files: [], outcome: 'error' };
    }
  }

  private async component(i: APIMessageComponentInteraction, inv: Invocation): Promise<HandledInteraction> {
    const customId = i.data.custom_id;
    const mod = findByPrefix(this.registry.components, customId);
    if (!mod) return this.refuse('This button is no longer supported. Run the command again.', i);
    if (mod.moderatorOnly && !inv.isModerator) return this.refuse(MODERATOR_ONLY, i);
    if (mod.writes) {
      const limited = this.rateLimited(inv, i);
      if (limited) return { ...limited, outcome: 'rate_limited' };
    }
    const values = i.data.component_type === ComponentType.Button ? [] : ((i.data as { values?: string[] }).values ?? []);
    const input = { ...inv, customId, args: argsAfter(mod.prefix, customId), messageId: i.message.id, values };
    return this.run(i, 'component', true, () => mod.handle(input, this.ctx), customId);
  }

  private async modal(i: APIModalSubmitInteraction, inv: Invocation): Promise<HandledInteraction> {
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
    return this.run(i, 'modal', true, () => mod.handle(input, this.ctx), customId);
  }

  /** Runs a handler under the deadline; turns its result or error into a callback body. */
  private async run(
    i: APIInteraction,
    kind: 'command' | 'component' | 'modal',
    deferEphemeral: boolean,
    fn: () => Promise<HandlerResult>,
    what: string,
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
          result: errorReply(`Sorry, something went wrong on our side. If it keeps happening, tell a moderator this reference: \`${correlationId}\`.`),
          outcome: 'error',
        };
      }
    };
    const work = settle();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'deadline'>((resolve) => {
      timer = setTimeout(() => resolve('deadline'), this.deadlineMs);
    });
    const first = await Promise.race([work, deadline]);
    clearTimeout(timer);
    if (first !== 'deadline') {
      this.ctx.log.debug({ what, ms: Math.round(performance.now() - started), outcome: first.outcome }, 'interaction handled');
      return { ...this.toResponse(first.result, kind), outcome: first.outcome };
    }
    // Too slow for Discord's 3 s window: answer "thinking…" now, edit the real reply in when it is ready.
    this.ctx.log.info({ what, deadlineMs: this.deadlineMs }, 'deferred a slow interaction');
    const later = work.then(async ({ result }) => {
      const reply: Reply = isModal(result) ? errorReply('That took too long to open a form; please run the command again.') : result;
      const { flags: _f, ...data } = messageData(reply);
      await this.ctx.discord.editOriginal(this.ctx.applicationId, i.token, data, reply.files);
    });
    later.catch((err) => this.ctx.log.error({ err, what }, 'deferred reply could not be sent'));
    return { response: renderDefer(deferEphemeral), files: [], later, outcome: 'ok' };
  }

  private toResponse(result: HandlerResult, kind: 'command' | 'component' | 'modal'): Omit<HandledInteraction, 'outcome'> {
    if (isModal(result)) return { response: renderModal(result), files: [] };
    return { response: renderReply(result, kind), files: result.files ?? [] };
  }
}

export const MODERATOR_ONLY = 'This is for moderators: you need the **Manage Server** permission.';
