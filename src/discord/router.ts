// The router: one raw APIInteraction in, one interaction callback body out (plus what happens later).
// Every transport (gateway, HTTP, `try`, tests) feeds it the same payload shape.
//
// A writing interaction (a `writes` subcommand or button, any form) is one transaction: its id is recorded
// (a repeated delivery is answered once), it is counted against the member's write rate, the handler's
// checks and writes run, and it commits once. Discord calls the handler asked for (its reply's effects)
// run after the commit.
import { randomUUID } from 'node:crypto';
import {
  ApplicationCommandType,
  ComponentType,
  InteractionResponseType,
  InteractionType,
  type APIInteraction,
  type APIInteractionResponse,
} from 'discord-api-types/v10';
import type { AppContext } from '../context.js';
import { loadActor, recordInteraction, type Actor } from '../db/queries/actor.js';
import {
  isModal,
  type HandlerResult,
  type Invocation,
  type Registry,
  type Reply,
  type ReplyFile,
} from '../commands/types.js';
import { errorCode, isDatabaseUnavailable, UserError } from '../errors.js';
import { beforeDeadline } from './deadline.js';
import { runEffects } from './effects.js';
import {
  argsAfter,
  findByPrefix,
  flattenOptions,
  invocationOf,
  modalFields,
  resolvedChannels,
  resolvedUsers,
} from './invocation.js';
import { errorReply, messageData, renderChoices, renderDefer, renderModal, renderReply } from './render.js';
import { plural } from '../domain/text.js';
import { MODERATOR_ONLY } from '../commands/guards.js';

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
  /** Writing interactions a member may make per minute (counted in the database: shared by every process). */
  writesPerMinute?: number;
}

const UNAVAILABLE_MESSAGE =
  'Nexus is temporarily unavailable (the database did not answer). Please try again in a minute.';

type Kind = 'command' | 'component' | 'modal';

/** What an interaction resolved to: the handler to run, or why not. */
type Route =
  | { refusal: string; outcome?: HandledInteraction['outcome'] }
  | {
      kind: Kind;
      what: string;
      writes: boolean;
      deferEphemeral: boolean;
      run: (inv: Invocation) => Promise<HandlerResult>;
    };

/** A repeated delivery of a recorded interaction: nothing is done again. */
class Duplicate extends Error {}
/** Over the member's write rate: the transaction is rolled back, nothing is saved. */
class RateLimited extends Error {
  constructor(readonly waitMs: number) {
    super('rate limited');
  }
}

/** Deadlock or serialization failure: PostgreSQL asks to run the transaction again. */
const RETRYABLE = new Set(['40P01', '40001']);

export class Router {
  private readonly deadlineMs: number;
  private readonly writesPerMinute: number;
  constructor(
    private readonly registry: Registry,
    private readonly ctx: AppContext,
    opts: RouterOptions = {},
  ) {
    this.deadlineMs = opts.deadlineMs ?? 2000;
    this.writesPerMinute = opts.writesPerMinute ?? 20;
  }

  async handle(interaction: APIInteraction): Promise<HandledInteraction> {
    if (interaction.type === InteractionType.Ping) {
      return { response: { type: InteractionResponseType.Pong }, files: [], outcome: 'ok' };
    }
    const deadlineAt = performance.now() + this.deadlineMs;
    const who = invocationOf(interaction);
    if ('refusal' in who) return this.refuse(who.refusal);
    if (interaction.type === InteractionType.ApplicationCommandAutocomplete)
      return this.autocomplete(interaction, who.ok);
    const route = this.route(interaction, who.ok);
    if ('refusal' in route) return this.refuse(route.refusal, route.outcome);

    const work = this.execute(interaction, who.ok, route);
    const first = await beforeDeadline(work, deadlineAt);
    if (first !== 'deadline') return { ...this.toResponse(first.result, route.kind), outcome: first.outcome };
    // Too slow for Discord's 3 s window: answer "thinking…" now, edit the real reply in when it is ready.
    this.ctx.log.info({ what: route.what, deadlineMs: this.deadlineMs }, 'deferred a slow interaction');
    const later = work.then(async ({ result, outcome }) => {
      if (outcome === 'duplicate') return; // the first delivery answers
      const reply: Reply = isModal(result)
        ? errorReply('That took too long to open a form; please run the command again.')
        : result;
      const { flags: _f, ...data } = messageData(reply);
      await this.ctx.discord.editOriginal(this.ctx.applicationId, interaction.token, data, reply.files);
    });
    later.catch((err) => this.ctx.log.error({ err, what: route.what }, 'deferred reply could not be sent'));
    return { response: renderDefer(route.deferEphemeral), files: [], later, outcome: 'ok' };
  }

  /** Which handler an interaction goes to, with the checks that need no database. */
  private route(i: APIInteraction, inv: Omit<Invocation, 'actor'>): Route {
    const data = (i as { data?: unknown }).data as Record<string, unknown> | undefined;
    if (!data || typeof data !== 'object') return { refusal: 'This interaction carries no data.' };
    switch (i.type) {
      case InteractionType.ApplicationCommand: {
        if (data.type !== ApplicationCommandType.ChatInput) return { refusal: 'Only slash commands are supported.' };
        const name = String(data.name);
        const mod = this.registry.commands.get(name);
        if (!mod) return { refusal: `Unknown command \`/${name.slice(0, 32)}\`. Try \`/nexus help\`.` };
        if (mod.moderatorOnly && !inv.isModerator) return { refusal: MODERATOR_ONLY };
        const { path, options, invalid } = flattenOptions(data.options);
        if (invalid) return { refusal: invalid, outcome: 'user_error' };
        const users = resolvedUsers(data.resolved);
        const channels = resolvedChannels(data.resolved);
        return {
          kind: 'command',
          what: `/${[name, ...path].join(' ')}`,
          writes: !!mod.writes?.includes(path.join(' ')),
          deferEphemeral: mod.deferEphemeral ?? true,
          run: (full) => mod.execute({ ...full, command: name, path, options, users, channels }, this.ctx),
        };
      }
      case InteractionType.MessageComponent: {
        if (typeof data.custom_id !== 'string') return { refusal: 'This button is not one of Nexus’s.' };
        const customId = data.custom_id;
        const mod = findByPrefix(this.registry.components, customId);
        if (!mod) return { refusal: 'This button is no longer supported. Run the command again.' };
        if (mod.moderatorOnly && !inv.isModerator) return { refusal: MODERATOR_ONLY };
        const values =
          data.component_type !== ComponentType.Button && Array.isArray(data.values)
            ? data.values.filter((v): v is string => typeof v === 'string')
            : [];
        const messageId = (i as { message?: { id?: unknown } }).message?.id;
        return {
          kind: 'component',
          what: customId,
          writes: !!mod.writes,
          deferEphemeral: true,
          run: (full) =>
            mod.handle(
              {
                ...full,
                customId,
                args: argsAfter(mod.prefix, customId),
                messageId: typeof messageId === 'string' ? messageId : '',
                values,
              },
              this.ctx,
            ),
        };
      }
      case InteractionType.ModalSubmit: {
        if (typeof data.custom_id !== 'string') return { refusal: 'This form is not one of Nexus’s.' };
        const customId = data.custom_id;
        const mod = findByPrefix(this.registry.modals, customId);
        if (!mod) return { refusal: 'This form is no longer supported. Run the command again.' };
        if (mod.moderatorOnly && !inv.isModerator) return { refusal: MODERATOR_ONLY };
        const fields = modalFields(data.components);
        return {
          kind: 'modal',
          what: customId,
          writes: true, // every form submit saves something
          deferEphemeral: true,
          run: (full) => mod.handle({ ...full, customId, args: argsAfter(mod.prefix, customId), fields }, this.ctx),
        };
      }
      default:
        return { refusal: 'This kind of interaction is not supported.' };
    }
  }

  /** Runs the handler (in one transaction when it writes), then its effects; never throws. */
  private async execute(
    i: APIInteraction,
    inv: Omit<Invocation, 'actor'>,
    route: Exclude<Route, { refusal: string }>,
  ): Promise<{ result: HandlerResult; outcome: HandledInteraction['outcome'] }> {
    const started = performance.now();
    try {
      let result = route.writes ? await this.inTransaction(i, inv, route) : await this.withoutTransaction(inv, route);
      if (!isModal(result) && result.effects?.length) result = await runEffects(this.ctx, inv.guildId, result);
      this.ctx.log.debug({ what: route.what, ms: Math.round(performance.now() - started) }, 'interaction handled');
      return { result, outcome: !isModal(result) && result.userError ? 'user_error' : 'ok' };
    } catch (err) {
      return this.failure(err, i, route.what);
    }
  }

  private async withoutTransaction(
    inv: Omit<Invocation, 'actor'>,
    route: Exclude<Route, { refusal: string }>,
  ): Promise<HandlerResult> {
    const actor = await loadActor(this.ctx.db, inv.guildId, inv.user.id);
    return route.run({ ...inv, actor });
  }

  /** Record + rate + handler in one transaction; retried when PostgreSQL reports a deadlock. */
  private async inTransaction(
    i: APIInteraction,
    inv: Omit<Invocation, 'actor'>,
    route: Exclude<Route, { refusal: string }>,
  ): Promise<HandlerResult> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.ctx.db.transaction(async () => {
          const now = this.ctx.clock.now();
          const rec = await recordInteraction(this.ctx.db, {
            interactionId: i.id,
            guildId: inv.guildId,
            userId: inv.user.id,
            now,
          });
          if (!rec.first) throw new Duplicate();
          if (rec.recentWrites > this.writesPerMinute) {
            throw new RateLimited((rec.oldestWrite?.getTime() ?? now.getTime()) + 60_000 - now.getTime());
          }
          const actor: Actor = rec.actor;
          return route.run({ ...inv, actor });
        });
      } catch (err) {
        const code = errorCode(err);
        if (attempt < 3 && code && RETRYABLE.has(code)) {
          this.ctx.log.info({ what: route.what, code, attempt }, 'transaction retried');
          continue;
        }
        throw err;
      }
    }
  }

  private failure(err: unknown, i: APIInteraction, what: string) {
    const fail = (content: string, outcome: HandledInteraction['outcome']) => ({
      result: errorReply(content),
      outcome,
    });
    if (err instanceof UserError) return fail(err.message, 'user_error');
    if (err instanceof Duplicate) {
      this.ctx.log.info({ interactionId: i.id }, 'duplicate delivery ignored');
      return fail('This was already handled.', 'duplicate');
    }
    if (err instanceof RateLimited) {
      const seconds = Math.max(1, Math.ceil(err.waitMs / 1000));
      return fail(
        `Slow down a little: you can make more changes in ${plural(seconds, 'second')}. Nothing was saved.`,
        'rate_limited',
      );
    }
    const correlationId = randomUUID().slice(0, 8);
    if (isDatabaseUnavailable(err)) {
      this.ctx.log.warn({ err, correlationId, what }, 'database unavailable');
      return fail(`${UNAVAILABLE_MESSAGE} (ref ${correlationId})`, 'error');
    }
    this.ctx.log.error({ err, correlationId, what, interactionId: i.id }, 'handler failed');
    return fail(
      `Sorry, something went wrong on our side. If it keeps happening, tell a moderator this reference: \`${correlationId}\`.`,
      'error',
    );
  }

  private async autocomplete(i: APIInteraction, inv: Omit<Invocation, 'actor'>): Promise<HandledInteraction> {
    const data = (i as { data?: { name?: unknown; options?: unknown; resolved?: unknown } }).data;
    const name = typeof data?.name === 'string' ? data.name : '';
    const mod = this.registry.commands.get(name);
    const { path, options, focused } = flattenOptions(data?.options);
    if (!mod?.autocomplete || !focused || (mod.moderatorOnly && !inv.isModerator)) {
      return { response: renderChoices([]), files: [], outcome: 'ok' };
    }
    try {
      const choices = await mod.autocomplete(
        {
          ...inv,
          command: name,
          path,
          options,
          users: resolvedUsers(data?.resolved),
          channels: resolvedChannels(data?.resolved),
          focused,
        },
        this.ctx,
      );
      return { response: renderChoices(choices), files: [], outcome: 'ok' };
    } catch (err) {
      // An autocomplete failure shows an empty list; it is logged, never surfaced as a crash.
      this.ctx.log.warn({ err, command: name }, 'autocomplete failed');
      return { response: renderChoices([]), files: [], outcome: 'error' };
    }
  }

  private refuse(message: string, outcome: HandledInteraction['outcome'] = 'refused'): HandledInteraction {
    return { response: renderReply(errorReply(message), 'command'), files: [], outcome };
  }

  private toResponse(result: HandlerResult, kind: Kind): Omit<HandledInteraction, 'outcome'> {
    if (isModal(result)) return { response: renderModal(result), files: [] };
    return { response: renderReply(result, kind), files: result.files ?? [] };
  }
}
