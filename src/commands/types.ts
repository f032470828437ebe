// What a command, a component handler and a modal handler are, and what they return: plain data only.
import type {
  APIActionRowComponent,
  APIApplicationCommandOptionChoice,
  APIComponentInMessageActionRow,
  APIEmbed,
  APIModalInteractionResponseCallbackData,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import type { AppContext } from '../context.js';
import type { Actor } from '../db/queries/actor.js';

export interface ReplyFile {
  name: string;
  data: string | Buffer;
  contentType?: string;
}

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
  /**
   * The acting member and the guild settings, loaded once per interaction (the router records a writing
   * interaction's id in the same statement). Absent when a handler is called directly: see actorOf.
   */
  actor?: () => Promise<Actor>;
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

export interface AutocompleteInput extends CommandInput {
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
  /** Subcommand paths (e.g. 'announce', 'config set') that create or change entries: rate-limited per member. */
  writes?: readonly string[];
}

export interface ComponentModule {
  /** custom_id prefix, e.g. 'pair:accept'. The longest matching prefix wins. */
  prefix: string;
  handle(input: ComponentInput, ctx: AppContext): Promise<HandlerResult>;
  moderatorOnly?: boolean;
  /** Creates or changes entries: rate-limited per member. */
  writes?: boolean;
}

export interface ModalModule {
  prefix: string;
  handle(input: ModalInput, ctx: AppContext): Promise<Reply>;
  moderatorOnly?: boolean;
}

/** An error the user can fix: shown to them, ephemeral, as is. */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserError';
  }
}

export function defineCommand(def: CommandModule): CommandModule {
  return def;
}
