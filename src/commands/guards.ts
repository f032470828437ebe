// Checks shared by every command that creates or changes entries.
import type { Actor } from '../db/queries/actor.js';
import { UserError, type Invocation } from './types.js';

export const MODERATOR_ONLY = 'This is for moderators: you need the **Manage Server** permission.';

/**
 * What a blocked member may still do, said the same way here, in the moderator's block confirmation and in the
 * handlers: read, decline or cancel pair requests, end a pairing (quietly) and delete their data.
 */
export const BLOCKED_MESSAGE =
  'A moderator has paused your Nexus access in this server: you cannot add or change entries, or send, accept or receive pair requests. ' +
  'You can still read, decline or cancel pending requests, end a pairing (without a public notice) and delete your data with `/nexus forget-me`.';

/** The acting member (their profile, if any) and the guild settings; refuses a member a moderator has blocked. */
export function requireNotBlocked(inv: Pick<Invocation, 'actor'>): Actor {
  if (inv.actor.member?.blockedAt) throw new UserError(BLOCKED_MESSAGE);
  return inv.actor;
}
