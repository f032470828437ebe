// Checks shared by every command that creates or changes entries.
import type { AppContext } from '../context.js';
import { getMember } from '../db/queries/members.js';
import type { Member } from '../db/schema.js';
import { UserError } from './types.js';

export const BLOCKED_MESSAGE = 'A moderator has paused your Nexus access in this server, so you cannot add or change entries.';

/** The member's profile (if any); refuses a member a moderator has blocked. */
export async function requireNotBlocked(ctx: AppContext, guildId: string, userId: string): Promise<Member | undefined> {
  const m = await getMember(ctx.db, guildId, userId);
  if (m?.blockedAt) throw new UserError(BLOCKED_MESSAGE);
  return m;
}
