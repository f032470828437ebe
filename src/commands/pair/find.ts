import { ButtonStyle, type APIEmbed } from 'discord-api-types/v10';
import type { AppContext } from '../../context.js';
import { seekingOnProjects, type SeekingProject, type SeekingRow } from '../../db/queries/pairs.js';
import { listOwnProjects } from '../../db/queries/projects.js';
import { findCollaborators } from '../../domain/matching.js';
import { seekingIsActive } from '../../domain/seeking.js';
import { escapeMarkdown, oneLine, truncate } from '../../domain/text.js';
import { requireNotBlocked } from '../guards.js';
import { argsParser } from '../options.js';
import { UserError, type CommandInput, type Reply } from '../types.js';
import { button, COLORS, row, userMention } from '../ui.js';
import { pairData } from './definition.js';
import { matchContext, toSeeker } from './seekers.js';

const parse = argsParser(pairData, 'find');

/** Collaborators who fit the caller on their active projects, best first, each with a Request button. */
export async function find(input: CommandInput, ctx: AppContext): Promise<Reply> {
  const o = parse(input.options);
  const now = ctx.clock.now();
  const { member: me, settings } = requireNotBlocked(input);
  const own = await listOwnProjects(ctx.db, input.guildId, input.user.id);
  let mine = own.filter((p) => p.status === 'active');
  if (o.project) {
    mine = mine.filter((p) => p.id === o.project);
    if (!mine.length)
      throw new UserError(`Project #${o.project} is not one of your active projects. \`/project mine\` lists them.`);
  }
  if (!mine.length) {
    throw new UserError(
      'Announce your project first, so Nexus knows what you build: `/project announce name:"Airbnb clone" summary:"…" role:backend seeking:frontend`.',
    );
  }
  mine = mine.slice(0, 5);
  const [mc, seeking] = await Promise.all([
    matchContext(ctx, input.guildId, [input.user.id], settings, now),
    seekingOnProjects(ctx.db, input.guildId, mine, now),
  ]);
  const others = seeking.filter((r) => r.project.ownerId !== input.user.id);
  const suggestions: Array<{ s: ReturnType<typeof findCollaborators>[number]; project: SeekingProject }> = [];
  for (const p of mine) {
    const rows = others.filter(
      (r) => r.project.normalizedName === p.normalizedName || (p.trackId !== null && r.project.trackId === p.trackId),
    );
    if (!rows.length) continue;
    const byUser = new Map<string, SeekingRow>();
    for (const r of rows) if (!byUser.has(r.project.ownerId)) byUser.set(r.project.ownerId, r);
    const meSeeker = { ...toSeeker(p, me ?? null, now), seeking: true, name: input.user.name };
    const candidates = [...byUser.values()].map((r) => toSeeker(r.project, r.member, now));
    for (const s of findCollaborators(meSeeker, candidates, mc, 10)) {
      suggestions.push({ s, project: byUser.get(s.seeker.userId)!.project });
    }
  }
  suggestions.sort((a, b) => b.s.score - a.s.score);
  const seen = new Set<string>();
  const top = suggestions
    .filter((x) => (seen.has(x.s.seeker.userId) ? false : (seen.add(x.s.seeker.userId), true)))
    .slice(0, 5);
  if (!top.length) {
    const roles = [...new Set(mine.map((p) => p.role).filter(Boolean))].join('/') || 'role not set';
    return {
      ephemeral: true,
      content:
        `Nobody fits yet on ${mine.map((p) => `**${escapeMarkdown(p.name)}**`).join(', ')} (you: ${roles}). ` +
        'Suggestions need someone on the same project with a complementary role who is seeking. ' +
        (mine.some((p) => seekingIsActive(p, now))
          ? 'You are listed as seeking, so they can find you too.'
          : 'Mark yourself as seeking with `/project update id:… seeking:frontend` so others can find you.'),
    };
  }
  const embed: APIEmbed = {
    title: 'Collaborators who fit you',
    color: COLORS.brand,
    description: top
      .map(
        ({ s, project }, i) =>
          `**${i + 1}. ${userMention(s.seeker.userId)}** — ${escapeMarkdown(truncate(oneLine(project.name), 80))} (#${project.id})\n${escapeMarkdown(s.reason)}`,
      )
      .join('\n\n'),
    footer: { text: 'Best first: timezone overlap, shared stack, time waiting. Requests expire after a week.' },
  };
  return {
    ephemeral: true,
    embeds: [embed],
    components: [
      row(
        ...top.map(({ s, project }, i) =>
          button(`pair:request:${project.id}`, `Request #${i + 1} ${truncate(s.seeker.name, 60)}`, ButtonStyle.Primary),
        ),
      ),
    ],
  };
}
