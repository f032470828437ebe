// /nexus readme — the learner's alx-project-nexus README, generated from what they logged.
import type { AppContext } from '../../context.js';
import { FORGOTTEN, learnerData } from '../../db/queries/learner.js';
import {
  buildReadme,
  parseSections,
  README_MAX_PARTNERS,
  readmePreview,
  type ReadmeInput,
} from '../../domain/readme.js';
import { escapeMarkdown, truncate } from '../../domain/text.js';
import { argsParser } from '../options.js';
import { userMention } from '../ui.js';
import { nexusData } from './definition.js';
import { UserError, type CommandInput, type Reply } from '../types.js';

const parse = argsParser(nexusData, 'readme');

/** Discord lookups one README may cost (partners beyond it, uncached, keep their names). */
export const README_MEMBER_LOOKUPS = 10;

/**
 * Which partners have left the server. Cached answers are free; at most README_MEMBER_LOOKUPS uncached
 * ones per call, newest pairs first; a partner not asked (or when Discord cannot answer) keeps their name.
 */
async function departedPartners(ctx: AppContext, guildId: string, partnerIds: readonly string[]): Promise<Set<string>> {
  const cache = ctx.memberCache;
  let budget = README_MEMBER_LOOKUPS;
  const asked: Array<Promise<readonly [string, boolean | undefined]>> = [];
  for (const id of partnerIds) {
    const free = cache?.has(guildId, id) ?? false;
    if (!free) {
      if (budget === 0) continue;
      budget--;
    }
    const answer = cache ? cache.isGuildMember(guildId, id) : ctx.discord.isGuildMember(guildId, id);
    asked.push(answer.then((here) => [id, here] as const));
  }
  const answers = await Promise.all(asked);
  return new Set(answers.filter(([, here]) => here === false).map(([id]) => id));
}

export async function readme(input: CommandInput, ctx: AppContext): Promise<Reply> {
  const o = parse(input.options);
  let sections;
  try {
    sections = parseSections(o.sections);
  } catch (err) {
    throw new UserError(escapeMarkdown(truncate((err as Error).message, 500)));
  }
  const userId = o.user ?? input.user.id;
  const self = userId === input.user.id;
  const d = await learnerData(ctx.db, input.guildId, userId);
  const name =
    d.member?.displayName || (self ? input.user.name : (input.users[userId]?.name ?? `member ${userId.slice(-4)}`));
  // Partners are named only while they are still in the server. Only those the README can list are
  // checked, in its order (current pairs first, then the most recent).
  const listed = [...d.pairs]
    .sort(
      (a, b) =>
        Number(a.endedAt !== null) - Number(b.endedAt !== null) || b.startedAt.getTime() - a.startedAt.getTime(),
    )
    .map((p) => (p.userA === userId ? p.userB : p.userA));
  const known = new Set(d.partners.map((p) => p.userId));
  const checkIds = [...new Set(listed)].filter((id) => known.has(id)).slice(0, README_MAX_PARTNERS);
  const departed = await departedPartners(ctx, input.guildId, checkIds);
  const partner = new Map(d.partners.filter((p) => !departed.has(p.userId)).map((p) => [p.userId, p]));
  const projectName = new Map(d.pairProjects.map((p) => [p.id, p.name]));
  const readmeInput: ReadmeInput = {
    learner: { name, role: d.member?.role ?? null, timezone: d.member?.timezone ?? null, stack: d.member?.stack ?? [] },
    nexusChannel: null,
    projects: d.projects.map((p) => ({
      name: p.name,
      summary: p.summary,
      stack: p.stack,
      repoUrl: p.repoUrl,
      role: p.role,
      status: p.status,
      createdAt: p.createdAt,
    })),
    challenges: d.challenges.map((c) => ({ ...c, status: c.status })),
    takeaways: d.takeaways.map((t) => ({ text: t.text, tags: t.tags, createdAt: t.createdAt })),
    pairs: d.pairs.map((p) => {
      const id = p.userA === userId ? p.userB : p.userA;
      // Only partners still here with a profile are named; forgotten ones never are.
      const who = id === FORGOTTEN ? undefined : partner.get(id);
      return {
        partnerName: who?.name || null,
        partnerRole: who?.role ?? null,
        projectName: p.projectId ? (projectName.get(p.projectId) ?? null) : null,
        startedAt: p.startedAt,
        endedAt: p.endedAt,
      };
    }),
    generatedAt: ctx.clock.now(),
  };
  const opts = { sections, format: o.format ?? 'markdown', detail: o.detail ?? false } as const;
  const markdown = buildReadme(readmeInput, opts);
  const preview = readmePreview(readmeInput, opts);
  const intro = self
    ? 'Your alx-project-nexus README is attached: commit it as README.md.'
    : `${userMention(userId)}'s README from their public Nexus entries is attached.`;
  return {
    ephemeral: true,
    content: truncate(`${intro}\n${preview}`, 2000),
    files: [{ name: 'README.md', data: markdown, contentType: 'text/markdown; charset=utf-8' }],
  };
}
