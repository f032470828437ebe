import { describe, expect, it } from 'vitest';
import type { Role } from '../src/domain/roles.js';
import {
  MAX_SCORE,
  assignRound,
  complementary,
  findCollaborators,
  pairKey,
  pairScore,
  passesHardFilters,
  type MatchContext,
  type Seeker,
} from '../src/domain/matching.js';
import { maxWeightMatching } from '../src/domain/blossom.js';

const NOW = new Date('2026-05-06T12:00:00Z');
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000);

function seeker(userId: string, role: Role | null, over: Partial<Seeker> = {}): Seeker {
  return {
    userId,
    name: userId.toUpperCase(),
    role,
    projectKey: 'airbnb-clone',
    projectName: 'Airbnb clone',
    stack: [],
    timezone: 'Africa/Lagos',
    availability: '18-22',
    seeking: true,
    seekingRole: null,
    waitingSince: null,
    blocked: false,
    ...over,
  };
}

function ctx(over: Partial<MatchContext> = {}): MatchContext {
  return { now: NOW, activePairs: new Set(), pastPairs: new Set(), coolingOff: new Set(), ...over };
}

/** Seeded PRNG (mulberry32). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('pairKey and complementary', () => {
  it('pairKey is order-independent and distinguishes pairs', () => {
    expect(pairKey('1', '2')).toBe(pairKey('2', '1'));
    expect(pairKey('1', '2')).not.toBe(pairKey('1', '3'));
    expect(pairKey('12', '3')).not.toBe(pairKey('1', '23'));
  });

  it('pairs backend with frontend; fullstack fits anything; null fits nothing', () => {
    expect(complementary('backend', 'frontend')).toBe(true);
    expect(complementary('frontend', 'backend')).toBe(true);
    expect(complementary('backend', 'backend')).toBe(false);
    expect(complementary('frontend', 'frontend')).toBe(false);
    expect(complementary('fullstack', 'backend')).toBe(true);
    expect(complementary('frontend', 'fullstack')).toBe(true);
    expect(complementary('fullstack', 'fullstack')).toBe(true);
    expect(complementary(null, 'frontend')).toBe(false);
    expect(complementary('fullstack', null)).toBe(false);
    expect(complementary(null, null)).toBe(false);
  });
});

describe('findCollaborators', () => {
  const me = seeker('me', 'backend', { stack: ['react', 'rest', 'node'] });

  it('scores overlap, shared tags and freshness, and explains in one line', () => {
    const other = seeker('f1', 'frontend', { stack: ['rest', 'react', 'css'], availability: 'weekdays 18-19' });
    const [s] = findCollaborators(me, [other], ctx());
    expect(s!.seeker).toBe(other);
    expect(s!.overlapHours).toBe(5);
    expect(s!.sharedTags).toEqual(['rest', 'react']);
    expect(s!.score).toBe(5 * 2 + 20 + 10);
    expect(s!.reason).toBe(
      'same project Airbnb clone · you backend, they frontend · 5 h/week overlap · shares rest, react',
    );
  });

  it('caps each part: overlap 40, tags 30, waiting 15, +10 never paired, +10 priority', () => {
    const other = seeker('f1', 'frontend', {
      stack: ['react', 'rest', 'node', 'react'],
      availability: 'anytime',
      waitingSince: daysAgo(40),
    });
    const meMore = { ...me, stack: ['react', 'rest', 'node', 'css'], availability: 'anytime' };
    const [s] = findCollaborators(
      meMore,
      [{ ...other, stack: ['react', 'rest', 'node', 'css'] }],
      ctx({ priority: new Set(['f1']) }),
    );
    expect(s!.score).toBe(MAX_SCORE);
    expect(s!.reason).toContain('waiting 40 days');
    expect(s!.reason).toContain('missed last round');
  });

  it('applies every hard filter', () => {
    const ok = seeker('ok', 'frontend');
    const candidates = [
      ok,
      seeker('other-project', 'frontend', { projectKey: 'track:7' }),
      seeker('same-role', 'backend'),
      seeker('no-role', null),
      seeker('not-seeking', 'frontend', { seeking: false }),
      seeker('blocked', 'frontend', { blocked: true }),
      seeker('active', 'frontend'),
      seeker('cooling', 'frontend'),
      { ...me },
    ];
    const c = ctx({ activePairs: new Set([pairKey('active', 'me')]), coolingOff: new Set([pairKey('me', 'cooling')]) });
    expect(findCollaborators(me, candidates, c, 50).map((s) => s.seeker.userId)).toEqual(['ok']);
    for (const cand of candidates.slice(1)) expect(passesHardFilters(me, cand, c)).toBe(false);
    expect(passesHardFilters(me, ok, c)).toBe(true);
  });

  it('lets fullstack learners match backend, frontend and fullstack; role-less or blocked seekers get nothing', () => {
    const others = [seeker('b', 'backend'), seeker('f', 'frontend'), seeker('s', 'fullstack')];
    const ids = (m: Seeker) => findCollaborators(m, others, ctx(), 10).map((s) => s.seeker.userId);
    expect(ids(seeker('me', 'fullstack'))).toEqual(['b', 'f', 's']);
    expect(ids(seeker('me', 'backend'))).toEqual(['f', 's']);
    expect(ids(seeker('me', 'frontend'))).toEqual(['b', 's']);
    expect(ids(seeker('me', null))).toEqual([]);
    expect(ids(seeker('me', 'fullstack', { blocked: true }))).toEqual([]);
  });

  it('ranks by timezone overlap, shared stack, waiting, never-paired and priority', () => {
    const base = { availability: '18-22', timezone: 'Africa/Lagos' };
    const far = seeker('far', 'frontend', { ...base, timezone: 'Asia/Tokyo' }); // 0 h
    const near = seeker('near', 'frontend', { ...base, timezone: 'Europe/Berlin' }); // summer: 21 h → 40
    expect(findCollaborators(me, [far, near], ctx()).map((s) => s.seeker.userId)).toEqual(['near', 'far']);

    const x = seeker('x', 'frontend', { stack: ['node'] });
    const y = seeker('y', 'frontend', { stack: ['node', 'react'] });
    expect(findCollaborators(me, [x, y], ctx()).map((s) => s.seeker.userId)).toEqual(['y', 'x']);

    const waited = seeker('w', 'frontend', { waitingSince: daysAgo(6) });
    const fresh = seeker('a', 'frontend', { waitingSince: daysAgo(1) });
    const res = findCollaborators(me, [fresh, waited], ctx());
    expect(res.map((s) => s.seeker.userId)).toEqual(['w', 'a']);
    expect(res[0]!.score - res[1]!.score).toBeCloseTo(5, 6);

    const past = seeker('p', 'frontend');
    const neverMet = seeker('z', 'frontend');
    const r2 = findCollaborators(me, [past, neverMet], ctx({ pastPairs: new Set([pairKey('p', 'me')]) }));
    expect(r2.map((s) => s.seeker.userId)).toEqual(['z', 'p']);
    expect(r2[0]!.score - r2[1]!.score).toBe(10);
    expect(r2[1]!.reason).toContain('paired before');

    const prio = seeker('q', 'frontend');
    expect(
      findCollaborators(me, [neverMet, prio], ctx({ priority: new Set(['q']) })).map((s) => s.seeker.userId),
    ).toEqual(['q', 'z']);
  });

  it('breaks ties by longer wait, then userId, regardless of input order', () => {
    // Waiting points cap at 15 days, so both waits give the same score; the longer wait still wins.
    const longer = seeker('m', 'frontend', { waitingSince: daysAgo(30) });
    const shorter = seeker('c', 'frontend', { waitingSince: daysAgo(20) });
    const idA = seeker('b', 'frontend');
    const idB = seeker('a', 'frontend');
    const all = [idA, shorter, idB, longer];
    const res = findCollaborators(me, all, ctx(), 10);
    expect(new Set(res.map((s) => s.score)).size).toBe(2);
    expect(res.map((s) => s.seeker.userId)).toEqual(['m', 'c', 'a', 'b']);
    expect(findCollaborators(me, [...all].reverse(), ctx(), 10).map((s) => s.seeker.userId)).toEqual([
      'm',
      'c',
      'a',
      'b',
    ]);
  });

  it('respects the limit and handles 10 000 candidates', () => {
    const zones = ['Africa/Lagos', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', null, 'Bad/Zone'];
    const avail = ['weekdays 18-22', 'evenings', 'weekends 10-14', null, 'mornings', 'anytime', 'mon,wed,fri 19-21'];
    const many = Array.from({ length: 10_000 }, (_, i) =>
      seeker(`u${String(i).padStart(5, '0')}`, (['backend', 'frontend', 'fullstack'] as const)[i % 3]!, {
        timezone: zones[i % zones.length]!,
        availability: avail[i % avail.length]!,
        stack: ['react', 'rest', 'node'].filter((_, k) => (i >> k) & 1),
        waitingSince: daysAgo(i % 20),
      }),
    );
    const res = findCollaborators(me, many, ctx(), 7);
    expect(res).toHaveLength(7);
    for (let i = 1; i < res.length; i++) expect(res[i - 1]!.score).toBeGreaterThanOrEqual(res[i]!.score);
    expect(res.every((s) => s.seeker.role !== 'backend')).toBe(true);
    expect(findCollaborators(me, many, ctx(), 0)).toEqual([]);
  });
});

describe('assignRound', () => {
  const ids = (r: ReturnType<typeof assignRound>) => ({
    pairs: r.pairs.map((p) => `${p.a.userId}+${p.b.userId}`).sort(),
    unmatched: r.unmatched.map((s) => s.userId).sort(),
  });

  it('pairs backend with frontend and leaves the odd one out', () => {
    const r = assignRound([seeker('b1', 'backend'), seeker('f1', 'frontend'), seeker('b2', 'backend')], ctx());
    expect(r.pairs).toHaveLength(1);
    expect(r.unmatched).toHaveLength(1);
    expect(r.pairs[0]!.a.role).toBe('backend');
    expect(r.pairs[0]!.b.userId).toBe('f1');
    expect(assignRound([], ctx())).toEqual({ pairs: [], unmatched: [] });
  });

  it('maximises the number of pairs before the score (not greedy)', () => {
    // b1–f1 is the single best pair, but taking it leaves b2 and f2 with nobody: b1–f2 + b2–f1 is better.
    const b1 = seeker('b1', 'backend', { stack: ['a', 'b', 'c'] });
    const f1 = seeker('f1', 'frontend', { stack: ['a', 'b', 'c'] });
    const b2 = seeker('b2', 'backend');
    const f2 = seeker('f2', 'frontend');
    const c = ctx({ coolingOff: new Set([pairKey('b2', 'f2')]) });
    expect(ids(assignRound([b1, f1, b2, f2], c))).toEqual({ pairs: ['b1+f2', 'b2+f1'], unmatched: [] });
  });

  it('places fullstack learners on whichever side is short, including fullstack with fullstack', () => {
    const r = assignRound(
      [
        seeker('b1', 'backend'),
        seeker('b2', 'backend'),
        seeker('b3', 'backend'),
        seeker('s1', 'fullstack'),
        seeker('s2', 'fullstack'),
        seeker('f1', 'frontend'),
      ],
      ctx(),
    );
    expect(r.pairs).toHaveLength(3);
    expect(r.unmatched).toEqual([]);
    for (const p of r.pairs) expect(p.a.role).toBe('backend');

    const allFull = assignRound(
      [seeker('s1', 'fullstack'), seeker('s2', 'fullstack'), seeker('s3', 'fullstack')],
      ctx(),
    );
    expect(allFull.pairs).toHaveLength(1);
    expect(allFull.unmatched).toHaveLength(1);
  });

  it('picks the better fullstack pairing when a triangle of fullstack learners competes', () => {
    // Three fullstack learners form a triangle (an odd cycle); the best of the three perfect matchings must win.
    const s1 = seeker('s1', 'fullstack', { stack: ['x'] });
    const s2 = seeker('s2', 'fullstack', { stack: ['x', 'y'] });
    const s3 = seeker('s3', 'fullstack', { stack: ['y'] });
    const f = seeker('f', 'frontend', { availability: 'mornings' });
    const r = assignRound([s1, s2, s3, f], ctx());
    expect(r.pairs).toHaveLength(2);
    const total = r.pairs.reduce((t, p) => t + p.score, 0);
    expect(total).toBeCloseTo(
      Math.max(
        pairScore(s2, s3, ctx()) + pairScore(s1, f, ctx()),
        pairScore(s1, s2, ctx()) + pairScore(s3, f, ctx()),
        pairScore(s1, s3, ctx()) + pairScore(s2, f, ctx()),
      ),
      6,
    );
  });

  it('ignores blocked and non-seeking learners, reports role-less ones as unmatched, and applies pair filters', () => {
    const r = assignRound(
      [
        seeker('b1', 'backend'),
        seeker('f1', 'frontend'),
        seeker('f2', 'frontend', { blocked: true }),
        seeker('f3', 'frontend', { seeking: false }),
        seeker('x', null),
        seeker('b2', 'backend'),
        seeker('f4', 'frontend'),
      ],
      ctx({ activePairs: new Set([pairKey('b1', 'f1')]), coolingOff: new Set([pairKey('b2', 'f4')]) }),
    );
    expect(ids(r)).toEqual({ pairs: ['b1+f4', 'b2+f1'], unmatched: ['x'] });
  });

  it('gives the priority bonus to the odd one out of the previous round', () => {
    const group = [seeker('b1', 'backend'), seeker('f1', 'frontend'), seeker('f2', 'frontend')];
    expect(ids(assignRound(group, ctx({ priority: new Set(['f1']) }))).unmatched).toEqual(['f2']);
    expect(ids(assignRound(group, ctx({ priority: new Set(['f2']) }))).unmatched).toEqual(['f1']);
  });

  it('is deterministic whatever the input order', () => {
    const group = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((id, i) =>
      seeker(id, (['backend', 'frontend', 'fullstack'] as const)[i % 3]!),
    );
    const first = ids(assignRound(group, ctx()));
    expect(ids(assignRound([...group].reverse(), ctx()))).toEqual(first);
    expect(first.pairs).toHaveLength(3);
  });

  it('is optimal: equals brute force (pairs, then total score) on many random cases', () => {
    const rnd = prng(20260506);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
    const roles = ['backend', 'frontend', 'fullstack', 'fullstack', 'backend', 'frontend', null] as const;
    const zones = ['Africa/Lagos', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'UTC', null];
    const avails = [
      '18-22',
      'weekdays 18-22',
      'weekends 10-14',
      'mornings',
      'anytime',
      null,
      'mon,wed,fri 19-21',
      'evenings',
    ];
    const tags = ['react', 'node', 'rest', 'go', 'css'];
    for (let t = 0; t < 400; t++) {
      const n = 1 + Math.floor(rnd() * 8);
      const people: Seeker[] = Array.from({ length: n }, (_, i) =>
        seeker(`p${i}`, pick(roles), {
          projectKey: rnd() < 0.9 ? 'airbnb-clone' : 'other',
          timezone: pick(zones),
          availability: pick(avails),
          stack: tags.filter(() => rnd() < 0.4),
          waitingSince: rnd() < 0.8 ? daysAgo(rnd() * 25) : null,
          seeking: rnd() < 0.95,
          blocked: rnd() < 0.05,
        }),
      );
      const keys = () => {
        const s = new Set<string>();
        for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if (rnd() < 0.12) s.add(pairKey(`p${i}`, `p${j}`));
        return s;
      };
      const c = ctx({
        activePairs: keys(),
        pastPairs: keys(),
        coolingOff: keys(),
        priority: new Set(people.filter(() => rnd() < 0.2).map((p) => p.userId)),
      });

      // Brute force over all matchings.
      const eligible = people.filter((p) => p.seeking && !p.blocked);
      let best = { pairs: 0, score: 0 };
      const used = new Set<number>();
      const rec = (i: number, pairs: number, score: number) => {
        while (i < eligible.length && used.has(i)) i++;
        if (i >= eligible.length) {
          if (pairs > best.pairs || (pairs === best.pairs && score > best.score + 1e-9)) best = { pairs, score };
          return;
        }
        used.add(i);
        rec(i + 1, pairs, score);
        for (let j = i + 1; j < eligible.length; j++) {
          const a = eligible[i]!;
          const b = eligible[j]!;
          if (used.has(j) || !passesHardFilters(a, b, c) || !passesHardFilters(b, a, c)) continue;
          used.add(j);
          rec(i + 1, pairs + 1, score + pairScore(a, b, c));
          used.delete(j);
        }
        used.delete(i);
      };
      rec(0, 0, 0);

      const r = assignRound(people, c);
      expect(r.pairs.length, `case ${t}`).toBe(best.pairs);
      expect(
        r.pairs.reduce((s, p) => s + p.score, 0),
        `case ${t}`,
      ).toBeCloseTo(best.score, 6);
      // Valid and complete: every pair passes the filters, nobody twice, unmatched = the rest of the eligible.
      const seen = new Set<string>();
      for (const p of r.pairs) {
        expect(passesHardFilters(p.a, p.b, c) && passesHardFilters(p.b, p.a, c)).toBe(true);
        expect(p.score).toBeCloseTo(pairScore(p.a, p.b, c), 9);
        for (const id of [p.a.userId, p.b.userId]) {
          expect(seen.has(id)).toBe(false);
          seen.add(id);
        }
      }
      for (const u of r.unmatched) expect(seen.has(u.userId)).toBe(false);
      expect(seen.size + r.unmatched.length).toBe(eligible.length);
    }
  });
});

describe('maxWeightMatching (general graphs)', () => {
  it('matches brute force on random graphs with odd cycles', () => {
    const rnd = prng(42);
    for (let t = 0; t < 500; t++) {
      const n = 1 + Math.floor(rnd() * 9);
      const density = rnd();
      const edges: Array<[number, number, number]> = [];
      for (let i = 0; i < n; i++)
        for (let j = i + 1; j < n; j++)
          if (rnd() < density) edges.push([i, j, Math.floor(rnd() * (rnd() < 0.5 ? 4 : 1000))]);
      const weight = new Map(edges.map(([i, j, w]) => [`${i},${j}`, w]));
      let best = { c: 0, w: 0 };
      const used = new Array<boolean>(n).fill(false);
      const rec = (i: number, c: number, w: number) => {
        while (i < n && used[i]) i++;
        if (i >= n) {
          if (c > best.c || (c === best.c && w > best.w)) best = { c, w };
          return;
        }
        used[i] = true;
        rec(i + 1, c, w);
        for (let j = i + 1; j < n; j++) {
          const x = weight.get(`${i},${j}`);
          if (used[j] || x === undefined) continue;
          used[j] = true;
          rec(i + 1, c + 1, w + x);
          used[j] = false;
        }
        used[i] = false;
      };
      rec(0, 0, 0);
      const mate = maxWeightMatching(n, edges, true);
      let c = 0;
      let w = 0;
      for (let i = 0; i < n; i++) {
        const j = mate[i]!;
        if (j < 0) continue;
        expect(mate[j]).toBe(i);
        if (i < j) {
          c++;
          w += weight.get(`${i},${j}`)!;
        }
      }
      expect({ c, w }, `case ${t}: ${JSON.stringify(edges)}`).toEqual(best);
    }
  });
});

describe('maxWeightMatching (classic blossom cases)', () => {
  // The tricky graphs of J. van Rantwijk's mwmatching test suite (nested S-blossoms, T-blossom expansion
  // and relabelling, least-slack edges); vertex 0 is unused. Expected mates are for plain maximum weight.
  const cases: Array<[string, Array<[number, number, number]>, number[]]> = [
    [
      'S-blossom',
      [
        [1, 2, 8],
        [1, 3, 9],
        [2, 3, 10],
        [3, 4, 7],
      ],
      [-1, 2, 1, 4, 3],
    ],
    [
      'T-blossom',
      [
        [1, 2, 9],
        [1, 3, 8],
        [2, 3, 10],
        [1, 4, 5],
        [4, 5, 4],
        [1, 6, 3],
      ],
      [-1, 6, 3, 2, 5, 4, 1],
    ],
    [
      'nested S-blossom',
      [
        [1, 2, 9],
        [1, 3, 9],
        [2, 3, 10],
        [2, 4, 8],
        [3, 5, 8],
        [4, 5, 10],
        [5, 6, 6],
      ],
      [-1, 3, 4, 1, 2, 6, 5],
    ],
    [
      'relabel nested S-blossom',
      [
        [1, 2, 10],
        [1, 7, 10],
        [2, 3, 12],
        [3, 4, 20],
        [3, 5, 20],
        [4, 5, 25],
        [5, 6, 10],
        [6, 7, 10],
        [7, 8, 8],
      ],
      [-1, 2, 1, 4, 3, 6, 5, 8, 7],
    ],
    [
      'expand nested S-blossom',
      [
        [1, 2, 8],
        [1, 3, 8],
        [2, 3, 10],
        [2, 4, 12],
        [3, 5, 12],
        [4, 5, 14],
        [4, 6, 12],
        [5, 7, 12],
        [6, 7, 14],
        [7, 8, 12],
      ],
      [-1, 2, 1, 5, 6, 3, 4, 8, 7],
    ],
    [
      'S-blossom relabelled as T, then expanded',
      [
        [1, 2, 23],
        [1, 5, 22],
        [1, 6, 15],
        [2, 3, 25],
        [3, 4, 22],
        [4, 5, 25],
        [4, 8, 14],
        [5, 7, 13],
      ],
      [-1, 6, 3, 2, 8, 7, 1, 5, 4],
    ],
    [
      'nested S-blossom relabelled as T, then expanded',
      [
        [1, 2, 19],
        [1, 3, 20],
        [1, 8, 8],
        [2, 3, 25],
        [2, 4, 18],
        [3, 5, 18],
        [4, 5, 13],
        [4, 7, 7],
        [5, 6, 7],
      ],
      [-1, 8, 3, 2, 7, 6, 5, 4, 1],
    ],
    [
      'nasty T-blossom expansion',
      [
        [1, 2, 45],
        [1, 5, 45],
        [2, 3, 50],
        [3, 4, 45],
        [4, 5, 50],
        [1, 6, 30],
        [3, 9, 35],
        [4, 8, 35],
        [5, 7, 26],
        [9, 10, 5],
      ],
      [-1, 6, 3, 2, 8, 7, 1, 5, 4, 10, 9],
    ],
    [
      'nasty T-blossom expansion 2',
      [
        [1, 2, 45],
        [1, 5, 45],
        [2, 3, 50],
        [3, 4, 45],
        [4, 5, 50],
        [1, 6, 30],
        [3, 9, 35],
        [4, 8, 26],
        [5, 7, 40],
        [9, 10, 5],
      ],
      [-1, 6, 3, 2, 8, 7, 1, 5, 4, 10, 9],
    ],
    [
      'T-blossom expansion, least-slack edge',
      [
        [1, 2, 45],
        [1, 5, 45],
        [2, 3, 50],
        [3, 4, 45],
        [4, 5, 50],
        [1, 6, 30],
        [3, 9, 35],
        [4, 8, 28],
        [5, 7, 26],
        [9, 10, 5],
      ],
      [-1, 6, 3, 2, 8, 7, 1, 5, 4, 10, 9],
    ],
    [
      'nested nasty T-blossom expansion',
      [
        [1, 2, 45],
        [1, 7, 45],
        [2, 3, 50],
        [3, 4, 45],
        [4, 5, 95],
        [4, 6, 94],
        [5, 6, 94],
        [6, 7, 50],
        [1, 8, 30],
        [3, 11, 35],
        [5, 9, 36],
        [7, 10, 26],
        [11, 12, 5],
      ],
      [-1, 8, 3, 2, 6, 9, 4, 10, 1, 5, 7, 12, 11],
    ],
    [
      'nested relabel and expand',
      [
        [1, 2, 40],
        [1, 3, 40],
        [2, 3, 60],
        [2, 4, 55],
        [3, 5, 55],
        [4, 5, 50],
        [1, 8, 15],
        [5, 7, 30],
        [7, 6, 10],
        [8, 10, 10],
        [4, 9, 30],
      ],
      [-1, 2, 1, 5, 9, 3, 7, 6, 10, 4, 8],
    ],
  ];
  it.each(cases)('%s', (_name, edges, expected) => {
    expect(maxWeightMatching(expected.length, edges, false)).toEqual(expected);
    // In max-cardinality mode these optima are also perfect on vertices 1…n, so the answer is the same.
    expect(maxWeightMatching(expected.length, edges, true)).toEqual(expected);
  });

  it('handles empty input and max-cardinality trade-offs', () => {
    expect(maxWeightMatching(0, [], true)).toEqual([]);
    expect(maxWeightMatching(3, [], true)).toEqual([-1, -1, -1]);
    // Path 0-1-2-3 with a heavy middle edge: max weight takes 1-2, max cardinality takes both ends.
    const path: Array<[number, number, number]> = [
      [0, 1, 2],
      [1, 2, 10],
      [2, 3, 2],
    ];
    expect(maxWeightMatching(4, path, false)).toEqual([-1, 2, 1, -1]);
    expect(maxWeightMatching(4, path, true)).toEqual([1, 0, 3, 2]);
  });
});

describe('"Looking for": the role each project seeks', () => {
  const seeks = (userId: string, role: Role, seekingRole: Role | null) => seeker(userId, role, { seekingRole });

  it('a candidate fits when their role is what I look for (fullstack fits any search), and mine what they look for', () => {
    const gina = seeks('gina', 'fullstack', 'backend');
    expect(passesHardFilters(gina, seeks('fola', 'frontend', 'backend'), ctx())).toBe(false);
    expect(passesHardFilters(gina, seeks('bo', 'backend', 'frontend'), ctx())).toBe(true); // fullstack fits Bo's search
    expect(passesHardFilters(gina, seeks('bo', 'backend', 'fullstack'), ctx())).toBe(true);
    expect(passesHardFilters(gina, seeks('fifi', 'fullstack', 'fullstack'), ctx())).toBe(true);
    // Two backends on one project, one looking for another backend.
    const ada = seeks('ada', 'backend', 'backend');
    expect(passesHardFilters(seeks('bola', 'backend', null), ada, ctx())).toBe(true);
    expect(passesHardFilters(seeks('bola', 'backend', 'backend'), ada, ctx())).toBe(true);
    expect(passesHardFilters(seeks('bola', 'backend', 'frontend'), ada, ctx())).toBe(false);
    expect(passesHardFilters(seeks('fola', 'frontend', null), ada, ctx())).toBe(false);
    // A search for fullstack takes anyone; nobody's search takes a learner without a role.
    expect(passesHardFilters(seeks('x', 'frontend', 'fullstack'), seeks('y', 'frontend', 'fullstack'), ctx())).toBe(
      true,
    );
    expect(
      passesHardFilters(seeks('x', 'frontend', 'fullstack'), seeker('y', null, { seekingRole: 'fullstack' }), ctx()),
    ).toBe(false);
  });

  it('findCollaborators and assignRound honour it, with the same ranking otherwise', () => {
    const gina = seeks('gina', 'fullstack', 'backend');
    const fola = seeks('fola', 'frontend', 'backend');
    const bo = seeks('bo', 'backend', 'fullstack');
    expect(findCollaborators(gina, [fola, bo], ctx()).map((s) => s.seeker.userId)).toEqual(['bo']);
    expect(assignRound([gina, fola], ctx()).pairs).toEqual([]);
    const round = assignRound([gina, fola, bo], ctx());
    expect(round.pairs.map((p) => [p.a.userId, p.b.userId].sort())).toHaveLength(1);
    expect(round.unmatched.map((s) => s.userId)).toHaveLength(1);
  });
});
