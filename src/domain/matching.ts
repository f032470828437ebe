// Pairing learners: hard filters, scoring, ranked suggestions, and optimal auto-matching rounds.
import type { Role } from './roles.js';
import { maxWeightMatching } from './blossom.js';
import { DAY } from './time.js';
import { availabilityMask, maskOverlapHours } from './overlap.js';

export interface Seeker {
  userId: string;
  name: string;
  /** The role they play on this project. */
  role: Role | null;
  /** Normalised project name, or `track:<id>`: equal keys = same project. */
  projectKey: string;
  /** Display name of the project. */
  projectName: string;
  /** Normalised tags. */
  stack: string[];
  timezone: string | null;
  availability: string | null;
  /** Currently seeking a collaborator. */
  seeking: boolean;
  /** The role their project looks for right now ("Looking for"); null when not looking or not said. */
  seekingRole: Role | null;
  /** When they started seeking. */
  waitingSince: Date | null;
  blocked: boolean;
}

export interface MatchContext {
  now: Date;
  /** pairKey(a, b) of currently active pairs. */
  activePairs: Set<string>;
  /** pairKey of ended pairs: re-pairing is allowed but scored lower. */
  pastPairs: Set<string>;
  /** pairKey with a declined request within the cooling-off period (hard filter). */
  coolingOff: Set<string>;
  /** userIds left unmatched in the previous auto round (they get a bonus). */
  priority?: Set<string>;
}

export interface Suggestion {
  seeker: Seeker;
  score: number;
  overlapHours: number;
  sharedTags: string[];
  /** One plain-text line (not markdown-escaped; the caller escapes). */
  reason: string;
}

export interface RoundPair {
  /** The backend side (backend, else fullstack); `b` the frontend side. */
  a: Seeker;
  b: Seeker;
  score: number;
}

/** Order-independent key of a pair of user ids. */
export function pairKey(a: string, b: string): string {
  return a < b ? `${a}:${b}` : `${b}:${a}`;
}

/** backend ↔ frontend; fullstack fits any role (fullstack ↔ fullstack too); null fits nothing. */
export function complementary(a: Role | null, b: Role | null): boolean {
  if (a === null || b === null) return false;
  if (a === 'fullstack' || b === 'fullstack') return true;
  return a !== b;
}

/** Does `role` fit a search for `wanted`? Fullstack fits any search, and a search for fullstack takes anyone. */
export function roleFits(wanted: Role, role: Role | null): boolean {
  if (role === null) return false;
  return wanted === 'fullstack' || role === 'fullstack' || role === wanted;
}

/**
 * Do the two fit each other's roles? Each side that looks for a role ("Looking for" on their project) needs
 * the other's role to fit it; when neither says, backend ↔ frontend (complementary).
 */
export function rolesFit(me: Seeker, other: Seeker): boolean {
  if (me.role === null || other.role === null) return false;
  if (me.seekingRole === null && other.seekingRole === null) return complementary(me.role, other.role);
  return (
    (me.seekingRole === null || roleFits(me.seekingRole, other.role)) &&
    (other.seekingRole === null || roleFits(other.seekingRole, me.role))
  );
}

/**
 * Hard filters for `other` as a collaborator of `me`: same project, roles that fit (rolesFit), other is
 * seeking and not blocked, not me, not already actively paired with me, no recent declined request.
 */
export function passesHardFilters(me: Seeker, other: Seeker, ctx: MatchContext): boolean {
  if (other.userId === me.userId || other.blocked || !other.seeking) return false;
  if (other.projectKey !== me.projectKey || !rolesFit(me, other)) return false;
  const key = pairKey(me.userId, other.userId);
  return !ctx.activePairs.has(key) && !ctx.coolingOff.has(key);
}

// ---------------------------------------------------------------------------------------------
// Scoring (0 … MAX_SCORE, higher is better)
//
//   overlap   2 points per weekly hour of shared availability, capped at 40 (20 h/week)
//   stack     10 points per shared tag, capped at 30 (3 tags)
//   waiting   1 point per day the other person has been seeking, capped at 15
//   fresh     +10 if the two have never been paired before (re-pairing is allowed, just ranked lower)
//   priority  +10 if the other person was left unmatched by the previous auto round
//
// For a round, a pair's score is the mean of its two directional scores, so overlap, stack and
// freshness count fully and each person's waiting time and priority count half.

const SCORING = {
  pointsPerOverlapHour: 2,
  overlapMax: 40,
  pointsPerSharedTag: 10,
  tagsMax: 30,
  pointsPerWaitingDay: 1,
  waitingMax: 15,
  neverPaired: 10,
  priority: 10,
} as const;
export const MAX_SCORE =
  SCORING.overlapMax + SCORING.tagsMax + SCORING.waitingMax + SCORING.neverPaired + SCORING.priority; // 105

const round2 = (x: number) => Math.round(x * 100) / 100;

function waitingDays(s: Seeker, now: Date): number {
  if (!s.waitingSince) return 0;
  return Math.max(0, (now.getTime() - s.waitingSince.getTime()) / DAY);
}

function waitingPoints(s: Seeker, now: Date): number {
  return round2(Math.min(SCORING.waitingMax, waitingDays(s, now) * SCORING.pointsPerWaitingDay));
}

/** The parts of a pair's score that do not depend on direction. */
function sharedPoints(overlapHours: number, sharedTagCount: number, pairedBefore: boolean): number {
  return (
    Math.min(SCORING.overlapMax, overlapHours * SCORING.pointsPerOverlapHour) +
    Math.min(SCORING.tagsMax, sharedTagCount * SCORING.pointsPerSharedTag) +
    (pairedBefore ? 0 : SCORING.neverPaired)
  );
}

function personalPoints(s: Seeker, ctx: MatchContext): number {
  return waitingPoints(s, ctx.now) + (ctx.priority?.has(s.userId) ? SCORING.priority : 0);
}

function sharedTagsOf(mine: ReadonlySet<string>, other: Seeker): string[] {
  const out: string[] = [];
  for (const t of other.stack) if (mine.has(t) && !out.includes(t)) out.push(t);
  return out;
}

/** Earlier waitingSince first; no waitingSince last. */
function compareWaiting(a: Seeker, b: Seeker): number {
  const ta = a.waitingSince?.getTime() ?? Infinity;
  const tb = b.waitingSince?.getTime() ?? Infinity;
  return ta === tb ? 0 : ta < tb ? -1 : 1;
}

const compareIds = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function formatHours(h: number): string {
  return String(Math.round(h * 100) / 100);
}

function reasonLine(me: Seeker, other: Seeker, overlapHours: number, shared: string[], ctx: MatchContext): string {
  const parts = [
    `same project ${me.projectName}`,
    `you ${me.role ?? 'no role'}, they ${other.role ?? 'no role'}`,
    overlapHours > 0 ? `${formatHours(overlapHours)} h/week overlap` : 'no overlap',
  ];
  if (shared.length > 0) parts.push(`shares ${shared.join(', ')}`);
  const days = Math.floor(waitingDays(other, ctx.now));
  if (days >= 1) parts.push(`waiting ${days} ${days === 1 ? 'day' : 'days'}`);
  if (ctx.pastPairs.has(pairKey(me.userId, other.userId))) parts.push('paired before');
  if (ctx.priority?.has(other.userId)) parts.push('missed last round');
  return parts.join(' · ');
}

/**
 * Ranked collaborators for `me`, best first. Hard filters: same projectKey, roles that fit, the
 * other is seeking, not blocked, not me, not in an active pair with me, not in coolingOff. Score: see
 * SCORING (timezone overlap, shared stack tags, how long the other has waited, never-paired-before,
 * priority). Ties: longer wait first, then userId. A blocked `me` gets no suggestions.
 */
export function findCollaborators(me: Seeker, others: Seeker[], ctx: MatchContext, limit = 5): Suggestion[] {
  if (me.blocked || me.role === null || limit <= 0) return [];
  const myMask = availabilityMask(me.availability, me.timezone, ctx.now);
  const myTags = new Set(me.stack);
  const scored: Array<{ seeker: Seeker; score: number; overlapHours: number; sharedTags: string[] }> = [];
  const seen = new Set<string>();
  for (const other of others) {
    if (!passesHardFilters(me, other, ctx) || seen.has(other.userId)) continue;
    seen.add(other.userId);
    const overlapHours = maskOverlapHours(myMask, availabilityMask(other.availability, other.timezone, ctx.now));
    const sharedTags = sharedTagsOf(myTags, other);
    const pairedBefore = ctx.pastPairs.has(pairKey(me.userId, other.userId));
    const score = round2(sharedPoints(overlapHours, sharedTags.length, pairedBefore) + personalPoints(other, ctx));
    scored.push({ seeker: other, score, overlapHours, sharedTags });
  }
  scored.sort(
    (x, y) => y.score - x.score || compareWaiting(x.seeker, y.seeker) || compareIds(x.seeker.userId, y.seeker.userId),
  );
  return scored
    .slice(0, limit)
    .map((s) => ({ ...s, reason: reasonLine(me, s.seeker, s.overlapHours, s.sharedTags, ctx) }));
}

/**
 * Symmetric score of a pair in an auto round: the mean of the two directional scores (shared parts in
 * full, each person's waiting/priority points halved). Does not check the hard filters.
 */
export function pairScore(a: Seeker, b: Seeker, ctx: MatchContext): number {
  return pairScoreWith(a, b, ctx, maskOf(a, ctx), maskOf(b, ctx), new Set(a.stack));
}

const maskOf = (s: Seeker, ctx: MatchContext) => availabilityMask(s.availability, s.timezone, ctx.now);

function pairScoreWith(
  a: Seeker,
  b: Seeker,
  ctx: MatchContext,
  maskA: Uint32Array,
  maskB: Uint32Array,
  tagsA: ReadonlySet<string>,
): number {
  const overlap = maskOverlapHours(maskA, maskB);
  const shared = sharedTagsOf(tagsA, b).length;
  const before = ctx.pastPairs.has(pairKey(a.userId, b.userId));
  return (
    Math.round((sharedPoints(overlap, shared, before) + (personalPoints(a, ctx) + personalPoints(b, ctx)) / 2) * 1000) /
    1000
  );
}

const SIDE_RANK: Record<Role, number> = { backend: 0, fullstack: 1, frontend: 2 };

/**
 * One auto-matching round over everyone seeking on ONE project. Among the pairs allowed by the hard
 * filters (both directions), it finds a matching that first maximises the number of pairs, then
 * minimises the total cost Σ(MAX_SCORE − score) (equivalently, maximises the total score).
 *
 * Fullstack learners are handled exactly, not by a balancing heuristic: because fullstack fits
 * backend, frontend and fullstack, the allowed-pairs graph is not bipartite (fullstack↔fullstack
 * edges make odd cycles), so Kuhn–Munkres on a fixed backend/frontend split could miss the optimum.
 * Instead this runs Edmonds' weighted blossom algorithm — the Hungarian primal–dual method extended
 * to general graphs — in maximum-cardinality mode, with integer weights (exact). O(n³).
 *
 * Deterministic: seekers are processed in userId order. Blocked / not-seeking seekers are ignored;
 * everyone else left without a partner (including role-less seekers) is returned in `unmatched`.
 */
export function assignRound(seekers: Seeker[], ctx: MatchContext): { pairs: RoundPair[]; unmatched: Seeker[] } {
  const byId = new Map<string, Seeker>();
  for (const s of seekers) if (s.seeking && !s.blocked && !byId.has(s.userId)) byId.set(s.userId, s);
  const people = [...byId.values()].sort((x, y) => compareIds(x.userId, y.userId));
  const edges: Array<[number, number, number]> = [];
  const scores = new Map<number, number>();
  const n = people.length;
  const masks = people.map((p) => maskOf(p, ctx));
  for (let i = 0; i < n; i++) {
    const a = people[i]!;
    const tagsA = new Set(a.stack);
    for (let j = i + 1; j < n; j++) {
      const b = people[j]!;
      if (!passesHardFilters(a, b, ctx) || !passesHardFilters(b, a, ctx)) continue;
      const score = pairScoreWith(a, b, ctx, masks[i]!, masks[j]!, tagsA);
      scores.set(i * n + j, score);
      edges.push([i, j, Math.round(score * 1000)]);
    }
  }
  const mate = maxWeightMatching(n, edges, true);
  const pairs: RoundPair[] = [];
  const unmatched: Seeker[] = [];
  for (let i = 0; i < n; i++) {
    const j = mate[i]!;
    if (j < 0) unmatched.push(people[i]!);
    else if (i < j) {
      const x = people[i]!;
      const y = people[j]!;
      const swap = SIDE_RANK[y.role!] < SIDE_RANK[x.role!];
      pairs.push({ a: swap ? y : x, b: swap ? x : y, score: scores.get(i * n + j)! });
    }
  }
  pairs.sort((p, q) => q.score - p.score || compareIds(p.a.userId, q.a.userId));
  return { pairs, unmatched };
}
