// Major learnings: technologies and concepts, from tags (profile, projects, challenges, takeaways).
import { canonicalTag, conceptsOf, dictionaryOrder, technologyBySlug, technologyOf } from '../technologies.js';
import { oneLine, plural } from '../text.js';
import { sortedProjects, sortedTakeaways, type ReadmeInput } from './model.js';
import { andList, cmp, inline, time } from './text.js';

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

export function whereFrom(i: LearningItem): string {
  const parts: string[] = [];
  if (i.profile) parts.push('profile stack');
  if (i.projects.length > 0) parts.push(i.projects.map((p) => `**${inline(p, 60)}**`).join(', '));
  if (i.challenges.length > 0) parts.push(plural(i.challenges.length, 'challenge'));
  if (i.takeaways > 0) parts.push(plural(i.takeaways, 'takeaway'));
  return parts.join('; ');
}

/** What an unknown technology was used for, from where the learner tagged it. */
export function unknownPurpose(i: LearningItem): string {
  if (i.projects.length > 0) return `Used in ${andList(i.projects.slice(0, 2).map((p) => inline(p, 60)))}.`;
  return 'Part of my stack.';
}
