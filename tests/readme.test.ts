import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { marked } from 'marked';
import { describe, expect, it } from 'vitest';
import {
  README_SECTIONS,
  buildReadme,
  deriveConcepts,
  escapeGithubMarkdown,
  parseSections,
  rankTechnologies,
  readmePreview,
  safeHttpUrl,
  type ReadmeInput,
} from '../src/domain/readme.js';

const GOLDEN_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'golden');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

/** Compares with tests/golden/<name>; UPDATE_GOLDEN=1 rewrites the file instead. */
function expectGolden(name: string, actual: string): void {
  const file = path.join(GOLDEN_DIR, name);
  if (UPDATE || !existsSync(file)) {
    if (!UPDATE) throw new Error(`missing golden file ${name}: run with UPDATE_GOLDEN=1 and review it`);
    mkdirSync(GOLDEN_DIR, { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

const d = (s: string) => new Date(`${s}T12:00:00Z`);

function richInput(): ReadmeInput {
  return {
    learner: {
      name: 'Ada Obi',
      role: 'backend',
      timezone: 'Africa/Lagos',
      stack: ['Python', 'Django', 'PostgreSQL', 'Docker'],
    },
    guildName: 'ALX ProDev',
    nexusChannel: '#prodevprojectnexus',
    projects: [
      {
        name: 'Messaging App',
        summary: 'A real-time chat API.\nJWT auth, conversations and messages with nested routes.',
        stack: ['django', 'drf', 'jwt', 'postgres', 'websockets'],
        repoUrl: 'https://github.com/adaobi/alx-backend-python',
        role: 'backend',
        status: 'archived',
        createdAt: d('2025-01-06'),
      },
      {
        name: 'ALX Travel App',
        summary: 'Listings, bookings and payments with Chapa; emails sent by Celery workers.',
        stack: ['django', 'celery', 'rabbitmq', 'postgres', 'docker', 'github-actions'],
        repoUrl: 'https://github.com/adaobi/alx_travel_app_0x03',
        role: 'fullstack',
        status: 'active',
        createdAt: d('2025-02-03'),
      },
    ],
    challenges: [
      {
        id: 11,
        title: 'Slow listing endpoint (N+1 queries)',
        problem: 'The /listings endpoint made one query per host.',
        solution: 'Used select_related and prefetch_related, then added an index on listing.city.',
        tags: ['django', 'postgres', 'indexing'],
        status: 'solved',
        createdAt: d('2025-02-05'),
        solvedAt: d('2025-02-07'),
        helpedCount: 3,
      },
      {
        id: 7,
        title: 'JWT refresh tokens expiring early',
        problem: 'Users were logged out after five minutes.\nThe refresh endpoint returned 401.',
        solution: 'Configured SIMPLE_JWT lifetimes and rotated refresh tokens.',
        tags: ['jwt', 'authentication', 'django'],
        status: 'solved',
        createdAt: d('2025-01-10'),
        solvedAt: d('2025-01-12'),
        helpedCount: 1,
      },
      {
        id: 15,
        title: 'Celery tasks never run in Docker',
        problem: 'Tasks were queued but the worker container never picked them up.',
        solution: 'Pointed CELERY_BROKER_URL at the rabbitmq service name instead of localhost.',
        tags: ['celery', 'rabbitmq', 'docker'],
        status: 'solved',
        createdAt: d('2025-02-10'),
        solvedAt: d('2025-02-11'),
        helpedCount: 0,
      },
      {
        id: 16,
        title: 'Flaky tests in CI',
        problem: 'Tests pass locally but fail on GitHub Actions.',
        solution: null,
        tags: ['testing', 'github-actions'],
        status: 'solved',
        createdAt: d('2025-02-12'),
        solvedAt: d('2025-02-14'),
        helpedCount: 0,
      },
      {
        id: 18,
        title: 'Caching listings with Redis',
        problem: 'How do I invalidate the cache when a listing changes?',
        solution: null,
        tags: ['redis', 'caching'],
        status: 'open',
        createdAt: d('2025-02-20'),
        solvedAt: null,
        helpedCount: 0,
      },
      {
        id: 19,
        title: 'Migrations conflict after merge',
        problem: 'Two branches both added 0004 migrations.',
        solution: null,
        tags: ['django', 'migrations'],
        status: 'open',
        createdAt: d('2025-02-21'),
        solvedAt: null,
        helpedCount: 0,
      },
    ],
    takeaways: [
      { text: 'Write the test that reproduces a bug before fixing it.', tags: ['testing'], createdAt: d('2025-02-15') },
      {
        text: 'Keep secrets in environment variables, never in the repo.',
        tags: ['security'],
        createdAt: d('2025-01-20'),
      },
      {
        text: 'Read the query plan before adding an index.',
        tags: ['postgres', 'indexing'],
        createdAt: d('2025-02-08'),
      },
    ],
    pairs: [
      { partnerName: 'Bola Ade', projectName: 'ALX Travel App', startedAt: d('2025-02-04'), endedAt: null },
      { partnerName: null, projectName: 'Messaging App', startedAt: d('2025-01-08'), endedAt: d('2025-01-25') },
    ],
    generatedAt: d('2025-03-01'),
  };
}

function emptyInput(): ReadmeInput {
  return {
    learner: { name: 'New Learner', role: null, timezone: null, stack: [] },
    guildName: null,
    nexusChannel: null,
    projects: [],
    challenges: [],
    takeaways: [],
    pairs: [],
    generatedAt: d('2025-03-01'),
  };
}

const HOSTILE = '@everyone <script>alert(1)</script> | pipes | **bold** [link](javascript:alert(1)) `tick` ';

function hostileInput(): ReadmeInput {
  return {
    learner: {
      name: '**Mallory** <img src=x onerror=alert(1)>\n# pwned',
      role: 'backend',
      timezone: '<b>UTC</b>',
      stack: ['<script>', 'a|b'],
    },
    guildName: '@everyone [x](javascript:alert(1))',
    nexusChannel: '#general <iframe>',
    projects: [
      {
        name: '# Heading project\n- list',
        summary: `${HOSTILE}\n# injected heading\n---\n1. list\n> quote\n    indented code\n| a | b |\n|---|---|\n&lt;script&gt; &#60;b&#62; $x^2$ ~~strike~~ ![img](http://evil/x.png) <http://evil.example>`,
        stack: ['django', '<b>bold</b>'],
        repoUrl: 'javascript:alert(1)',
        role: null,
        status: 'active',
        createdAt: d('2025-01-01'),
      },
      {
        name: 'Repo with parens',
        summary: 'x',
        stack: [],
        repoUrl: 'https://example.com/a_(b)<c>"d"',
        role: null,
        status: 'archived',
        createdAt: d('2025-01-02'),
      },
    ],
    challenges: [
      {
        id: 1,
        title: `Pipe | in title\nwith newline ${HOSTILE}`,
        problem: `${HOSTILE}\n# heading\n| x | y |`,
        solution: `[click](javascript:alert(1)) <script>x</script> | a | b | ${'long '.repeat(400)}`,
        tags: ['a|b', '<x>', '**t**', 'x\\|y'],
        status: 'solved',
        createdAt: d('2025-01-03'),
        solvedAt: d('2025-01-04'),
        helpedCount: 0,
      },
      {
        id: 2,
        title: '`code` and [ref]: http://evil',
        problem: '[ref]: javascript:alert(1)\n[^1]: footnote\n=====',
        solution: null,
        tags: [],
        status: 'open',
        createdAt: d('2025-01-05'),
        solvedAt: null,
        helpedCount: 0,
      },
    ],
    takeaways: [
      { text: `<script>alert(1)</script>\n- not a list\n${'x'.repeat(3000)}`, tags: ['|'], createdAt: d('2025-01-06') },
    ],
    pairs: [
      {
        partnerName: '<@123456789012345678> @here **Eve**',
        projectName: '[p](javascript:alert(1)) | x',
        startedAt: d('2025-01-07'),
        endedAt: null,
      },
    ],
    generatedAt: d('2025-03-01'),
  };
}

function render(md: string): string {
  return marked.parse(md, { async: false, gfm: true });
}

function decode(html: string): string {
  return html
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .trim();
}

function tagTexts(html: string, tag: string): string[] {
  return [...html.matchAll(new RegExp(`<${tag}[^>]*>([\\s\\S]*?)</${tag}>`, 'g'))].map((m) => decode(m[1] ?? ''));
}

function tables(html: string): string[] {
  return [...html.matchAll(/<table>([\s\S]*?)<\/table>/g)].map((m) => m[1] ?? '');
}

/** The first table after the h2 with the given text. */
function tableAfter(html: string, h2: string): string {
  const at = html.indexOf(`<h2>${h2.replace(/&/g, '&amp;')}</h2>`);
  expect(at).toBeGreaterThanOrEqual(0);
  const t = tables(html.slice(at))[0];
  expect(t).toBeDefined();
  return t ?? '';
}

function rowsOf(table: string): string[][] {
  return [...table.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => tagTexts(m[1] ?? '', 't[dh]'));
}

const H2 = [
  'Overview',
  'Key technologies',
  'Important backend concepts',
  'Challenges & solutions',
  'Best practices & takeaways',
  'Collaboration',
];

function assertSafeHtml(html: string): void {
  expect(html).not.toMatch(/<script/i);
  expect(html).not.toMatch(/<img/i);
  expect(html).not.toMatch(/<iframe/i);
  expect(html).not.toMatch(/<b>/i);
  expect(html).not.toMatch(/href="\s*javascript:/i);
  expect(html).not.toMatch(/src="/i);
  expect(html).not.toMatch(/<blockquote|<pre|<hr>[\s\S]*<hr>|<del|<ol/i);
  // Only the links Nexus itself made (http(s) repository links).
  for (const m of html.matchAll(/href="([^"]*)"/g)) expect(m[1]).toMatch(/^https?:\/\//);
}

describe('readme golden files', () => {
  it('rich learner, markdown', () => expectGolden('readme-rich.md', buildReadme(richInput())));
  it('rich learner, table-style', () =>
    expectGolden('readme-rich-table.md', buildReadme(richInput(), { format: 'table-style' })));
  it('no data at all', () => expectGolden('readme-empty.md', buildReadme(emptyInput())));
  it('hostile text', () => expectGolden('readme-hostile.md', buildReadme(hostileInput(), { format: 'table-style' })));

  it('is deterministic whatever the input order', () => {
    const a = richInput();
    const b = richInput();
    b.projects.reverse();
    b.challenges.reverse();
    b.takeaways.reverse();
    b.pairs.reverse();
    expect(buildReadme(b)).toBe(buildReadme(a));
    expect(buildReadme(b, { format: 'table-style' })).toBe(buildReadme(a, { format: 'table-style' }));
  });
});

describe('readme rendering (marked)', () => {
  it('has the title and every section heading', () => {
    const html = render(buildReadme(richInput()));
    expect(tagTexts(html, 'h1')).toEqual(['alx-project-nexus — Ada Obi']);
    expect(tagTexts(html, 'h2')).toEqual(H2);
    expect(tagTexts(html, 'h3')).toEqual(['Projects', 'Solved', 'Still open']);
    // Solved challenges come first, in the order they were solved.
    expect(tagTexts(html, 'h4')).toEqual([
      'Messaging App (archived)',
      'ALX Travel App (active)',
      '1. JWT refresh tokens expiring early',
      '2. Slow listing endpoint (N+1 queries)',
      '3. Celery tasks never run in Docker',
      '4. Flaky tests in CI',
    ]);
    assertSafeHtml(html);
  });

  it('links only http(s) repositories', () => {
    const html = render(buildReadme(richInput()));
    const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
    expect(hrefs).toEqual([
      'https://github.com/adaobi/alx-backend-python',
      'https://github.com/adaobi/alx_travel_app_0x03',
    ]);
  });

  it('renders the table-style challenges table: solved first, then open', () => {
    const html = render(buildReadme(richInput(), { format: 'table-style' }));
    const rows = rowsOf(tableAfter(html, 'Challenges & solutions'));
    expect(rows).toHaveLength(7); // header + 6 challenges
    expect(rows[0]).toEqual(['Challenge', 'Solution', 'Tags']);
    for (const r of rows) expect(r).toHaveLength(3);
    expect(rows.map((r) => r[0]?.split(':')[0])).toEqual([
      'Challenge',
      'JWT refresh tokens expiring early',
      'Slow listing endpoint (N+1 queries)',
      'Celery tasks never run in Docker',
      'Flaky tests in CI',
      'Caching listings with Redis',
      'Migrations conflict after merge',
    ]);
    expect(rows[1]?.[1]).toBe('Configured SIMPLE_JWT lifetimes and rotated refresh tokens. (solved 2025-01-12)');
    expect(rows[1]?.[2]).toBe('jwt, authentication, django');
    expect(rows[4]?.[1]).toBe('Solved 2025-02-14, no write-up');
    expect(rows[5]?.[1]).toBe('Still open');
    expect(tagTexts(html, 'h2')).toEqual(H2);
    assertSafeHtml(html);
  });

  it('keeps hostile text literal: no HTML, no injected links, headings or table cells', () => {
    for (const format of ['markdown', 'table-style'] as const) {
      const md = buildReadme(hostileInput(), { format });
      const html = render(md);
      assertSafeHtml(html);
      expect(tagTexts(html, 'h1')).toEqual(['alx-project-nexus — **Mallory** <img src=x onerror=alert(1)> # pwned']);
      expect(tagTexts(html, 'h2')).toEqual(H2);
      expect(html).not.toMatch(/<(strong|em|code)>(bold|tick|t|Eve|Mallory)</);
      expect(html).toContain('@everyone');
      expect(html).not.toMatch(/@everyone<\/a>|<a[^>]*>@/);
      expect(decode(html)).toContain('[link](javascript:alert(1))');
      expect(decode(html)).toContain('&lt;script&gt; &#60;b&#62; $x^2$ ~~strike~~');
      // No partner name is lost, no mention syntax rendered as anything but text.
      expect(decode(html)).toContain('<@123456789012345678> @here **Eve**');
      for (const t of tables(html)) {
        const rows = rowsOf(t);
        const width = rows[0]?.length;
        for (const r of rows) expect(r).toHaveLength(width ?? 0);
      }
      if (format === 'table-style') {
        const rows = rowsOf(tableAfter(html, 'Challenges & solutions'));
        expect(rows).toHaveLength(3);
        expect(rows[1]?.[0]).toMatch(
          /^Pipe \| in title with newline @everyone <script>alert\(1\)<\/script> \| pipes \| \*\*bold\*\*/,
        );
        expect(rows[1]?.[2]).toBe('a|b, <x>, **t**, x\\|y');
        expect(rows[1]?.[1]?.length).toBeLessThan(400);
      } else {
        const solvedHeads = tagTexts(html, 'h4');
        expect(solvedHeads[2]).toMatch(/^1\. Pipe \| in title with newline @everyone/);
      }
    }
  });

  it('the empty README is a helpful stub naming the commands, never empty', () => {
    const md = buildReadme(emptyInput());
    const html = render(md);
    expect(tagTexts(html, 'h2')).toEqual(H2);
    for (const cmd of [
      '/project announce',
      '/challenge log',
      '/challenge solve',
      '/takeaway add',
      '/pair find',
      '/profile set',
    ]) {
      expect(md).toContain(`\`${cmd}\``);
    }
    expect(md).not.toMatch(/fellow learner\*\*|\*\*null\*\*|undefined|NaN/);
    assertSafeHtml(html);
  });
});

describe('readme content', () => {
  it('never names a forgotten partner and marks ended pairs', () => {
    const md = buildReadme(richInput());
    expect(md).toContain('- Paired with a fellow learner on **Messaging App**: 2025-01-08 → 2025-01-25 (ended)');
    expect(md).toContain('- Paired with **Bola Ade** on **ALX Travel App**: since 2025-02-04 (ongoing)');
    expect(md).toContain('**\\#prodevprojectnexus** on the **ALX ProDev** Discord server');
    expect(md).not.toMatch(/null/);
  });

  it('ranks technologies by use with counts, leaving concept words out', () => {
    const ranked = rankTechnologies(richInput());
    expect(ranked.slice(0, 3).map((t) => [t.tag, t.total])).toEqual([
      ['django', 6],
      ['postgres', 4],
      ['docker', 3],
    ]);
    const tags = ranked.map((t) => t.tag);
    expect(tags).not.toContain('authentication');
    expect(tags).not.toContain('testing');
    expect(tags).toContain('django-rest-framework');
  });

  it('derives backend concepts from tags and titles', () => {
    const ids = deriveConcepts(richInput()).map((c) => c.id);
    for (const id of [
      'auth',
      'caching',
      'databases',
      'indexing',
      'migrations',
      'containers',
      'ci-cd',
      'testing',
      'rest',
      'background-jobs',
      'websockets',
      'security',
    ]) {
      expect(ids).toContain(id);
    }
    expect(ids).not.toContain('graphql');
    const md = buildReadme(richInput());
    expect(md).toContain('- **Caching** — ');
  });

  it('renders only the selected sections, in README order', () => {
    const md = buildReadme(richInput(), { sections: ['collaboration', 'overview'] });
    expect(tagTexts(render(md), 'h2')).toEqual(['Overview', 'Collaboration']);
    expect(md).not.toContain('Key technologies');
    expect(tagTexts(render(buildReadme(richInput(), { sections: [] })), 'h2')).toEqual(H2);
  });
});

describe('parseSections', () => {
  it('defaults to all sections', () => {
    expect(parseSections(undefined)).toEqual(README_SECTIONS);
    expect(parseSections('  ')).toEqual(README_SECTIONS);
    expect(parseSections('all')).toEqual(README_SECTIONS);
    expect(parseSections('overview, ALL')).toEqual(README_SECTIONS);
  });

  it('parses lists in any case and separator, deduplicated, in README order', () => {
    expect(parseSections('challenges, overview')).toEqual(['overview', 'challenges']);
    expect(parseSections('Takeaways;tech  pairs,challenges,challenges')).toEqual([
      'technologies',
      'challenges',
      'takeaways',
      'collaboration',
    ]);
  });

  it('rejects unknown names and lists the valid ones', () => {
    expect(() => parseSections('overview, bogus')).toThrow(
      /Unknown README section "bogus".*overview, technologies, concepts, challenges, takeaways, collaboration/,
    );
    expect(() => parseSections('x y')).toThrow(/sections "x", "y"/);
  });
});

describe('escapeGithubMarkdown', () => {
  it('escapes inline and line-start markdown, pipes and newlines', () => {
    expect(escapeGithubMarkdown('**a** _b_ `c` [d](e) <f> | g')).toBe(
      '\\*\\*a\\*\\* \\_b\\_ \\`c\\` \\[d\\](e) \\<f\\> \\| g',
    );
    expect(escapeGithubMarkdown('# h\nnext')).toBe('\\# h next');
    expect(escapeGithubMarkdown('- item')).toBe('\\- item');
    expect(escapeGithubMarkdown('12. item')).toBe('12\\. item');
    expect(escapeGithubMarkdown('&amp; & x')).toBe('\\&amp; & x');
    expect(escapeGithubMarkdown('@everyone')).toBe('@everyone');
  });

  it('renders back to exactly the input text', () => {
    const samples = [
      '**bold** _it_ ~~s~~ `c`',
      '<script>alert(1)</script>',
      '[l](javascript:alert(1))',
      '# not a heading',
      '1) x',
      '$a$ \\ end\\',
      '&lt; &#60;',
    ];
    for (const s of samples) {
      const html = marked.parseInline(escapeGithubMarkdown(s), { async: false });
      expect(decode(html)).toBe(s);
    }
  });

  it('only turns http(s) URLs into hrefs, encoded', () => {
    expect(safeHttpUrl('javascript:alert(1)')).toBeNull();
    expect(safeHttpUrl('ftp://x')).toBeNull();
    expect(safeHttpUrl('not a url')).toBeNull();
    expect(safeHttpUrl('https://example.com/a_(b)')).toBe('https://example.com/a_%28b%29');
    expect(safeHttpUrl('https://example.com/x|y`z')).toBe('https://example.com/x%7Cy%60z');
  });
});

describe('readmePreview', () => {
  it('summarises counts per section within the Discord limit', () => {
    const p = readmePreview(richInput());
    expect(p).toContain('**alx-project-nexus — Ada Obi**');
    expect(p).toContain('**Challenges & solutions**: 4 solved, 2 open');
    expect(p).toContain('**Collaboration**: 2 pairings (1 ended)');
    expect(p).toContain('**Overview**: 2 projects (Messaging App, ALX Travel App)');
    expect(p.length).toBeLessThanOrEqual(1800);
  });

  it('stays short, escaped and mention-free for hostile or huge input', () => {
    const input = hostileInput();
    input.projects = Array.from({ length: 200 }, (_, i) => ({
      ...input.projects[0]!,
      name: `P${i} ${'y'.repeat(500)}`,
    }));
    input.learner.stack = Array.from({ length: 300 }, (_, i) => `tech${i}`);
    const p = readmePreview(input);
    expect(p.length).toBeLessThanOrEqual(1800);
    expect(p).not.toMatch(/@everyone|@here/);
    expect(p).not.toMatch(/(?<!\\)<(script|img)/);
  });

  it('names the commands when there is nothing yet', () => {
    const p = readmePreview(emptyInput(), { sections: ['challenges', 'takeaways'] });
    expect(p).toContain('`/challenge log`');
    expect(p).toContain('`/takeaway add`');
    expect(p).not.toContain('Overview');
  });
});
