// `npm run try -- [--guild ID] [--user ID] [--name NAME] [--moderator] [--now ISO] [--json] LINE...`
// Drives the real router against the local database, with Discord's REST API recorded instead of called.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type {
  APIInteraction,
  APIInteractionResponse,
  APIEmbed,
  APIActionRowComponent,
  APIComponentInMessageActionRow,
} from 'discord-api-types/v10';
import { commandDefinitions } from '../commands/index.js';
import type { ReplyFile } from '../commands/types.js';
import type { App } from '../app.js';
import type { RecordedCall, RecordingRestCaller } from '../discord/port.js';
import {
  autocompleteInteraction,
  buttonInteraction,
  chatInputInteraction,
  LineError,
  modalSubmitInteraction,
  parseCommandLine,
  splitOption,
  tokenize,
  type Actor,
} from '../discord/payloads.js';
import { renderReply, errorReply } from '../discord/render.js';
import { SNOWFLAKE } from '../domain/validate.js';
import { parseFlags, type FlagSpec } from './args.js';
import { pairThreadIds } from '../db/queries/pair-threads.js';
import { runDueCheckins, type CheckinTickResult } from '../jobs/checkins.js';
import { runDueDigests, type TickResult } from '../jobs/digest.js';
import { plural } from '../domain/text.js';

export const DEFAULTS = {
  guild: '900000000000000001',
  channel: '800000000000000001',
  user: '100000000000000001',
  name: 'learner',
} as const;

export interface TryArgs {
  guild: string;
  channel: string;
  user: string;
  name: string;
  moderator: boolean;
  now?: Date;
  json: boolean;
  lines: string[];
}

export const TRY_USAGE = `usage: npm run try -- [--guild ID] [--channel ID] [--user ID] [--name NAME] [--moderator] [--now ISO] [--json] LINE...
  LINE is one of:
    /cmd [sub] opt:value opt:"quoted value"     a slash command
    click CUSTOM_ID                             a button click
    modal CUSTOM_ID field:"value" ...           a modal submit
    complete /cmd [sub] opt:partial             autocomplete of the last option
    tick                                        what the scheduler would run now (due digests and check-ins)
  example: npm run try -- '/profile set role:backend stack:django,postgres timezone:Africa/Lagos'`;

const ID = 'a Discord id (17-20 digits)';
const NOW = 'an ISO time, e.g. 2026-12-07T09:00:00Z';
const TRY_FLAGS = {
  guild: { type: 'string', takes: ID },
  channel: { type: 'string', takes: ID },
  user: { type: 'string', takes: ID },
  name: { type: 'string', takes: 'a display name' },
  moderator: { type: 'boolean' },
  now: { type: 'string', takes: NOW },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} satisfies Record<string, FlagSpec>;

export function parseTryArgs(argv: string[]): TryArgs {
  const { values: v, positionals } = parseFlags(argv, TRY_FLAGS, TRY_USAGE);
  if (v.help) throw new LineError(TRY_USAGE);
  const id = (flag: string, value: string | true | undefined, fallback: string) => {
    if (value === undefined) return fallback;
    if (typeof value !== 'string' || !SNOWFLAKE.test(value)) throw new LineError(`${flag} takes ${ID}`);
    return value;
  };
  const a: TryArgs = {
    guild: id('--guild', v.guild, DEFAULTS.guild),
    channel: id('--channel', v.channel, DEFAULTS.channel),
    user: id('--user', v.user, DEFAULTS.user),
    name: typeof v.name === 'string' ? v.name : '',
    moderator: v.moderator === true,
    json: v.json === true,
    lines: positionals,
  };
  if (typeof v.now === 'string') {
    const d = new Date(v.now);
    if (Number.isNaN(d.getTime())) throw new LineError(`--now takes ${NOW}`);
    a.now = d;
  }
  if (!a.name) a.name = a.user === DEFAULTS.user ? DEFAULTS.name : `user${a.user.slice(-4)}`;
  return a;
}

export interface LineResult {
  line: string;
  response: APIInteractionResponse | null;
  posted: RecordedCall[];
  files: ReplyFile[];
  /** For `tick`: what the scheduler did per guild. */
  tick?: TickResult[];
  /** For `tick`: the check-ins it posted per guild. */
  checkins?: CheckinTickResult[];
}

/** Turns one LINE into a raw interaction payload, or a CLI-level error (shown like Discord would refuse). */
export function lineToInteraction(line: string, actor: Actor, now: number): APIInteraction {
  const trimmed = line.trim();
  const defs = commandDefinitions();
  if (trimmed.startsWith('/')) {
    const p = parseCommandLine(trimmed, defs);
    return chatInputInteraction(actor, p.name, p.options, p.resolved, now);
  }
  const [verb, ...rest] = tokenize(trimmed);
  if (verb === 'click') {
    if (!rest[0]) throw new LineError('click needs a custom id, e.g. click pair:accept:1');
    return buttonInteraction(actor, rest[0], undefined, now);
  }
  if (verb === 'modal') {
    const customId = rest.shift();
    if (!customId) throw new LineError('modal needs a custom id, e.g. modal challenge:log title:"…"');
    const fields: Record<string, string> = {};
    for (const t of rest) {
      const kv = splitOption(t);
      if (!kv) throw new LineError(`"${t}" is not a field; write field:"value"`);
      fields[kv[0]] = kv[1];
    }
    return modalSubmitInteraction(actor, customId, fields, now);
  }
  if (verb === 'complete') {
    const cmd = trimmed.slice('complete'.length).trim();
    const p = parseCommandLine(cmd, defs, { autocomplete: true });
    return autocompleteInteraction(actor, p.name, p.options, now);
  }
  throw new LineError(`cannot read "${line}"\n${TRY_USAGE}`);
}

export async function runLine(
  app: App,
  recorder: RecordingRestCaller,
  line: string,
  actor: Actor,
): Promise<LineResult> {
  recorder.take();
  // Threads opened by an earlier run are known by their pair, so what is posted in them says so.
  for (const t of await pairThreadIds(app.ctx.db, actor.guildId))
    if (!recorder.threads.has(t.threadId)) recorder.threads.set(t.threadId, `Pairing #${t.pairId}`);
  if (line.trim() === 'tick') {
    // What the scheduler would run at this instant (see --now): due digests, catch-up, request expiry, and
    // the mid-week check-ins in pair threads.
    const tick = await runDueDigests(app.ctx, { runnerId: `try:${process.pid}` });
    const checkins = await runDueCheckins(app.ctx, { runnerId: `try:${process.pid}` });
    const posted = recorder.take();
    return { line, response: null, posted, files: posted.flatMap((c) => c.files), tick, checkins };
  }
  let interaction: APIInteraction;
  try {
    interaction = lineToInteraction(line, actor, app.ctx.clock.now().getTime());
  } catch (err) {
    if (!(err instanceof LineError)) throw err;
    return { line, response: renderReply(errorReply(err.message), 'command'), posted: [], files: [] };
  }
  const handled = await app.router.handle(interaction);
  if (handled.later) await handled.later;
  const posted = recorder.take();
  const files = [...handled.files, ...posted.flatMap((c) => c.files)];
  return { line, response: handled.response, posted, files };
}

export function fileText(f: ReplyFile): string {
  return typeof f.data === 'string' ? f.data : f.data.toString('utf8');
}

/** Types of attachments that carry no contentType, by extension. */
const TYPES_BY_EXTENSION: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
  '.pdf': 'application/pdf',
  '.zip': 'application/zip',
  '.gz': 'application/gzip',
  '.json': 'application/json',
  '.csv': 'text/csv',
  '.md': 'text/markdown',
  '.txt': 'text/plain',
};
const TEXT_TYPE = /^(?:text\/|application\/(?:json|xml|csv|javascript|x-ndjson)\b|[^;]*\+(?:json|xml)\b)/i;

/** The attachment's media type: its own, else by extension, else by its bytes. */
export function attachmentType(f: ReplyFile): string {
  const known = f.contentType ?? TYPES_BY_EXTENSION[path.extname(f.name).toLowerCase()];
  if (known) return known;
  return isUtf8Text(f.data) ? 'text/plain' : 'application/octet-stream';
}

function isUtf8Text(data: string | Buffer): boolean {
  if (typeof data === 'string') return true;
  if (data.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(data);
    return true;
  } catch {
    return false;
  }
}

/** Text attachments (by type, and readable as UTF-8) are shown as text; anything else as base64. */
function isTextAttachment(f: ReplyFile): boolean {
  return TEXT_TYPE.test(attachmentType(f)) && isUtf8Text(f.data);
}

export type FileJson = { name: string; text: string } | { name: string; contentType: string; base64: string };

export function fileJson(f: ReplyFile): FileJson {
  if (isTextAttachment(f)) return { name: f.name, text: fileText(f) };
  const bytes = typeof f.data === 'string' ? Buffer.from(f.data, 'utf8') : f.data;
  return { name: f.name, contentType: attachmentType(f), base64: bytes.toString('base64') };
}

export function toJson(r: LineResult): string {
  return JSON.stringify({
    ...(r.tick ? { tick: r.tick } : {}),
    ...(r.checkins ? { checkins: r.checkins } : {}),
    response: r.response,
    posted: r.posted.map((c) => ({ method: c.method, path: c.path, body: c.body })),
    files: r.files.map(fileJson),
  });
}

/**
 * Writes each attachment under dir (created when needed) and returns its path. Only the base name of the
 * attachment's name is used; a name that is no file name, or one already written by this call, gets a
 * number so no attachment overwrites another from the same reply.
 */
function writeAttachments(files: ReplyFile[], dir: string): Array<{ file: ReplyFile; path: string }> {
  if (!files.length) return [];
  mkdirSync(dir, { recursive: true });
  const used = new Set<string>();
  return files.map((file) => {
    let base = path.basename(file.name.replace(/\\/g, '/'));
    if (!base || base === '.' || base === '..') base = 'attachment';
    const ext = path.extname(base);
    const stem = base.slice(0, base.length - ext.length);
    let name = base;
    for (let i = 2; used.has(name); i++) name = `${stem}-${i}${ext}`;
    used.add(name);
    const p = path.resolve(dir, name);
    writeFileSync(p, file.data);
    return { file, path: p };
  });
}

function sizeText(bytes: number): string {
  return bytes < 1024
    ? `${bytes} B`
    : bytes < 1024 * 1024
      ? `${(bytes / 1024).toFixed(1)} KiB`
      : `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

// ---- human-readable rendering -------------------------------------------------------------------------

function renderEmbed(e: APIEmbed, indent: string): string[] {
  const out: string[] = [];
  out.push(`${indent}┌ ${e.title ?? '(embed)'}${e.url ? `  <${e.url}>` : ''}`);
  if (e.description) for (const l of e.description.split('\n')) out.push(`${indent}│ ${l}`);
  for (const f of e.fields ?? []) {
    out.push(`${indent}│ ${f.name}:`);
    for (const l of f.value.split('\n')) out.push(`${indent}│   ${l}`);
  }
  if (e.footer?.text) out.push(`${indent}│ — ${e.footer.text}`);
  out.push(`${indent}└`);
  return out;
}

function renderComponents(
  rows: APIActionRowComponent<APIComponentInMessageActionRow>[] | undefined,
  indent: string,
): string[] {
  const out: string[] = [];
  for (const r of rows ?? []) {
    const parts = r.components.map((c) => {
      if ('custom_id' in c && 'label' in c)
        return `[${c.label}${c.disabled ? ' (disabled)' : ''}] → click ${c.custom_id}`;
      if ('url' in c && c.url) return `[${'label' in c ? c.label : 'link'}] → ${c.url}`;
      if ('custom_id' in c) return `[menu] → ${c.custom_id}`;
      return '[component]';
    });
    out.push(`${indent}${parts.join('   ')}`);
  }
  return out;
}

interface MessageLike {
  content?: string;
  embeds?: APIEmbed[];
  components?: APIActionRowComponent<APIComponentInMessageActionRow>[];
  flags?: number;
}

function renderMessage(m: MessageLike, indent: string): string[] {
  const out: string[] = [];
  if (m.content) for (const l of m.content.split('\n')) out.push(`${indent}${l}`);
  for (const e of m.embeds ?? []) out.push(...renderEmbed(e, indent));
  out.push(...renderComponents(m.components, indent));
  return out;
}

export function renderHuman(r: LineResult, filesDir: string): string {
  const out: string[] = [`» ${r.line}`];
  if (r.tick) {
    if (!r.tick.length) out.push('  nothing due (no guild has a digest channel set, or nothing is scheduled yet)');
    for (const t of r.tick) out.push(`  guild ${t.guildId}: ${t.message}`);
  }
  if (r.checkins) {
    const shown = r.checkins.filter((c) => c.posted || c.failed || c.outcome === 'busy');
    if (!shown.length) out.push('  no check-in due in any pair thread');
    for (const c of shown) {
      const at = c.scheduledAt ? ` (the check-in of ${c.scheduledAt.toISOString()})` : '';
      if (c.posted) out.push(`  guild ${c.guildId}: ${plural(c.posted, 'check-in')} posted in pair threads${at}`);
      if (c.outcome === 'busy') out.push(`  guild ${c.guildId}: check-ins being posted by another runner${at}`);
      if (c.failed) out.push(`  guild ${c.guildId}: ${c.failed} refused by Discord (thread gone or permission)${at}`);
    }
  }
  const res = r.response;
  if (res) {
    switch (res.type) {
      case 4:
      case 7: {
        const d = (res.data ?? {}) as MessageLike;
        const tag =
          res.type === 7
            ? '(updates the message)'
            : (d.flags ?? 0) & 64
              ? '(only you can see this)'
              : '(visible to the channel)';
        out.push(`  ${tag}`);
        out.push(...renderMessage(d, '  '));
        break;
      }
      case 5:
        out.push('  (deferred: Nexus is thinking…)');
        break;
      case 8:
        out.push('  autocomplete choices:');
        for (const c of res.data.choices ?? [])
          out.push(`    ${c.name}${String(c.value) !== c.name ? `  (value ${c.value})` : ''}`);
        if (!res.data.choices?.length) out.push('    (none)');
        break;
      case 9: {
        out.push(`  opens a form: "${res.data.title}"  (submit with: modal ${res.data.custom_id} field:"…")`);
        for (const row of res.data.components) {
          const comps = ('components' in row ? row.components : 'component' in row ? [row.component] : []) as Array<{
            custom_id?: string;
            label?: string;
            required?: boolean;
            value?: string;
          }>;
          for (const c of comps)
            out.push(
              `    ${c.custom_id}: ${c.label ?? ''}${c.required === false ? ' (optional)' : ''}${c.value ? ` [prefilled]` : ''}`,
            );
        }
        break;
      }
      default:
        out.push(`  response type ${res.type}`);
    }
  }
  for (const c of r.posted) {
    const where = /^\/channels\/(\d+)\/messages/.exec(c.path);
    out.push(
      c.label
        ? `  → ${c.label}${where ? ':' : ''}`
        : where
          ? c.method === 'DELETE'
            ? `  → deleted message ${c.path.split('/').pop()} in channel ${where[1]}`
            : `  → ${c.method === 'POST' ? 'posted to' : 'edited in'} channel ${where[1]}:`
          : `  → ${c.method} ${c.path}`,
    );
    if (c.body && typeof c.body === 'object') out.push(...renderMessage(c.body, '    '));
  }
  for (const { file, path: p } of writeAttachments(r.files, filesDir)) {
    const bytes = typeof file.data === 'string' ? Buffer.byteLength(file.data) : file.data.length;
    out.push(`  attachment ${file.name} (${attachmentType(file)}, ${sizeText(bytes)}) written to ${p}`);
  }
  return out.join('\n');
}
