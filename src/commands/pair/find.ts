import type { APIEmbed } from 'discord-api-types/v10';
import type { AppContext } from '../../context.js';
import {
  seekingOnProjects,
  unmatchedSince,
  type SeekingProject,
  type SeekingRow,
} from '../../db/queries/pair-matching.js';
import { activePairsWithProjects, isSameProject } from '../../db/queries/pairs.js';
import { listOwnProjects } from '../../db/queries/projects.js';
import { findCollaborators } from '../../domain/matching.js';
import { seekingIsActive } from '../../domain/seeking.js';
import { escapeMarkdown, oneLine, truncate } from '../../domain/text.js';
import { requireNotBlocked } from '../guards.js';
import { argsParser } from '../options.js';
import { UserError, type CommandInput, type Reply } from '../types.js';
import { COLORS, discordTimestamp, row, userMention } from '../ui.js';
import { otherSide, partnerLabel } from './people.js';
import { requestButton } from './request-button.js';
import { projectTitle, seekableProjects, seekAgainButton, seekCommand } from './seek.js';
import { pairData } from './definition.js';
import { matchContext, toSeeker } from './seekers.js';

const parse = argsParser(pairData, 'find');

/** Collaborators who fit the caller on their active projects, best first, each with a Request button. */
export async function find(input: CommandInput, ctx: AppContext): Promise<Reply> {
  const o = parse(input.options);
  const now = ctx.clock.now();
  const { member: me, settings } = requireNotBlocked(input);
  const [own, active] = await Promise.all([
    listOwnProjects(ctx.db, input.guildId, input.user.id),
    activePairsWithProjects(ctx.db, input.guildId, input.user.id),
  ]);
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
  // A project you are paired on is settled: no suggestions there.
  const pairedOn: string[] = [];
  const open: typeof mine = [];
  for (const p of mine) {
    const pair = active.find((a) => isSameProject(a.project, p))?.pair;
    if (pair) pairedOn.push(`${projectTitle(p)} with ${partnerLabel(otherSide(pair, input.user.id))}`);
    else open.push(p);
  }
  if (!open.length)
    return {
      ephemeral: true,
      content: `You are paired on ${pairedOn.join(', ')}: no suggestions there. \`/pair list\` shows your pairs, each with a button to end it.`,
    };
  mine = open;
  const [mc, seeking, unmatched] = await Promise.all([
    matchContext(ctx, input.guildId, [input.user.id], settings, now),
    seekingOnProjects(ctx.db, input.guildId, mine, now),
    unmatchedSince(ctx.db, input.guildId, input.user.id),
  ]);
  const note = [
    pairedOn.length ? `(You are paired on ${pairedOn.join(', ')}.)` : '',
    unmatched
      ? `The matching round of ${discordTimestamp(unmatched, 'D')} found no partner for you: you come first in the next one.`
      : '',
  ]
    .filter(Boolean)
    .join(' ');
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
  const seekingSomewhere = mine.some((p) => seekingIsActive(p, now));
  // Not seeking anywhere: others cannot find you; one click (or the command, with the real id and role) fixes it.
  const seekable = seekingSomewhere ? [] : await seekableProjects(ctx, input.guildId, mine);
  const seekHint = seekable.length
    ? `You are not marked as seeking, so others cannot find you: the button, or ${seekCommand(seekable[0]!, me?.role ?? null)}.`
    : '';
  const seekRow = seekable.length ? [row(...seekable.map(seekAgainButton))] : [];
  if (!top.length) {
    const roles = [...new Set(mine.map((p) => p.role ?? me?.role).filter(Boolean))].join('/') || 'role not set';
    return {
      ephemeral: true,
      content:
        `Nobody fits yet on ${mine.map((p) => `**${escapeMarkdown(oneLine(p.name))}**`).join(', ')} (you: ${roles}). ` +
        'Suggestions need someone seeking on the same project whose role fits what you look for (and yours what they look for). ' +
        (seekingSomewhere ? 'You are listed as seeking, so they can find you too.' : seekHint) +
        (note ? `\n${note}` : ''),
      components: seekRow,
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
  const content = [note, seekHint].filter(Boolean).join('\n');
  return {
    ephemeral: true,
    ...(content ? { content } : {}),
    embeds: [embed],
    components: [
      row(
        ...top.map(({ s, project }, i) =>
          requestButton(project.id, `Request #${i + 1} ${truncate(s.seeker.name, 60)}`),
        ),
      ),
      ...seekRow,
    ],
  };
}
