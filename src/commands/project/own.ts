import type { AppContext } from '../../context.js';
import { getProject } from '../../db/queries/projects.js';
import { getTrack } from '../../db/queries/tracks.js';
import type { Project, Track } from '../../db/schema.js';
import { UserError, type Invocation } from '../types.js';

/** One of the caller's projects, or a clear refusal (not found / not yours). */
export async function ownProject(
  ctx: AppContext,
  inv: Pick<Invocation, 'guildId' | 'user'>,
  id: number,
): Promise<Project> {
  const p = await getProject(ctx.db, inv.guildId, id);
  if (!p) throw new UserError(`Project #${id} was not found. \`/project mine\` lists yours.`);
  if (p.ownerId !== inv.user.id) throw new UserError(`Project #${id} is not yours: only its builder can change it.`);
  return p;
}

/** The track a project is linked to, if any. */
export async function trackOf(ctx: AppContext, p: Pick<Project, 'guildId' | 'trackId'>): Promise<Track | null> {
  return p.trackId ? ((await getTrack(ctx.db, p.guildId, p.trackId)) ?? null) : null;
}
