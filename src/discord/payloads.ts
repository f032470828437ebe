// Builders of raw interaction payloads shaped exactly like Discord's (discord-api-types). Used by the
// `try` CLI, the local console, tests and the benchmark, so all of them drive the router the same way.
import { randomBytes } from 'node:crypto';
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ChannelType,
  ComponentType,
  InteractionContextType,
  InteractionType,
  PermissionFlagsBits,
  type APIApplicationCommandInteractionDataOption,
  type APIApplicationCommandOption,
  type APIChatInputApplicationCommandInteraction,
  type APIApplicationCommandAutocompleteInteraction,
  type APIInteractionDataResolvedGuildMember,
  type APIInteractionGuildMember,
  type APIMessageComponentInteraction,
  type APIModalSubmitInteraction,
  type APIUser,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
  type APIInteractionDataResolvedChannel,
} from 'discord-api-types/v10';
import { SNOWFLAKE } from '../domain/validate.js';

const DISCORD_EPOCH = 1420070400000n;
// A random start per process: ids stay unique across separate `try` runs even with the same --now, since
// the router answers a repeated interaction id once (duplicate delivery).
let seq = BigInt(randomBytes(5).readUIntBE(0, 5));

/** A plausible snowflake for the given time, unique within the process and (with high probability) across. */
function snowflakeAt(ms: number): string {
  seq += 1n;
  return (((BigInt(Math.floor(ms)) - DISCORD_EPOCH) << 22n) + seq).toString();
}

export interface Actor {
  guildId: string;
  channelId: string;
  userId: string;
  name: string;
  moderator: boolean;
  applicationId?: string;
}

const MEMBER_PERMISSIONS =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.ReadMessageHistory |
  PermissionFlagsBits.UseApplicationCommands |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.AttachFiles;

export function apiUser(id: string, name: string): APIUser {
  return {
    id,
    username:
      name
        .toLowerCase()
        .replace(/[^a-z0-9_.]/g, '')
        .slice(0, 32) || `user${id.slice(-4)}`,
    global_name: name,
    discriminator: '0',
    avatar: null,
  };
}

function member(a: Actor): APIInteractionGuildMember {
  const perms = a.moderator ? MEMBER_PERMISSIONS | PermissionFlagsBits.ManageGuild : MEMBER_PERMISSIONS;
  return {
    user: apiUser(a.userId, a.name),
    roles: [],
    permissions: perms.toString(),
    joined_at: '2026-01-01T00:00:00.000Z',
    deaf: false,
    mute: false,
    flags: 0,
    premium_since: null,
    nick: null,
    avatar: null,
  } as unknown as APIInteractionGuildMember;
}

function base(a: Actor, now: number) {
  return {
    id: snowflakeAt(now),
    application_id: a.applicationId ?? '1000000000000000001',
    token: `local-${randomBytes(12).toString('hex')}`,
    version: 1 as const,
    guild_id: a.guildId,
    guild: { id: a.guildId, locale: 'en-US', features: [] },
    guild_locale: 'en-US',
    channel: { id: a.channelId, type: ChannelType.GuildText, name: 'prodevprojectnexus' },
    channel_id: a.channelId,
    member: member(a),
    locale: 'en-US' as const,
    app_permissions: '2251799813685247',
    entitlements: [],
    authorizing_integration_owners: { '0': a.guildId },
    context: InteractionContextType.Guild,
    attachment_size_limit: 10 * 1024 * 1024,
  };
}

export interface Resolved {
  users?: Record<string, APIUser>;
  members?: Record<string, APIInteractionDataResolvedGuildMember>;
  channels?: Record<string, APIInteractionDataResolvedChannel>;
}

export function chatInputInteraction(
  a: Actor,
  name: string,
  options: APIApplicationCommandInteractionDataOption[],
  resolved: Resolved = {},
  now = Date.now(),
): APIChatInputApplicationCommandInteraction {
  return {
    ...base(a, now),
    type: InteractionType.ApplicationCommand,
    data: {
      id: '1100000000000000001',
      name,
      type: ApplicationCommandType.ChatInput,
      options,
      ...(Object.keys(resolved).length ? { resolved } : {}),
    },
  } as unknown as APIChatInputApplicationCommandInteraction;
}

export function autocompleteInteraction(
  a: Actor,
  name: string,
  options: APIApplicationCommandInteractionDataOption[],
  now = Date.now(),
): APIApplicationCommandAutocompleteInteraction {
  return {
    ...base(a, now),
    type: InteractionType.ApplicationCommandAutocomplete,
    data: { id: '1100000000000000001', name, type: ApplicationCommandType.ChatInput, options },
  } as unknown as APIApplicationCommandAutocompleteInteraction;
}

export function buttonInteraction(
  a: Actor,
  customId: string,
  messageId?: string,
  now = Date.now(),
): APIMessageComponentInteraction {
  const b = base(a, now);
  return {
    ...b,
    type: InteractionType.MessageComponent,
    data: { custom_id: customId, component_type: ComponentType.Button },
    message: {
      id: messageId ?? snowflakeAt(now - 1000),
      channel_id: a.channelId,
      author: apiUser(b.application_id, 'Nexus'),
      content: '',
      timestamp: new Date(now - 1000).toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: [],
      pinned: false,
      type: 0,
      components: [],
    },
  } as unknown as APIMessageComponentInteraction;
}

export function modalSubmitInteraction(
  a: Actor,
  customId: string,
  fields: Record<string, string>,
  now = Date.now(),
): APIModalSubmitInteraction {
  return {
    ...base(a, now),
    type: InteractionType.ModalSubmit,
    data: {
      custom_id: customId,
      components: Object.entries(fields).map(([id, value]) => ({
        type: ComponentType.ActionRow,
        components: [{ type: ComponentType.TextInput, custom_id: id, value }],
      })),
    },
  } as unknown as APIModalSubmitInteraction;
}

// ---- Command lines: `/cmd [group] [sub] opt:value opt:"quoted value"` ------------------------------

export class LineError extends Error {}

/** Splits on spaces, keeping "double" or 'single' quoted parts (quotes removed) together; \" escapes. */
/** The id in a mention such as <@id> (the pattern captures the digits), or a bare id; undefined when neither. */
function idOf(raw: string, mention: RegExp): string | undefined {
  const id = mention.exec(raw)?.[1] ?? raw;
  return SNOWFLAKE.test(id) ? id : undefined;
}

export function tokenize(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote: '"' | "'" | null = null;
  let has = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (ch === '\\' && i + 1 < line.length && (line[i + 1] === '"' || line[i + 1] === "'" || line[i + 1] === '\\')) {
      cur += line[++i];
      has = true;
    } else if (quote) {
      if (ch === quote) quote = null;
      else cur += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      has = true;
    } else if (/\s/.test(ch)) {
      if (has) out.push(cur);
      cur = '';
      has = false;
    } else {
      cur += ch;
      has = true;
    }
  }
  if (quote) throw new LineError(`unterminated ${quote} quote`);
  if (has) out.push(cur);
  return out;
}

/** Splits `name:value` at the first colon. */
export function splitOption(token: string): [string, string] | undefined {
  const m = /^([\w-]+):([\s\S]*)$/.exec(token);
  return m ? [m[1]!, m[2]!] : undefined;
}

type OptionDef = APIApplicationCommandOption & {
  options?: OptionDef[];
  required?: boolean;
  choices?: { name: string; value: string | number }[];
};

export interface ParsedCommandLine {
  name: string;
  options: APIApplicationCommandInteractionDataOption[];
  resolved: Resolved;
}

/**
 * Turns `/cmd sub opt:value` into the option tree Discord would send, checking it against the command's
 * definition the way the Discord client does (unknown names, missing required options, types, choices).
 * With `focus`, the named (or last) option is marked focused and sent as a raw string, as autocomplete does.
 */
export function parseCommandLine(
  line: string,
  defs: readonly RESTPostAPIChatInputApplicationCommandsJSONBody[],
  opts: { autocomplete?: boolean } = {},
): ParsedCommandLine {
  const tokens = tokenize(line.trim());
  const head = tokens.shift();
  if (!head?.startsWith('/')) throw new LineError('a command line starts with /, e.g. /profile show');
  const name = head.slice(1);
  const def = defs.find((d) => d.name === name);
  if (!def) throw new LineError(`unknown command /${name}; known: ${defs.map((d) => '/' + d.name).join(', ')}`);
  let level = (def.options ?? []) as OptionDef[];
  const chain: { name: string; type: number }[] = [];
  while (
    level.some(
      (o) =>
        o.type === ApplicationCommandOptionType.Subcommand || o.type === ApplicationCommandOptionType.SubcommandGroup,
    )
  ) {
    const t = tokens[0];
    const sub = t && !splitOption(t) ? level.find((o) => o.name === t) : undefined;
    if (!sub) {
      const names = level.map((o) => o.name).join('|');
      throw new LineError(`/${[name, ...chain.map((c) => c.name)].join(' ')} needs a subcommand: ${names}`);
    }
    tokens.shift();
    chain.push({ name: sub.name, type: sub.type });
    level = sub.options ?? [];
  }
  const resolved: Resolved = {};
  const leaf: APIApplicationCommandInteractionDataOption[] = [];
  for (const t of tokens) {
    const kv = splitOption(t);
    if (!kv)
      throw new LineError(
        `"${t}" is not an option; write name:value (options here: ${level.map((o) => o.name).join(', ') || 'none'})`,
      );
    const [key, raw] = kv;
    const od = level.find((o) => o.name === key);
    if (!od)
      throw new LineError(`unknown option ${key}; options here: ${level.map((o) => o.name).join(', ') || 'none'}`);
    if (leaf.some((o) => o.name === key)) throw new LineError(`option ${key} given twice`);
    leaf.push(convertOption(od, raw, resolved, !!opts.autocomplete));
  }
  if (opts.autocomplete) {
    const last = leaf[leaf.length - 1] as { focused?: boolean } | undefined;
    if (!last) throw new LineError('complete needs the option being typed, e.g. complete /profile set timezone:Afr');
    last.focused = true;
  } else {
    const missing = level.filter((o) => o.required && !leaf.some((l) => l.name === o.name)).map((o) => o.name);
    if (missing.length)
      throw new LineError(`missing required option${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}`);
  }
  let options: APIApplicationCommandInteractionDataOption[] = leaf;
  for (let i = chain.length - 1; i >= 0; i--) {
    options = [{ type: chain[i]!.type, name: chain[i]!.name, options } as APIApplicationCommandInteractionDataOption];
  }
  return { name, options, resolved };
}

function convertOption(
  od: OptionDef,
  raw: string,
  resolved: Resolved,
  autocomplete: boolean,
): APIApplicationCommandInteractionDataOption {
  const o = { name: od.name, type: od.type } as { name: string; type: number; value: unknown; focused?: boolean };
  if (autocomplete && (od as { autocomplete?: boolean }).autocomplete) {
    o.value = raw;
    return o as APIApplicationCommandInteractionDataOption;
  }
  switch (od.type) {
    case ApplicationCommandOptionType.String:
      o.value = raw;
      break;
    case ApplicationCommandOptionType.Integer:
    case ApplicationCommandOptionType.Number: {
      const n = Number(raw);
      if (
        raw.trim() === '' ||
        !Number.isFinite(n) ||
        (od.type === ApplicationCommandOptionType.Integer && !Number.isInteger(n))
      )
        throw new LineError(
          `option ${od.name} takes ${od.type === ApplicationCommandOptionType.Integer ? 'a whole number' : 'a number'}, not "${raw}"`,
        );
      o.value = n;
      break;
    }
    case ApplicationCommandOptionType.Boolean: {
      const v = raw.toLowerCase();
      if (!['true', 'false', 'yes', 'no'].includes(v))
        throw new LineError(`option ${od.name} takes true or false, not "${raw}"`);
      o.value = v === 'true' || v === 'yes';
      break;
    }
    case ApplicationCommandOptionType.User:
    case ApplicationCommandOptionType.Mentionable: {
      const id = idOf(raw, /^<@!?(\d+)>$/);
      if (!id) throw new LineError(`option ${od.name} takes a user id or <@id>, not "${raw}"`);
      o.value = id;
      const name = `user${id.slice(-4)}`;
      (resolved.users ??= {})[id] = apiUser(id, name);
      (resolved.members ??= {})[id] = {
        roles: [],
        joined_at: '2026-01-01T00:00:00.000Z',
        permissions: '0',
        nick: null,
        avatar: null,
        flags: 0,
      } as unknown as APIInteractionDataResolvedGuildMember;
      break;
    }
    case ApplicationCommandOptionType.Channel: {
      const id = idOf(raw, /^<#(\d+)>$/);
      if (!id) throw new LineError(`option ${od.name} takes a channel id or <#id>, not "${raw}"`);
      o.value = id;
      (resolved.channels ??= {})[id] = {
        id,
        type: ChannelType.GuildText,
        name: `channel-${id.slice(-4)}`,
        permissions: '0',
      } as APIInteractionDataResolvedChannel;
      break;
    }
    case ApplicationCommandOptionType.Role: {
      const id = idOf(raw, /^<@&(\d+)>$/);
      if (!id) throw new LineError(`option ${od.name} takes a role id or <@&id>, not "${raw}"`);
      o.value = id;
      break;
    }
    default:
      throw new LineError(`option ${od.name} cannot be given on a command line`);
  }
  if (od.choices?.length && !od.choices.some((c) => c.value === o.value)) {
    throw new LineError(`option ${od.name} must be one of: ${od.choices.map((c) => c.value).join(', ')}`);
  }
  return o as APIApplicationCommandInteractionDataOption;
}
