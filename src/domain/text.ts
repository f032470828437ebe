// Safe rendering of user text inside Discord messages and embeds.

const MARKDOWN_CHARS = /([\\*_~`|[\]<])/g;
/** Headings, quotes and list markers only mean something at the start of a line. */
const LINE_START_MARKERS = /^(\s*)([#>-]|\d+\.)/gm;

/** Escapes Discord markdown so user text renders literally, and defuses mass mentions visually too. */
export function escapeMarkdown(text: string): string {
  return defuseMentions(text).replace(MARKDOWN_CHARS, '\\$1').replace(LINE_START_MARKERS, '$1\\$2');
}

/** @everyone/@here and role/user mention syntax shown as text (allowed_mentions already stops the ping). */
export function defuseMentions(text: string): string {
  return text.replace(/@(everyone|here)/gi, '@\u200b$1').replace(/<@([!&]?)(\d+)>/g, '<@\u200b$1$2>');
}

/** Shortens to at most max characters, ending with "…" when cut. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return '…'.slice(0, max);
  return text.slice(0, max - 1).trimEnd() + '…';
}

// eslint-disable-next-line no-control-regex -- control characters are exactly what oneLine removes
const CONTROL_CHARS = /[\u0000-\u001f\u007f]+/g;

/** Collapses control characters (except newlines) and trims; for one-line names and titles. */
export function oneLine(text: string): string {
  return text.replace(CONTROL_CHARS, ' ').replace(/\s+/g, ' ').trim();
}

/** Splits long text into chunks of at most max characters, preferring line breaks. */
export function splitMessage(text: string, max = 2000): string[] {
  const chunks: string[] = [];
  let rest = text;
  while (rest.length > max) {
    let cut = rest.lastIndexOf('\n', max);
    if (cut < max / 2) cut = rest.lastIndexOf(' ', max);
    if (cut < max / 2) cut = max;
    chunks.push(rest.slice(0, cut));
    rest = rest.slice(cut).replace(/^\n/, '');
  }
  if (rest.length > 0 || chunks.length === 0) chunks.push(rest);
  return chunks;
}

/** Normalises a list of tags: lowercase, trimmed, inner spaces to '-', aliases applied, deduplicated. */
export const TAG_ALIASES: Record<string, string> = {
  postgresql: 'postgres',
  pg: 'postgres',
  drf: 'django-rest-framework',
  'django-rest': 'django-rest-framework',
  js: 'javascript',
  ts: 'typescript',
  'node.js': 'node',
  nodejs: 'node',
  'react.js': 'react',
  reactjs: 'react',
  'next.js': 'nextjs',
  'vue.js': 'vue',
  k8s: 'kubernetes',
  mongo: 'mongodb',
  gql: 'graphql',
  py: 'python',
};

export const MAX_TAG_LENGTH = 32;
export const MAX_TAGS = 15;

export function normalizeTag(raw: string): string {
  const t = oneLine(raw).toLowerCase().replace(/^#/, '').replace(/\s+/g, '-');
  return TAG_ALIASES[t] ?? t;
}

export function parseTags(raw: string | undefined): string[] {
  if (!raw) return [];
  const out: string[] = [];
  for (const part of raw.split(/[,;\n]/)) {
    const t = normalizeTag(part);
    if (t && !out.includes(t)) out.push(t);
  }
  return out;
}

/** "Airbnb clone", "airbnb-clone" and "AirBnB Clone " → "airbnb clone". */
export function normalizeProjectName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** "1 project", "3 projects" (or the given plural). */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
/** Fits lines into one embed field value (≤ 1024), saying how many were left out. */
export function fitLines(lines: string[], max = 1024): string {
  const out: string[] = [];
  let used = 0;
  for (let i = 0; i < lines.length; i++) {
    const more = `… and ${lines.length - i} more`;
    const line = lines[i]!;
    if (used + line.length + 1 + (i < lines.length - 1 ? more.length + 1 : 0) > max) {
      out.push(more);
      break;
    }
    out.push(line);
    used += line.length + 1;
  }
  return out.join('\n') || '—';
}
