import { FORGOTTEN } from '../../db/queries/learner.js';
import { userMention } from '../ui.js';

/** A pair's other side: a mention, or "a former learner" once they asked Nexus to forget them. */
export function partnerLabel(id: string): string {
  return id === FORGOTTEN ? 'a former learner' : userMention(id);
}

export function otherSide(p: { userA: string; userB: string }, me: string): string {
  return p.userA === me ? p.userB : p.userA;
}
