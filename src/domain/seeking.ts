// "Seeking a collaborator" on a project: set with a role, lapses after the guild's expiry unless renewed.
import type { Role } from './roles.js';
import { DAY } from './time.js';

export interface SeekingState {
  status: 'active' | 'archived';
  seekingRole: Role | null;
  seekingExpiresAt: Date | null;
}

/** Is this project's owner looking for a collaborator right now? */
export function seekingIsActive(p: SeekingState, now: Date): boolean {
  return p.status === 'active' && !!p.seekingRole && !!p.seekingExpiresAt && p.seekingExpiresAt > now;
}

export interface SeekingFields {
  seekingRole: Role | null;
  seekingSince: Date | null;
  seekingExpiresAt: Date | null;
}

/**
 * The seeking columns after asking to seek `seeking` (a role, or 'none' to stop) for `expiryDays` from now.
 * Renewing keeps the original "seeking since" (time waiting ranks matches); undefined changes nothing.
 */
export function seekingFields(
  seeking: Role | 'none' | undefined,
  now: Date,
  expiryDays: number,
  current?: SeekingState & { seekingSince: Date | null },
): Partial<SeekingFields> {
  if (seeking === undefined) return {};
  if (seeking === 'none') return { seekingRole: null, seekingSince: null, seekingExpiresAt: null };
  const keepSince = current?.seekingRole && current.seekingSince && seekingIsActive(current, now);
  return {
    seekingRole: seeking,
    seekingSince: keepSince ? current.seekingSince : now,
    seekingExpiresAt: new Date(now.getTime() + expiryDays * DAY),
  };
}
