// The command mix: LINEs as a learner types them (same syntax as `npm run try`), turned into raw interaction
// payloads up front (outside the timing), then handled by the real router with Discord REST recorded.
import type { APIInteraction } from 'discord-api-types/v10';
import type { App } from '../src/app.js';
import { lineToInteraction } from '../src/cli/try.js';
import type { RecordingRestCaller } from '../src/discord/port.js';
import type { Actor } from '../src/discord/payloads.js';
import type { HandledInteraction } from '../src/discord/router.js';
import { PROJECT_NAMES, WORDS, TIMEZONES } from './seed.js';
import { prng } from './stats.js';

export const COMMANDS = [
  'project announce',
  'profile set',
  'pair find',
  'challenge log',
  'challenge search',
  'project list',
] as const;
export type CommandName = (typeof COMMANDS)[number];

/** Share of each command in the mix (sums to 1). */
export const MIX_WEIGHTS: Record<CommandName, number> = {
  'project announce': 0.15,
  'profile set': 0.15,
  'pair find': 0.2,
  'challenge log': 0.15,
  'challenge search': 0.2,
  'project list': 0.15,
};

/**
 * Search queries over the seeded vocabulary: a very common word, a common pair, a medium pair, a rare pair,
 * and a partial word ("dock") that full-text search does not match, so the substring fallback runs.
 */
export const SEARCH_QUERIES = ['cors', 'docker compose', 'webhook timeout', 'kubernetes ingress', 'dock'] as const;

export interface MixGuild {
  guildId: string;
  channelId: string;
  userBase: bigint;
  learners: number;
  /** Names the cohort builds (the seeded cohort uses the first 20). */
  projectNames: number;
}

export interface MixItem {
  command: CommandName;
  line: string;
  interaction: APIInteraction;
}

const ROLES = ['backend', 'frontend', 'fullstack'] as const;
const COMPLEMENT = { backend: 'frontend', frontend: 'backend', fullstack: 'backend' } as const;

function q(s: string): string {
  return `"${s.replace(/"/g, '\\"')}"`;
}

/** The LINE for one command by learner n of the guild. */
export function lineFor(command: CommandName, g: MixGuild, n: number, rnd: () => number): string {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const role = ROLES[n % 3]!;
  switch (command) {
    case 'project announce': {
      // One of three names: the two the learner was seeded with (an update) or a third (new at first, then an update).
      const name = PROJECT_NAMES[pick(announceNames(g, n))]!;
      return `/project announce name:${q(name)} summary:${q(`Building ${name} with ${pick(WORDS)} and ${pick(WORDS)}`)} stack:${pick(WORDS)},${pick(WORDS)} role:${role} seeking:${COMPLEMENT[role]}`;
    }
    case 'profile set':
      return `/profile set role:${role} stack:${pick(WORDS)},${pick(WORDS)},${pick(WORDS)} timezone:${pick(TIMEZONES)} availability:${q(pick(['weekdays 18-22', 'weekends 10-16', 'evenings']))} seeking:${rnd() < 0.5}`;
    case 'pair find':
      return '/pair find';
    case 'challenge log':
      return `modal challenge:log title:${q(`${pick(WORDS)} ${pick(WORDS)} fails on deploy`)} problem:${q(`When I run ${pick(WORDS)} with ${pick(WORDS)} the ${pick(WORDS)} step breaks with a ${pick(WORDS)} error.`)} tags:${q(`${pick(WORDS)},${pick(WORDS)}`)}`;
    case 'challenge search':
      return `/challenge search query:${q(pick(SEARCH_QUERIES))}`;
    case 'project list':
      return rnd() < 0.5 ? '/project list' : '/project list seeking:any';
  }
}

/** Indexes (into PROJECT_NAMES) of learner n's two seeded projects (see seedCohort) plus a third one. */
export function announceNames(g: MixGuild, n: number): number[] {
  const is = n === 0 ? [g.learners, 2 * g.learners] : [n, n + g.learners];
  const ks = is.map((i) => (i * 31 + Math.floor(i / g.learners)) % g.projectNames);
  let third = (ks[0]! + 1) % g.projectNames;
  while (ks.includes(third)) third = (third + 1) % g.projectNames;
  return [...ks, third];
}

export function actorFor(g: MixGuild, n: number): Actor {
  return {
    guildId: g.guildId,
    channelId: g.channelId,
    userId: (g.userBase + BigInt(n)).toString(),
    name: `learner ${n}`,
    moderator: false,
  };
}

function weightedPick(rnd: () => number): CommandName {
  let x = rnd();
  for (const c of COMMANDS) {
    x -= MIX_WEIGHTS[c];
    if (x < 0) return c;
  }
  return COMMANDS[COMMANDS.length - 1]!;
}

/** `count` interactions of the weighted mix (or only `only`), by random learners of the guild. */
export function buildMix(g: MixGuild, count: number, seed: number, only?: CommandName): MixItem[] {
  const rnd = prng(seed);
  const items: MixItem[] = [];
  for (let i = 0; i < count; i++) {
    const command = only ?? weightedPick(rnd);
    const n = Math.floor(rnd() * g.learners);
    const line = lineFor(command, g, n, rnd);
    items.push({ command, line, interaction: lineToInteraction(line, actorFor(g, n), Date.now()) });
  }
  return items;
}

export interface MixSample {
  command: CommandName;
  ms: number;
  outcome: HandledInteraction['outcome'] | 'deferred';
}

export interface MixRun {
  samples: MixSample[];
  wallMs: number;
  concurrency: number;
}

/** One interaction through the router; the time includes a deferred reply, if any. */
export async function handleOne(
  app: App,
  interaction: APIInteraction,
): Promise<{ ms: number; outcome: MixSample['outcome'] }> {
  const t = performance.now();
  const h = await app.router.handle(interaction);
  if (h.later) await h.later;
  return { ms: performance.now() - t, outcome: h.later ? 'deferred' : h.outcome };
}

/** Runs the items with `concurrency` workers pulling from one queue. */
export async function runMix(
  app: App,
  recorder: RecordingRestCaller,
  items: MixItem[],
  concurrency: number,
): Promise<MixRun> {
  const samples: MixSample[] = new Array(items.length);
  let next = 0;
  const t0 = performance.now();
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= items.length) return;
      const it = items[i]!;
      const r = await handleOne(app, it.interaction);
      samples[i] = { command: it.command, ms: r.ms, outcome: r.outcome };
      if (recorder.calls.length > 1000) recorder.take();
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  recorder.take();
  return { samples, wallMs: performance.now() - t0, concurrency };
}

/** `count` single-statement round trips with `concurrency` workers; returns each one's ms and the wall time. */
export async function runFloor(
  count: number,
  concurrency: number,
  one: (i: number) => Promise<unknown>,
): Promise<{ samples: number[]; wallMs: number }> {
  const samples: number[] = new Array(count);
  let next = 0;
  const t0 = performance.now();
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= count) return;
      const t = performance.now();
      await one(i);
      samples[i] = performance.now() - t;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return { samples, wallMs: performance.now() - t0 };
}
