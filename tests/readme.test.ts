import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { marked } from 'marked';
import { describe, expect, it } from 'vitest';
import {
  MAX_TECHNOLOGIES,
  README_SECTIONS,
  buildReadme,
  collectLearnings,
  escapeGithubMarkdown,
  learnerTrack,
  nexusRepositoryUrl,
  parseSections,
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

/** A backend learner with several solved challenges, code pasted in some of them. */
function backendInput(): ReadmeInput {
  return {
    learner: {
      name: 'Ada Obi',
      role: 'backend',
      timezone: 'Africa/Lagos',
      stack: ['python', 'django', 'postgres', 'docker'],
    },
    nexusChannel: null,
    projects: [
      {
        name: 'Messaging App',
        summary: 'A real-time chat API.\nJWT auth, conversations and messages with nested routes.',
        stack: ['django', 'django-rest-framework', 'jwt', 'postgres', 'websockets'],
        repoUrl: 'https://github.com/adaobi/alx-backend-python',
        role: 'backend',
        status: 'archived',
        createdAt: d('2025-01-06'),
      },
      {
        name: 'ALX Travel App',
        summary: 'Listings, bookings and payments with Chapa; booking emails sent by Celery workers',
        stack: [
          'django',
          'django-rest-framework',
          'celery',
          'rabbitmq',
          'postgres',
          'docker',
          'github-actions',
          'swagger',
        ],
        repoUrl: 'https://github.com/adaobi/alx_travel_app_0x03',
        role: 'backend',
        status: 'active',
        createdAt: d('2025-02-03'),
      },
    ],
    challenges: [
      {
        id: 11,
        title: 'N+1 queries on the listings endpoint',
        problem: 'GET /api/listings/ ran 200 queries for 100 listings.',
        solution:
          'Used `select_related("host")` and `prefetch_related("reviews")`, then added an index on listing.city.',
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
        solution:
          'Configured SIMPLE_JWT lifetimes and rotated refresh tokens:\n```python\nSIMPLE_JWT = {\n    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=30),\n    "ROTATE_REFRESH_TOKENS": True,\n}\n```',
        tags: ['jwt', 'authentication', 'django'],
        status: 'solved',
        createdAt: d('2025-01-10'),
        solvedAt: d('2025-01-12'),
        helpedCount: 1,
      },
      {
        id: 15,
        title: 'Celery tasks stay pending in Docker',
        problem:
          'The worker starts but tasks never run. `docker compose logs worker` shows:\n```\nConsumer: Cannot connect to amqp://guest:**@localhost:5672//\n```',
        solution:
          'Inside Compose the broker host is the service name, not localhost:\n```python\nCELERY_BROKER_URL = "amqp://guest:guest@rabbitmq:5672//"\n```\nThen rebuild with `docker compose up --build`.',
        tags: ['celery', 'rabbitmq', 'docker'],
        status: 'solved',
        createdAt: d('2025-02-10'),
        solvedAt: d('2025-02-11'),
        helpedCount: 0,
      },
      {
        id: 17,
        title: 'Breaking mobile clients when renaming a field',
        problem: 'Renaming price to price_per_night broke the app',
        solution: 'Introduced /api/v2/ with URLPathVersioning and kept v1 until every client had moved',
        tags: ['django-rest-framework', 'versioning'],
        status: 'solved',
        createdAt: d('2025-02-13'),
        solvedAt: d('2025-02-16'),
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
    ],
    takeaways: [
      { text: 'Write the test that reproduces a bug before fixing it.', tags: ['testing'], createdAt: d('2025-02-15') },
      {
        text: 'Keep secrets in environment variables, never in the repo.',
        tags: ['security'],
        createdAt: d('2025-01-20'),
      },
      {
        text: 'Read the query plan (`EXPLAIN ANALYZE`) before adding an index.',
        tags: ['postgres', 'indexing'],
        createdAt: d('2025-02-08'),
      },
    ],
    pairs: [
      {
        partnerName: 'Bola Ade',
        partnerRole: 'frontend',
        projectName: 'ALX Travel App',
        startedAt: d('2025-02-04'),
        endedAt: null,
      },
      { partnerName: null, projectName: 'Messaging App', startedAt: d('2025-01-08'), endedAt: d('2025-01-25') },
    ],
    generatedAt: d('2025-03-01'),
  };
}

/** A frontend learner: Next.js, TypeScript, a solved hydration bug, a backend partner. */
function frontendInput(): ReadmeInput {
  return {
    learner: {
      name: 'Bola Ade',
      role: 'frontend',
      timezone: 'Europe/Berlin',
      stack: ['nextjs', 'typescript', 'react'],
    },
    nexusChannel: null,
    projects: [
      {
        name: 'ALX Travel App',
        summary: 'Booking UI for the travel app: listings, filters and checkout.',
        stack: ['nextjs', 'typescript', 'tailwindcss', 'react-query'],
        repoUrl: 'https://github.com/bolaade/alx-listing-app',
        role: 'frontend',
        status: 'active',
        createdAt: d('2025-02-02'),
      },
    ],
    challenges: [
      {
        id: 30,
        title: 'Hydration mismatch in Next.js',
        problem: 'The booking date rendered differently on the server and in the browser.',
        solution: 'Rendered the date on the client only, in a `useEffect`.',
        tags: ['nextjs', 'react', 'ssr'],
        status: 'solved',
        createdAt: d('2025-02-09'),
        solvedAt: d('2025-02-10'),
        helpedCount: 2,
      },
      {
        id: 31,
        title: 'Images overflow on small phones',
        problem: 'Listing cards broke the layout below 360px.',
        solution: 'Switched the grid to `grid-cols-1 sm:grid-cols-2` and gave images `w-full h-auto`.',
        tags: ['tailwind', 'responsive design'],
        status: 'solved',
        createdAt: d('2025-02-11'),
        solvedAt: d('2025-02-11'),
        helpedCount: 0,
      },
    ],
    takeaways: [
      { text: 'Design mobile-first, then widen.', tags: ['responsive-design'], createdAt: d('2025-02-12') },
      { text: 'Type API responses once and share the types.', tags: ['typescript'], createdAt: d('2025-02-13') },
    ],
    pairs: [
      {
        partnerName: 'Ada Obi',
        partnerRole: 'backend',
        projectName: 'ALX Travel App',
        startedAt: d('2025-02-04'),
        endedAt: null,
      },
    ],
    generatedAt: d('2025-03-01'),
  };
}

/** A learner with almost nothing logged. */
function sparseInput(): ReadmeInput {
  return {
    learner: { name: 'New Learner', role: null, timezone: null, stack: [] },
    nexusChannel: null,
    projects: [],
    challenges: [
      {
        id: 1,
        title: 'Docker will not start',
        problem: 'x',
        solution: null,
        tags: [],
        status: 'open',
        createdAt: d('2025-02-20'),
        solvedAt: null,
        helpedCount: 0,
      },
    ],
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
        problem: `${HOSTILE}\n# heading\n| x | y |\n\`@here\` \`<img src=x>\``,
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
        solution: 'A fence that never closes:\n```html\n<script>alert(1)</script>\n## not a heading\n- not an item',
        tags: [],
        status: 'solved',
        createdAt: d('2025-01-05'),
        solvedAt: d('2025-01-06'),
        helpedCount: 0,
      },
      {
        id: 3,
        title: 'Backticks ```everywhere',
        problem: '````\n```\nnested fences\n```\n````\nand `` a ` b `` and \\`escaped\\`',
        solution: '<details><summary>x</summary>y</details> http://x.example/\\<b>bold</b> **done**',
        tags: [],
        status: 'solved',
        createdAt: d('2025-01-07'),
        solvedAt: d('2025-01-08'),
        helpedCount: 0,
      },
    ],
    takeaways: [
      { text: `<script>alert(1)</script>\n- not a list\n${'x'.repeat(3000)}`, tags: ['|'], createdAt: d('2025-01-06') },
      { text: '```\n@everyone in code\n```', tags: [], createdAt: d('2025-01-07') },
    ],
    pairs: [
      {
        partnerName: '<@123456789012345678> @here **Eve**',
        partnerRole: 'frontend',
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

function rowsOf(table: string): string[][] {
  return [...table.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => tagTexts(m[1] ?? '', 't[dh]'));
}

/** The markdown lines of one "## Heading" section (up to the next "## " or "---"). */
function section(md: string, heading: string): string[] {
  const lines = md.split('\n');
  const at = lines.indexOf(`## ${heading}`);
  expect(at, heading).toBeGreaterThanOrEqual(0);
  const out: string[] = [];
  for (const l of lines.slice(at + 1)) {
    if (l.startsWith('## ') || l === '---') break;
    out.push(l);
  }
  return out;
}

const BACKEND_H2 = [
  'Project Objective',
  'Overview of the ProDev Backend Engineering Program',
  'Major Learnings',
  'Challenges & Solutions',
  'Best Practices & Takeaways',
  'Collaboration Hub',
];

/** No markup but the README's own: its headings, lists, bold labels, code, one rule and http(s) links. */
function assertSafeHtml(html: string): void {
  const tags = new Set([...html.matchAll(/<([a-z0-9]+)[\s>]/g)].map((m) => m[1]));
  for (const t of tags) {
    expect([
      'h1',
      'h2',
      'h3',
      'p',
      'ul',
      'li',
      'strong',
      'em',
      'code',
      'pre',
      'br',
      'a',
      'hr',
      'table',
      'thead',
      'tbody',
      'tr',
      'th',
      'td',
    ]).toContain(t);
  }
  expect(html.match(/<hr>/g)?.length ?? 0).toBeLessThanOrEqual(1);
  expect(html).not.toMatch(/href="\s*javascript:/i);
  expect(html).not.toMatch(/src="/i);
  for (const m of html.matchAll(/href="([^"]*)"/g)) expect(m[1]).toMatch(/^https?:\/\//);
  expect(html).not.toMatch(/@everyone|@here/);
  expect(html).not.toMatch(/<@\d/);
}

/** Rendered text outside code with no backslash: every escape was consumed by the renderer. */
function expectNoStrayEscapes(md: string): void {
  const html = render(md)
    .replace(/<pre>[\s\S]*?<\/pre>/g, '')
    .replace(/<code>[\s\S]*?<\/code>/g, '');
  expect(decode(html)).not.toMatch(/\\/);
}

describe('readme golden files', () => {
  it('backend learner', () => expectGolden('readme-backend.md', buildReadme(backendInput())));
  it('backend learner, table-style', () =>
    expectGolden('readme-backend-table.md', buildReadme(backendInput(), { format: 'table-style' })));
  it('backend learner, with review detail', () =>
    expectGolden('readme-backend-detail.md', buildReadme(backendInput(), { detail: true })));
  it('frontend learner', () => expectGolden('readme-frontend.md', buildReadme(frontendInput())));
  it('a learner with almost nothing logged', () => expectGolden('readme-sparse.md', buildReadme(sparseInput())));
  it('hostile text', () => expectGolden('readme-hostile.md', buildReadme(hostileInput())));

  it('is deterministic whatever the input order', () => {
    const a = backendInput();
    const b = backendInput();
    b.projects.reverse();
    b.challenges.reverse();
    b.takeaways.reverse();
    b.pairs.reverse();
    b.learner.stack.reverse();
    for (const opts of [{}, { format: 'table-style' as const }, { detail: true }]) {
      expect(buildReadme(b, opts)).toBe(buildReadme(a, opts));
    }
  });
});

describe('readme shape', () => {
  it('has the sections learners write, in their order, under the repository name', () => {
    const md = buildReadme(backendInput());
    const html = render(md);
    expect(tagTexts(html, 'h1')).toEqual(['alx-project-nexus']);
    expect(md.split('\n')[2]).toBe('By **Ada Obi**, ProDev Backend Engineering learner.');
    expect(tagTexts(html, 'h2')).toEqual(BACKEND_H2);
    expect(tagTexts(html, 'h3')).toEqual([
      'Key Technologies Covered',
      'Important Backend Development Concepts',
      'Collaborate With',
      'Where to Collaborate',
    ]);
    expect(section(md, 'Project Objective').filter((l) => l.startsWith('- '))).toHaveLength(4);
    // The last line links the learner's alx-project-nexus repository.
    expect(md.trimEnd().split('\n').at(-1)).toBe(
      'Repository: [github.com/adaobi/alx-project-nexus](https://github.com/adaobi/alx-project-nexus)',
    );
    assertSafeHtml(html);
  });

  it('writes every technology as **Name**: what it is for, with proper names', () => {
    for (const input of [backendInput(), frontendInput()]) {
      const lines = section(buildReadme(input), 'Major Learnings');
      const start = lines.indexOf('### Key Technologies Covered');
      const end = lines.findIndex((l, i) => i > start && l.startsWith('### '));
      const bullets = lines.slice(start + 1, end < 0 ? undefined : end).filter((l) => l.startsWith('- '));
      expect(bullets.length).toBeGreaterThan(2);
      for (const b of bullets) expect(b).toMatch(/^- \*\*[^*]+\*\*: [A-Z][^*]{10,}\.$/);
      // Concepts the same way.
      const concepts = lines.slice(end + 1).filter((l) => l.startsWith('- '));
      expect(concepts.length).toBeGreaterThan(0);
      for (const b of concepts) expect(b).toMatch(/^- \*\*[^*]+\*\*: [A-Z][^*]{10,}\.$/);
    }
    const md = buildReadme(backendInput());
    for (const name of ['PostgreSQL', 'Django REST Framework', 'GitHub Actions', 'JWT', 'Celery', 'RabbitMQ']) {
      expect(md).toContain(`- **${name}**: `);
    }
    expect(md).toContain('- **Django**: Web framework for rapid backend development.');
    expect(md).toContain('- **API Versioning**: ');
    expect(md).toContain('- **Database Design**: Schema design, normalization, indexing, and relationships.');
    expect(md).not.toMatch(/\*\*(postgres|versioning|django-rest-framework|github-actions)\*\*/);
    // No counts, no machine notes, no dates in the default format.
    expect(md).not.toMatch(/\d+ uses?\b|\(via |_Where:_|_From:_|20\d\d-\d\d-\d\d/);
  });

  it('renders with no stray escapes and keeps pasted code as code', () => {
    for (const input of [backendInput(), frontendInput(), sparseInput()]) {
      const md = buildReadme(input);
      expectNoStrayEscapes(md);
      expect(md).not.toMatch(/\\`|\\#|\\_/);
    }
    const html = render(buildReadme(backendInput()));
    expect(html).toContain('<code>docker compose logs worker</code>');
    expect(html).toContain('<code>select_related(&quot;host&quot;)</code>');
    expect(html).toContain(
      '<pre><code class="language-python">CELERY_BROKER_URL = &quot;amqp://guest:guest@rabbitmq:5672//&quot;\n</code></pre>',
    );
    expect(html).toContain('<pre><code>Consumer: Cannot connect to amqp://guest:**@localhost:5672//\n</code></pre>');
    expect(html).toContain('    &quot;ACCESS_TOKEN_LIFETIME&quot;: timedelta(minutes=30),');
    expect(html).toMatch(
      /<li><strong>Solution<\/strong>: Inside Compose the broker host is the service name, not localhost:<pre><code class="language-python">/,
    );
    expect(html).toContain('<code>EXPLAIN ANALYZE</code>');
  });

  it('writes challenges as Challenge / nested Solution, solved ones with a write-up only', () => {
    const md = buildReadme(backendInput());
    const lines = section(md, 'Challenges & Solutions');
    const challenges = lines.filter((l) => l.startsWith('- **Challenge**: '));
    expect(challenges.map((l) => l.replace(/\. .*/, ''))).toEqual([
      '- **Challenge**: JWT refresh tokens expiring early',
      '- **Challenge**: N+1 queries on the listings endpoint',
      '- **Challenge**: Celery tasks stay pending in Docker',
      '- **Challenge**: Breaking mobile clients when renaming a field',
    ]);
    expect(lines.filter((l) => l.startsWith('  - **Solution**: '))).toHaveLength(4);
    expect(md).toContain(
      '  - **Solution**: Introduced /api/v2/ with URLPathVersioning and kept v1 until every client had moved.',
    );
    // Solved without a write-up, or still open: not in the submitted README.
    expect(md).not.toContain('Flaky tests in CI');
    expect(md).not.toContain('Caching listings with Redis');
    expect(md).toContain('Fellow learners who hit the same problems marked these solutions as helpful 4 times.');
  });

  it('keeps the table style for learners who use it', () => {
    const md = buildReadme(backendInput(), { format: 'table-style' });
    const html = render(md);
    expect(tagTexts(html, 'h2')).toEqual(BACKEND_H2);
    const [table, ...more] = tables(html);
    expect(more).toHaveLength(0);
    const rows = rowsOf(table ?? '');
    expect(rows[0]).toEqual(['Challenge', 'Solution']);
    expect(rows).toHaveLength(5);
    for (const r of rows) expect(r).toHaveLength(2);
    expect(rows[1]?.[0]).toBe(
      'JWT refresh tokens expiring early: Users were logged out after five minutes. The refresh endpoint returned 401.',
    );
    expect(table).toContain('<code>SIMPLE_JWT = { &quot;ACCESS_TOKEN_LIFETIME&quot;');
    expect(rows[3]?.[1]).toContain('docker compose up --build');
    expectNoStrayEscapes(md);
  });

  it('speaks of the program of the learner’s role: frontend, backend or both', () => {
    const fe = buildReadme(frontendInput());
    expect(tagTexts(render(fe), 'h2')).toEqual([
      'Project Objective',
      'Overview of the ProDev Frontend Engineering Program',
      'Major Learnings',
      'Challenges & Solutions',
      'Best Practices & Takeaways',
      'Collaboration Hub',
    ]);
    expect(fe).toContain('- Consolidate key learnings from the ProDev Frontend Engineering program.');
    expect(fe).toContain('### Important Frontend Development Concepts');
    expect(fe).not.toMatch(/Backend Engineering program/i);
    expect(fe).toContain('- Paired with **Ada Obi** (backend learner) on **ALX Travel App**.');

    const full = frontendInput();
    full.learner.role = 'fullstack';
    const fs = buildReadme(full);
    expect(fs).toContain('## Overview of the ProDev Backend and Frontend Engineering Programs');
    expect(fs).toContain('- Consolidate key learnings from the ProDev Backend and Frontend Engineering programs.');

    // Without a role, the stack decides; a stack that does not lean is backend, the program of this channel.
    const noRole = frontendInput();
    noRole.learner.role = null;
    expect(learnerTrack(noRole)).toBe('frontend');
    expect(learnerTrack(sparseInput())).toBe('backend');
  });

  it('leaves out what has nothing in it and claims nothing that did not happen', () => {
    const md = buildReadme(sparseInput());
    const html = render(md);
    expect(tagTexts(html, 'h2')).toEqual([
      'Project Objective',
      'Overview of the ProDev Backend Engineering Program',
      'Collaboration Hub',
    ]);
    expect(md).toContain('By **New Learner**.');
    expect(md).not.toMatch(
      /Paired with|I shared|helped|I worked on|Repository:|\/(challenge|takeaway|pair|profile|project)\b/,
    );
    // Where to collaborate and the tip are advice, not claims: they stay.
    expect(md).toContain('### Where to Collaborate');
    expect(md).toContain('**ProDev Tip**: Use the first week to communicate your project');
    assertSafeHtml(html);
  });

  it('says "helpful" in the right number: one solution or several, one mark or several', () => {
    const solved = (id: number, helpedCount: number) => ({
      id,
      title: `Problem ${id}`,
      problem: 'It broke.',
      solution: 'Fixed it.',
      tags: [],
      status: 'solved' as const,
      createdAt: new Date('2026-11-02T10:00:00Z'),
      solvedAt: new Date('2026-11-03T10:00:00Z'),
      helpedCount,
    });
    const say = (...challenges: Array<ReturnType<typeof solved>>) => buildReadme({ ...sparseInput(), challenges });
    expect(say(solved(1, 1))).toContain('A fellow learner who hit the same problem marked this solution as helpful.');
    expect(say(solved(1, 2))).toContain(
      'Fellow learners who hit the same problem marked this solution as helpful twice.',
    );
    expect(say(solved(1, 1), solved(2, 0))).toContain(
      'A fellow learner who hit the same problem marked one of these solutions as helpful.',
    );
    expect(say(solved(1, 3), solved(2, 1))).toContain(
      'Fellow learners who hit the same problems marked these solutions as helpful 4 times.',
    );
    expect(say(solved(1, 0))).not.toMatch(/helpful/);
  });

  it('names the channel as the program spells it, unescaped', () => {
    const md = buildReadme(backendInput());
    expect(md).toContain(
      '- **Discord**: #ProDevProjectNexus, the channel where ProDev learners share project ideas, find collaborators, ask questions and get help.',
    );
    expect(md).not.toContain('\\#');
    expect(md).not.toMatch(/prodevprojectnexus/);
  });

  it('never names a forgotten partner', () => {
    const md = buildReadme(backendInput());
    expect(md).toContain('- Paired with **Bola Ade** (frontend learner) on **ALX Travel App**.');
    expect(md).toContain('- Paired with a fellow learner on **Messaging App**.');
    expect(md).not.toMatch(/null|undefined|NaN/);
  });

  it('detail keeps where-from notes, tags, dates and unfinished challenges for the learner’s review', () => {
    const md = buildReadme(backendInput(), { detail: true });
    expect(md).toContain('  - _From:_ profile stack; **Messaging App**, **ALX Travel App**; 1 challenge; 1 takeaway');
    expect(md).toContain('  - _Logged 2025-02-05, solved 2025-02-07; tags: django, postgres, indexing_');
    expect(md).toContain('Flaky tests in CI');
    expect(md).toContain('Caching listings with Redis');
    expect(md).toContain('  - _2025-01-20; tags: security_');
    expect(md).toContain('_Generated by Nexus on 2025-03-01._');
    expect(md).toContain(
      '- Paired with **Bola Ade** (frontend learner) on **ALX Travel App** _(2025-02-04, ongoing)_.',
    );
    expectNoStrayEscapes(md);
  });

  it('renders only the selected sections, in README order', () => {
    const md = buildReadme(backendInput(), { sections: ['collaboration', 'objective'] });
    expect(tagTexts(render(md), 'h2')).toEqual(['Project Objective', 'Collaboration Hub']);
    expect(tagTexts(render(buildReadme(backendInput(), { sections: [] })), 'h2')).toEqual(BACKEND_H2);
  });
});

describe('readme learnings', () => {
  it('folds spellings, keeps concepts out of technologies, and caps the list', () => {
    const l = collectLearnings(backendInput());
    const techs = l.technologies.map((t) => t.name);
    expect(techs.slice(0, 4)).toEqual(['Python', 'Django', 'Django REST Framework', 'PostgreSQL']);
    expect(techs).not.toContain('Testing');
    expect(l.concepts.map((c) => c.name)).toEqual(
      expect.arrayContaining(['Database Design', 'Caching', 'API Versioning', 'Authentication', 'Asynchronous Tasks']),
    );
    const big = backendInput();
    big.learner.stack = Array.from({ length: 40 }, (_, i) => `lib-${i}`);
    expect(collectLearnings(big).technologies).toHaveLength(MAX_TECHNOLOGIES);
  });

  it('keeps an unknown stack tag in the learner’s spelling, says where it was used, and ignores unknown challenge tags', () => {
    const input = sparseInput();
    input.projects = [
      {
        name: 'Job Board',
        summary: 'Jobs API',
        stack: ['drf-spectacular', 'django'],
        repoUrl: null,
        role: 'backend',
        status: 'active',
        createdAt: d('2025-02-01'),
      },
    ];
    input.challenges[0]!.tags = ['urgent', 'help'];
    const md = buildReadme(input);
    expect(md).toContain('- **drf-spectacular**: Used in Job Board.');
    expect(md).not.toMatch(/\*\*(urgent|help)\*\*/);
  });
});

describe('readme hostile input', () => {
  it('keeps hostile text literal: no HTML, no injected links, headings, list items or table cells', () => {
    for (const format of ['markdown', 'table-style'] as const) {
      for (const detail of [false, true]) {
        const md = buildReadme(hostileInput(), { format, detail });
        const html = render(md);
        assertSafeHtml(html);
        expect(tagTexts(html, 'h1')).toEqual(['alx-project-nexus']);
        expect(tagTexts(html, 'h2')).toEqual(BACKEND_H2);
        expect(tagTexts(html, 'h3')).toEqual(['Key Technologies Covered', 'Collaborate With', 'Where to Collaborate']);
        expect(html).not.toMatch(/<(strong|em)>(bold|tick|t|Eve|Mallory|done)</);
        expect(decode(html)).toContain('[link](javascript:alert(1))');
        expect(decode(html)).toContain('&lt;script&gt; &#60;b&#62; $x^2$ ~~strike~~');
        expect(decode(html)).toContain('<@\u200b123456789012345678> @\u200bhere **Eve**');
        // The unclosed fence stays inside its solution: what follows is still the README's own structure.
        if (format === 'markdown') {
          expect(html).toContain(
            '<pre><code class="language-html">&lt;script&gt;alert(1)&lt;/script&gt;\n## not a heading\n- not an item\n</code></pre>',
          );
          expect(html).toContain('<pre><code>```\nnested fences\n```\n</code></pre>');
        } else {
          expect(html).toContain('<code>&lt;script&gt;alert(1)&lt;/script&gt; ## not a heading - not an item</code>');
        }
        expect(tagTexts(html, 'h2').at(-1)).toBe('Collaboration Hub');
        for (const t of tables(html)) {
          const rows = rowsOf(t);
          for (const r of rows) expect(r).toHaveLength(2);
          expect(rows).toHaveLength(4);
        }
        expect(md).not.toContain('\u0000');
      }
    }
  });
});

describe('repository link', () => {
  it('links a project named alx-project-nexus, else the one GitHub account all projects live in', () => {
    const input = backendInput();
    expect(nexusRepositoryUrl(input)).toBe('https://github.com/adaobi/alx-project-nexus');
    input.projects[0]!.repoUrl = 'https://github.com/someone-else/fork';
    expect(nexusRepositoryUrl(input)).toBeNull();
    input.projects[1]!.repoUrl = 'https://github.com/AdaObi/alx-project-nexus.git';
    expect(nexusRepositoryUrl(input)).toBe('https://github.com/AdaObi/alx-project-nexus');
    expect(nexusRepositoryUrl(sparseInput())).toBeNull();
    const md = buildReadme({ ...input, projects: [] });
    expect(md.trimEnd().split('\n').at(-1)).toBe(
      '_alx-project-nexus: my learning notes from the ALX ProDev Backend Engineering program._',
    );
  });

  it('only turns http(s) URLs into hrefs, encoded', () => {
    expect(safeHttpUrl('javascript:alert(1)')).toBeNull();
    expect(safeHttpUrl('ftp://x')).toBeNull();
    expect(safeHttpUrl('not a url')).toBeNull();
    expect(safeHttpUrl('https://example.com/a_(b)')).toBe('https://example.com/a_%28b%29');
    expect(safeHttpUrl('https://example.com/x|y`z')).toBe('https://example.com/x%7Cy%60z');
  });
});

describe('parseSections', () => {
  it('defaults to all sections', () => {
    expect(parseSections(undefined)).toEqual(README_SECTIONS);
    expect(parseSections('  ')).toEqual(README_SECTIONS);
    expect(parseSections('all')).toEqual(README_SECTIONS);
    expect(parseSections('overview, ALL')).toEqual(README_SECTIONS);
  });

  it('parses the heading names and the old names, in README order', () => {
    expect(parseSections('collaboration, objective')).toEqual(['objective', 'collaboration']);
    expect(parseSections('Takeaways;technologies  pairs,challenges,concepts')).toEqual([
      'learnings',
      'challenges',
      'takeaways',
      'collaboration',
    ]);
  });

  it('rejects unknown names and lists the valid ones', () => {
    expect(() => parseSections('overview, bogus')).toThrow(
      /Unknown README section "bogus".*objective, overview, learnings, challenges, takeaways, collaboration/,
    );
    expect(() => parseSections('x y')).toThrow(/sections "x", "y"/);
  });
});

describe('escapeGithubMarkdown', () => {
  it('escapes what would be markdown, keeps inline code, one line', () => {
    expect(escapeGithubMarkdown('**a** _b_ `c` [d](e) <f> | g')).toBe(
      '\\*\\*a\\*\\* \\_b\\_ `c` \\[d\\](e) \\<f> \\| g',
    );
    expect(escapeGithubMarkdown('# h\nnext')).toBe('\\# h next');
    expect(escapeGithubMarkdown('snake_case - ok')).toBe('snake_case - ok');
  });

  it('renders back to exactly the input text', () => {
    for (const s of [
      '**bold** _it_ ~~s~~',
      '<script>alert(1)</script>',
      '[l](javascript:alert(1))',
      '# not a heading',
      '1) x',
      '$a$ \\ end\\',
      '&lt; &#60;',
    ]) {
      const html = marked.parse(escapeGithubMarkdown(s), { async: false });
      expect(decode(html)).toBe(s);
    }
  });
});

describe('readmePreview', () => {
  it('says what each section holds within the Discord limit', () => {
    const p = readmePreview(backendInput());
    expect(p).toContain('**alx-project-nexus** README of Ada Obi');
    expect(p).toContain('• **Challenges & Solutions**: 4 challenges with solutions');
    expect(p).toContain('• **Collaboration Hub**: 2 pairings + where to collaborate');
    expect(p).toContain('• **Overview**: the program + 2 projects (Messaging App, ALX Travel App)');
    expect(p).toContain(
      '• **Challenges & Solutions**: 1 solved challenge without a written solution and 1 still open left out until solved with `/challenge solve`',
    );
    expect(p.length).toBeLessThanOrEqual(1800);
  });

  it('names the commands that would fill what is left out', () => {
    const p = readmePreview(sparseInput());
    expect(p).toContain('• **Major Learnings** (not in the README yet): your stack with `/profile set`');
    expect(p).toContain('• **Best Practices & Takeaways** (not in the README yet): `/takeaway add`');
    expect(p).toContain('• **Collaboration Hub**: your partners: `/pair find`');
    const only = readmePreview(sparseInput(), { sections: ['takeaways'] });
    expect(only).not.toContain('Overview');
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
});
