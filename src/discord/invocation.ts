// A raw interaction payload → the plain values handlers get (who, where, which options). Payloads reach
// here from signed HTTP requests too, so every field is checked, never trusted to have Discord's shape.
import {
  ApplicationCommandOptionType,
  ApplicationIntegrationType,
  InteractionType,
  PermissionFlagsBits,
  type APIApplicationCommandInteractionDataOption,
  type APIInteraction,
  type APIUser,
} from 'discord-api-types/v10';
import type { Invocation, OptionValue, UserRef } from '../commands/types.js';
import { SNOWFLAKE } from '../domain/validate.js';

const MODERATOR_BITS = PermissionFlagsBits.ManageGuild | PermissionFlagsBits.Administrator;

/** A permission bit set as Discord sends it: a decimal string. Anything else grants nothing. */
export function parsePermissions(raw: unknown): bigint {
  return typeof raw === 'string' && /^\d{1,30}$/.test(raw) ? BigInt(raw) : 0n;
}

function userRef(u: APIUser, nick?: string | null): UserRef {
  const name = [nick, u.global_name, u.username].find((n): n is string => typeof n === 'string' && n.trim() !== '');
  return { id: u.id, name: name ?? 'a learner', ...(u.bot ? { bot: true } : {}) };
}

export type InvocationOrRefusal = { ok: Omit<Invocation, 'actor'> } | { refusal: string };

/**
 * Who acts, where, with which permissions. Refused: outside a server, a member without a user (never run
 * as someone else), or an interaction not authorised by the bot's server install.
 */
export function invocationOf(i: APIInteraction): InvocationOrRefusal {
  if (typeof i.id !== 'string' || !SNOWFLAKE.test(i.id)) {
    return {
      refusal: 'Discord sent this interaction without a valid id, so Nexus cannot act on it. Please try again.',
    };
  }
  if (typeof i.guild_id !== 'string' || !SNOWFLAKE.test(i.guild_id) || !('member' in i) || !i.member) {
    return { refusal: "Nexus works inside a server: use its commands in your cohort's channel." };
  }
  const u = i.member.user as APIUser | undefined;
  if (!u || typeof u !== 'object' || typeof u.id !== 'string' || !SNOWFLAKE.test(u.id)) {
    return { refusal: 'Discord did not say who you are in this server, so Nexus cannot act on it. Please try again.' };
  }
  // Discord names the installs that authorised the interaction; ours must be this server's (a user install,
  // or another server's, is not). Older payloads without the field come from a server install.
  const owners = (i as { authorizing_integration_owners?: unknown }).authorizing_integration_owners;
  if (owners !== undefined) {
    const guildInstall =
      owners && typeof owners === 'object' && !Array.isArray(owners)
        ? (owners as Record<string, unknown>)[String(ApplicationIntegrationType.GuildInstall)]
        : undefined;
    if (guildInstall !== i.guild_id) {
      return { refusal: 'Nexus answers in servers where it is installed: add it to this server to use it here.' };
    }
  }
  const permissions = parsePermissions(i.member.permissions);
  const app = (i as { app_permissions?: unknown }).app_permissions;
  const channelId = i.channel?.id ?? (i as { channel_id?: unknown }).channel_id;
  return {
    ok: {
      interactionId: i.id,
      guildId: i.guild_id,
      channelId: typeof channelId === 'string' && SNOWFLAKE.test(channelId) ? channelId : '',
      user: userRef(u, i.member.nick),
      permissions,
      isModerator: (permissions & MODERATOR_BITS) !== 0n,
      ...(typeof app === 'string' ? { appPermissions: parsePermissions(app) } : {}),
    },
  };
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * PostgreSQL text cannot hold NUL characters: they are removed from user text. A lone UTF-16 surrogate is
 * not valid Unicode (jsonb refuses its escape): it becomes U+FFFD, as any UTF-8 encoder would make it.
 */
function cleanText(v: string): string {
  const s = v.includes('\u0000') ? v.replaceAll('\u0000', '') : v;
  return s.replace(LONE_SURROGATE, '\ufffd');
}

const SNOWFLAKE_OPTIONS: Partial<Record<number, string>> = {
  [ApplicationCommandOptionType.User]: 'a member of this server',
  [ApplicationCommandOptionType.Channel]: 'a channel of this server',
  [ApplicationCommandOptionType.Role]: 'a role of this server',
  [ApplicationCommandOptionType.Mentionable]: 'a member or role of this server',
};

export interface FlatOptions {
  path: string[];
  options: Record<string, OptionValue>;
  focused?: { name: string; value: string };
  /** A user/channel/role option whose value is not a snowflake (Discord never sends one): its problem. */
  invalid?: string;
}

const list = (v: unknown): APIApplicationCommandInteractionDataOption[] =>
  Array.isArray(v) ? (v as APIApplicationCommandInteractionDataOption[]).filter((o) => o && typeof o === 'object') : [];

/** Flattens subcommand groups/subcommands into a path and plain option values. */
export function flattenOptions(options: unknown): FlatOptions {
  const path: string[] = [];
  const values: Record<string, OptionValue> = {};
  let focused: { name: string; value: string } | undefined;
  let invalid: string | undefined;
  let level = list(options);
  for (;;) {
    const sub = level.find(
      (o) =>
        o.type === ApplicationCommandOptionType.SubcommandGroup || o.type === ApplicationCommandOptionType.Subcommand,
    );
    if (!sub || typeof sub.name !== 'string') break;
    path.push(sub.name);
    if (!('options' in sub)) break;
    level = list(sub.options);
  }
  for (const o of level) {
    if (typeof o.name !== 'string' || !('value' in o)) continue;
    const raw: unknown = o.value;
    if (typeof raw !== 'string' && typeof raw !== 'number' && typeof raw !== 'boolean') continue;
    const value = typeof raw === 'string' ? cleanText(raw) : raw;
    values[o.name] = value;
    const kind = SNOWFLAKE_OPTIONS[o.type];
    if (kind && !(typeof value === 'string' && SNOWFLAKE.test(value))) invalid ??= `\`${o.name}\` must be ${kind}.`;
    if ('focused' in o && o.focused) focused = { name: o.name, value: String(value) };
  }
  return { path, options: values, ...(focused ? { focused } : {}), ...(invalid ? { invalid } : {}) };
}

interface Resolved {
  users?: Record<string, APIUser>;
  members?: Record<string, { nick?: string | null }>;
  channels?: Record<string, { type: number; name?: string | null }>;
}

/** Users named by user options, by id. */
export function resolvedUsers(resolved: unknown): Record<string, UserRef> {
  const out: Record<string, UserRef> = {};
  const r = (resolved ?? {}) as Resolved;
  for (const [id, u] of Object.entries(r.users ?? {})) {
    if (SNOWFLAKE.test(id) && u && typeof u === 'object') out[id] = userRef({ ...u, id }, r.members?.[id]?.nick);
  }
  return out;
}

/** Channels named by channel options, by id. */
export function resolvedChannels(resolved: unknown): Record<string, { id: string; type: number; name: string }> {
  const out: Record<string, { id: string; type: number; name: string }> = {};
  const r = (resolved ?? {}) as Resolved;
  for (const [id, c] of Object.entries(r.channels ?? {})) {
    if (SNOWFLAKE.test(id) && c && typeof c === 'object') out[id] = { id, type: Number(c.type), name: c.name ?? '' };
  }
  return out;
}

/** The module whose prefix is the longest that `customId` starts with ('pair:accept' over 'pair'). */
export function findByPrefix<T extends { prefix: string }>(modules: T[], customId: string): T | undefined {
  let best: T | undefined;
  for (const m of modules) {
    if (
      (customId === m.prefix || customId.startsWith(m.prefix + ':')) &&
      (!best || m.prefix.length > best.prefix.length)
    )
      best = m;
  }
  return best;
}

/** The custom id's parts after the prefix: 'pair:accept:12' after 'pair:accept' → ['12']. */
export function argsAfter(prefix: string, customId: string): string[] {
  const rest = customId.slice(prefix.length + 1);
  return rest ? rest.split(':') : [];
}

/** A modal's submitted fields by custom id (rows of text inputs, or labels holding one component). */
export function modalFields(components: unknown): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const row of Array.isArray(components) ? (components as unknown[]) : []) {
    if (!row || typeof row !== 'object') continue;
    const r = row as { components?: unknown; component?: unknown };
    const comps = Array.isArray(r.components) ? (r.components as unknown[]) : r.component ? [r.component] : [];
    for (const c of comps as Array<{ custom_id?: unknown; value?: unknown }>) {
      if (c && typeof c.custom_id === 'string' && typeof c.value === 'string') fields[c.custom_id] = cleanText(c.value);
    }
  }
  return fields;
}

const TYPE_LABELS: Record<number, string> = {
  [InteractionType.Ping]: 'ping',
  [InteractionType.ApplicationCommand]: 'command',
  [InteractionType.MessageComponent]: 'component',
  [InteractionType.ApplicationCommandAutocomplete]: 'autocomplete',
  [InteractionType.ModalSubmit]: 'modal',
};

/** The interaction's kind as a metrics label. */
export function interactionTypeLabel(type: unknown): string {
  return (typeof type === 'number' && TYPE_LABELS[type]) || 'other';
}
