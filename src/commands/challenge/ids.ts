// Challenge ids as users and custom ids give them; anything odd is "not found", never an error.
import { escapeMarkdown, truncate } from '../../domain/text.js';
import { UserError } from '../types.js';

export function notFound(id: number | string): UserError {
  return new UserError(
    `There is no challenge #${id} in this server (it may have been removed). Find one with \`/challenge search\` or \`/challenge mine\`.`,
  );
}

/** A challenge id from a custom id or a typed value; anything else is "not found". */
export function parseChallengeId(raw: string | number | undefined): number {
  const s = String(raw ?? '')
    .trim()
    .replace(/^#/, '');
  const n = /^\d{1,15}$/.test(s) ? Number(s) : NaN;
  if (!Number.isSafeInteger(n) || n < 1) throw notFound(escapeMarkdown(truncate(s, 20)));
  return n;
}
