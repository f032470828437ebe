// Rows → the matching domain's Seeker and MatchContext.
import type { AppContext } from '../../context.js';
import { matchHistory, type SeekingMember, type SeekingProject } from '../../db/queries/pair-matching.js';
import type { GuildSettings, Project } from '../../db/schema.js';
import { pairKey, type MatchContext, type Seeker } from '../../domain/matching.js';
import { seekingIsActive } from '../../domain/seeking.js';
import { projectIdentity } from '../../domain/text.js';
import { DAY } from '../../domain/time.js';

/** Projects are the same project when they share a track, else a normalised name. */
function projectKeyOf(p: Pick<Project, 'trackId' | 'normalizedName'>): string {
  return projectIdentity(p);
}

export function toSeeker(p: SeekingProject, m: SeekingMember | null, now: Date): Seeker {
  return {
    userId: p.ownerId,
    name: m?.displayName || `member ${p.ownerId.slice(-4)}`,
    role: p.role ?? m?.role ?? null,
    projectKey: projectKeyOf(p),
    projectName: p.name,
    stack: [...new Set([...p.stack, ...(m?.stack ?? [])])],
    timezone: m?.timezone ?? null,
    availability: m?.availability ?? null,
    seeking: seekingIsActive(p, now),
    seekingRole: seekingIsActive(p, now) ? p.seekingRole : null,
    waitingSince: p.seekingSince,
    blocked: !!m?.blockedAt,
  };
}

/** Who is paired, was paired, declined recently, or has priority: what ranking needs about these users. */
export async function matchContext(
  ctx: AppContext,
  guildId: string,
  userIds: string[],
  settings: GuildSettings,
  now: Date,
): Promise<MatchContext> {
  const h = await matchHistory(ctx.db, guildId, userIds, new Date(now.getTime() - settings.coolingOffDays * DAY));
  return {
    now,
    activePairs: new Set(h.pairs.filter((p) => !p.ended).map((p) => pairKey(p.a, p.b))),
    pastPairs: new Set(h.pairs.filter((p) => p.ended).map((p) => pairKey(p.a, p.b))),
    coolingOff: new Set(h.declines.map((d) => pairKey(d.a, d.b))),
    priority: new Set(h.priority.filter(Boolean)),
  };
}
