// Builds a learner's "alx-project-nexus" README.md from what Nexus already knows about them.
// Pure and deterministic: no clock, no locale-dependent sorting, dates as YYYY-MM-DD in UTC.
// Every piece of user text goes through escapeGithubMarkdown / escapeBlock, so the file renders
// literally on GitHub: no raw HTML, no injected links or headings, no broken tables.
import type { Role } from '../db/schema.js';
import { escapeMarkdown, normalizeTag, oneLine, truncate } from './text.js';

export type ReadmeSection = 'overview' | 'technologies' | 'concepts' | 'challenges' | 'takeaways' | 'collaboration';

export const README_SECTIONS: readonly ReadmeSection[] = Object.freeze([
  'overview',
  'technologies',
  'concepts',
  'challenges',
  'takeaways',
  'collaboration',
] as const);

export interface ReadmeInput {
  learner: { name: string; role: Role | null; timezone: string | null; stack: string[] };
  guildName: string | null;
  /** e.g. "#prodevprojectnexus" or null */
  nexusChannel: string | null;
  projects: Array<{
    name: string;
    summary: string;
    stack: string[];
    repoUrl: string | null;
    role: Role | null;
    status: 'active' | 'archived';
    createdAt: Date;
  }>;
  challenges: Array<{
    id: number;
    title: string;
    problem: string;
    solution: string | null;
    tags: string[];
    status: 'open' | 'solved';
    createdAt: Date;
    solvedAt: Date | null;
    helpedCount: number;
  }>;
  takeaways: Array<{ text: string; tags: string[]; createdAt: Date }>;
  /** partnerName null = the partner left or asked to be forgotten: no name is ever printed then. */
  pairs: Array<{ partnerName: string | null; projectName: string | null; startedAt: Date; endedAt: Date | null }>;
  generatedAt: Date;
}

export interface ReadmeOptions {
  /** Sections to include (always rendered in README_SECTIONS order). Missing or empty = all. */
  sections?: ReadmeSection[];
  /** 'table-style' renders challenges, technologies and pairs as tables. Default 'markdown'. */
  format?: 'markdown' | 'table-style';
}

export const SECTION_TITLES: Readonly<Record<ReadmeSection, string>> = Object.freeze({
  overview: 'Overview',
  technologies: 'Key technologies',
  concepts: 'Important backend concepts',
  challenges: 'Challenges & solutions',
  takeaways: 'Best practices & takeaways',
  collaboration: 'Collaboration',
});

// ---------------------------------------------------------------------------------------------
// Escaping

/** Characters that are markdown (or GitHub extensions: ~ strikethrough, $ math, | tables) anywhere in a line. */
const GITHUB_SPECIALS = /([\\`*_~[\]<>|#$])/g;
/** "&amp;" / "&#60;" would be decoded as entities; escape the ampersand so they show literally. */
const ENTITY_LIKE = /&(?=#?[a-z0-9]+;)/gi;
/** Block markers that only mean something at the start of a line (after escaping the always-special ones). */
const LINE_START = /^([-+=]|\d+(?=[.)]))/;

function escapeLine(line: string): string {
  const escaped = line.replace(GITHUB_SPECIALS, '\\$1').replace(ENTITY_LIKE, '\\&');
  const m = LINE_START.exec(escaped);
  if (!m) return escaped;
  // "1." / "2)" → "1\." ; "-", "+", "=" → "\-"
  if (/^\d/.test(m[0])) return m[0] + '\\' + escaped.slice(m[0].length);
  return '\\' + escaped;
}

/**
 * Escapes Markdown special characters in user text so it renders literally on GitHub, as one line:
 * newlines and control characters collapse to spaces, so the result is also safe inside table cells
 * (pipes are escaped), headings, bold text and list items.
 */
export function escapeGithubMarkdown(text: string): string {
  return escapeLine(oneLine(text));
}

/** One-line user text, shortened before escaping (so an escape is never cut in half). */
function inline(text: string, max: number, fallback = ''): string {
  const t = oneLine(text);
  return escapeLine(truncate(t.length > 0 ? t : fallback, max));
}

/**
 * Multi-line user text (problems, solutions, takeaways): each line escaped on its own, blank lines
 * dropped, lines joined by a hard break (trailing backslash) and indented to stay inside a list item.
 */
function escapeBlock(text: string, max: number, indent: string): string {
  const lines = truncate(text.replace(/\r\n?/g, '\n').trim(), max)
    .split('\n')
    .map((l) => oneLine(l))
    .filter((l) => l.length > 0)
    .map(escapeLine);
  return lines.join('\\\n' + indent);
}

// ---------------------------------------------------------------------------------------------
// Small helpers

function isoDate(d: Date | null | undefined): string {
  if (!(d instanceof Date) || Number.isNaN(d.getTime())) return 'unknown date';
  return d.toISOString().slice(0, 10);
}

function time(d: Date | null | undefined): number {
  return d instanceof Date && !Number.isNaN(d.getTime()) ? d.getTime() : Number.POSITIVE_INFINITY;
}

/** Locale-independent comparison, so output never depends on the machine's ICU data. */
function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function plural(n: number, one: string, many = one + 's'): string {
  return `${n} ${n === 1 ? one : many}`;
}

const ROLE_LABELS: Record<Role, string> = { backend: 'Backend', frontend: 'Frontend', fullstack: 'Full-stack' };

function roleLabel(role: Role | null): string | null {
  return role ? (ROLE_LABELS[role] ?? escapeGithubMarkdown(String(role))) : null;
}

/** Only absolute http(s) URLs become links; the href is percent-encoded so it cannot break out of "(...)". */
export function safeHttpUrl(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const t = raw.trim();
  if (!/^https?:\/\//i.test(t) || t.length > 2000) return null;
  let url: URL;
  try {
    url = new URL(t);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  return url.href.replace(
    /[()<>\s"'\\`|[\]]/g,
    (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0'),
  );
}

function cleanTags(tags: readonly string[]): string[] {
  const out: string[] = [];
  for (const raw of tags) {
    const t = normalizeTag(raw);
    if (t && !out.includes(t)) out.push(t);
  }
  return out;
}

function tagList(tags: readonly string[], max = 8): string {
  const clean = cleanTags(tags);
  const shown = clean.slice(0, max).map((t) => inline(t, 40));
  if (clean.length > max) shown.push(`+${clean.length - max} more`);
  return shown.join(', ');
}

function learnerName(input: ReadmeInput): string {
  return inline(input.learner.name, 80, 'A ProDev learner');
}

// ---------------------------------------------------------------------------------------------
// Sorting (stable, deterministic)

type Project = ReadmeInput['projects'][number];
type Challenge = ReadmeInput['challenges'][number];
type Takeaway = ReadmeInput['takeaways'][number];
type Pair = ReadmeInput['pairs'][number];

function sortedProjects(input: ReadmeInput): Project[] {
  return [...input.projects].sort((a, b) => time(a.createdAt) - time(b.createdAt) || cmp(a.name, b.name));
}

function solvedChallenges(input: ReadmeInput): Challenge[] {
  return input.challenges
    .filter((c) => c.status === 'solved')
    .sort((a, b) => time(a.solvedAt ?? a.createdAt) - time(b.solvedAt ?? b.createdAt) || a.id - b.id);
}

function openChallenges(input: ReadmeInput): Challenge[] {
  return input.challenges
    .filter((c) => c.status !== 'solved')
    .sort((a, b) => time(a.createdAt) - time(b.createdAt) || a.id - b.id);
}

function sortedTakeaways(input: ReadmeInput): Takeaway[] {
  return [...input.takeaways].sort((a, b) => time(a.createdAt) - time(b.createdAt) || cmp(a.text, b.text));
}

function sortedPairs(input: ReadmeInput): Pair[] {
  return [...input.pairs].sort(
    (a, b) =>
      time(a.startedAt) - time(b.startedAt) ||
      cmp(a.projectName ?? '', b.projectName ?? '') ||
      cmp(a.partnerName ?? '', b.partnerName ?? ''),
  );
}

// ---------------------------------------------------------------------------------------------
// Technologies

export interface TechnologyUse {
  tag: string;
  total: number;
  projects: number;
  challenges: number;
  profile: boolean;
}

/** Stack tags ranked by use across projects, challenges and the profile (abstract concept words excluded). */
export function rankTechnologies(input: ReadmeInput): TechnologyUse[] {
  const uses = new Map<string, TechnologyUse>();
  const get = (tag: string): TechnologyUse => {
    let u = uses.get(tag);
    if (!u) {
      u = { tag, total: 0, projects: 0, challenges: 0, profile: false };
      uses.set(tag, u);
    }
    return u;
  };
  const keep = (tag: string) => !ABSTRACT_TERMS.has(normPhrase(tag));
  for (const t of cleanTags(input.learner.stack).filter(keep)) {
    const u = get(t);
    u.profile = true;
    u.total++;
  }
  for (const p of input.projects) {
    for (const t of cleanTags(p.stack).filter(keep)) {
      const u = get(t);
      u.projects++;
      u.total++;
    }
  }
  for (const c of input.challenges) {
    for (const t of cleanTags(c.tags).filter(keep)) {
      const u = get(t);
      u.challenges++;
      u.total++;
    }
  }
  return [...uses.values()].sort((a, b) => b.total - a.total || b.projects - a.projects || cmp(a.tag, b.tag));
}

function techWhere(u: TechnologyUse): string {
  const parts: string[] = [];
  if (u.projects > 0) parts.push(plural(u.projects, 'project'));
  if (u.challenges > 0) parts.push(plural(u.challenges, 'challenge'));
  if (u.profile) parts.push('profile');
  return parts.join(', ');
}

const MAX_TECHNOLOGIES = 20;

// ---------------------------------------------------------------------------------------------
// Concepts

interface ConceptDef {
  id: string;
  name: string;
  explanation: string;
  /** Abstract words (kept out of the technologies list). */
  terms: string[];
  /** Concrete tools that imply the concept. */
  tools: string[];
}

export const CONCEPTS: readonly ConceptDef[] = [
  {
    id: 'auth',
    name: 'Authentication & authorization',
    explanation:
      'Proving who a user is (sessions, JWTs, OAuth) and deciding what they are allowed to do (roles, permissions).',
    terms: ['authentication', 'authorization', 'auth', 'login', 'permissions', 'rbac', 'access control'],
    tools: ['jwt', 'oauth', 'oauth2', 'simplejwt', 'openid', 'passport'],
  },
  {
    id: 'caching',
    name: 'Caching',
    explanation:
      'Keeping frequently read data in fast storage such as Redis to cut latency and database load; the hard part is invalidation.',
    terms: ['caching', 'cache', 'cache invalidation'],
    tools: ['redis', 'memcached', 'varnish'],
  },
  {
    id: 'databases',
    name: 'Relational databases & data modelling',
    explanation: 'Designing schemas and relationships, normalising data and writing correct, efficient SQL.',
    terms: [
      'database',
      'databases',
      'db',
      'sql',
      'orm',
      'data modeling',
      'data modelling',
      'schema design',
      'normalization',
      'erd',
    ],
    tools: ['postgres', 'mysql', 'sqlite', 'mariadb', 'mongodb', 'sqlalchemy'],
  },
  {
    id: 'indexing',
    name: 'Indexing & query performance',
    explanation:
      'Adding the right indexes, avoiding N+1 queries and reading query plans so lookups stay fast as tables grow.',
    terms: [
      'indexing',
      'indexes',
      'indices',
      'query optimization',
      'query optimisation',
      'query performance',
      'n+1',
      'slow query',
      'query plan',
      'explain analyze',
    ],
    tools: [],
  },
  {
    id: 'migrations',
    name: 'Schema migrations',
    explanation:
      'Changing the database schema in small, versioned steps that can be applied (and rolled back) safely on every environment.',
    terms: ['migration', 'migrations', 'schema migration'],
    tools: ['alembic', 'flyway', 'liquibase'],
  },
  {
    id: 'containers',
    name: 'Containerization',
    explanation:
      'Packaging an app and its dependencies into images so it runs the same on every machine, locally and in production.',
    terms: ['containers', 'container', 'containerization', 'containerisation'],
    tools: ['docker', 'docker compose', 'dockerfile', 'kubernetes', 'podman'],
  },
  {
    id: 'ci-cd',
    name: 'CI/CD & deployment',
    explanation:
      'Running tests, builds and deployments automatically on every push so mistakes are caught before they reach users.',
    terms: [
      'ci',
      'cd',
      'ci cd',
      'cicd',
      'continuous integration',
      'continuous deployment',
      'continuous delivery',
      'pipeline',
      'deployment',
      'deploy',
    ],
    tools: ['github actions', 'gitlab ci', 'jenkins', 'circleci'],
  },
  {
    id: 'testing',
    name: 'Automated testing',
    explanation:
      'Unit and integration tests that pin behaviour down, so code can be changed and refactored with confidence.',
    terms: [
      'testing',
      'test',
      'unit test',
      'unit testing',
      'integration test',
      'integration testing',
      'tdd',
      'mocking',
    ],
    tools: ['pytest', 'unittest', 'jest', 'vitest', 'mocha', 'factory boy'],
  },
  {
    id: 'rest',
    name: 'REST API design',
    explanation:
      'Resource-oriented endpoints with the right HTTP methods and status codes, plus pagination, filtering, versioning and documentation.',
    terms: ['rest', 'rest api', 'restful', 'api', 'api design', 'endpoint', 'pagination', 'api versioning'],
    tools: ['django rest framework', 'openapi', 'swagger', 'postman'],
  },
  {
    id: 'graphql',
    name: 'GraphQL',
    explanation:
      'A typed schema where clients ask for exactly the fields they need through a single endpoint, resolved field by field.',
    terms: ['resolver', 'graphql schema'],
    tools: ['graphql', 'graphene', 'apollo', 'strawberry'],
  },
  {
    id: 'background-jobs',
    name: 'Background jobs & message queues',
    explanation:
      'Moving slow work (emails, reports, payments) out of the request cycle onto workers fed by a broker such as RabbitMQ or Redis.',
    terms: [
      'background jobs',
      'background job',
      'background tasks',
      'task queue',
      'message queue',
      'message broker',
      'queue',
      'async tasks',
      'cron',
      'scheduling',
      'scheduled tasks',
    ],
    tools: ['celery', 'rabbitmq', 'kafka', 'rq', 'sidekiq', 'celery beat'],
  },
  {
    id: 'websockets',
    name: 'Real-time communication',
    explanation: 'Keeping a two-way connection (WebSockets) open so the server can push updates to clients instantly.',
    terms: ['real time', 'realtime'],
    tools: ['websockets', 'websocket', 'socket.io', 'django channels'],
  },
  {
    id: 'security',
    name: 'Security',
    explanation:
      'Validating input, hashing passwords, configuring CORS/CSRF, rate limiting and keeping secrets out of code, following OWASP guidance.',
    terms: [
      'security',
      'cors',
      'csrf',
      'xss',
      'sql injection',
      'owasp',
      'rate limiting',
      'throttling',
      'hashing',
      'encryption',
      'input validation',
      'secrets',
    ],
    tools: ['bcrypt', 'argon2', 'helmet'],
  },
];

/** Lowercase words separated by single spaces ("GitHub-Actions" → "github actions", "CI/CD." → "ci cd"). */
function normPhrase(s: string): string {
  return oneLine(s)
    .toLowerCase()
    .replace(/[-_/,;:!?()[\]{}"'`*|<>~=]+/g, ' ')
    .split(/\s+/)
    .map((w) => w.replace(/^\.+|\.+$/g, ''))
    .filter((w) => w.length > 0)
    .join(' ');
}

const ABSTRACT_TERMS: ReadonlySet<string> = new Set(CONCEPTS.flatMap((c) => c.terms.map(normPhrase)));

interface ConceptEvidence {
  kind: 'project' | 'challenge' | 'takeaway' | 'profile';
  label: string;
}

export interface ConceptHit {
  id: string;
  name: string;
  explanation: string;
  /** Dictionary keywords that matched, sorted. */
  keywords: string[];
  evidence: ConceptEvidence[];
}

function matchKeywords(def: ConceptDef, tags: readonly string[], title: string | null): string[] {
  const found: string[] = [];
  const tagPhrases = new Set(cleanTags(tags).map(normPhrase));
  const titlePhrase = title ? ` ${normPhrase(title)} ` : '';
  for (const kw of [...def.terms, ...def.tools]) {
    const k = normPhrase(kw);
    const hit =
      tagPhrases.has(k) || (titlePhrase !== '' && (titlePhrase.includes(` ${k} `) || titlePhrase.includes(` ${k}s `)));
    if (hit && !found.includes(kw)) found.push(kw);
  }
  return found;
}

/** Backend concepts the learner met, derived from tags and challenge titles, most evidence first. */
export function deriveConcepts(input: ReadmeInput): ConceptHit[] {
  const hits: ConceptHit[] = [];
  const projects = sortedProjects(input);
  const challenges = [...solvedChallenges(input), ...openChallenges(input)];
  const takeaways = sortedTakeaways(input);
  for (const def of CONCEPTS) {
    const keywords = new Set<string>();
    const evidence: ConceptEvidence[] = [];
    const consider = (kind: ConceptEvidence['kind'], label: string, tags: readonly string[], title: string | null) => {
      const found = matchKeywords(def, tags, title);
      if (found.length === 0) return;
      found.forEach((k) => keywords.add(k));
      evidence.push({ kind, label });
    };
    for (const p of projects) consider('project', p.name, p.stack, null);
    for (const c of challenges) consider('challenge', c.title, c.tags, c.title);
    for (const t of takeaways) consider('takeaway', t.text, t.tags, null);
    consider('profile', 'profile stack', input.learner.stack, null);
    if (evidence.length > 0) {
      hits.push({
        id: def.id,
        name: def.name,
        explanation: def.explanation,
        keywords: [...keywords].sort(cmp),
        evidence,
      });
    }
  }
  const order = new Map(CONCEPTS.map((c, i) => [c.id, i]));
  return hits.sort((a, b) => b.evidence.length - a.evidence.length || (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
}

function evidenceText(e: ConceptEvidence): string {
  switch (e.kind) {
    case 'project':
      return `project **${inline(e.label, 60, 'Untitled project')}**`;
    case 'challenge':
      return `challenge “${inline(e.label, 60, 'Untitled challenge')}”`;
    case 'takeaway':
      return 'a takeaway';
    case 'profile':
      return 'my profile stack';
  }
}

// ---------------------------------------------------------------------------------------------
// Sections

type Format = 'markdown' | 'table-style';

interface Ctx {
  input: ReadmeInput;
  format: Format;
}

function overviewSection({ input }: Ctx): string[] {
  const out: string[] = [];
  out.push(
    'This repository documents my learnings from the ALX ProDev Backend Engineering program: the projects I built, ' +
      'the technologies and backend concepts I worked with, the challenges I faced and how I solved them, and how I collaborated with fellow learners.',
  );
  const facts: string[] = [];
  const role = roleLabel(input.learner.role);
  if (role) facts.push(`- **Role:** ${role}`);
  if (input.learner.timezone && oneLine(input.learner.timezone))
    facts.push(`- **Timezone:** ${inline(input.learner.timezone, 60)}`);
  if (cleanTags(input.learner.stack).length > 0) facts.push(`- **Stack:** ${tagList(input.learner.stack, 15)}`);
  if (facts.length > 0) {
    out.push('', ...facts);
  } else {
    out.push('', '_Add your role, stack and timezone with `/profile set`._');
  }

  out.push('', '### Projects', '');
  const projects = sortedProjects(input);
  if (projects.length === 0) {
    out.push(
      '_No projects yet. Announce one with `/project announce` and it will be listed here with its stack and repository._',
    );
    return out;
  }
  projects.forEach((p, i) => {
    if (i > 0) out.push('');
    const status = p.status === 'archived' ? 'archived' : 'active';
    out.push(`#### ${inline(p.name, 100, 'Untitled project')} (${status})`, '');
    const summary = escapeBlock(p.summary, 800, '');
    if (summary) out.push(summary, '');
    const stack = tagList(p.stack, 12);
    out.push(`- **Stack:** ${stack || '_not recorded_'}`);
    const href = safeHttpUrl(p.repoUrl);
    if (href) {
      out.push(`- **Repository:** [${inline(p.repoUrl ?? '', 100)}](${href})`);
    } else if (p.repoUrl && oneLine(p.repoUrl)) {
      out.push(`- **Repository:** ${inline(p.repoUrl, 100)} _(not a web link)_`);
    }
    const r = roleLabel(p.role);
    if (r) out.push(`- **My role:** ${r}`);
    out.push(`- **Announced:** ${isoDate(p.createdAt)}`);
  });
  return out;
}

function technologiesSection({ input, format }: Ctx): string[] {
  const ranked = rankTechnologies(input);
  if (ranked.length === 0) {
    return [
      '_No technologies recorded yet. Set your stack with `/profile set`, and tag your work with `/project announce` and `/challenge log`; the most used technologies are ranked here._',
    ];
  }
  const shown = ranked.slice(0, MAX_TECHNOLOGIES);
  const out: string[] = ['Ranked by how often each appears across my projects, challenges and profile.', ''];
  if (format === 'table-style') {
    out.push('| Technology | Uses | Where |', '| --- | ---: | --- |');
    for (const u of shown) out.push(`| ${inline(u.tag, 40)} | ${u.total} | ${techWhere(u)} |`);
  } else {
    for (const u of shown) out.push(`- **${inline(u.tag, 40)}** — ${plural(u.total, 'use')} (${techWhere(u)})`);
  }
  if (ranked.length > shown.length)
    out.push('', `_…and ${plural(ranked.length - shown.length, 'more technology', 'more technologies')}._`);
  return out;
}

function conceptsSection({ input }: Ctx): string[] {
  const concepts = deriveConcepts(input);
  if (concepts.length === 0) {
    return [
      '_No backend concepts recognised yet. They are derived from the tags and titles of your work: log challenges with `/challenge log` and announce projects with `/project announce`, tagged with things like `jwt`, `redis`, `postgres`, `docker`, `celery` or `testing`._',
    ];
  }
  const out: string[] = [];
  for (const c of concepts) {
    out.push(`- **${c.name}** — ${c.explanation}`);
    const shown = c.evidence.slice(0, 3).map(evidenceText);
    if (c.evidence.length > 3) shown.push(`${c.evidence.length - 3} more`);
    out.push(`  - _Where:_ ${shown.join('; ')} (via ${c.keywords.map((k) => inline(k, 40)).join(', ')})`);
  }
  return out;
}

function challengeMeta(c: Challenge): string {
  const parts = [`Logged ${isoDate(c.createdAt)}`];
  if (c.status === 'solved') parts.push(`solved ${c.solvedAt ? isoDate(c.solvedAt) : 'unknown date'}`);
  if (c.helpedCount > 0) parts.push(`helped ${plural(c.helpedCount, 'fellow learner')}`);
  return parts.join(' · ');
}

function challengesSection({ input, format }: Ctx): string[] {
  const solved = solvedChallenges(input);
  const open = openChallenges(input);
  if (solved.length === 0 && open.length === 0) {
    return [
      '_No challenges logged yet. Log a problem you hit with `/challenge log`, then record how you fixed it with `/challenge solve`; solved challenges and their solutions appear here._',
    ];
  }
  const out: string[] = [];
  if (format === 'table-style') {
    out.push('Solved challenges first, then the ones I am still working on.', '');
    out.push('| Challenge | Solution | Tags |', '| --- | --- | --- |');
    for (const c of [...solved, ...open]) {
      const title = `**${inline(c.title, 100, 'Untitled challenge')}**`;
      const problem = inline(c.problem, 200);
      const challengeCell = problem ? `${title}: ${problem}` : title;
      const solution =
        c.status === 'solved'
          ? c.solution && oneLine(c.solution)
            ? `${inline(c.solution, 300)} _(solved ${isoDate(c.solvedAt)})_`
            : `_Solved ${isoDate(c.solvedAt)}, no write-up_`
          : '_Still open_';
      out.push(`| ${challengeCell} | ${solution} | ${tagList(c.tags, 6) || '—'} |`);
    }
    if (solved.length === 0) out.push('', '_Nothing solved yet: record a fix with `/challenge solve`._');
    return out;
  }

  out.push('### Solved', '');
  if (solved.length === 0) {
    out.push(
      '_Nothing solved yet. When you fix one of the open challenges below, record how with `/challenge solve`._',
    );
  }
  solved.forEach((c, i) => {
    if (i > 0) out.push('');
    out.push(`#### ${i + 1}. ${inline(c.title, 120, 'Untitled challenge')}`, '');
    const problem = escapeBlock(c.problem, 1200, '  ');
    out.push(`- **Problem:** ${problem || '_not described_'}`);
    const solution = c.solution ? escapeBlock(c.solution, 1500, '  ') : '';
    out.push(`- **Solution:** ${solution || '_not written down_'}`);
    const tags = tagList(c.tags);
    if (tags) out.push(`- **Tags:** ${tags}`);
    out.push(`- ${challengeMeta(c)}`);
  });

  if (open.length > 0) {
    out.push('', '### Still open', '');
    for (const c of open) {
      const problem = escapeBlock(c.problem, 400, '  ');
      out.push(`- **${inline(c.title, 120, 'Untitled challenge')}**${problem ? ': ' + problem : ''}\\`);
      const tags = tagList(c.tags);
      out.push(`  _${challengeMeta(c)}${tags ? ' · ' + tags : ''}_`);
    }
  }
  return out;
}

function takeawaysSection({ input }: Ctx): string[] {
  const takeaways = sortedTakeaways(input).filter((t) => oneLine(t.text).length > 0);
  if (takeaways.length === 0) {
    return [
      '_No takeaways yet. Capture a lesson or best practice with `/takeaway add` and it will be collected here._',
    ];
  }
  const out: string[] = [];
  for (const t of takeaways) {
    const tags = tagList(t.tags, 6);
    out.push(`- ${escapeBlock(t.text, 800, '  ')}${tags ? ` _(${tags})_` : ''} — ${isoDate(t.createdAt)}`);
  }
  return out;
}

function partnerText(p: Pair): string {
  const name = p.partnerName === null ? '' : oneLine(p.partnerName);
  return name ? `**${inline(name, 80)}**` : 'a fellow learner';
}

function collaborationSection({ input, format }: Ctx): string[] {
  const pairs = sortedPairs(input);
  const out: string[] = [];
  if (pairs.length === 0) {
    out.push(
      '_No pairings yet. Find a partner for your project with `/pair find`; pairings appear here with their dates._',
    );
  } else if (format === 'table-style') {
    out.push('| Partner | Project | From | Until |', '| --- | --- | --- | --- |');
    for (const p of pairs) {
      const project = p.projectName && oneLine(p.projectName) ? inline(p.projectName, 80) : '—';
      const until = p.endedAt ? `${isoDate(p.endedAt)} (ended)` : 'ongoing';
      out.push(`| ${partnerText(p)} | ${project} | ${isoDate(p.startedAt)} | ${until} |`);
    }
  } else {
    for (const p of pairs) {
      const project = p.projectName && oneLine(p.projectName) ? ` on **${inline(p.projectName, 80)}**` : '';
      const when = p.endedAt
        ? `${isoDate(p.startedAt)} → ${isoDate(p.endedAt)} (ended)`
        : `since ${isoDate(p.startedAt)} (ongoing)`;
      out.push(`- Paired with ${partnerText(p)}${project}: ${when}`);
    }
  }

  const helped = input.challenges.reduce(
    (n, c) => n + (Number.isFinite(c.helpedCount) && c.helpedCount > 0 ? c.helpedCount : 0),
    0,
  );
  if (helped > 0) out.push('', `My logged solutions helped ${plural(helped, 'fellow learner')}.`);

  const channel = input.nexusChannel && oneLine(input.nexusChannel) ? `**${inline(input.nexusChannel, 80)}**` : null;
  const guild =
    input.guildName && oneLine(input.guildName) ? `the **${inline(input.guildName, 80)}** Discord server` : null;
  const where = channel && guild ? `${channel} on ${guild}` : (channel ?? guild ?? 'the ProDev Discord community');
  const active = pairs.length + input.challenges.length + input.projects.length + input.takeaways.length > 0;
  out.push(
    '',
    active
      ? `I shared progress, asked for help and helped others in ${where}, with the Nexus bot.`
      : `_Share your progress, ask for help and help others in ${where}; Nexus keeps track of it for this README._`,
  );
  return out;
}

const RENDERERS: Record<ReadmeSection, (ctx: Ctx) => string[]> = {
  overview: overviewSection,
  technologies: technologiesSection,
  concepts: conceptsSection,
  challenges: challengesSection,
  takeaways: takeawaysSection,
  collaboration: collaborationSection,
};

function selectedSections(opts: ReadmeOptions | undefined): ReadmeSection[] {
  const wanted = opts?.sections;
  if (!wanted || wanted.length === 0) return [...README_SECTIONS];
  const picked = README_SECTIONS.filter((s) => wanted.includes(s));
  return picked.length > 0 ? picked : [...README_SECTIONS];
}

/** The whole README.md text. */
export function buildReadme(input: ReadmeInput, opts: ReadmeOptions = {}): string {
  const ctx: Ctx = { input, format: opts.format === 'table-style' ? 'table-style' : 'markdown' };
  const out: string[] = [`# alx-project-nexus — ${learnerName(input)}`];
  for (const section of selectedSections(opts)) {
    out.push('', `## ${SECTION_TITLES[section]}`, '', ...RENDERERS[section](ctx));
  }
  out.push(
    '',
    '---',
    '',
    `_Generated by Nexus on ${isoDate(input.generatedAt)} from my activity in the ProDev Project Nexus community._`,
    '',
  );
  return out.join('\n');
}

// ---------------------------------------------------------------------------------------------
// Sections option

const SECTION_ALIASES: Readonly<Record<string, ReadmeSection>> = {
  overview: 'overview',
  projects: 'overview',
  technologies: 'technologies',
  technology: 'technologies',
  tech: 'technologies',
  stack: 'technologies',
  concepts: 'concepts',
  concept: 'concepts',
  challenges: 'challenges',
  challenge: 'challenges',
  solutions: 'challenges',
  takeaways: 'takeaways',
  takeaway: 'takeaways',
  practices: 'takeaways',
  'best-practices': 'takeaways',
  lessons: 'takeaways',
  collaboration: 'collaboration',
  pairs: 'collaboration',
  pairing: 'collaboration',
};

/** Parses a user's `sections` option ("overview, challenges" / "all") → sections in README order, or throws with the valid names. */
export function parseSections(raw: string | undefined): ReadmeSection[] {
  const tokens = (raw ?? '')
    .toLowerCase()
    .split(/[\s,;|+]+/)
    .map((t) => t.trim())
    .filter((t) => t.length > 0);
  if (tokens.length === 0 || tokens.includes('all')) return [...README_SECTIONS];
  const wanted = new Set<ReadmeSection>();
  const unknown: string[] = [];
  for (const t of tokens) {
    const s = SECTION_ALIASES[t];
    if (s) wanted.add(s);
    else if (!unknown.includes(t)) unknown.push(t);
  }
  if (unknown.length > 0) {
    const shown = unknown.slice(0, 3).map((u) => `"${truncate(oneLine(u), 30)}"`);
    if (unknown.length > 3) shown.push(`and ${unknown.length - 3} more`);
    throw new Error(
      `Unknown README ${unknown.length === 1 ? 'section' : 'sections'} ${shown.join(', ')}. ` +
        `Valid sections: ${README_SECTIONS.join(', ')} (comma-separated), or "all".`,
    );
  }
  return README_SECTIONS.filter((s) => wanted.has(s));
}

// ---------------------------------------------------------------------------------------------
// Discord preview

export const PREVIEW_MAX = 1800;

function discordInline(text: string, max: number): string {
  return escapeMarkdown(truncate(oneLine(text), max));
}

function previewLine(section: ReadmeSection, input: ReadmeInput): string {
  const title = SECTION_TITLES[section];
  switch (section) {
    case 'overview': {
      const ps = sortedProjects(input);
      if (ps.length === 0) return `**${title}**: no projects yet (\`/project announce\`)`;
      const names = ps.slice(0, 3).map((p) => discordInline(p.name || 'Untitled project', 50));
      return `**${title}**: ${plural(ps.length, 'project')} (${names.join(', ')}${ps.length > 3 ? ', …' : ''})`;
    }
    case 'technologies': {
      const ts = rankTechnologies(input);
      if (ts.length === 0) return `**${title}**: none yet (\`/profile set\`)`;
      const top = ts.slice(0, 5).map((t) => `${discordInline(t.tag, 30)} ×${t.total}`);
      return `**${title}**: ${ts.length} (top: ${top.join(', ')})`;
    }
    case 'concepts': {
      const cs = deriveConcepts(input);
      if (cs.length === 0) return `**${title}**: none recognised yet (tag your \`/challenge log\` entries)`;
      return `**${title}**: ${cs.length} (${cs
        .slice(0, 4)
        .map((c) => c.name)
        .join(', ')}${cs.length > 4 ? ', …' : ''})`;
    }
    case 'challenges': {
      const solved = solvedChallenges(input);
      const open = openChallenges(input);
      if (solved.length + open.length === 0) return `**${title}**: none yet (\`/challenge log\`, \`/challenge solve\`)`;
      const first = solved[0] ?? open[0];
      const firstText = first ? `, first: ${discordInline(first.title || 'Untitled challenge', 80)}` : '';
      return `**${title}**: ${solved.length} solved, ${open.length} open${firstText}`;
    }
    case 'takeaways': {
      const ts = sortedTakeaways(input).filter((t) => oneLine(t.text).length > 0);
      if (ts.length === 0) return `**${title}**: none yet (\`/takeaway add\`)`;
      return `**${title}**: ${ts.length}, first: ${discordInline(ts[0]?.text ?? '', 100)}`;
    }
    case 'collaboration': {
      const ps = input.pairs;
      if (ps.length === 0) return `**${title}**: no pairings yet (\`/pair find\`)`;
      const ended = ps.filter((p) => p.endedAt).length;
      return `**${title}**: ${plural(ps.length, 'pairing')}${ended > 0 ? ` (${ended} ended)` : ''}`;
    }
  }
}

/** A short preview for a Discord message (≤ 1800 chars): title, counts per section, first lines. */
export function readmePreview(input: ReadmeInput, opts: ReadmeOptions = {}): string {
  const sections = selectedSections(opts);
  const lines: string[] = [
    `**alx-project-nexus — ${discordInline(input.learner.name || 'A ProDev learner', 80)}** (README.md preview)`,
    `Sections: ${sections.map((s) => SECTION_TITLES[s]).join(' · ')}${opts.format === 'table-style' ? ' · table style' : ''}`,
    '',
  ];
  for (const s of sections) lines.push(`• ${previewLine(s, input)}`);
  const empty =
    input.projects.length + input.challenges.length + input.takeaways.length + input.pairs.length === 0 &&
    input.learner.stack.length === 0;
  if (empty) {
    lines.push('', 'Nothing recorded yet, so the README is a stub that says which command fills each section.');
  }
  let text = '';
  for (const line of lines) {
    const next = text ? `${text}\n${line}` : line;
    if (next.length > PREVIEW_MAX - 2) {
      text += '\n…';
      break;
    }
    text = next;
  }
  return text.slice(0, PREVIEW_MAX);
}
