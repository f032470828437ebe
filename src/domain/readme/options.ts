// The README's sections and the options a learner gives `/nexus readme`.
import { oneLine, truncate } from '../text.js';

export type ReadmeSection = 'objective' | 'overview' | 'learnings' | 'challenges' | 'takeaways' | 'collaboration';

export const README_SECTIONS: readonly ReadmeSection[] = Object.freeze([
  'objective',
  'overview',
  'learnings',
  'challenges',
  'takeaways',
  'collaboration',
] as const);

export interface ReadmeOptions {
  /** Sections to include (always rendered in README_SECTIONS order). Missing or empty = all. */
  sections?: ReadmeSection[];
  /** 'table-style' renders challenges and solutions as a two-column table. Default 'markdown'. */
  format?: 'markdown' | 'table-style';
  /** Where-from notes, tags, dates, open challenges: for the learner's own review, not for submitting. */
  detail?: boolean;
}

/** The sections to render, in README order: the ones asked for, or all. */
export function selectedSections(opts: ReadmeOptions | undefined): ReadmeSection[] {
  const wanted = opts?.sections;
  if (!wanted || wanted.length === 0) return [...README_SECTIONS];
  const picked = README_SECTIONS.filter((s) => wanted.includes(s));
  return picked.length > 0 ? picked : [...README_SECTIONS];
}

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
