// Safe rendering of user text inside Discord messages and embeds.

export const MARKDOWN_CHARS = /([\\*_~`|[\]<])/g;
/** Headings, quotes and list markers only mean something at the start of a line. */
export const LINE_START_MARKERS = /^(\s*)([#>-]|\d+\.)/gm;

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
export const CONTROL_CHARS = /[\u0000-\u001f\u007f]+/g;

/** Bidirectional embeddings, overrides and isolates: they make a name render as something else. */
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/g;

/** Removes the bidi controls that reorder how text renders (e.g. "gnp.exe" shown for "exe.png"). */
export function stripBidi(text: string): string {
  return text.replace(BIDI_CONTROLS, '');
}

/** Collapses control characters to spaces, drops bidi controls and trims; for one-line names and titles. */
export function oneLine(text: string): string {
  return stripBidi(text).replace(CONTROL_CHARS, ' ').replace(/\s+/g, ' ').trim();
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

/** Characters a tag never keeps: mention syntax ("@here" is the tag "here", "<@&1>" the tag "&1"). */
const TAG_STRIP = /[@<>]/g;

export function normalizeTag(raw: string): string {
  const t = oneLine(raw).toLowerCase().replace(TAG_STRIP, '').replace(/^#/, '').trim().replace(/\s+/g, '-');
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

/** Letters unaccent folds that have no decomposition (NFKD leaves them whole). */
const LETTER_FOLDS: Record<string, string> = {
  ß: 'ss',
  ẞ: 'ss',
  æ: 'ae',
  Æ: 'ae',
  œ: 'oe',
  Œ: 'oe',
  ø: 'o',
  Ø: 'o',
  ł: 'l',
  Ł: 'l',
  đ: 'd',
  Đ: 'd',
  ð: 'd',
  Ð: 'd',
  þ: 'th',
  Þ: 'th',
  ı: 'i',
};
const FOLDABLE = new RegExp(`[${Object.keys(LETTER_FOLDS).join('')}]`, 'g');

/**
 * A project's key: "Airbnb clone", "airbnb-clone", "AirBnB Clone " → "airbnbclone"; "E-Commerce",
 * "ecommerce", "É commerce" → "ecommerce". Without accents, lowercase, letters and digits only, so
 * hyphens, spaces and punctuation never make two projects. The stored keys are computed by the database's
 * nexus_project_key (migration 0011: unaccent, lower, letters and digits), the one definition two rows are
 * compared by; this is its mirror for checks and comparisons in memory (same result on ordinary names,
 * tested against the database). Empty when the name has no letter or digit.
 */
export function normalizeProjectName(name: string): string {
  return name
    .replace(FOLDABLE, (c) => LETTER_FOLDS[c]!)
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

/** "1 project", "3 projects" (or the given plural). */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
/**
 * Fits lines into one embed field value (≤ 1024), saying how many were left out, and where to see them when
 * a `pointer` is given ("… and 3 more — `/project list`").
 */
export function fitLines(lines: string[], max = 1024, pointer?: string): string {
  const out: string[] = [];
  let used = 0;
  for (let i = 0; i < lines.length; i++) {
    const more = `… and ${lines.length - i} more${pointer ? ` — ${pointer}` : ''}`;
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

/**
 * A project's identity: projects are the same project when they are linked to the same track, else when
 * their names normalise alike ("Airbnb clone", "airbnb-clone"). Lists and counts that show one entry per
 * project (digest, stats, /pair find) group by this.
 */
export function projectIdentity(p: { trackId: number | null; normalizedName: string }): string {
  return p.trackId ? `track:${p.trackId}` : p.normalizedName;
}
