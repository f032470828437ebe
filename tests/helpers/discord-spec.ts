// What the bot sends to Discord, checked against Discord's official OpenAPI spec as zod schemas (the pinned
// `discord-api-spec` package). Each REST call (method + path) and each interaction callback type maps to the
// schema of that request body in the spec; a call or callback type it does not know throws, so a new kind of
// body cannot go unchecked. Problems come back as a list of strings (empty = valid).
//
// On top of the schemas: fields the spec does not know are refused (the package's objects strip unknown keys
// instead), and the command rules Discord documents but the spec does not encode (naming, option order).
import * as z from 'zod/mini';
import {
  ApplicationCommandAutocompleteCallbackRequestSchema,
  ApplicationCommandCreateRequestSchema,
  ApplicationCommandUpdateRequestSchema,
  CreateMessageInteractionCallbackRequestSchema,
  CreateTextThreadWithoutMessageRequestSchema,
  IncomingWebhookUpdateRequestPartialSchema,
  MessageCreateRequestSchema,
  MessageEditRequestPartialSchema,
  ModalInteractionCallbackRequestSchema,
  PongInteractionCallbackRequestSchema,
  UpdateMessageInteractionCallbackRequestSchema,
  UpdateThreadRequestPartialSchema,
} from 'discord-api-spec/zod';

type Schema = z.ZodMiniType;

export interface SentCall {
  method: string;
  path: string;
  body?: unknown;
}

/**
 * Known divergence: the spec types `default_member_permissions` as an integer, while Discord's documentation
 * (and discord.js) send the permission bit set as a decimal string ("32"), which Discord accepts. The string
 * form is accepted for this one field, within the spec's own range; everything else is the spec as is.
 */
const PERMISSION_MAX = 18014398509481984n;
function withPermissionString(schema: z.ZodMiniObject): z.ZodMiniObject {
  const asString = z
    .string()
    .check(z.refine((v) => /^(0|[1-9][0-9]*)$/.test(v) && BigInt(v) <= PERMISSION_MAX, 'a decimal bit set in range'));
  const field = schema.shape.default_member_permissions as Schema;
  return z.extend(schema, { default_member_permissions: z.union([field, z.nullish(asString)]) });
}
const CommandCreate = withPermissionString(ApplicationCommandCreateRequestSchema);
const CommandUpdate = withPermissionString(ApplicationCommandUpdateRequestSchema);

/** The interaction callback body for each response type the spec defines and the bot may send. */
const CALLBACKS: Record<number, { name: string; schema: Schema }> = {
  1: { name: 'PongInteractionCallbackRequest', schema: PongInteractionCallbackRequestSchema },
  4: { name: 'CreateMessageInteractionCallbackRequest', schema: CreateMessageInteractionCallbackRequestSchema },
  5: { name: 'CreateMessageInteractionCallbackRequest', schema: CreateMessageInteractionCallbackRequestSchema },
  6: { name: 'UpdateMessageInteractionCallbackRequest', schema: UpdateMessageInteractionCallbackRequestSchema },
  7: { name: 'UpdateMessageInteractionCallbackRequest', schema: UpdateMessageInteractionCallbackRequestSchema },
  8: {
    name: 'ApplicationCommandAutocompleteCallbackRequest',
    schema: ApplicationCommandAutocompleteCallbackRequestSchema,
  },
  9: { name: 'ModalInteractionCallbackRequest', schema: ModalInteractionCallbackRequestSchema },
};

interface Route {
  method: string;
  /** As the spec writes the path. */
  spec: string;
  pattern: RegExp;
  /** The spec's request body, or 'none' for a request without one. */
  body: string;
  check(body: unknown, where: string): string[];
}

const SNOWFLAKE = String.raw`\d{1,20}`;
const TOKEN = String.raw`[^/]+`;
const route = (method: string, spec: string, pattern: string, body: string, check: Route['check']): Route => ({
  method,
  spec,
  pattern: new RegExp(`^${pattern}$`),
  body,
  check,
});
const bySchema =
  (schema: Schema) =>
  (body: unknown, where: string): string[] =>
    checkSchema(schema, body, where);
const noBody = (body: unknown, where: string): string[] =>
  body === undefined ? [] : [`${where}: this request takes no body`];

/** Every route the bot calls (see src/discord/port.ts), with the spec's request body for it. */
export const ROUTES: readonly Route[] = [
  route(
    'POST',
    '/interactions/{interaction_id}/{interaction_token}/callback',
    `/interactions/${SNOWFLAKE}/${TOKEN}/callback`,
    'one of the interaction callback requests, by type',
    (body, where) => checkCallback(body, where),
  ),
  route(
    'PATCH',
    '/webhooks/{webhook_id}/{webhook_token}/messages/@original',
    `/webhooks/${SNOWFLAKE}/${TOKEN}/messages/(?:@|%40)original`,
    'IncomingWebhookUpdateRequestPartial',
    bySchema(IncomingWebhookUpdateRequestPartialSchema),
  ),
  route(
    'POST',
    '/channels/{channel_id}/messages',
    `/channels/${SNOWFLAKE}/messages`,
    'MessageCreateRequest',
    bySchema(MessageCreateRequestSchema),
  ),
  route(
    'PATCH',
    '/channels/{channel_id}/messages/{message_id}',
    `/channels/${SNOWFLAKE}/messages/${SNOWFLAKE}`,
    'MessageEditRequestPartial',
    bySchema(MessageEditRequestPartialSchema),
  ),
  route(
    'DELETE',
    '/channels/{channel_id}/messages/{message_id}',
    `/channels/${SNOWFLAKE}/messages/${SNOWFLAKE}`,
    'none',
    noBody,
  ),
  // The spec's body is CreateForumThreadRequest | CreateTextThreadWithoutMessageRequest: a thread in a text
  // channel (the pair's private thread) is the second.
  route(
    'POST',
    '/channels/{channel_id}/threads',
    `/channels/${SNOWFLAKE}/threads`,
    'CreateTextThreadWithoutMessageRequest',
    bySchema(CreateTextThreadWithoutMessageRequestSchema),
  ),
  route(
    'PUT',
    '/channels/{channel_id}/thread-members/{user_id}',
    `/channels/${SNOWFLAKE}/thread-members/${SNOWFLAKE}`,
    'none',
    noBody,
  ),
  // The spec's body is one of four channel updates, by channel type: the bot only changes threads.
  route(
    'PATCH',
    '/channels/{channel_id}',
    `/channels/${SNOWFLAKE}`,
    'UpdateThreadRequestPartial',
    bySchema(UpdateThreadRequestPartialSchema),
  ),
  route('GET', '/users/@me/guilds', '/users/@me/guilds(?:\\?[a-z0-9=&]*)?', 'none', noBody),
  route('GET', '/guilds/{guild_id}/members/{user_id}', `/guilds/${SNOWFLAKE}/members/${SNOWFLAKE}`, 'none', noBody),
  route(
    'PUT',
    '/applications/{application_id}/commands',
    `/applications/${SNOWFLAKE}/commands`,
    'ApplicationCommandUpdateRequest[]',
    checkCommandList,
  ),
  route(
    'PUT',
    '/applications/{application_id}/guilds/{guild_id}/commands',
    `/applications/${SNOWFLAKE}/guilds/${SNOWFLAKE}/commands`,
    'ApplicationCommandUpdateRequest[]',
    checkCommandList,
  ),
];

/** The route a call is checked against; throws for a call this checker does not know. */
export function routeOf(call: SentCall): Route {
  const r = ROUTES.find((x) => x.method === call.method && x.pattern.test(call.path));
  if (!r) throw new Error(`no spec schema known for ${call.method} ${call.path}: add its route to discord-spec.ts`);
  return r;
}

/** Checks a recorded REST call's body against the spec's request body for its route. */
export function checkCall(call: SentCall): string[] {
  const r = routeOf(call);
  return r.check(call.body, `${call.method} ${r.spec} (${r.body})`);
}

/** Checks an interaction callback body (the HTTP response, or what POST …/callback sends). */
export function checkCallback(body: unknown, where = 'callback'): string[] {
  const type = (body as { type?: unknown } | null)?.type;
  const known = typeof type === 'number' ? CALLBACKS[type] : undefined;
  if (!known) throw new Error(`no spec schema known for interaction callback type ${String(type)}`);
  return checkSchema(known.schema, body, `${where} (type ${String(type)}: ${known.name})`);
}

/** One command definition as POST …/commands takes it: ApplicationCommandCreateRequest + the naming rules. */
export function checkCommandDefinition(def: unknown): string[] {
  const name = (def as { name?: unknown } | null)?.name;
  const where = `ApplicationCommandCreateRequest /${String(name)}`;
  return [...checkSchema(CommandCreate, def, where), ...commandRules(def, where)];
}

/** The body of PUT …/commands (what `npm run register` sends): ApplicationCommandUpdateRequest[]. */
function checkCommandList(body: unknown, where: string): string[] {
  if (!Array.isArray(body)) return [`${where}: expected an array of commands`];
  return body.flatMap((def: unknown, i) => {
    const at = `${where}[${i}] /${String((def as { name?: unknown } | null)?.name)}`;
    return [...checkSchema(CommandUpdate, def, at), ...commandRules(def, at)];
  });
}

// ---- the checks ---------------------------------------------------------------------------------------

/** The body as it goes on the wire (undefined fields dropped), validated, then checked for unknown fields. */
function checkSchema(schema: Schema, body: unknown, where: string): string[] {
  if (body === undefined) return [`${where}: no body`];
  const wire: unknown = JSON.parse(JSON.stringify(body));
  const parsed = z.safeParse(schema, wire);
  if (!parsed.success) return parsed.error.issues.flatMap((i) => describeIssue(i, where, []));
  return unknownFields(wire, parsed.data, where, '$');
}

type Issue = z.core.$ZodIssue;

function pathText(path: PropertyKey[]): string {
  return '$' + path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
}

/** A readable problem per zod issue; for a union, the branch that came closest (the fewest issues). */
function describeIssue(issue: Issue, where: string, prefix: PropertyKey[]): string[] {
  const path = [...prefix, ...issue.path];
  if (issue.code === 'invalid_union' && issue.errors.length) {
    const closest = [...issue.errors].sort((a, b) => a.length - b.length)[0]!;
    if (closest.length) return closest.flatMap((i) => describeIssue(i, where, path));
  }
  const { code, message: _m, path: _p, ...details } = issue;
  return [`${where} ${pathText(path)}: ${code} ${JSON.stringify(details, jsonSafe)}`];
}

function jsonSafe(_k: string, v: unknown): unknown {
  return typeof v === 'bigint' ? v.toString() : v instanceof RegExp ? v.source : v;
}

/**
 * The package's objects accept and drop fields the spec does not define; Discord ignores some and refuses
 * others. Anything the parse dropped is reported: the wire body must hold only fields the spec defines.
 * No depth limit: bodies are finite JSON.
 */
function unknownFields(sent: unknown, kept: unknown, where: string, at: string): string[] {
  if (Array.isArray(sent)) {
    if (!Array.isArray(kept)) return [];
    return sent.flatMap((v, i) => unknownFields(v, kept[i], where, `${at}[${i}]`));
  }
  if (!sent || typeof sent !== 'object' || !kept || typeof kept !== 'object') return [];
  const k = kept as Record<string, unknown>;
  return Object.entries(sent as Record<string, unknown>).flatMap(([key, v]) =>
    key in k ? unknownFields(v, k[key], where, `${at}.${key}`) : [`${where} ${at}.${key}: not a field of the spec`],
  );
}

/**
 * Rules from Discord's documentation ("Application Command Naming", option structure) that the spec does not
 * encode: CHAT_INPUT command and option names match ^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$ (unicode)
 * in their lowercase form; required options come before optional ones; names are unique per level.
 */
const CHAT_INPUT_NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

function commandRules(def: unknown, where: string): string[] {
  if (!def || typeof def !== 'object') return [];
  const d = def as { type?: number; name?: unknown; options?: unknown };
  if (d.type !== undefined && d.type !== 1) return []; // USER and MESSAGE commands may use any case and spaces
  const problems: string[] = [];
  const checkName = (name: unknown, at: string) => {
    if (typeof name !== 'string') return;
    if (!CHAT_INPUT_NAME.test(name))
      problems.push(`${where} ${at}: name ${JSON.stringify(name)} breaks the naming rule`);
    else if (name !== name.toLowerCase())
      problems.push(`${where} ${at}: name ${JSON.stringify(name)} must use lowercase letters`);
  };
  const walk = (options: unknown, at: string) => {
    if (!Array.isArray(options)) return;
    const seen = new Set<string>();
    let optionalSeen = false;
    options.forEach((o: { type?: number; name?: unknown; required?: boolean; options?: unknown }, i) => {
      const here = `${at}[${i}]`;
      checkName(o?.name, `${here}.name`);
      if (typeof o?.name === 'string') {
        if (seen.has(o.name)) problems.push(`${where} ${here}: option name ${JSON.stringify(o.name)} repeated`);
        seen.add(o.name);
      }
      if (o?.type === 1 || o?.type === 2) {
        walk(o.options, `${here}.options`);
        return;
      }
      if (o?.required && optionalSeen) problems.push(`${where} ${here}: a required option after an optional one`);
      if (!o?.required) optionalSeen = true;
    });
  };
  checkName(d.name, '$.name');
  walk(d.options, '$.options');
  return problems;
}
