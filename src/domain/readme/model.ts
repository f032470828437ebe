// What the README is built from, and the learner's track (which ProDev program it speaks of).
import type { Role } from '../roles.js';
import { technologyOf } from '../technologies.js';
import { cmp, hasText, time } from './text.js';

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

/** The program's own spelling of its channel. */
export const PROGRAM_CHANNEL = '#ProDevProjectNexus';

export type Track = 'backend' | 'frontend' | 'fullstack';

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

export const PROGRAM: Record<Track, string> = {
  backend: 'ProDev Backend Engineering',
  frontend: 'ProDev Frontend Engineering',
  fullstack: 'ProDev Backend and Frontend Engineering',
};

export function programName(track: Track): string {
  return track === 'fullstack' ? `${PROGRAM.fullstack} programs` : `${PROGRAM[track]} program`;
}

export const SIDE: Record<Track, string> = {
  backend: 'Backend',
  frontend: 'Frontend',
  fullstack: 'Backend and Frontend',
};

export type Project = ReadmeInput['projects'][number];
export type Challenge = ReadmeInput['challenges'][number];
export type Takeaway = ReadmeInput['takeaways'][number];
export type Pair = ReadmeInput['pairs'][number];

export function sortedProjects(input: ReadmeInput): Project[] {
  return input.projects
    .filter((p) => hasText(p.name))
    .sort((a, b) => time(a.createdAt) - time(b.createdAt) || cmp(a.name, b.name));
}

/** Solved challenges with a written solution: the ones a README can show as challenge + solution. */
export function writtenUp(input: ReadmeInput): Challenge[] {
  return input.challenges
    .filter((c) => c.status === 'solved' && hasText(c.solution) && hasText(c.title))
    .sort((a, b) => time(a.solvedAt ?? a.createdAt) - time(b.solvedAt ?? b.createdAt) || a.id - b.id);
}

export function solvedWithoutWriteUp(input: ReadmeInput): Challenge[] {
  return input.challenges
    .filter((c) => c.status === 'solved' && !hasText(c.solution))
    .sort((a, b) => time(a.solvedAt ?? a.createdAt) - time(b.solvedAt ?? b.createdAt) || a.id - b.id);
}

export function openChallenges(input: ReadmeInput): Challenge[] {
  return input.challenges
    .filter((c) => c.status !== 'solved')
    .sort((a, b) => time(a.createdAt) - time(b.createdAt) || a.id - b.id);
}

export function sortedTakeaways(input: ReadmeInput): Takeaway[] {
  return input.takeaways
    .filter((t) => hasText(t.text))
    .sort((a, b) => time(a.createdAt) - time(b.createdAt) || cmp(a.text, b.text));
}

/** Current partners first, then the most recent. */
export function sortedPairs(input: ReadmeInput): Pair[] {
  return [...input.pairs].sort(
    (a, b) =>
      Number(a.endedAt !== null) - Number(b.endedAt !== null) ||
      time(b.startedAt) - time(a.startedAt) ||
      cmp(a.projectName ?? '', b.projectName ?? '') ||
      cmp(a.partnerName ?? '', b.partnerName ?? ''),
  );
}
