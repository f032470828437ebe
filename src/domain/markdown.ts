// Learners' text with its code kept: inline code spans and fenced blocks stay as written (mentions still
// defused), everything around them is escaped — for Discord messages and for GitHub-flavoured READMEs.
import { CONTROL_CHARS, defuseMentions, LINE_START_MARKERS, MARKDOWN_CHARS, oneLine } from './text.js';

// Code-aware escaping: learners paste `inline code` and ``` fenced blocks; those are kept as written
// while everything around them is escaped.

/** A piece of user text: prose, an inline code span, or a fenced block. */
export type CodeSegment =
  | { kind: 'text'; text: string }
  | { kind: 'code'; code: string; ticks: number }
  | { kind: 'fence'; code: string; info: string; ticks: number; closed: boolean };

interface TickRun {
  start: number;
  len: number;
  /** Preceded by an odd number of backslashes: a literal backtick in prose. */
  escaped: boolean;
  /** Only up to three spaces between the line start and the run. */
  lineStart: boolean;
}

function tickRuns(text: string): TickRun[] {
  const runs: TickRun[] = [];
  // The current line's start, advanced forward only (linear even on one very long line).
  let lineBegin = 0;
  let nextNewline = text.indexOf('\n');
  for (const m of text.matchAll(/`+/g)) {
    const start = m.index;
    while (nextNewline >= 0 && nextNewline < start) {
      lineBegin = nextNewline + 1;
      nextNewline = text.indexOf('\n', lineBegin);
    }
    let slashes = 0;
    while (start - slashes - 1 >= 0 && text[start - slashes - 1] === '\\') slashes++;
    runs.push({
      start,
      len: m[0].length,
      escaped: slashes % 2 === 1,
      lineStart: start - lineBegin <= 3 && /^ *$/.test(text.slice(lineBegin, start)),
    });
  }
  return runs;
}

/** A fence's info string is kept only when it is one plain word (a language name), as Discord reads it. */
const INFO_WORD = /^[A-Za-z0-9_+.#-]{1,20}$/;

function fenceBody(raw: string): { info: string; code: string } {
  const nl = raw.indexOf('\n');
  if (nl >= 0) {
    const first = raw.slice(0, nl).trim();
    if (first === '') return { info: '', code: raw.slice(nl + 1) };
    if (INFO_WORD.test(first)) return { info: first, code: raw.slice(nl + 1) };
  }
  return { info: '', code: raw };
}

/**
 * Splits user text into prose, inline code spans and fenced blocks, reading backticks the way both
 * Discord and CommonMark agree on:
 * - a run of N backticks opens a span closed by the next run of exactly N (an unmatched run is prose);
 * - three or more backticks at a line start open a fence, closed by the next run of at least as many
 *   (on its own line or at the end of a code line, as Discord allows); an unclosed fence runs to the end
 *   of the text (it is closed again when re-emitted, so it cannot swallow what follows it);
 * - a span of three or more backticks that crosses lines is a fenced block (Discord renders it so);
 * - a backslash-escaped backtick in prose is prose.
 * Linear in the text length (each run is looked at a bounded number of times).
 */
export function splitCode(input: string): CodeSegment[] {
  const text = input.replace(/\r\n?/g, '\n');
  const runs = tickRuns(text);
  // Run indexes by length, for "the next run of exactly N".
  const byLen = new Map<number, number[]>();
  runs.forEach((r, i) => {
    const list = byLen.get(r.len) ?? [];
    list.push(i);
    byLen.set(r.len, list);
  });
  const nextOfLen = (len: number, after: number): number => {
    const list = byLen.get(len);
    if (!list) return -1;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((list[mid] ?? 0) <= after) lo = mid + 1;
      else hi = mid;
    }
    return lo < list.length ? (list[lo] ?? -1) : -1;
  };

  const out: CodeSegment[] = [];
  let pos = 0;
  const pushText = (end: number) => {
    if (end > pos) out.push({ kind: 'text', text: text.slice(pos, end) });
  };
  for (let i = 0; i < runs.length; i++) {
    const r = runs[i]!;
    if (r.start < pos || r.escaped) continue;
    const openEnd = r.start + r.len;
    const lineEnd = text.indexOf('\n', openEnd);
    const restOfLine = text.slice(openEnd, lineEnd < 0 ? text.length : lineEnd);
    if (r.len >= 3 && r.lineStart && !restOfLine.includes('`')) {
      // A fence: the code starts on the next line.
      const bodyStart = lineEnd < 0 ? text.length : lineEnd + 1;
      let close = -1;
      for (let j = i + 1; j < runs.length; j++) {
        if (runs[j]!.start >= bodyStart && runs[j]!.len >= r.len) {
          close = j;
          break;
        }
      }
      const info = INFO_WORD.test(restOfLine.trim()) ? restOfLine.trim() : '';
      const firstLine = info === '' && restOfLine.trim() !== '' ? restOfLine.trimStart() + '\n' : '';
      if (close < 0) {
        const code = firstLine + text.slice(bodyStart);
        if (code.trim() === '') continue; // a lone ``` at the very end: prose
        pushText(r.start);
        out.push({ kind: 'fence', code: code.replace(/\n+$/, ''), info, ticks: r.len, closed: false });
        pos = text.length;
        break;
      }
      const c = runs[close]!;
      pushText(r.start);
      out.push({
        kind: 'fence',
        code: (firstLine + text.slice(bodyStart, c.start)).replace(/\n$/, ''),
        info,
        ticks: r.len,
        closed: true,
      });
      pos = c.start + c.len;
      i = close;
      continue;
    }
    const j = nextOfLen(r.len, i);
    if (j < 0) continue; // unmatched: prose
    const c = runs[j]!;
    const raw = text.slice(openEnd, c.start);
    pushText(r.start);
    if (r.len >= 3 && raw.includes('\n')) {
      const { info, code } = fenceBody(raw);
      out.push({ kind: 'fence', code: code.replace(/\n+$/, ''), info, ticks: r.len, closed: true });
    } else {
      out.push({ kind: 'code', code: raw, ticks: r.len });
    }
    pos = c.start + c.len;
    i = j;
  }
  pushText(text.length);
  return out;
}

function longestTickRun(s: string): number {
  let max = 0;
  for (const m of s.matchAll(/`+/g)) max = Math.max(max, m[0].length);
  return max;
}

/** An inline code span around any content: enough backticks, padded where CommonMark would eat a space. */
function codeSpan(code: string): string {
  const ticks = '`'.repeat(longestTickRun(code) + 1);
  const pad =
    code.startsWith('`') || code.endsWith('`') || (code.startsWith(' ') && code.endsWith(' ') && code.trim() !== '');
  return pad ? `${ticks} ${code} ${ticks}` : `${ticks}${code}${ticks}`;
}

// eslint-disable-next-line no-control-regex -- control characters (but tabs) are dropped from code lines
const CODE_CONTROL_CHARS = /[\u0000-\u0008\u000b-\u001f\u007f]/g;

// GitHub-flavoured Markdown, escaped only where a character would otherwise mean something, so the raw
// file stays readable ("SIMPLE_JWT", "a - b", "#ProDevProjectNexus" need no backslash).
const GFM_ALWAYS = new Set(['*', '`', '~', '[', ']', '|', '$']);
const ASCII_PUNCT = /[!-/:-@[-`{-~]/;
const WORD_CHAR = /[\p{L}\p{N}]/u;
/** A block marker at the start of a line (already character-escaped): heading, quote, list, break, underline. */
function escapeGithubLineStart(line: string): string {
  const m = /^([ \t]*)([\s\S]*)$/.exec(line);
  const sp = m?.[1] ?? '';
  const rest = m?.[2] ?? line;
  if (/^(>|#{1,6}(\s|$)|[-+](\s|$)|-[-\s]*$|=+\s*$)/.test(rest)) return `${sp}\\${rest}`;
  const num = /^(\d{1,9})([.)](\s|$)[\s\S]*)$/.exec(rest);
  if (num) return `${sp}${num[1]}\\${num[2]}`;
  return line;
}

/**
 * Escapes prose for GitHub-flavoured Markdown so it renders literally: no emphasis, links, HTML, tables,
 * math, strikethrough, or (at a line start) headings, lists, quotes and breaks. Only characters that would
 * mean something are escaped, so the raw file stays readable ("SIMPLE_JWT", "a - b", "#ProDevProjectNexus"
 * need no backslash). `lineStart`: the text begins a line or a list item, where block markers count.
 */
export function escapeGithubText(text: string, lineStart = true): string {
  let out = '';
  let from = 0;
  for (const m of text.matchAll(BARE_URL)) {
    const url = trimUrl(m[0]);
    if (url.length < 10) continue;
    out += escapeGithubChars(text.slice(from, m.index)) + `<${url}>`;
    from = m.index + url.length;
  }
  out += escapeGithubChars(text.slice(from));
  return out
    .split('\n')
    .map((l, k) => (k > 0 || lineStart ? escapeGithubLineStart(l) : l))
    .join('\n');
}

/**
 * A bare http(s) URL. GitHub (and marked) link these themselves, but their autolinks run past escapes
 * ("http://x\<b>" would take the backslash and let "<b>" through), so URLs are written as explicit
 * <autolinks>, which end exactly at ">"; the characters that cannot be in one end the URL.
 */
const BARE_URL = /https?:\/\/[A-Za-z0-9][^\s<>`|\\"]*/g;

/** Drops what GFM leaves out of an autolink: trailing punctuation and unbalanced closing parentheses. */
function trimUrl(url: string): string {
  let u = url;
  for (;;) {
    const before = u;
    u = u.replace(/[?!.,:;*_~']+$/, '');
    if (u.endsWith(')')) {
      const open = (u.match(/\(/g) ?? []).length;
      const close = (u.match(/\)/g) ?? []).length;
      if (close > open) u = u.slice(0, -1);
    }
    if (u === before) return u;
  }
}

function escapeGithubChars(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    const next = text[i + 1];
    if (GFM_ALWAYS.has(ch)) out += '\\' + ch;
    else if (ch === '\\') out += next === undefined || next === '\n' || ASCII_PUNCT.test(next) ? '\\\\' : '\\';
    else if (ch === '_') {
      // An underscore between two letters or digits can never open or close emphasis.
      const prev = text[i - 1];
      const inWord = prev !== undefined && next !== undefined && WORD_CHAR.test(prev) && WORD_CHAR.test(next);
      out += inWord ? '_' : '\\_';
    } else if (ch === '<') out += next === undefined || /[A-Za-z/!?]/.test(next) ? '\\<' : '<';
    else if (ch === '&') out += /^&#?[a-z0-9]+;/i.test(text.slice(i, i + 34)) ? '\\&' : '&';
    else out += ch;
  }
  return out;
}

function escapeDiscordText(text: string, lineStart: boolean): string {
  const escaped = defuseMentions(text).replace(MARKDOWN_CHARS, '\\$1');
  if (lineStart) return escaped.replace(LINE_START_MARKERS, '$1\\$2');
  const nl = escaped.indexOf('\n');
  return nl < 0 ? escaped : escaped.slice(0, nl) + escaped.slice(nl).replace(LINE_START_MARKERS, '$1\\$2');
}

export interface KeepCodeOptions {
  /** 'discord' (default): Discord markdown, as escapeMarkdown. 'github': GitHub-flavoured Markdown (README files). */
  flavor?: 'discord' | 'github';
  /**
   * One line (titles, table cells, list items): newlines and control characters become spaces and a fenced
   * block becomes an inline code span.
   */
  inline?: boolean;
  /** github, multi-line: prefix of every line after the first (to stay inside a list item). */
  indent?: string;
  /** github: inside a table cell, where a pipe even inside code must be escaped. */
  table?: boolean;
  /** The text starts a line (or a list item), where block markers count. Default true. */
  lineStart?: boolean;
}

/**
 * Escapes markdown outside code and keeps code spans and fenced blocks as written, so pasted commands and
 * snippets still render as code. Mass mentions are defused everywhere, inside code too (allowed_mentions
 * already stops the ping; this keeps "@everyone" from even looking like one). Code cannot escape its own
 * text: spans are matched within it and a fence is always closed again. Truncate BEFORE calling this.
 *
 * discord: prose as escapeMarkdown, line breaks kept. github: prose escaped minimally (escapeGithubText);
 * lines are trimmed, blank lines dropped and the rest joined with hard breaks, fenced blocks re-emitted
 * with a fence longer than any backtick run inside them.
 */
export function escapeMarkdownKeepCode(text: string, opts: KeepCodeOptions = {}): string {
  const github = opts.flavor === 'github';
  const inline = opts.inline === true;
  const indent = opts.indent ?? '';
  const segments = splitCode(text).map((s): CodeSegment & { converted?: boolean } => {
    if (!inline || s.kind !== 'fence') return s;
    return { kind: 'code', code: oneLine(s.code), ticks: s.ticks, converted: true };
  });

  if (!github) {
    let out = '';
    let atLineStart = opts.lineStart !== false;
    for (const s of segments) {
      if (s.kind === 'text') {
        const t = inline ? s.text.replace(CONTROL_CHARS, ' ').replace(/\s+/g, ' ') : s.text;
        out += escapeDiscordText(t, atLineStart);
      } else if (s.kind === 'code') {
        // As written; in one line, a span converted from a fence gets the fewest backticks that hold it.
        const code = defuseMentions(inline ? s.code.replace(/\s*\n\s*/g, ' ') : s.code);
        out += s.converted ? codeSpan(code) : '`'.repeat(s.ticks) + code + '`'.repeat(s.ticks);
      } else {
        const ticks = '`'.repeat(s.ticks);
        out += `${ticks}${s.info}\n${defuseMentions(s.code)}\n${ticks}`;
      }
      atLineStart = out.endsWith('\n');
    }
    return inline ? out.trim() : out;
  }

  // github: lines of inline pieces, with fenced blocks between them.
  type Piece = { kind: 'text'; text: string } | { kind: 'code'; code: string };
  type Block = { kind: 'line'; pieces: Piece[] } | { kind: 'fence'; code: string; info: string };
  const blocks: Block[] = [{ kind: 'line', pieces: [] }];
  const currentLine = (): Piece[] => {
    const last = blocks[blocks.length - 1];
    if (last?.kind === 'line') return last.pieces;
    const fresh: Block = { kind: 'line', pieces: [] };
    blocks.push(fresh);
    return fresh.pieces;
  };
  for (const s of segments) {
    if (s.kind === 'fence') {
      blocks.push({ kind: 'fence', code: s.code, info: s.info });
      continue;
    }
    if (s.kind === 'code') {
      currentLine().push({ kind: 'code', code: s.code.replace(/\s*\n\s*/g, ' ') });
      continue;
    }
    const parts = inline ? [s.text] : s.text.split('\n');
    parts.forEach((p, k) => {
      if (k > 0) blocks.push({ kind: 'line', pieces: [] });
      const t = p.replace(CONTROL_CHARS, ' ').replace(/\s+/g, ' ');
      if (t) currentLine().push({ kind: 'text', text: t });
    });
  }
  const renderLine = (pieces: Piece[], lineStart: boolean): string => {
    // Trim the line's ends, then escape each piece; only the line's first piece can be at a line start.
    const ps = pieces.map((p) => ({ ...p }));
    const first = ps[0];
    if (first?.kind === 'text') first.text = first.text.trimStart();
    const last = ps[ps.length - 1];
    if (last?.kind === 'text') last.text = last.text.trimEnd();
    let out = '';
    ps.forEach((p, k) => {
      if (p.kind === 'text') out += escapeGithubText(defuseMentions(p.text), k === 0 && lineStart);
      else {
        // CommonMark drops one space from each side of " code "; the span is rebuilt around what it shows.
        const shown = /^ [\s\S]* $/.test(p.code) && p.code.trim() !== '' ? p.code.slice(1, -1) : p.code;
        const code = defuseMentions(shown.replace(CONTROL_CHARS, ' '));
        out += codeSpan(opts.table ? code.replace(/\|/g, '\\|') : code);
      }
    });
    return out;
  };
  if (inline) {
    return blocks
      .map((b) => (b.kind === 'line' ? renderLine(b.pieces, opts.lineStart !== false) : ''))
      .join(' ')
      .trim();
  }
  const lines: string[] = [];
  let prevWasProse = false;
  let startsWithFence = false;
  for (const b of blocks) {
    if (b.kind === 'line') {
      // Only the text's first line may follow something on its line (a label, "- "); every later one starts a line.
      const l = renderLine(b.pieces, lines.length > 0 || startsWithFence || opts.lineStart !== false);
      if (!l) continue;
      // A hard break (trailing backslash) joins prose lines; never before a fence or at the end.
      if (prevWasProse) lines[lines.length - 1] += '\\';
      lines.push(l);
      prevWasProse = true;
    } else {
      const code = defuseMentions(b.code).replace(/\n+$/, '');
      if (code.trim() === '') continue;
      const fence = '`'.repeat(Math.max(3, longestTickRun(code) + 1));
      if (lines.length === 0) startsWithFence = true;
      lines.push(fence + b.info);
      for (const l of code.split('\n')) lines.push(l.replace(CODE_CONTROL_CHARS, '').replace(/[ \t]+$/, ''));
      lines.push(fence);
      prevWasProse = false;
    }
  }
  const body = lines.map((l, k) => (k === 0 || l === '' ? l : indent + l)).join('\n');
  // A fence cannot follow a prefix on its own line ("**Solution**: ```"): start it on the next one.
  return startsWithFence ? `\n${indent}${body}` : body;
}

/** Does the text (as splitCode reads it) end inside or right after a fenced block? */
function endsWithFence(text: string): boolean {
  return splitCode(text).at(-1)?.kind === 'fence';
}

/**
 * User text escaped as escapeMarkdownKeepCode does, cut to at most `max` characters with "…". The cut is made
 * in the raw text, BEFORE escaping (so no escape or code span is cut in half); a fenced block cut in the
 * middle is closed again and the "…" put on the line after it, so the block never swallows what follows.
 */
export function escapeTruncatedKeepCode(text: string, max: number, opts: KeepCodeOptions = {}): string {
  const whole = escapeMarkdownKeepCode(text, opts);
  if (whole.length <= max) return whole;
  const cut = (keep: number): string => {
    let n = keep;
    // Never split a surrogate pair (an emoji) in half.
    if (n > 0 && /[\ud800-\udbff]/.test(text[n - 1] ?? '')) n--;
    const raw = text.slice(0, n).trimEnd();
    const escaped = escapeMarkdownKeepCode(raw, opts);
    if (!escaped) return '…';
    return !opts.inline && endsWithFence(raw) ? `${escaped}\n…` : `${escaped}…`;
  };
  // Escaping grows prose (up to twice) and closes cut fences: shrink the raw cut until the result fits.
  let keep = Math.min(text.length, max);
  for (let attempt = 0; attempt < 16 && keep > 0; attempt++) {
    const out = cut(keep);
    if (out.length <= max) return out;
    keep = Math.min(keep - 1, Math.floor((keep * max) / out.length) - 4);
  }
  return '…'.slice(0, max);
}

/**
 * Splits user text into chunks of at most `max` characters (before escaping) that each stand alone as
 * markdown: a code span is never split, and a fenced block too long for one chunk is split between its lines,
 * each part closed and reopened with the same fence and language. Prose is cut at line breaks or spaces
 * where it can. Escape each chunk with escapeMarkdownKeepCode.
 */
export function splitMessageKeepCode(text: string, max = 2000): string[] {
  const chunks: string[] = [];
  let cur = '';
  const flush = () => {
    const c = cur.replace(/^\n+/, '').trimEnd();
    if (c) chunks.push(c);
    cur = '';
  };
  const addProse = (t: string) => {
    let rest = t;
    while (cur.length + rest.length > max) {
      const room = max - cur.length;
      let cutAt = rest.lastIndexOf('\n', room);
      if (cutAt < room / 2) cutAt = rest.lastIndexOf(' ', room);
      if (cutAt < room / 2) {
        // No good place to cut in what is left of this chunk: start a fresh one before cutting a word.
        if (cur.trim()) {
          flush();
          continue;
        }
        cutAt = room;
      }
      cur += rest.slice(0, cutAt);
      rest = rest.slice(cutAt);
      flush();
    }
    cur += rest;
  };
  for (const s of splitCode(text)) {
    if (s.kind === 'text') {
      addProse(s.text);
      continue;
    }
    if (s.kind === 'code') {
      const ticks = '`'.repeat(s.ticks);
      const raw = ticks + s.code + ticks;
      if (cur.length + raw.length > max) flush();
      if (raw.length <= max) {
        cur += raw;
        continue;
      }
      // A span longer than a chunk: in parts, each its own span.
      const room = max - 2 * s.ticks;
      for (let i = 0; i < s.code.length; i += room) {
        cur = ticks + s.code.slice(i, i + room) + ticks;
        flush();
      }
      continue;
    }
    const ticks = '`'.repeat(Math.max(3, s.ticks));
    const head = `${ticks}${s.info}\n`;
    const tail = `\n${ticks}`;
    const sep = cur && !cur.endsWith('\n') ? '\n' : '';
    const whole = sep + head + s.code + tail;
    if (cur.length + whole.length <= max) {
      cur += whole;
      continue;
    }
    flush();
    const room = Math.max(1, max - head.length - tail.length);
    let part: string[] = [];
    let size = 0;
    const closePart = () => {
      if (!part.length) return;
      cur = head + part.join('\n') + tail;
      flush();
      part = [];
      size = 0;
    };
    for (const line of s.code.split('\n')) {
      // A line longer than a part is cut.
      for (let i = 0; i === 0 || i < line.length; i += room) {
        const piece = line.slice(i, i + room);
        if (size + piece.length + (part.length ? 1 : 0) > room) closePart();
        part.push(piece);
        size += piece.length + (part.length > 1 ? 1 : 0);
      }
    }
    closePart();
  }
  flush();
  return chunks.length ? chunks : [''];
}
