// The short Discord preview of a README: what each section holds and what would fill the rest.
import { escapeMarkdown, oneLine, plural, truncate } from '../text.js';
import {
  openChallenges,
  programName,
  solvedWithoutWriteUp,
  sortedProjects,
  sortedTakeaways,
  writtenUp,
  type ReadmeInput,
} from './model.js';
import { selectedSections, type ReadmeOptions, type ReadmeSection } from './options.js';
import { makeCtx, MAX_CHALLENGES, type Ctx } from './sections.js';

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
