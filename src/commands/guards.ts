// Checks shared by every command that creates or changes entries.
import type { Actor } from '../db/queries/actor.js';
import { UserError, type Invocation } from './types.js';

export const MODERATOR_ONLY = 'This is for moderators: you need the **Manage Server** permission.';

export const BLOCKED_MESSAGE =
  'A moderator has paused your Nexus access in this server, so you cannot add or change entries.';

/** The acting member (their profile, if any) and the guild settings; refuses a member a moderator has blocked. */
export function requireNotBlocked(inv: Pick<Invocation, 'actor'>): Actor {
  if (inv.actor.member?.blockedAt) throw new UserError(BLOCKED_MESSAGE);
  return inv.actor;
}
