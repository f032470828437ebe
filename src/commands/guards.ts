// Checks shared by every command that creates or changes entries.
import type { AppContext } from '../context.js';
import { loadActor, type Actor } from '../db/queries/actor.js';
import { UserError, type Invocation } from './types.js';

export const BLOCKED_MESSAGE =
  'A moderator has paused your Nexus access in this server, so you cannot add or change entries.';

/** The acting member and the guild settings: the router's per-interaction load, or one statement now. */
export function actorOf(ctx: AppContext, inv: Pick<Invocation, 'guildId' | 'user' | 'actor'>): Promise<Actor> {
  return inv.actor ? inv.actor() : loadActor(ctx.db, inv.guildId, inv.user.id);
}

/** The acting member (their profile, if any) and the guild settings; refuses a member a moderator has blocked. */
export async function requireNotBlocked(
  ctx: AppContext,
  inv: Pick<Invocation, 'guildId' | 'user' | 'actor'>,
): Promise<Actor> {
  const actor = await actorOf(ctx, inv);
  if (actor.member?.blockedAt) throw new UserError(BLOCKED_MESSAGE);
  return actor;
}
