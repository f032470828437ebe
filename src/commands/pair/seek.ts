// Seeking a partner again: which role to look for, the hint and button that say so, and pair:seek:<projectId>.
// Seeking lives on the project (its seeking fields are the one source of truth; /profile show reads them).
import { ButtonStyle, type APIButtonComponentWithCustomId } from 'discord-api-types/v10';
import type { AppContext } from '../../context.js';
import {
  activePairsOnProject,
  activePairsWithProjects,
  isSameProject,
  type ProjectKey,
} from '../../db/queries/pairs.js';
import { updateProject } from '../../db/queries/projects.js';
import type { GuildSettings, Pair, Project, Role } from '../../db/schema.js';
import { roleToSeek } from '../../domain/roles.js';
import { seekingFields, seekingIsActive } from '../../domain/seeking.js';
import { escapeMarkdown, oneLine, truncate } from '../../domain/text.js';
import { requireNotBlocked } from '../guards.js';
import { ownProject, trackOf } from '../project/own.js';
import { publishAnnouncement } from '../project/render.js';
import { UserError, type ComponentModule, type Effect } from '../types.js';
import { button, discordTimestamp } from '../ui.js';

export function projectTitle(p: Pick<Project, 'id' | 'name'>): string {
  return `**${escapeMarkdown(truncate(oneLine(p.name), 80))}** (#${p.id})`;
}

/** The command that marks this project as seeking, with its real id and the complementary role. */
export function seekCommand(p: Pick<Project, 'id' | 'role'>, profileRole: Role | null): string {
  const seek = roleToSeek(p.role ?? profileRole);
  return seek
    ? `\`/project update id:${p.id} seeking:${seek}\``
    : `\`/project update id:${p.id} role:backend seeking:frontend\` (your role, then the one you look for)`;
}

export function seekAgainButton(p: Pick<Project, 'id'>): APIButtonComponentWithCustomId {
  return button(`pair:seek:${p.id}`, `Seek a partner again (#${p.id})`, ButtonStyle.Primary);
}

/**
 * Of these projects, the active ones that are not looking for anyone now and whose owner is not paired on
 * them: where a "seek again" button makes sense.
 */
export async function seekableProjects(
  ctx: AppContext,
  guildId: string,
  own: Project[],
  limit = 3,
): Promise<Project[]> {
  const now = ctx.clock.now();
  const candidates = own.filter((p) => p.status === 'active' && !seekingIsActive(p, now));
  if (!candidates.length) return [];
  const paired = await activePairsWithProjects(ctx.db, guildId, candidates[0]!.ownerId);
  return candidates.filter((p) => !paired.some((a) => isSameProject(a.project, p))).slice(0, limit);
}

export type SeekOutcome =
  { ok: true; project: Project; role: Role; renewed: boolean; effect: Effect } | { ok: false; why: string };

/**
 * Starts (or renews) seeking on one of the member's active projects, for the role that complements theirs.
 * Not while they are paired on that project: one partner per project.
 */
export async function startSeeking(
  ctx: AppContext,
  at: { guildId: string; channelId: string; settings: GuildSettings },
  p: Project,
  profileRole: Role | null,
  /** The owner's active pairs, when the caller already has them (several projects at once). */
  activePairs?: Array<{ pair: Pair; project: ProjectKey }>,
): Promise<SeekOutcome> {
  if (p.status !== 'active') return { ok: false, why: `${projectTitle(p)} is archived` };
  const paired = activePairs
    ? activePairs.find((a) => isSameProject(a.project, p))?.pair
    : (await activePairsOnProject(ctx.db, at.guildId, p.ownerId, p))[0];
  if (paired)
    return { ok: false, why: `you are paired on ${projectTitle(p)}: end that pairing first (\`/pair list\`)` };
  const role = roleToSeek(p.role ?? profileRole);
  if (!role)
    return {
      ok: false,
      why: `${projectTitle(p)} has no role yet: \`/project update id:${p.id} role:backend seeking:frontend\``,
    };
  const now = ctx.clock.now();
  const renewed = seekingIsActive(p, now) && p.seekingRole === role;
  const saved = (await updateProject(ctx.db, at.guildId, p.id, {
    ...seekingFields(role, now, at.settings.seekingExpiryDays, p),
    updatedAt: now,
  }))!;
  const effect = publishAnnouncement(saved, now, {
    settings: at.settings,
    fallbackChannelId: at.channelId,
    track: await trackOf(ctx, saved),
  });
  return { ok: true, project: saved, role, renewed, effect };
}

/** pair:seek:<projectId> — after a pairing ends (or any time): look for a partner on this project again. */
export const seekButton: ComponentModule = {
  prefix: 'pair:seek',
  writes: true,
  async handle(input, ctx) {
    const { member, settings } = requireNotBlocked(input);
    const p = await ownProject(ctx, input, Number(input.args[0]));
    const out = await startSeeking(
      ctx,
      { guildId: input.guildId, channelId: input.channelId, settings },
      p,
      member?.role ?? null,
    );
    if (!out.ok) throw new UserError(`Nothing changed: ${out.why}.`);
    const until = discordTimestamp(out.project.seekingExpiresAt!, 'D');
    return {
      ephemeral: true,
      content:
        `${out.renewed ? 'Still looking' : 'Looking again'}: ${projectTitle(out.project)} seeks a **${out.role}** collaborator until ${until}. ` +
        '`/pair find` shows who fits, and others can find you too.',
      effects: [out.effect],
    };
  },
};
