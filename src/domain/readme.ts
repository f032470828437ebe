// Builds a learner's "alx-project-nexus" README.md from what Nexus knows about them, in the shape learners
// write by hand: objective, program overview, major learnings, challenges & solutions, best practices,
// collaboration hub, repository link. Sections with nothing in them are left out (the Discord preview says
// what would fill them); nothing is claimed that the data does not show.
// Pure and deterministic: no clock, no locale-dependent sorting, dates as YYYY-MM-DD in UTC.
// User text goes through escapeMarkdownKeepCode (GitHub flavour): literal on GitHub, pasted code kept as code.
import type { Role } from './roles.js';
import { canonicalTag, conceptsOf, dictionaryOrder, technologyBySlug, technologyOf } from './technologies.js';
import { escapeMarkdown, oneLine, truncate } from './text.js';
import { escapeMarkdownKeepCode } from './markdown.js';

export type ReadmeSection = 'objective' | 'overview' | 'learnings' | 'challenges' | 'takeaways' | 'collaboration';

export const README_SECTIONS: readonly ReadmeSection[] = Object.freeze([
  'objective',
  'overview',
  'learnings',
  'challenges',
  'takeaways',
  'collaboration',
] as const);

export interface ReadmeInput {
  learner: { name: string; role: Role | null; timezone: string | null; stack: string[] };
  /** The collaboration channel's name when known (e.g. "#prodevprojectnexus"); null = the program's #ProDevProjectNexus. */
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
  /**
   * partnerName null = the partner left or asked to be forgotten: no name is ever printed then.
   * projectName is the learner's own spelling of the project when they have one.
   */
  pairs: Array<{
    partnerName: string | null;
    partnerRole?: Role | null;
    projectName: string | null;
    startedAt: Date;
    endedAt: Date | null;
  }>;
  generatedAt: Date;
}

export interface ReadmeOptions {
  /** Sections to include (always rendered in README_SECTIONS order). Missing or empty = all. */
  sections?: ReadmeSection[];
  /** 'table-style' renders challenges and solutions as a two-column table. Default 'markdown'. */
  format?: 'markdown' | 'table-style';
  /** Where-from notes, tags, dates, open challenges: for the learner's own review, not for submitting. */
  detail?: boolean;
}

/** The program's own spelling of its channel. */
const PROGRAM_CHANNEL = '#ProDevProjectNexus';

// ---------------------------------------------------------------------------------------------
// Escaping

/** One line of user text for GitHub: markdown escaped, inline code kept; safe in headings, bold text and table cells. */
export function escapeGithubMarkdown(text: string): string {
  return escapeMarkdownKeepCode(text, { flavor: 'github', inline: true, table: true });
}

/** One-line user text, shortened before escaping (so neither an escape nor a code span is cut in half). */
function inline(text: string, max: number, opts: { table?: boolean; lineStart?: boolean } = {}): string {
  return escapeMarkdownKeepCode(truncate(text.trim(), max), {
    flavor: 'github',
    inline: true,
    table: opts.table === true,
    lineStart: opts.lineStart === true,
  });
}

/** Multi-line user text inside a list item: lines joined by hard breaks, fenced code kept, continuation indented. */
function block(text: string, max: number, indent: string, lineStart: boolean): string {
  return escapeMarkdownKeepCode(truncate(text.replace(/\r\n?/g, '\n').trim(), max), {
    flavor: 'github',
    indent,
    lineStart,
  });
}

function hasText(s: string | null | undefined): s is string {
  return typeof s === 'string' && oneLine(s).length > 0;
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

/** "a", "a and b", "a, b and c". */
function andList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** Ends a sentence with a period unless it already ends with punctuation or code. */
function sentence(s: string): string {
  return /[.!?:;…`)]$/.test(s) ? s : `${s}.`;
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

// ---------------------------------------------------------------------------------------------
// The learner's track: which ProDev program the README speaks of

type Track = 'backend' | 'frontend' | 'fullstack';

function allStackTags(input: ReadmeInput): string[] {
  return [...input.learner.stack, ...input.projects.flatMap((p) => p.stack)];
}

/** The learner's role; without one, the side their stack leans to (backend when it does not lean). */
export function learnerTrack(input: ReadmeInput): Track {
  const role = input.learner.role;
  if (role === 'backend' || role === 'frontend' || role === 'fullstack') return role;
  let front = 0;
  let back = 0;
  for (const t of allStackTags(input)) {
    const area = technologyOf(t)?.area;
    if (area === 'frontend') front++;
    else if (area === 'backend') back++;
  }
  return front > back ? 'frontend' : 'backend';
}

const PROGRAM: Record<Track, string> = {
  backend: 'ProDev Backend Engineering',
  frontend: 'ProDev Frontend Engineering',
  fullstack: 'ProDev Backend and Frontend Engineering',
};

function programName(track: Track): string {
  return track === 'fullstack' ? `${PROGRAM.fullstack} programs` : `${PROGRAM[track]} program`;
}

const SIDE: Record<Track, string> = { backend: 'Backend', frontend: 'Frontend', fullstack: 'Backend and Frontend' };

// ---------------------------------------------------------------------------------------------
// Sorting (stable, deterministic)

type Project = ReadmeInput['projects'][number];
type Challenge = ReadmeInput['challenges'][number];
type Takeaway = ReadmeInput['takeaways'][number];
type Pair = ReadmeInput['pairs'][number];

function sortedProjects(input: ReadmeInput): Project[] {
  return input.projects
    .filter((p) => hasText(p.name))
    .sort((a, b) => time(a.createdAt) - time(b.createdAt) || cmp(a.name, b.name));
}

/** Solved challenges with a written solution: the ones a README can show as challenge + solution. */
function writtenUp(input: ReadmeInput): Challenge[] {
  return input.challenges
    .filter((c) => c.status === 'solved' && hasText(c.solution) && hasText(c.title))
    .sort((a, b) => time(a.solvedAt ?? a.createdAt) - time(b.solvedAt ?? b.createdAt) || a.id - b.id);
}

function solvedWithoutWriteUp(input: ReadmeInput): Challenge[] {
  return input.challenges
    .filter((c) => c.status === 'solved' && !hasText(c.solution))
    .sort((a, b) => time(a.solvedAt ?? a.createdAt) - time(b.solvedAt ?? b.createdAt) || a.id - b.id);
}

function openChallenges(input: ReadmeInput): Challenge[] {
  return input.challenges
    .filter((c) => c.status !== 'solved')
    .sort((a, b) => time(a.createdAt) - time(b.createdAt) || a.id - b.id);
}

function sortedTakeaways(input: ReadmeInput): Takeaway[] {
  return input.takeaways
    .filter((t) => hasText(t.text))
    .sort((a, b) => time(a.createdAt) - time(b.createdAt) || cmp(a.text, b.text));
}

/** Current partners first, then the most recent. */
function sortedPairs(input: ReadmeInput): Pair[] {
  return [...input.pairs].sort(
    (a, b) =>
      Number(a.endedAt !== null) - Number(b.endedAt !== null) ||
      time(b.startedAt) - time(a.startedAt) ||
      cmp(a.projectName ?? '', b.projectName ?? '') ||
      cmp(a.partnerName ?? '', b.partnerName ?? ''),
  );
}

// ---------------------------------------------------------------------------------------------
// Major learnings: technologies and concepts, from tags (profile, projects, challenges, takeaways)

/** Where an item was seen, for detail notes and for ranking. */
export interface LearningItem {
  slug: string;
  /** Proper name (dictionary) or the learner's own tag. */
  name: string;
  purpose: string | null;
  /** Ranking weight: 2 per place the learner named it, 1 per place a technology implies it. */
  uses: number;
  profile: boolean;
  projects: string[];
  challenges: string[];
  takeaways: number;
}

export interface Learnings {
  technologies: LearningItem[];
  concepts: LearningItem[];
}

export const MAX_TECHNOLOGIES = 15;
const MAX_CONCEPTS = 10;

/** Concepts a challenge title names ("Caching listings", "N+1 queries", "rate limiting"): one or two words. */
function titleConcepts(title: string): string[] {
  const words = oneLine(title)
    .toLowerCase()
    .replace(/[^\p{L}\p{N}+#/]+/gu, ' ')
    .trim()
    .split(' ');
  const found: string[] = [];
  const consider = (phrase: string) => {
    const t = technologyOf(phrase);
    if (t?.kind === 'concept' && !found.includes(t.slug)) found.push(t.slug);
  };
  // Single words only when they are clearly a concept ("caching", "n+1"), never "ci", "ui" or "api".
  for (const w of words) if (w.length >= 5 || /[^a-z]/.test(w)) consider(w);
  for (let i = 0; i + 1 < words.length; i++) consider(`${words[i]}-${words[i + 1]}`);
  return found;
}

/** Technologies and concepts the learner's work shows, in curriculum order, capped. */
export function collectLearnings(input: ReadmeInput): Learnings {
  const items = new Map<string, LearningItem>();
  const unknownFromStack = new Set<string>();
  const item = (slug: string, name: string, purpose: string | null): LearningItem => {
    let it = items.get(slug);
    if (!it) {
      it = { slug, name, purpose, uses: 0, profile: false, projects: [], challenges: [], takeaways: 0 };
      items.set(slug, it);
    }
    return it;
  };
  const see = (
    tags: readonly string[],
    from: { profile?: true; project?: string; challenge?: string; takeaway?: true },
    title?: string,
  ) => {
    // slug → weight: named by the learner (a tag, a title word) counts twice what a technology implies.
    const slugs = new Map<string, number>();
    const add = (slug: string, weight: number) => slugs.set(slug, Math.max(weight, slugs.get(slug) ?? 0));
    for (const raw of tags) {
      const slug = canonicalTag(raw);
      if (!slug || slug.length > 40) continue;
      add(slug, 2);
      for (const c of conceptsOf(slug)) add(c, 1);
      if (!technologyOf(slug) && (from.profile || from.project !== undefined)) unknownFromStack.add(slug);
    }
    if (title) for (const c of titleConcepts(title)) add(c, 2);
    for (const [slug, weight] of slugs) {
      const t = technologyBySlug(slug);
      if (!t && !unknownFromStack.has(slug)) continue;
      const it = item(slug, t?.name ?? slug, t?.purpose ?? null);
      it.uses += weight;
      if (from.profile) it.profile = true;
      if (from.project !== undefined && !it.projects.includes(from.project)) it.projects.push(from.project);
      if (from.challenge !== undefined) it.challenges.push(from.challenge);
      if (from.takeaway) it.takeaways++;
    }
  };
  see(input.learner.stack, { profile: true });
  for (const p of sortedProjects(input)) see(p.stack, { project: p.name });
  for (const c of [...input.challenges].sort((a, b) => time(a.createdAt) - time(b.createdAt) || a.id - b.id)) {
    see(c.tags, { challenge: c.title }, c.title);
  }
  for (const t of sortedTakeaways(input)) see(t.tags, { takeaway: true });

  const pick = (list: LearningItem[], max: number) =>
    list
      .sort((a, b) => b.uses - a.uses || dictionaryOrder(a.slug) - dictionaryOrder(b.slug) || cmp(a.slug, b.slug))
      .slice(0, max)
      .sort((a, b) => dictionaryOrder(a.slug) - dictionaryOrder(b.slug) || cmp(a.slug, b.slug));
  const all = [...items.values()];
  return {
    technologies: pick(
      all.filter((i) => technologyOf(i.slug)?.kind !== 'concept'),
      MAX_TECHNOLOGIES,
    ),
    concepts: pick(
      all.filter((i) => technologyOf(i.slug)?.kind === 'concept'),
      MAX_CONCEPTS,
    ),
  };
}

function whereFrom(i: LearningItem): string {
  const parts: string[] = [];
  if (i.profile) parts.push('profile stack');
  if (i.projects.length > 0) parts.push(i.projects.map((p) => `**${inline(p, 60)}**`).join(', '));
  if (i.challenges.length > 0) parts.push(plural(i.challenges.length, 'challenge'));
  if (i.takeaways > 0) parts.push(plural(i.takeaways, 'takeaway'));
  return parts.join('; ');
}

/** What an unknown technology was used for, from where the learner tagged it. */
function unknownPurpose(i: LearningItem): string {
  if (i.projects.length > 0) return `Used in ${andList(i.projects.slice(0, 2).map((p) => inline(p, 60)))}.`;
  return 'Part of my stack.';
}

// ---------------------------------------------------------------------------------------------
// Sections

type Format = 'markdown' | 'table-style';

interface Ctx {
  input: ReadmeInput;
  format: Format;
  detail: boolean;
  track: Track;
  learnings: Learnings;
}

function objectiveSection({ track }: Ctx): string[] {
  const side = track === 'fullstack' ? '' : `${track} `;
  return [
    `- Consolidate key learnings from the ${programName(track)}.`,
    `- Document the major ${side}technologies, concepts, challenges and solutions I worked with.`,
    '- Serve as a reference guide for current and future learners.',
    '- Foster collaboration between frontend and backend learners.',
  ];
}

const PROGRAM_OVERVIEW: Record<Track, string> = {
  backend:
    'The ProDev Backend Engineering program is an intensive, project-based ALX program that trains learners to ' +
    'design, build and deploy scalable backend systems. It covers Python and Django, RESTful and GraphQL APIs, ' +
    'relational databases, authentication, caching, asynchronous tasks, containerization and CI/CD, and ends ' +
    'with a capstone project built together with frontend learners.',
  frontend:
    'The ProDev Frontend Engineering program is an intensive, project-based ALX program that trains learners to ' +
    'build modern, responsive and accessible web and mobile interfaces. It covers JavaScript and TypeScript, ' +
    'React and Next.js, React Native, Tailwind CSS, state management, API integration and testing, and ends ' +
    'with a capstone project built together with backend learners.',
  fullstack:
    'The ProDev Backend and Frontend Engineering programs are intensive, project-based ALX programs. The backend ' +
    'track trains learners to design, build and deploy scalable server-side systems (Python, Django, APIs, ' +
    'databases, caching, asynchronous tasks, Docker and CI/CD); the frontend track to build responsive, ' +
    'accessible interfaces (TypeScript, React, Next.js, Tailwind CSS, React Native). Both end with capstone ' +
    'projects that frontend and backend learners build together.',
};

const MAX_PROJECTS = 8;

function overviewSection({ input, track }: Ctx): string[] {
  const out = [PROGRAM_OVERVIEW[track]];
  const projects = sortedProjects(input).slice(-MAX_PROJECTS);
  if (projects.length === 0) return out;
  const as = input.learner.role ? `As a ${input.learner.role === 'fullstack' ? 'full-stack' : track} learner, I` : 'I';
  out.push('', `${as} worked on ${projects.length === 1 ? 'this project' : 'these projects'}:`, '');
  for (const p of projects) {
    let line = `- **${inline(p.name, 100)}**`;
    if (hasText(p.summary)) line += `: ${sentence(inline(p.summary, 300))}`;
    const stack = [...new Set(p.stack.map(canonicalTag).filter((s) => s.length > 0 && s.length <= 40))]
      .slice(0, 8)
      .map((s) => technologyOf(s)?.name ?? inline(s, 40));
    if (stack.length > 0) line += ` Stack: ${stack.join(', ')}.`;
    const href = safeHttpUrl(p.repoUrl);
    if (href) line += ` [Repository](${href})`;
    out.push(line);
  }
  return out;
}

function learningsSection({ learnings, track, detail }: Ctx): string[] {
  const out: string[] = [];
  if (learnings.technologies.length > 0) {
    out.push('### Key Technologies Covered', '');
    for (const t of learnings.technologies) {
      const name = technologyOf(t.slug) ? t.name : inline(t.name, 40);
      out.push(`- **${name}**: ${t.purpose ?? unknownPurpose(t)}`);
      if (detail) out.push(`  - _From:_ ${whereFrom(t)}`);
    }
  }
  if (learnings.concepts.length > 0) {
    if (out.length > 0) out.push('');
    out.push(`### Important ${SIDE[track]} Development Concepts`, '');
    for (const c of learnings.concepts) {
      out.push(`- **${c.name}**: ${c.purpose ?? ''}`);
      if (detail) out.push(`  - _From:_ ${whereFrom(c)}`);
    }
  }
  return out;
}

const MAX_CHALLENGES = 20;

function challengeText(c: Challenge, lineStart: boolean): string {
  const title = inline(c.title, 120, { lineStart });
  const problem = hasText(c.problem) ? block(c.problem, 1500, '  ', false) : '';
  if (!problem) return sentence(title);
  return `${/[.!?:]$/.test(title) ? title : `${title}.`} ${sentence(problem)}`;
}

function challengesSection({ input, format, detail }: Ctx): string[] {
  const shown = writtenUp(input).slice(0, MAX_CHALLENGES);
  const out: string[] = [];
  if (format === 'table-style') {
    out.push('| Challenge | Solution |', '| --- | --- |');
    for (const c of shown) {
      const title = `**${inline(c.title, 120, { table: true })}**`;
      const cell = hasText(c.problem) ? `${title}: ${sentence(inline(c.problem, 400, { table: true }))}` : title;
      out.push(`| ${cell} | ${sentence(inline(c.solution ?? '', 600, { table: true }))} |`);
    }
  } else {
    for (const c of shown) {
      out.push(`- **Challenge**: ${challengeText(c, false)}`);
      out.push(`  - **Solution**: ${sentence(block(c.solution ?? '', 2000, '    ', false))}`);
      if (detail) {
        const tags = [...new Set(c.tags.map(canonicalTag).filter((t) => t))].map((t) => inline(t, 40));
        out.push(
          `  - _Logged ${isoDate(c.createdAt)}, solved ${isoDate(c.solvedAt)}${tags.length ? `; tags: ${tags.join(', ')}` : ''}_`,
        );
      }
    }
  }
  const marks = shown.reduce(
    (n, c) => n + (Number.isFinite(c.helpedCount) && c.helpedCount > 0 ? c.helpedCount : 0),
    0,
  );
  if (marks > 0) {
    out.push(
      '',
      `Fellow learners who hit the same problems marked these solutions as helpful ${marks === 1 ? 'once' : marks === 2 ? 'twice' : `${marks} times`}.`,
    );
  }
  if (detail) {
    const pending = solvedWithoutWriteUp(input);
    const open = openChallenges(input);
    if (pending.length > 0) {
      out.push('', '_Solved, solution not written down yet:_', '');
      for (const c of pending) out.push(`- ${inline(c.title || 'Untitled challenge', 120, { lineStart: true })}`);
    }
    if (open.length > 0) {
      out.push('', '_Still open:_', '');
      for (const c of open) out.push(`- ${challengeText(c, true)}`);
    }
  }
  return out;
}

const MAX_TAKEAWAYS = 25;

function takeawaysSection({ input, detail }: Ctx): string[] {
  const out: string[] = [];
  for (const t of sortedTakeaways(input).slice(0, MAX_TAKEAWAYS)) {
    out.push(`- ${block(t.text, 800, '  ', true)}`);
    if (detail) {
      const tags = [...new Set(t.tags.map(canonicalTag).filter((x) => x))].map((x) => inline(x, 40));
      out.push(`  - _${isoDate(t.createdAt)}${tags.length ? `; tags: ${tags.join(', ')}` : ''}_`);
    }
  }
  return out;
}

/** Partners listed in Collaborate With (current ones first, then the most recent). */
export const README_MAX_PARTNERS = 10;
const ROLE_WORDS: Record<Role, string> = { backend: 'backend', frontend: 'frontend', fullstack: 'full-stack' };

function pairLine(p: Pair): string {
  const role = p.partnerRole ? ROLE_WORDS[p.partnerRole] : undefined;
  const who = hasText(p.partnerName)
    ? `**${inline(p.partnerName, 80)}**${role ? ` (${role} learner)` : ''}`
    : `a fellow ${role ? `${role} ` : ''}learner`;
  const project = hasText(p.projectName) ? ` on **${inline(p.projectName, 80)}**` : '';
  return `- Paired with ${who}${project}.`;
}

const COLLABORATE_WITH: Record<Track, string[]> = {
  backend: [
    '- **ProDev Frontend learners**: to connect the APIs I build to real user interfaces.',
    "- **Fellow ProDev Backend learners**: to share ideas, review each other's code and solve problems together.",
  ],
  frontend: [
    '- **ProDev Backend learners**: to build my interfaces on real APIs and data.',
    "- **Fellow ProDev Frontend learners**: to share ideas, review each other's code and solve problems together.",
  ],
  fullstack: [
    "- **ProDev Backend and Frontend learners**: to share ideas, review each other's code and build complete products together.",
  ],
};

function collaborationSection({ input, track, detail }: Ctx): string[] {
  const out: string[] = ['### Collaborate With', ''];
  const seen = new Set<string>();
  for (const p of sortedPairs(input)) {
    const line = pairLine(p);
    if (seen.has(line) || seen.size >= README_MAX_PARTNERS) continue;
    seen.add(line);
    out.push(
      detail
        ? `${line.slice(0, -1)} _(${isoDate(p.startedAt)}${p.endedAt ? ` to ${isoDate(p.endedAt)}` : ', ongoing'})_.`
        : line,
    );
  }
  out.push(...COLLABORATE_WITH[track]);
  const channel = hasText(input.nexusChannel) ? inline(input.nexusChannel, 80) : PROGRAM_CHANNEL;
  out.push(
    '',
    '### Where to Collaborate',
    '',
    `- **Discord**: ${channel}, the channel where ProDev learners share project ideas, find collaborators, ask questions and get help.`,
    '',
    `**ProDev Tip**: Use the first week to communicate your project idea in ${channel} and find collaborators early; ` +
      'frontend and backend learners build stronger projects together.',
  );
  return out;
}

const RENDERERS: Record<ReadmeSection, { title: (ctx: Ctx) => string; render: (ctx: Ctx) => string[] }> = {
  objective: { title: () => 'Project Objective', render: objectiveSection },
  overview: {
    title: ({ track }) => `Overview of the ${PROGRAM[track]} Program${track === 'fullstack' ? 's' : ''}`,
    render: overviewSection,
  },
  learnings: { title: () => 'Major Learnings', render: learningsSection },
  challenges: { title: () => 'Challenges & Solutions', render: challengesSection },
  takeaways: { title: () => 'Best Practices & Takeaways', render: takeawaysSection },
  collaboration: { title: () => 'Collaboration Hub', render: collaborationSection },
};

function selectedSections(opts: ReadmeOptions | undefined): ReadmeSection[] {
  const wanted = opts?.sections;
  if (!wanted || wanted.length === 0) return [...README_SECTIONS];
  const picked = README_SECTIONS.filter((s) => wanted.includes(s));
  return picked.length > 0 ? picked : [...README_SECTIONS];
}

// ---------------------------------------------------------------------------------------------
// The repository link

const GITHUB_OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;

/**
 * The learner's alx-project-nexus repository: a project repository with that name, else the same name
 * under the one GitHub account all their project repositories live in; null when neither is known.
 */
export function nexusRepositoryUrl(input: ReadmeInput): string | null {
  const owners = new Set<string>();
  for (const p of sortedProjects(input)) {
    const href = safeHttpUrl(p.repoUrl);
    if (!href) continue;
    const url = new URL(href);
    if (url.hostname !== 'github.com' && url.hostname !== 'www.github.com') continue;
    const [owner, repo] = url.pathname.split('/').filter((s) => s.length > 0);
    if (!owner || !GITHUB_OWNER.test(owner)) continue;
    if (repo && repo.replace(/\.git$/, '').toLowerCase() === 'alx-project-nexus') {
      return `https://github.com/${owner}/alx-project-nexus`;
    }
    owners.add(owner);
  }
  const distinct = new Set([...owners].map((o) => o.toLowerCase()));
  const [owner] = owners;
  return distinct.size === 1 && owner ? `https://github.com/${owner}/alx-project-nexus` : null;
}

function closingLines(ctx: Ctx): string[] {
  const url = nexusRepositoryUrl(ctx.input);
  const out = ['---', ''];
  if (url) {
    out.push(`Repository: [${url.replace(/^https:\/\//, '')}](${url})`);
  } else {
    out.push(`_alx-project-nexus: my learning notes from the ALX ${programName(ctx.track)}._`);
  }
  if (ctx.detail) out.push('', `_Generated by Nexus on ${isoDate(ctx.input.generatedAt)}._`);
  return out;
}

// ---------------------------------------------------------------------------------------------
// The README

function makeCtx(input: ReadmeInput, opts: ReadmeOptions): Ctx {
  return {
    input,
    format: opts.format === 'table-style' ? 'table-style' : 'markdown',
    detail: opts.detail === true,
    track: learnerTrack(input),
    learnings: collectLearnings(input),
  };
}

/** The whole README.md text. */
export function buildReadme(input: ReadmeInput, opts: ReadmeOptions = {}): string {
  const ctx = makeCtx(input, opts);
  const out: string[] = ['# alx-project-nexus'];
  if (hasText(input.learner.name)) {
    const role = input.learner.role ? `, ${PROGRAM[ctx.track]} learner` : '';
    out.push('', `By **${inline(input.learner.name, 80)}**${role}.`);
  }
  for (const section of selectedSections(opts)) {
    const body = RENDERERS[section].render(ctx);
    if (body.length === 0) continue; // nothing to say: no heading either
    out.push('', `## ${RENDERERS[section].title(ctx)}`, '', ...body);
  }
  out.push('', ...closingLines(ctx), '');
  return out.map((l) => l.replace(/[ \t]+$/gm, '')).join('\n');
}

// ---------------------------------------------------------------------------------------------
// Sections option

const SECTION_ALIASES: Readonly<Record<string, ReadmeSection>> = {
  objective: 'objective',
  objectives: 'objective',
  goals: 'objective',
  overview: 'overview',
  program: 'overview',
  projects: 'overview',
  learnings: 'learnings',
  learning: 'learnings',
  technologies: 'learnings',
  technology: 'learnings',
  tech: 'learnings',
  stack: 'learnings',
  concepts: 'learnings',
  concept: 'learnings',
  challenges: 'challenges',
  challenge: 'challenges',
  solutions: 'challenges',
  takeaways: 'takeaways',
  takeaway: 'takeaways',
  practices: 'takeaways',
  'best-practices': 'takeaways',
  lessons: 'takeaways',
  collaboration: 'collaboration',
  collaborate: 'collaboration',
  hub: 'collaboration',
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

const PREVIEW_MAX = 1800;

function discordInline(text: string, max: number): string {
  return escapeMarkdown(truncate(oneLine(text), max));
}

const PREVIEW_TITLES: Record<ReadmeSection, string> = {
  objective: 'Project Objective',
  overview: 'Overview',
  learnings: 'Major Learnings',
  challenges: 'Challenges & Solutions',
  takeaways: 'Best Practices & Takeaways',
  collaboration: 'Collaboration Hub',
};

/** What a section holds (null when the README leaves it out), and what would add to it. */
function previewLine(section: ReadmeSection, ctx: Ctx): { have: string | null; fill: string | null } {
  const { input, learnings } = ctx;
  switch (section) {
    case 'objective':
      return { have: `the ${programName(ctx.track)}`, fill: null };
    case 'overview': {
      const ps = sortedProjects(input);
      if (ps.length === 0) return { have: 'the program', fill: 'your projects: `/project announce`' };
      const names = ps.slice(0, 3).map((p) => discordInline(p.name, 50));
      return {
        have: `the program + ${plural(ps.length, 'project')} (${names.join(', ')}${ps.length > 3 ? ', …' : ''})`,
        fill: null,
      };
    }
    case 'learnings': {
      const t = learnings.technologies;
      const c = learnings.concepts;
      if (t.length + c.length === 0) {
        return {
          have: null,
          fill: 'your stack with `/profile set`, and tags on `/project announce`, `/challenge log` and `/takeaway add`',
        };
      }
      const names = t.slice(0, 4).map((x) => discordInline(x.name, 30));
      const techs = `${plural(t.length, 'technology', 'technologies')}${names.length ? ` (${names.join(', ')}${t.length > 4 ? ', …' : ''})` : ''}`;
      return { have: `${techs}, ${plural(c.length, 'concept')}`, fill: null };
    }
    case 'challenges': {
      const shown = Math.min(writtenUp(input).length, MAX_CHALLENGES);
      const pending = solvedWithoutWriteUp(input).length;
      const open = openChallenges(input).length;
      const notes: string[] = [];
      if (pending > 0) notes.push(`${plural(pending, 'solved challenge')} without a written solution`);
      if (open > 0) notes.push(`${open} still open`);
      let fill: string | null = null;
      if (notes.length > 0) fill = `${notes.join(' and ')} left out until solved with \`/challenge solve\``;
      else if (shown === 0) fill = 'log a problem with `/challenge log`, then how you fixed it with `/challenge solve`';
      return { have: shown > 0 ? `${plural(shown, 'challenge')} with solutions` : null, fill };
    }
    case 'takeaways': {
      const n = sortedTakeaways(input).length;
      return n > 0 ? { have: plural(n, 'takeaway'), fill: null } : { have: null, fill: '`/takeaway add`' };
    }
    case 'collaboration': {
      const n = input.pairs.length;
      return n > 0
        ? { have: `${plural(n, 'pairing')} + where to collaborate`, fill: null }
        : { have: 'where to collaborate', fill: 'your partners: `/pair find`' };
    }
  }
}

/** A short preview for a Discord message (≤ 1800 chars): what each section holds and what would fill the rest. */
export function readmePreview(input: ReadmeInput, opts: ReadmeOptions = {}): string {
  const ctx = makeCtx(input, opts);
  const sections = selectedSections(opts);
  const lines: string[] = [
    `**alx-project-nexus** README of ${discordInline(input.learner.name || 'a ProDev learner', 80)}${opts.format === 'table-style' ? ' (table style)' : ''}${ctx.detail ? ' (with review notes)' : ''}`,
  ];
  const fills: string[] = [];
  for (const s of sections) {
    const { have, fill } = previewLine(s, ctx);
    if (have) lines.push(`• **${PREVIEW_TITLES[s]}**: ${have}`);
    if (fill) fills.push(`• **${PREVIEW_TITLES[s]}**${have ? '' : ' (not in the README yet)'}: ${fill}`);
  }
  if (fills.length > 0) lines.push('', 'To add more:', ...fills);
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
