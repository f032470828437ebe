// One source for a command's options: the JSON definition (sent by `npm run register`) gives both the
// handler's typed arguments (ArgsAt, as in discord-utils-bot's argumentsOf) and their runtime validation
// (argsParser builds the zod schema from the same definition). Callers add only what JSON cannot say
// (URL schemes, IANA zones, one-line names).
import { ApplicationCommandOptionType as T, type APIApplicationCommandBasicOption } from 'discord-api-types/v10';
import { z } from 'zod';
import { parseInput, SNOWFLAKE } from '../domain/validate.js';
import type { OptionValue } from './types.js';

export interface OptionDef {
  readonly type: number;
  readonly name: string;
  readonly required?: boolean;
  readonly choices?: readonly { readonly name: string; readonly value: string | number }[];
  readonly min_length?: number;
  readonly max_length?: number;
  readonly min_value?: number;
  readonly max_value?: number;
  readonly options?: readonly OptionDef[];
}

export interface CommandDef {
  readonly name: string;
  readonly options?: readonly OptionDef[];
}

type ValueOf<O> = O extends { readonly choices: readonly { readonly value: infer V }[] }
  ? V
  : O extends { readonly type: T.String }
    ? string
    : O extends { readonly type: T.Integer | T.Number }
      ? number
      : O extends { readonly type: T.Boolean }
        ? boolean
        : string; // users, channels, roles: snowflakes

type Simplify<X> = { [K in keyof X]: X[K] } & {};

/** The typed arguments of a list of option definitions: required ones present, the rest optional. */
export type ArgsOf<Os extends readonly OptionDef[]> = Simplify<
  { [O in Os[number] as O extends { readonly required: true } ? O['name'] : never]: ValueOf<O> } & {
    [O in Os[number] as O extends { readonly required: true } ? never : O['name']]?: ValueOf<O>;
  }
>;

type OptionsOf<C> = C extends { readonly options: infer Os } ? Os : never;
type Named<Os, N extends string> = Os extends readonly (infer O)[] ? Extract<O, { readonly name: N }> : never;
type At<C, P extends string> = P extends `${infer G} ${infer S}`
  ? At<Named<OptionsOf<C>, G>, S>
  : Named<OptionsOf<C>, P>;

/** The typed arguments of the subcommand at `path` ('announce', 'config set'); '' for a plain command. */
export type ArgsAt<C extends CommandDef, P extends string> = P extends ''
  ? C extends { readonly options: infer Os extends readonly OptionDef[] }
    ? ArgsOf<Os>
    : Record<never, never>
  : At<C, P> extends { readonly options: infer Os extends readonly OptionDef[] }
    ? ArgsOf<Os>
    : Record<never, never>;

/** The option definitions of the subcommand at `path`. */
function optionsAt(def: CommandDef, path: string): readonly OptionDef[] {
  let level = def.options ?? [];
  for (const name of path ? path.split(' ') : []) {
    const next = level.find((o) => o.name === name && (o.type === T.Subcommand || o.type === T.SubcommandGroup));
    if (!next) throw new Error(`/${def.name} has no subcommand ${path}`);
    level = next.options ?? [];
  }
  return level;
}

const SNOWFLAKE_KIND: Partial<Record<number, string>> = {
  [T.User]: 'must be a member of this server',
  [T.Channel]: 'must be a channel of this server',
  [T.Role]: 'must be a role of this server',
  [T.Mentionable]: 'must be a member or role of this server',
};

/** What Discord itself enforces for one option, as zod (payloads can be forged: the server checks again). */
function baseSchema(o: OptionDef): z.ZodType {
  if (o.choices?.length) {
    const values = o.choices.map((c) => c.value);
    return typeof values[0] === 'number'
      ? z.union(values.map((v) => z.literal(v)) as unknown as [z.ZodLiteral<number>, z.ZodLiteral<number>])
      : z.enum(values as [string, ...string[]]);
  }
  switch (o.type) {
    case T.String: {
      // A required text cannot be blank; optional ones are kept as given unless a rule says otherwise.
      let s = o.required ? z.string().trim().min(1) : z.string();
      if (o.min_length !== undefined && o.min_length > 1) s = s.min(o.min_length);
      return s.max(o.max_length ?? 6000);
    }
    case T.Integer:
    case T.Number: {
      let n = o.type === T.Integer ? z.number().int() : z.number();
      if (o.min_value !== undefined) n = n.min(o.min_value);
      if (o.max_value !== undefined) n = n.max(o.max_value);
      return n;
    }
    case T.Boolean:
      return z.boolean();
    default:
      return z.string().regex(SNOWFLAKE, SNOWFLAKE_KIND[o.type] ?? 'must be an id');
  }
}

export type Rules<A> = { [K in keyof A]?: (base: z.ZodType) => z.ZodType };

/**
 * A parser for the subcommand at `path` of `def`: Discord's own limits from the definition, plus `rules`
 * (each gets the base schema of its option and returns the stricter one). A failure is a UserError naming
 * each bad option.
 */
export function argsParser<C extends CommandDef, P extends string>(
  def: C,
  path: P,
  rules: Rules<ArgsAt<C, P>> = {},
): (options: Record<string, OptionValue>) => ArgsAt<C, P> {
  const shape: Record<string, z.ZodType> = {};
  for (const o of optionsAt(def, path)) {
    if (o.type === T.Subcommand || o.type === T.SubcommandGroup) continue;
    const rule = (rules as Record<string, ((b: z.ZodType) => z.ZodType) | undefined>)[o.name];
    const s = rule ? rule(baseSchema(o)) : baseSchema(o);
    shape[o.name] = o.required ? s : s.optional();
  }
  const schema = z.object(shape);
  return (options) => parseInput(schema, options) as ArgsAt<C, P>;
}

/**
 * An option definition kept with its literal types (name, type, choices), for fragments shared by several
 * subcommands; inside a definition written `as const`, plain literals need no wrapper.
 */
export function option<const O extends APIApplicationCommandBasicOption>(o: O): O {
  return o;
}
