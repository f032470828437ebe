// What every answer of the bot must satisfy, whatever it was fed: no ping beyond the intended users, no
// crash apology, within Discord's message limits (or Discord would refuse it: the learner sees nothing).
import type { APIEmbed, APIInteractionResponse } from 'discord-api-types/v10';
import type { RecordedCall } from '../../../src/discord/port.js';

export const CRASH_TEXT = /something went wrong/i;
export const UNAVAILABLE_TEXT = /temporarily unavailable/i;

interface MessageBody {
  content?: string;
  embeds?: APIEmbed[];
  components?: unknown[];
  flags?: number;
  allowed_mentions?: { parse?: string[]; users?: string[]; roles?: string[]; replied_user?: boolean };
}

/** The message inside a callback body (types 4 and 7), else undefined. */
export function messageOf(response: APIInteractionResponse): MessageBody | undefined {
  return response.type === 4 || response.type === 7 ? (response.data ?? {}) : undefined;
}

/** Everything a person would read: content, embed titles, descriptions, fields, footers. */
export function textOf(m: MessageBody | undefined): string {
  if (!m) return '';
  const parts = [m.content ?? ''];
  for (const e of m.embeds ?? []) {
    parts.push(e.title ?? '', e.description ?? '', e.footer?.text ?? '', e.author?.name ?? '');
    for (const f of e.fields ?? []) parts.push(f.name, f.value);
  }
  return parts.filter(Boolean).join('\n');
}

export function isEphemeral(response: APIInteractionResponse): boolean {
  return ((messageOf(response)?.flags ?? 0) & 64) === 64;
}

/** Problems with one message body; an empty list when it is fine. `where` labels the messages. */
export function messageProblems(m: MessageBody, where: string, allowedUsers: ReadonlySet<string>): string[] {
  const out: string[] = [];
  const am = m.allowed_mentions;
  if (!am) out.push(`${where}: no allowed_mentions (Discord would ping whatever the text mentions)`);
  else {
    if (!Array.isArray(am.parse) || am.parse.length !== 0)
      out.push(`${where}: allowed_mentions.parse is ${JSON.stringify(am.parse)}, not []`);
    if (am.roles?.length) out.push(`${where}: allowed_mentions.roles ${JSON.stringify(am.roles)}`);
    for (const u of am.users ?? [])
      if (!allowedUsers.has(u)) out.push(`${where}: pings user ${u}, who is not an intended addressee`);
  }
  const text = textOf(m);
  if (CRASH_TEXT.test(text)) out.push(`${where}: crashed: ${text.slice(0, 300)}`);
  // Discord's limits: a body over them is refused with 400, so the learner would get nothing at all.
  if ((m.content?.length ?? 0) > 2000) out.push(`${where}: content has ${m.content!.length} characters (max 2000)`);
  const embeds = m.embeds ?? [];
  if (embeds.length > 10) out.push(`${where}: ${embeds.length} embeds (max 10)`);
  let total = 0;
  embeds.forEach((e, i) => {
    const at = `${where}: embed ${i}`;
    if ((e.title?.length ?? 0) > 256) out.push(`${at} title has ${e.title!.length} characters (max 256)`);
    if ((e.description?.length ?? 0) > 4096)
      out.push(`${at} description has ${e.description!.length} characters (max 4096)`);
    if ((e.footer?.text.length ?? 0) > 2048)
      out.push(`${at} footer has ${e.footer!.text.length} characters (max 2048)`);
    if ((e.fields?.length ?? 0) > 25) out.push(`${at} has ${e.fields!.length} fields (max 25)`);
    for (const f of e.fields ?? []) {
      if (f.name.length > 256 || f.name.length === 0)
        out.push(`${at} field name has ${f.name.length} characters (1-256)`);
      if (f.value.length > 1024 || f.value.length === 0)
        out.push(`${at} field "${f.name.slice(0, 40)}" value has ${f.value.length} characters (1-1024)`);
    }
    total +=
      (e.title?.length ?? 0) +
      (e.description?.length ?? 0) +
      (e.footer?.text.length ?? 0) +
      (e.author?.name.length ?? 0);
    total += (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);
  });
  if (total > 6000) out.push(`${where}: embeds total ${total} characters (max 6000)`);
  for (const c of customIds(m.components))
    if (c.length > 100) out.push(`${where}: custom_id of ${c.length} characters (max 100)`);
  return out;
}

function customIds(components: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.custom_id === 'string') out.push(o.custom_id);
      walk(o.components);
    }
  };
  walk(components);
  return out;
}

/** Problems with a callback body and every REST call made for it. */
export function exchangeProblems(
  response: APIInteractionResponse,
  posted: RecordedCall[],
  allowedUsers: ReadonlySet<string>,
): string[] {
  const out: string[] = [];
  const m = messageOf(response);
  if (m) out.push(...messageProblems(m, 'reply', allowedUsers));
  else if (response.type === 9) {
    const title = (response.data as { title?: string }).title ?? '';
    if (title.length > 45 || title.length === 0) out.push(`modal title has ${title.length} characters (1-45)`);
  } else if (response.type !== 5 && response.type !== 8) out.push(`unexpected response type ${response.type}`);
  for (const c of posted) {
    const isMessage = /\/messages(\/[^/]+)?$/.test(c.path) || /^\/webhooks\//.test(c.path);
    if (isMessage && c.body && typeof c.body === 'object')
      out.push(...messageProblems(c.body, `${c.method} ${c.path}`, allowedUsers));
  }
  return out;
}
