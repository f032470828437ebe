// The contract between the router and the handlers: what a handler gets (plain values from the payload)
// and what it returns (plain data). Handlers never touch discord.js, a socket or process.env.
import {
  ApplicationIntegrationType,
  type APIActionRowComponent,
  type APIApplicationCommandOptionChoice,
  type APIComponentInMessageActionRow,
  type APIEmbed,
  type APIModalInteractionResponseCallbackData,
  type RESTPatchAPIChannelMessageJSONBody,
  type RESTPostAPIChannelMessageJSONBody,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import type { AppContext, Attachment } from '../context.js';
import type { Actor } from '../db/queries/actor.js';
import type { PostedEntity } from '../db/queries/messages.js';

import { UserError } from '../errors.js';

export { UserError };

/** A file sent with a reply or a post. */
export type ReplyFile = Attachment;

/**
 * Discord work a handler asks for. The router carries it out after the interaction's writes are committed,
 * so a Discord failure never undoes a saved row and no REST call waits inside a transaction.
 */
export type Effect =
  | {
      kind: 'post';
      channelId: string;
      body: RESTPostAPIChannelMessageJSONBody;
      files?: ReplyFile[];
      /** Keep the posted message's id on this entry (to edit or delete the message later). */
      record?: { entity: PostedEntity; id: number };
      /** The reply to give instead of the handler's, once posted (`{link}` is the message's link) or not. */
      replyIfPosted?: Reply;
      replyIfFailed?: Reply;
    }
  | {
      kind: 'edit';
      channelId: string;
      messageId: string;
      body: RESTPatchAPIChannelMessageJSONBody;
      /** The reply to give instead of the handler's when Discord refuses the edit. */
      replyIfFailed?: Reply;
    }
  | { kind: 'delete'; channelId: string; messageId: string }
  /**
   * A pair's private thread: opened in the parent channel, both members added, the kickoff posted; the
   * thread and kickoff ids are kept on the pair. A refused step keeps the pair (it is saved already).
   */
  | {
      kind: 'pair-thread';
      pairId: number;
      parentChannelId: string;
      name: string;
      members: [string, string];
      kickoff: RESTPostAPIChannelMessageJSONBody;
      /** The reply to give when Discord refuses a step; `{permission}` becomes what that step needs. */
      replyIfFailed?: Reply;
    }
  /** The pairing ended: a closing line in its thread, then the thread archived and locked. */
  | { kind: 'archive-thread'; threadId: string; closingLine: string; replyIfFailed?: Reply }
  /** Edits a message in a thread that may be archived: reopened for the edit, archived and locked again. */
  | {
      kind: 'thread-edit';
      threadId: string;
      messageId: string;
      body: RESTPatchAPIChannelMessageJSONBody;
      reopen: boolean;
    }
  /** The guild's schedule changed: the scheduler re-reads it (after commit, so it sees the change). */
  | { kind: 'settings-changed'; guildId: string };

export interface Reply {
  content?: string;
  embeds?: APIEmbed[];
  components?: APIActionRowComponent<APIComponentInMessageActionRow>[];
  /** Only the caller sees it. */
  ephemeral?: boolean;
  /** The exact users this reply means to ping; nobody else (no roles, no @everyone) is ever pinged. */
  mentionUsers?: string[];
  files?: ReplyFile[];
  /** Component interactions only: replace the message the component is on instead of replying. */
  update?: boolean;
  /** Discord work to do once the writes are committed (posts, edits, deletions). */
  effects?: Effect[];
  /**
   * The reply refuses what was sent (counted as a user error), while the handler's writes are still kept:
   * a form that did not validate keeps what was typed for its "Fix it" button.
   */
  userError?: boolean;
}

export interface ModalReply {
  modal: APIModalInteractionResponseCallbackData;
}

export type HandlerResult = Reply | ModalReply;

export function isModal(r: HandlerResult): r is ModalReply {
  return 'modal' in r;
}

export type OptionValue = string | number | boolean;

export interface UserRef {
  id: string;
  name: string;
  bot?: boolean;
}

/** Who acts, where. Built by the router from the raw payload. */
export interface Invocation {
  interactionId: string;
  guildId: string;
  channelId: string;
  user: UserRef;
  /** Member permissions in this channel, from the payload. */
  permissions: bigint;
  isModerator: boolean;
  /** The bot's own permissions in this channel (the payload's app_permissions), when Discord sent them. */
  appPermissions?: bigint;
  /** The acting member (undefined: never wrote anything) and the guild settings, loaded once by the router. */
  actor: Actor;
}

export interface CommandInput extends Invocation {
  command: string;
  /** Subcommand group and subcommand, e.g. ['config', 'set'] or ['announce']; empty for plain commands. */
  path: string[];
  options: Record<string, OptionValue>;
  /** Users named by user options, by id. */
  users: Record<string, UserRef>;
  /** Channels named by channel options, by id (type as Discord's ChannelType). */
  channels: Record<string, { id: string; type: number; name: string }>;
}

/** Autocomplete is answered without loading the actor (it runs on every keystroke). */
export interface AutocompleteInput extends Omit<CommandInput, 'actor'> {
  focused: { name: string; value: string };
}

export interface ComponentInput extends Invocation {
  customId: string;
  /** custom_id split on ':' after the prefix, e.g. 'pair:accept:12' → ['12'] for prefix 'pair:accept'. */
  args: string[];
  messageId: string;
  values: string[];
}

export interface ModalInput extends Invocation {
  customId: string;
  args: string[];
  fields: Record<string, string>;
}

export type Choice = APIApplicationCommandOptionChoice<string | number>;

export interface CommandModule {
  data: RESTPostAPIChatInputApplicationCommandsJSONBody;
  execute(input: CommandInput, ctx: AppContext): Promise<HandlerResult>;
  autocomplete?(input: AutocompleteInput, ctx: AppContext): Promise<Choice[]>;
  /** Refused at run time unless the member has Manage Server (the declared default permission can be overridden). */
  moderatorOnly?: boolean;
  /** Should a deferred answer be ephemeral (decided before the handler finishes). Default true. */
  deferEphemeral?: boolean;
  /** Subcommand paths (e.g. 'announce', 'config set') that create or change entries: one transaction, rate-limited. */
  writes?: readonly string[];
}

export interface ComponentModule {
  /** custom_id prefix, e.g. 'pair:accept'. The longest matching prefix wins. */
  prefix: string;
  handle(input: ComponentInput, ctx: AppContext): Promise<HandlerResult>;
  moderatorOnly?: boolean;
  /** Creates or changes entries: one transaction, rate-limited. */
  writes?: boolean;
}

export interface ModalModule {
  prefix: string;
  handle(input: ModalInput, ctx: AppContext): Promise<Reply>;
  moderatorOnly?: boolean;
}

/** Every command, button and form the router can dispatch to (built by commands/index.ts). */
export interface Registry {
  commands: Map<string, CommandModule>;
  components: ComponentModule[];
  modals: ModalModule[];
}

/** One subcommand of a command: its handler and whether it creates or changes entries. */
export interface Subcommand {
  run(input: CommandInput, ctx: AppContext): Promise<HandlerResult>;
  writes?: boolean;
}

/**
 * A command from its definition and a dispatch table keyed by subcommand path ('announce', 'config set'):
 * the router's list of writing subcommands is derived from the same table, so the two cannot drift.
 */
export function defineCommand(def: {
  data: RESTPostAPIChatInputApplicationCommandsJSONBody;
  subcommands: Record<string, Subcommand>;
  autocomplete?: CommandModule['autocomplete'];
  moderatorOnly?: boolean;
  deferEphemeral?: boolean;
}): CommandModule {
  const { subcommands, data, ...rest } = def;
  return {
    ...rest,
    // Guild installs only: Nexus keeps per-server data and answers nowhere else.
    data: { ...data, integration_types: [ApplicationIntegrationType.GuildInstall] },
    writes: Object.entries(subcommands)
      .filter(([, s]) => s.writes)
      .map(([path]) => path),
    execute(input, ctx) {
      const path = input.path.join(' ');
      // Own keys only: a name such as "constructor" is not a subcommand.
      const sub = Object.hasOwn(subcommands, path) ? subcommands[path] : undefined;
      if (!sub) return Promise.reject(new UserError('Unknown subcommand.'));
      return sub.run(input, ctx);
    },
  };
}
