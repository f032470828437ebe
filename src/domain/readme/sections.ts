// Builds a learner's "alx-project-nexus" README.md from what Nexus knows about them, in the shape learners
// write by hand: objective, program overview, major learnings, challenges & solutions, best practices,
// collaboration hub, repository link. Sections with nothing in them are left out (the Discord preview says
// what would fill them); nothing is claimed that the data does not show.
// Pure and deterministic: no clock, no locale-dependent sorting, dates as YYYY-MM-DD in UTC.
// User text goes through escapeMarkdownKeepCode (GitHub flavour): literal on GitHub, pasted code kept as code.
import type { Role } from '../roles.js';
import { canonicalTag, technologyOf } from '../technologies.js';
import { collectLearnings, unknownPurpose, whereFrom, type Learnings } from './learnings.js';
import {
  learnerTrack,
  openChallenges,
  PROGRAM,
  programName,
  PROGRAM_CHANNEL,
  SIDE,
  solvedWithoutWriteUp,
  sortedPairs,
  sortedProjects,
  sortedTakeaways,
  writtenUp,
  type Challenge,
  type Pair,
  type ReadmeInput,
  type Track,
} from './model.js';
import { selectedSections, type ReadmeOptions, type ReadmeSection } from './options.js';
import { nexusRepositoryUrl, safeHttpUrl } from './repository.js';
import { block, hasText, inline, isoDate, sentence } from './text.js';

type Format = 'markdown' | 'table-style';

export interface Ctx {
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

export const MAX_CHALLENGES = 20;

function challengeText(c: Challenge, lineStart: boolean): string {
  const title = inline(c.title, 120, { lineStart });
  const problem = hasText(c.problem) ? block(c.problem, 1500, '  ', false) : '';
  if (!problem) return sentence(title);
  return `${/[.!?:]$/.test(title) ? title : `${title}.`} ${sentence(problem)}`;
}

/** "Marked as helpful" in words: one solution or several, one mark or several. */
function helpedLine(marks: number, solutions: number): string {
  const what = solutions === 1 ? 'this solution' : 'these solutions';
  if (marks === 1) {
    return solutions === 1
      ? 'A fellow learner who hit the same problem marked this solution as helpful.'
      : 'A fellow learner who hit the same problem marked one of these solutions as helpful.';
  }
  return `Fellow learners who hit the same ${solutions === 1 ? 'problem' : 'problems'} marked ${what} as helpful ${marks === 2 ? 'twice' : `${marks} times`}.`;
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
  if (marks > 0) out.push('', helpedLine(marks, shown.length));
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

export function makeCtx(input: ReadmeInput, opts: ReadmeOptions): Ctx {
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
