// The hostile-input corpus, and every place it goes: each string/integer/user/channel option of each
// (sub)command, generated from commandDefinitions() so a new option is covered the day it is added.
import {
  ApplicationCommandOptionType,
  ChannelType,
  type APIApplicationCommandInteractionDataOption,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { apiUser, type Resolved } from '../../../src/discord/payloads.js';
import { ALICE, APPLICATION_ID, BOB, CAROL, CHANNEL, GUILD, MALLORY, OTHER_GUILD, OTHER_GUILD_CHANNEL } from './app.js';

/** Mentioned inside hostile text; nobody may ever be pinged through it. */
export const PINGED_ROLE = '900000000000000777';
export const PINGED_USER = '100000000000000777';

export interface HostileValue {
  label: string;
  value: string | number;
}

export const LONG = 'A'.repeat(10_000);

/** Hostile text for string options and modal fields. */
export const HOSTILE_STRINGS: HostileValue[] = [
  { label: 'mass mentions', value: `@everyone @here <@&${PINGED_ROLE}> <@${PINGED_USER}> <@!${PINGED_USER}> hi` },
  { label: 'only zero-width characters', value: '\u200b\u200c\u200d\u2060\ufeff' },
  { label: 'zero-width inside words', value: 'Air\u200bbnb\u200d clo\ufeffne' },
  { label: 'RTL override', value: '\u202eenolc bnbriA\u202c \u2067isolate\u2069 \u200fmark' },
  {
    label: 'markdown injection',
    value:
      '**bold** __u__ ~~s~~ ||spoiler|| `code` ```js\nx()\n``` [click](https://evil.example) # heading\n> quote\n- item\n@everyone',
  },
  { label: '10 000 characters', value: LONG },
  { label: '10 000 characters of words', value: 'word '.repeat(2000) },
  { label: 'SQL-ish text', value: "'; drop table projects; --" },
  { label: 'SQL-ish text 2', value: "1 OR 1=1; DELETE FROM members WHERE ''=''; /*" },
  { label: 'NUL and control characters', value: 'nul\u0000here\u0001\u0007\u001b[31mred\u001b[0m\r\n\tend\u007f' },
  { label: 'only NUL characters', value: '\u0000\u0000\u0000' },
  { label: 'empty', value: '' },
  { label: 'only whitespace', value: '   \n\t  ' },
  { label: 'invalid snowflake', value: '99999999999999999999999' },
  { label: 'negative number text', value: '-1' },
  { label: "another guild's id", value: OTHER_GUILD },
  { label: "another guild's channel mention", value: `<#${OTHER_GUILD_CHANNEL}>` },
  { label: 'Discord syntax', value: '<:pwn:123456789012345678> <t:0:R> </nexus help:1> <id:customize>' },
  { label: 'combining marks and emoji', value: 'Z̴̡̛a̸l̷g̶o̵ 👩🏽‍💻🇳🇬' },
  { label: 'lone surrogate', value: 'a\ud800b' },
  { label: 'custom id separators', value: 'a:b:c:1:::' },
  { label: 'script URL', value: 'javascript:alert(1)' },
  { label: 'URL with mention', value: 'https://evil.example/@everyone?<@&900000000000000777>' },
];

/** Values for integer options (the client bounds them; a forged or future payload may not). */
export const HOSTILE_INTEGERS: HostileValue[] = [
  { label: 'zero', value: 0 },
  { label: 'negative', value: -1 },
  { label: 'fraction', value: 1.5 },
  { label: 'past int32', value: 2_147_483_648 },
  { label: 'max safe integer', value: Number.MAX_SAFE_INTEGER },
  { label: 'past int64', value: 1e20 },
  { label: 'huge', value: 1e300 },
  { label: 'text instead of a number', value: '1; drop table projects; --' },
  { label: 'numeric text', value: '1' },
];

/** Values for user options; `resolved` says whether Discord would have resolved it. */
export const HOSTILE_USERS: Array<HostileValue & { resolved: boolean }> = [
  { label: 'not a snowflake', value: 'abc', resolved: false },
  { label: 'zero', value: '0', resolved: false },
  { label: 'too short', value: '12345', resolved: false },
  { label: 'too long', value: '99999999999999999999999', resolved: false },
  { label: 'mention syntax instead of an id', value: `<@${BOB}>`, resolved: false },
  { label: "another guild's member", value: MALLORY, resolved: true },
  { label: 'the @everyone role id (the guild id)', value: GUILD, resolved: false },
  { label: 'the bot itself', value: APPLICATION_ID, resolved: true },
  { label: 'oneself', value: ALICE, resolved: true },
  { label: 'empty', value: '', resolved: false },
];

export const HOSTILE_CHANNELS: Array<HostileValue & { type?: ChannelType }> = [
  { label: 'not a snowflake', value: 'abc' },
  { label: 'zero', value: '0' },
  { label: 'too long', value: '99999999999999999999999' },
  { label: 'channel mention syntax', value: `<#${CHANNEL}>` },
  { label: "another guild's channel", value: OTHER_GUILD_CHANNEL, type: ChannelType.GuildText },
  { label: 'a voice channel', value: '800000000000000003', type: ChannelType.GuildVoice },
  { label: 'a category', value: '800000000000000004', type: ChannelType.GuildCategory },
  { label: 'empty', value: '' },
];

export type OptionDef = {
  type: ApplicationCommandOptionType;
  name: string;
  required?: boolean;
  max_length?: number;
  choices?: readonly { name: string; value: string | number }[];
  options?: readonly OptionDef[];
};

/** One option of one (sub)command: where a hostile value goes. */
export interface OptionSite {
  command: string;
  /** Subcommand group/subcommand names with their types, outermost first. */
  chain: Array<{ name: string; type: ApplicationCommandOptionType }>;
  option: OptionDef;
  /** All options of that (sub)command, to fill the required ones. */
  siblings: readonly OptionDef[];
  moderator: boolean;
  /** `/project announce name`, for test names. */
  label: string;
}

const HOSTILE_TYPES = new Set([
  ApplicationCommandOptionType.String,
  ApplicationCommandOptionType.Integer,
  ApplicationCommandOptionType.Number,
  ApplicationCommandOptionType.User,
  ApplicationCommandOptionType.Channel,
  ApplicationCommandOptionType.Mentionable,
  ApplicationCommandOptionType.Role,
]);

export function optionSites(defs: readonly RESTPostAPIChatInputApplicationCommandsJSONBody[]): OptionSite[] {
  const out: OptionSite[] = [];
  for (const def of defs) {
    const moderator = def.default_member_permissions !== undefined && def.default_member_permissions !== null;
    const walk = (opts: readonly OptionDef[], chain: OptionSite['chain']) => {
      for (const o of opts) {
        if (
          o.type === ApplicationCommandOptionType.Subcommand ||
          o.type === ApplicationCommandOptionType.SubcommandGroup
        ) {
          walk(o.options ?? [], [...chain, { name: o.name, type: o.type }]);
        } else if (HOSTILE_TYPES.has(o.type)) {
          out.push({
            command: def.name,
            chain,
            option: o,
            siblings: opts,
            moderator,
            label: `/${[def.name, ...chain.map((c) => c.name), o.name].join(' ')}`,
          });
        }
      }
    };
    walk((def.options ?? []) as readonly OptionDef[], []);
  }
  return out;
}

/** A valid value for an option, from its name and type (used to fill required siblings). */
export function validValue(
  command: string,
  o: OptionDef,
  fixtures: { projectId: number; challengeId: number },
): string | number | boolean {
  if (o.choices?.length) return o.choices[0]!.value;
  switch (o.type) {
    case ApplicationCommandOptionType.Integer:
    case ApplicationCommandOptionType.Number:
      if (o.name === 'id') return command === 'challenge' ? fixtures.challengeId : fixtures.projectId;
      if (o.name === 'project') return fixtures.projectId;
      return 1;
    case ApplicationCommandOptionType.Boolean:
      return true;
    case ApplicationCommandOptionType.User:
      return CAROL;
    case ApplicationCommandOptionType.Channel:
      return CHANNEL;
    default:
      break;
  }
  const byName: Record<string, string> = {
    name: 'Airbnb clone',
    summary: 'A bookings API',
    query: 'docker',
    text: 'Pin image versions',
    timezone: 'Africa/Lagos',
    digest_cron: '0 9 * * 1',
  };
  return byName[o.name] ?? 'docker';
}

export interface BuiltOptions {
  options: APIApplicationCommandInteractionDataOption[];
  resolved: Resolved;
}

/**
 * The option tree for `site` with `value` in the hostile option and valid values in the required siblings.
 * `resolvedAs` adds the resolved user/channel entry Discord would send for it.
 */
export function buildOptions(
  site: OptionSite,
  value: string | number,
  fill: (o: OptionDef) => string | number | boolean,
  resolvedAs?: { user?: boolean; channelType?: ChannelType },
): BuiltOptions {
  const resolved: Resolved = {};
  const leaf: APIApplicationCommandInteractionDataOption[] = [];
  const add = (o: OptionDef, v: string | number | boolean, resolve: boolean, channelType?: ChannelType) => {
    leaf.push({ name: o.name, type: o.type, value: v } as APIApplicationCommandInteractionDataOption);
    if (!resolve || typeof v !== 'string') return;
    if (o.type === ApplicationCommandOptionType.User || o.type === ApplicationCommandOptionType.Mentionable) {
      (resolved.users ??= {})[v] = apiUser(v, `user${v.slice(-4)}`);
      (resolved.members ??= {})[v] = {
        roles: [],
        joined_at: '2026-01-01T00:00:00.000Z',
        permissions: '0',
        nick: null,
        avatar: null,
        flags: 0,
      } as never;
    }
    if (o.type === ApplicationCommandOptionType.Channel) {
      (resolved.channels ??= {})[v] = {
        id: v,
        type: channelType ?? ChannelType.GuildText,
        name: `channel-${v.slice(-4)}`,
        permissions: '0',
      } as never;
    }
  };
  for (const s of site.siblings) {
    if (s === site.option)
      add(s, value, !!(resolvedAs?.user || resolvedAs?.channelType !== undefined), resolvedAs?.channelType);
    else if (s.required) add(s, fill(s), true);
  }
  let options: APIApplicationCommandInteractionDataOption[] = leaf;
  for (let i = site.chain.length - 1; i >= 0; i--) {
    options = [
      { type: site.chain[i]!.type, name: site.chain[i]!.name, options } as APIApplicationCommandInteractionDataOption,
    ];
  }
  return { options, resolved };
}

/** The hostile values for an option of this type. */
export function corpusFor(
  o: OptionDef,
): Array<{ label: string; value: string | number; user?: boolean; channelType?: ChannelType }> {
  switch (o.type) {
    case ApplicationCommandOptionType.Integer:
    case ApplicationCommandOptionType.Number:
      return HOSTILE_INTEGERS;
    case ApplicationCommandOptionType.User:
    case ApplicationCommandOptionType.Mentionable:
      return HOSTILE_USERS.map((u) => ({ label: u.label, value: u.value, user: u.resolved }));
    case ApplicationCommandOptionType.Channel:
      return HOSTILE_CHANNELS.map((c) => ({
        label: c.label,
        value: c.value,
        ...(c.type !== undefined ? { channelType: c.type } : {}),
      }));
    case ApplicationCommandOptionType.Role:
      return HOSTILE_USERS.map((u) => ({ label: u.label, value: u.value }));
    default:
      // Discord itself refuses a value outside the choices; a forged one only needs to be refused clearly.
      return o.choices?.length ? HOSTILE_STRINGS.filter((h) => CHOICE_SAMPLE.has(h.label)) : HOSTILE_STRINGS;
  }
}

const CHOICE_SAMPLE = new Set([
  'mass mentions',
  '10 000 characters',
  'NUL and control characters',
  'SQL-ish text',
  'empty',
  'lone surrogate',
]);

/** Hostile argument tails for button custom ids (`<prefix>:<tail>`). */
export const HOSTILE_ID_TAILS: string[] = [
  '',
  'abc',
  '0',
  '-1',
  '1.5',
  '1e3',
  'NaN',
  'Infinity',
  '2147483648',
  '99999999999999999999999',
  '9007199254740993',
  ' 77',
  '0x10',
  ':::',
  "1'; drop table projects; --",
  '1:2:3:4:5:6:7:8',
  '@everyone',
  '\u0000',
  'x'.repeat(200),
];
