import { marked } from 'marked';
import { describe, expect, it } from 'vitest';
import {
  escapeMarkdown,
  normalizeProjectName,
  oneLine,
  stripBidi,
  parseTags,
  splitMessage,
  truncate,
} from '../src/domain/text.js';
import { escapeGithubText, escapeMarkdownKeepCode, splitCode, type KeepCodeOptions } from '../src/domain/markdown.js';

describe('text', () => {
  it('escapes markdown and defuses mass mentions', () => {
    expect(escapeMarkdown('**bold** _x_ `code` [link](http://x)')).toBe(
      '\\*\\*bold\\*\\* \\_x\\_ \\`code\\` \\[link\\](http://x)',
    );
    expect(escapeMarkdown('# title\n> quote\n- item\nweekdays 18-22')).toBe(
      '\\# title\n\\> quote\n\\- item\nweekdays 18-22',
    );
    expect(escapeMarkdown('@everyone @here')).not.toMatch(/@everyone|@here/);
    expect(escapeMarkdown('<@&123456789012345678>')).not.toContain('<@&1');
  });

  it('drops bidi override and isolate characters from one-line names and titles', () => {
    // "Airbnb \u202egnp.exe" would render reversed ("Airbnb exe.png") in Discord.
    expect(oneLine('Airbnb \u202egnp.exe')).toBe('Airbnb gnp.exe');
    expect(oneLine('\u2066a\u2067b\u2068c\u2069 \u202ad\u202be\u202c')).toBe('abc de');
    expect(stripBidi('שלום world')).toBe('שלום world'); // right-to-left text itself is kept
  });

  it('truncates with an ellipsis within the limit', () => {
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('abc', 4)).toBe('abc');
    expect(truncate('x'.repeat(5000), 1024)).toHaveLength(1024);
  });

  it('normalises tags with aliases, case, spacing and duplicates', () => {
    expect(parseTags(' PostgreSQL, drf,Django , postgres, Node JS ')).toEqual([
      'postgres',
      'django-rest-framework',
      'django',
      'node-js',
    ]);
    expect(parseTags('')).toEqual([]);
    // Mention syntax is no part of a tag: nothing in a tag list reads as @here or @everyone.
    expect(parseTags('@here, @everyone, <@123>, c#, #docker')).toEqual(['here', 'everyone', '123', 'c#', 'docker']);
  });

  it('normalises project names so spelling variants match', () => {
    const n = normalizeProjectName('Airbnb clone');
    expect(normalizeProjectName('airbnb-clone')).toBe(n);
    expect(normalizeProjectName('AirBnB Clone ')).toBe(n);
    expect(normalizeProjectName('Airbnb_Clone!')).toBe(n);
    expect(normalizeProjectName('E-commerce API')).not.toBe(n);
    // Hyphens, spaces and accents never make two projects.
    const e = normalizeProjectName('e-commerce');
    expect(e).toBe('ecommerce');
    expect(normalizeProjectName('ecommerce')).toBe(e);
    expect(normalizeProjectName('E Commerce')).toBe(e);
    expect(normalizeProjectName('É-commerce')).toBe(e);
    expect(normalizeProjectName('Straße Łódź')).toBe('strasselodz');
    expect(normalizeProjectName('!!! ---')).toBe('');
  });

  it('splits long text under the message limit', () => {
    const parts = splitMessage('line of text\n'.repeat(500), 2000);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(2000);
    const squash = (t: string) => t.replace(/\n+/g, '\n').replace(/\n$/, '');
    expect(squash(parts.join('\n'))).toBe(squash('line of text\n'.repeat(500)));
  });
});

// ---------------------------------------------------------------------------------------------
// Code-aware escaping

/** Deterministic pseudo-random strings (no Math.random: failures must reproduce). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomText(next: () => number, alphabet: readonly string[], length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(next() * alphabet.length)];
  return out;
}

/** Markdown-significant pieces plus plain words: the fuzz alphabet. */
const MD_PIECES = [
  'a',
  'b',
  'word',
  ' ',
  ' ',
  '*',
  '**',
  '_',
  '__',
  '~',
  '~~',
  '[',
  ']',
  '(',
  ')',
  '<',
  '>',
  '#',
  '# ',
  '- ',
  '+ ',
  '1. ',
  '2) ',
  '|',
  '$',
  '&',
  '&amp;',
  '!',
  '=',
  '---',
  ':',
  '@everyone',
  '<@123456789012345678>',
  'é',
  '_x_',
  'snake_case',
  '<b>',
  '<script>',
  '[l](javascript:alert(1))',
  '![i](http://x/y.png)',
  '{',
  '}',
  '^',
  '"',
  "'",
];
const CODE_PIECES = ['`', '``', '```', '\n', '\n```\n', '```js\n', 'code', ' '];

function decode(html: string): string {
  return html
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

const gh = (text: string, opts: KeepCodeOptions = {}) => escapeMarkdownKeepCode(text, { flavor: 'github', ...opts });

describe('splitCode', () => {
  it('finds inline spans, fences with a language, and leaves unmatched backticks as prose', () => {
    expect(splitCode('run `npm run build` now')).toEqual([
      { kind: 'text', text: 'run ' },
      { kind: 'code', code: 'npm run build', ticks: 1 },
      { kind: 'text', text: ' now' },
    ]);
    expect(splitCode('before\n```ts\nconst a = 1;\n```\nafter')).toEqual([
      { kind: 'text', text: 'before\n' },
      { kind: 'fence', code: 'const a = 1;', info: 'ts', ticks: 3, closed: true },
      { kind: 'text', text: '\nafter' },
    ]);
    expect(splitCode('a ` lone tick and `` two')).toEqual([{ kind: 'text', text: 'a ` lone tick and `` two' }]);
    expect(splitCode('')).toEqual([]);
  });

  it('closes a span only with a run of the same length, so code may contain backticks', () => {
    expect(splitCode('``a`b`` and `c``d`')).toEqual([
      { kind: 'code', code: 'a`b', ticks: 2 },
      { kind: 'text', text: ' and ' },
      { kind: 'code', code: 'c``d', ticks: 1 },
    ]);
    // A fence holding ``` lines is opened with more backticks.
    expect(splitCode('````md\n```js\nx\n```\n````')).toEqual([
      { kind: 'fence', code: '```js\nx\n```', info: 'md', ticks: 4, closed: true },
    ]);
    // Inline code inside a fence is part of the fence.
    expect(splitCode('```\nuse `x` here\n```')).toEqual([
      { kind: 'fence', code: 'use `x` here', info: '', ticks: 3, closed: true },
    ]);
  });

  it('reads ``` at a line start as a fence and inline ```x``` as a span; a multi-line ``` span is a block', () => {
    expect(splitCode('say ```x``` ok')).toEqual([
      { kind: 'text', text: 'say ' },
      { kind: 'code', code: 'x', ticks: 3 },
      { kind: 'text', text: ' ok' },
    ]);
    expect(splitCode('```x```')).toEqual([{ kind: 'code', code: 'x', ticks: 3 }]);
    // Discord style: opened mid-line, language on the first line, closed at the end of a code line.
    expect(splitCode('see ```py\nprint(1)```done')).toEqual([
      { kind: 'text', text: 'see ' },
      { kind: 'fence', code: 'print(1)', info: 'py', ticks: 3, closed: true },
      { kind: 'text', text: 'done' },
    ]);
    // Up to three spaces of indentation still open a fence.
    expect(splitCode('   ```\nx\n```')[0]).toMatchObject({ kind: 'text', text: '   ' });
    expect(splitCode('   ```\nx\n```')[1]).toMatchObject({ kind: 'fence', code: 'x' });
  });

  it('runs an unclosed fence to the end of the text; a lone ``` at the very end is prose', () => {
    expect(splitCode('text\n```bash\nnpm ci\nnpm test')).toEqual([
      { kind: 'text', text: 'text\n' },
      { kind: 'fence', code: 'npm ci\nnpm test', info: 'bash', ticks: 3, closed: false },
    ]);
    expect(splitCode('text\n```')).toEqual([{ kind: 'text', text: 'text\n```' }]);
  });

  it('keeps a fence first line that is not a language as code (as Discord shows it)', () => {
    expect(splitCode('```hello world\nx\n```')).toEqual([
      { kind: 'fence', code: 'hello world\nx', info: '', ticks: 3, closed: true },
    ]);
  });

  it('treats a backslash-escaped backtick as prose', () => {
    expect(splitCode('\\`not code\\` but `code`')).toEqual([
      { kind: 'text', text: '\\`not code\\` but ' },
      { kind: 'code', code: 'code', ticks: 1 },
    ]);
  });

  it('handles 10 000-character pathological runs', () => {
    expect(splitCode('`'.repeat(10_000))).toEqual([{ kind: 'text', text: '`'.repeat(10_000) }]);
    const pairs = splitCode('`a` '.repeat(2_500));
    expect(pairs.filter((p) => p.kind === 'code')).toHaveLength(2_500);
    const opens = splitCode('```\n'.repeat(2_500));
    expect(opens.filter((p) => p.kind === 'fence')).toHaveLength(1_250);
    const line = splitCode('x'.repeat(5_000) + ' ` '.repeat(1_600));
    expect(line.every((p) => p.kind === 'text' || p.kind === 'code')).toBe(true);
    expect(escapeMarkdownKeepCode('`'.repeat(10_000), { flavor: 'github' })).toBe('\\`'.repeat(10_000));
  });

  it('covers every character exactly once, in order, on long hostile input', () => {
    const next = rng(17);
    for (let round = 0; round < 30; round++) {
      const text = randomText(next, [...CODE_PIECES, ...MD_PIECES], 10_000 / 4);
      const segs = splitCode(text);
      // Rebuild the text from the segments: nothing lost, nothing invented (delimiters aside).
      let rebuilt = '';
      for (const s of segs) {
        if (s.kind === 'text') rebuilt += s.text;
        else if (s.kind === 'code') rebuilt += s.code;
        else rebuilt += s.info + s.code;
      }
      const strip = (t: string) => t.replace(/[`\s]/g, '');
      expect(strip(rebuilt)).toBe(strip(text));
      for (const s of segs) if (s.kind === 'text') expect(s.text.length).toBeGreaterThan(0);
    }
  });
});

describe('escapeMarkdownKeepCode (discord)', () => {
  it('is escapeMarkdown for text without backticks', () => {
    const next = rng(3);
    for (let i = 0; i < 200; i++) {
      const text = randomText(next, [...MD_PIECES, '\n', '\n# ', '\n> ', '\n- '], 40);
      expect(escapeMarkdownKeepCode(text)).toBe(escapeMarkdown(text));
    }
  });

  it('keeps inline code and fences as written, escaping only around them', () => {
    expect(escapeMarkdownKeepCode('Run `npm run build` **now**')).toBe('Run `npm run build` \\*\\*now\\*\\*');
    expect(escapeMarkdownKeepCode('x:\n```js\nconst a = b * c_d;\n```\n_done_')).toBe(
      'x:\n```js\nconst a = b * c_d;\n```\n\\_done\\_',
    );
    // A block marker right after code is not at a line start; on the next line it is.
    expect(escapeMarkdownKeepCode('`a` - b\n- c')).toBe('`a` - b\n\\- c');
  });

  it('defuses mass and role mentions everywhere, also inside code', () => {
    const out = escapeMarkdownKeepCode('`@everyone` ```\n@here <@&123456789012345678>\n``` @everyone');
    expect(out).not.toMatch(/@everyone|@here|<@&1/);
    expect(out).toContain('`@\u200beveryone`');
  });

  it('closes an unclosed fence, so it cannot swallow what the bot writes after it', () => {
    const out = escapeMarkdownKeepCode('my problem\n```\nTraceback ...\nthe rest');
    expect(out).toBe('my problem\n```\nTraceback ...\nthe rest\n```');
    const message = `${out}\n**Tags:** docker`;
    const html = marked.parse(message, { async: false });
    expect(html).toContain('<strong>Tags:</strong> docker');
  });

  it('one-line mode: newlines become spaces and a fence becomes a span', () => {
    // "# b" is no longer at a line start, so it needs no escape.
    expect(escapeMarkdownKeepCode('a\n```\nx\ny\n```\n# b', { inline: true })).toBe('a `x y` # b');
    expect(escapeMarkdownKeepCode('# a\nb', { inline: true })).toBe('\\# a b');
  });
});

describe('escapeGithubText', () => {
  it('escapes only what would mean something, so raw text stays readable', () => {
    expect(escapeGithubText('SIMPLE_JWT and select_related, a - b, #ProDevProjectNexus, 1.5s, C:\\Users')).toBe(
      'SIMPLE_JWT and select_related, a - b, #ProDevProjectNexus, 1.5s, C:\\Users',
    );
    expect(escapeGithubText('_it_ **b** [l](x) <b> | $5 ~s~ `c` &amp;')).toBe(
      '\\_it\\_ \\*\\*b\\*\\* \\[l\\](x) \\<b> \\| \\$5 \\~s\\~ \\`c\\` \\&amp;',
    );
    expect(escapeGithubText('# h\n- l\n+ p\n1. o\n2) t\n> q\n---\n===\n#tag')).toBe(
      '\\# h\n\\- l\n\\+ p\n1\\. o\n2\\) t\n\\> q\n\\---\n\\===\n#tag',
    );
    expect(escapeGithubText('- not at a line start', false)).toBe('- not at a line start');
  });

  it('renders back to exactly the input, with no stray backslash (fuzzed, one line)', () => {
    const next = rng(11);
    for (let i = 0; i < 600; i++) {
      const text = randomText(next, [...MD_PIECES, '\\', '\\*', 'x\\'], 1 + Math.floor(next() * 30)).trim();
      if (!text) continue;
      const html = marked.parse(escapeGithubText(text), { async: false, gfm: true });
      expect(html.trim(), JSON.stringify(text)).toMatch(/^<p>[\s\S]*<\/p>$/);
      // Only a bare http(s) URL may become a link (GitHub autolinks them too); nothing else is markup.
      const inner = html
        .trim()
        .slice(3, -4)
        .replace(/<a href="https?:\/\/[^"]*">|<\/a>/g, '');
      expect(inner.includes('<'), JSON.stringify(text)).toBe(false);
      expect(decode(html).trim()).toBe(text);
    }
  });
});

describe('escapeMarkdownKeepCode (github)', () => {
  it('keeps code, escapes prose, joins lines with hard breaks and indents inside a list item', () => {
    const text = 'Run `npm run build` then:\n```bash\nnpm ci\n  npm run build\n```\nIt failed with SIMPLE_JWT';
    const out = gh(text, { indent: '  ' });
    expect(out).toBe(
      'Run `npm run build` then:\n  ```bash\n  npm ci\n    npm run build\n  ```\n  It failed with SIMPLE_JWT',
    );
    const html = marked.parse(`- ${out}\n- next`, { async: false });
    expect(html).toContain('<code>npm run build</code>');
    expect(html).toContain('<pre><code class="language-bash">npm ci\n  npm run build\n</code></pre>');
    expect((html.match(/<li>/g) ?? []).length).toBe(2);
  });

  it('uses a fence longer than any backtick run in the code, and a span that survives backticks', () => {
    // ``` inside closes a ``` fence (as Discord reads it), not a longer one; re-emitted, the fence is longer still.
    // (A text that starts with a fence gets a leading line break: see the next test.)
    expect(gh('````\nuse ``` here\n````')).toBe('\n````\nuse ``` here\n````');
    expect(gh('``````\na ```` b\n``````')).toBe('\n`````\na ```` b\n`````');
    expect(marked.parse(gh('````\n```\nx\n```\n````'), { async: false })).toBe(
      '<pre><code>```\nx\n```\n</code></pre>\n',
    );
    expect(gh('`` `tick` ``')).toBe('`` `tick` ``');
    const html = marked.parse(gh('a ``x`y`` b'), { async: false });
    expect(html).toContain('<code>x`y</code>');
  });

  it('starts a leading fence on its own line, so it can follow a label', () => {
    const out = gh('```\nx\n```', { indent: '  ' });
    expect(out).toBe('\n  ```\n  x\n  ```');
    const html = marked.parse(`- **Solution**: ${out}`, { async: false });
    expect(html).toMatch(/<strong>Solution<\/strong>:\s*<pre><code>x\n<\/code><\/pre>/);
  });

  it('escapes pipes inside code in a table cell', () => {
    const cell = gh('`a | b` and c | d', { inline: true, table: true });
    const html = marked.parse(`| h |\n| --- |\n| ${cell} |`, { async: false });
    expect(html).toContain('<code>a | b</code>');
    expect((html.match(/<td>/g) ?? []).length).toBe(1);
  });

  it('never lets user text leave its list item or add structure (fuzzed, 10 000 characters)', () => {
    const next = rng(5);
    for (let round = 0; round < 40; round++) {
      const text = randomText(next, [...MD_PIECES, ...CODE_PIECES, '\n', '\n- ', '\n# ', '\n    '], 2500).slice(
        0,
        10_000,
      );
      // As a list item's text, and after a label on the item's first line.
      const asItem = `- ${gh(text, { indent: '  ' })}`;
      const afterLabel = `- **Label**: ${gh(text, { indent: '  ', lineStart: false })}`;
      const html = marked.parse(`${round % 2 ? asItem : afterLabel}\n- BOT END`, { async: false, gfm: true });
      expect(html.match(/<li>/g)?.length, JSON.stringify(text.slice(0, 200))).toBe(2);
      expect(html.match(/<ul>/g)?.length).toBe(1);
      expect(html).toMatch(/<li>BOT END<\/li>\s*<\/ul>\s*$/);
      const tags = new Set([...html.matchAll(/<\/?([a-z0-9]+)/g)].map((m) => m[1]));
      for (const t of tags) expect(['ul', 'li', 'p', 'br', 'code', 'pre', 'a', 'strong']).toContain(t);
      expect(html.match(/<strong>/g)?.length ?? 0).toBe(round % 2 ? 0 : 1);
      for (const m of html.matchAll(/<a ([^>]*)>/g)) expect(m[1]).toMatch(/^href="https?:\/\//);
      expect(html).not.toMatch(/@everyone|@here/);
      // No stray escapes: outside code, the rendered text has no backslash (the alphabet has none).
      const prose = html.replace(/<pre>[\s\S]*?<\/pre>/g, '').replace(/<code>[\s\S]*?<\/code>/g, '');
      expect(decode(prose)).not.toContain('\\');
    }
  });

  it('treats every line after the first as a line start, even when the first follows a label', () => {
    expect(gh('a\n# b\n- c\n=====', { lineStart: false })).toBe('a\\\n\\# b\\\n\\- c\\\n\\=====');
    expect(gh('# a\n# b', { lineStart: false })).toBe('# a\\\n\\# b');
    expect(gh('```\nx\n```\n# b', { lineStart: false })).toBe('\n```\nx\n```\n\\# b');
  });

  it('one-line mode keeps code spans and turns fences into spans', () => {
    expect(gh('Build fails:\n```\nnpm ERR! code 1\n```\n# oops', { inline: true })).toBe(
      'Build fails: `npm ERR! code 1` # oops',
    );
    expect(gh('# oops', { inline: true })).toBe('\\# oops');
    expect(gh('- item', { inline: true, lineStart: false })).toBe('- item');
  });
});
