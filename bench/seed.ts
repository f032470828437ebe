// Bulk seeding for the benchmark: `insert … select generate_series` statements, run on the database itself
// (no router, no per-row round trips). Every value is generated here (no user input), so literals are inlined.
// Deterministic: the same options give the same rows (word choices come from i-based arithmetic, not random()).
import { sql } from 'drizzle-orm';
import type { Db } from '../src/db/client.js';
import { normalizeProjectName } from '../src/domain/text.js';

/** Tech words for titles, problems, solutions and tags. Picked with a skew: later words are more frequent. */
export const WORDS = [
  'kubernetes',
  'ingress',
  'deadlock',
  'csrf',
  'smtp',
  'chapa',
  'swagger',
  'openapi',
  'celery',
  'graphql',
  'websocket',
  'cypress',
  'tailwind',
  'flexbox',
  'stripe',
  's3',
  'volume',
  'compose',
  'ssl',
  'dns',
  'cron',
  'queue',
  'worker',
  'socket',
  'cookie',
  'session',
  'https',
  'port',
  'container',
  'webhook',
  'email',
  'upload',
  'image',
  'cache',
  'timeout',
  'race',
  'transaction',
  'rollback',
  'schema',
  'validation',
  'permission',
  'role',
  'admin',
  'fixture',
  'pytest',
  'jest',
  'webpack',
  'vite',
  'grid',
  'hook',
  'effect',
  'context',
  'router',
  'payment',
  'redis',
  'nginx',
  'deploy',
  'render',
  'env',
  'secret',
  'token',
  'refresh',
  'pagination',
  'serializer',
  'viewset',
  'index',
  'orm',
  'test',
  'state',
  'css',
  'typescript',
  'redux',
  'react',
  'jwt',
  'auth',
  'cors',
  'migration',
  'django',
  'postgres',
  'docker',
] as const;

export const PROJECT_NAMES = [
  'Airbnb clone',
  'E-commerce API',
  'Movie recommendation app',
  'Job board',
  'Travel listing platform',
  'Online polling system',
  'Social media feed',
  'Messaging app',
  'Food delivery backend',
  'Event booking',
  'Library management',
  'Fitness tracker',
  'Recipe sharing',
  'Real estate listings',
  'Ride sharing backend',
  'Hotel reservations',
  'Blog platform',
  'Learning management system',
  'Expense tracker',
  'Weather dashboard',
  'Chat with rooms',
  'URL shortener',
  'Task manager',
  'Crowdfunding platform',
  'Online marketplace',
  'Music streaming API',
  'News aggregator',
  'Health records',
  'Inventory system',
  'Payroll service',
  'Voting app',
  'Quiz platform',
  'Restaurant reviews',
  'Car rental',
  'Parking finder',
  'Pet adoption',
  'Freelance marketplace',
  'Ticketing system',
  'Donation tracker',
  'Photo gallery',
  'Podcast platform',
  'Study planner',
  'Gym booking',
  'Second-hand store',
  'Farm produce market',
  'Tutor finder',
  'Coworking booking',
  'Bug tracker',
  'Forum',
  'Portfolio builder',
] as const;

export const TIMEZONES = [
  'Africa/Lagos',
  'Africa/Nairobi',
  'Africa/Cairo',
  'Europe/Berlin',
  'Africa/Johannesburg',
  'Africa/Accra',
] as const;
const DAY_S = 86_400;
const WEEK_S = 7 * DAY_S;

export interface CohortSeed {
  guildId: string;
  /** Learner ids are (base + n), n in [0, learners): 18-digit snowflakes. */
  userBase: bigint;
  learners: number;
  projects: number;
  challenges: number;
  /** Marks per challenge averages 2 (1–3); the helped total is about 2 × challenges. */
  helpedPerChallenge: number;
  pairs: number;
  requests: number;
  takeaways: number;
  audit: number;
  /** The rows spread over [now − offsetWeeks − weeks, now − offsetWeeks). */
  weeks: number;
  offsetWeeks: number;
  /** How many distinct project names (of PROJECT_NAMES) the cohort builds. */
  projectNames: number;
  now: Date;
}

const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;
const arr = (xs: readonly string[]) => `array[${xs.map(lit).join(',')}]::text[]`;

/** A skewed index in [1, WORDS.length]: sqrt of a hashed (uniform) value, so later words are more frequent. */
function word(i: string, prime: number): string {
  return `w.a[1 + floor(sqrt(abs(hashint8((${i})::bigint * 1000 + ${prime})) % 6400))::int]`;
}

function sentence(i: string, primes: number[]): string {
  return primes.map((p) => word(i, p)).join(` || ' ' || `);
}

async function exec(db: Db, text: string): Promise<void> {
  await db.execute(sql.raw(text));
}

export interface SeedTiming {
  table: string;
  rows: number;
  ms: number;
}

/**
 * Seeds one cohort into a guild: members, projects, challenges (+ helped marks), pairs, pair requests,
 * takeaways and audit entries, spread evenly over `weeks` ending `offsetWeeks` before `now`.
 */
export async function seedCohort(db: Db, o: CohortSeed): Promise<SeedTiming[]> {
  const timings: SeedTiming[] = [];
  const G = lit(o.guildId);
  const T = `${lit(o.now.toISOString())}::timestamptz`;
  const W = `(select ${arr(WORDS)} as a) w`;
  const spanS = o.weeks * WEEK_S;
  const offS = o.offsetWeeks * WEEK_S;
  const uid = (expr: string) => `(${o.userBase.toString()}::bigint + ((${expr}) % ${o.learners}))::text`;
  /** Row i of n (1-based) created at now − offset − (i−1)·span/n: row 1 is the newest. */
  const at = (n: number) => `(${T} - ((${offS} + (i - 1)::float8 * ${spanS} / ${n}) * interval '1 second'))`;
  const names = PROJECT_NAMES.slice(0, o.projectNames);
  const normalized = names.map(normalizeProjectName);

  const step = async (table: string, rows: number, text: string) => {
    const t = performance.now();
    await exec(db, text);
    timings.push({ table, rows, ms: performance.now() - t });
  };

  await step(
    'guild_settings',
    1,
    `insert into guild_settings (guild_id, nexus_channel_id, digest_channel_id) values (${G}, '810000000000000001', '810000000000000002') on conflict do nothing`,
  );

  await step(
    'members',
    o.learners,
    `insert into members (guild_id, user_id, display_name, role, stack, timezone, availability, created_at, updated_at)
     select ${G}, ${uid('i')}, 'learner ' || i,
       (array['backend','frontend','fullstack'])[1 + i % 3],
       array[${word('i', 131)}, ${word('i', 137)}, ${word('i', 139)}],
       (${arr(TIMEZONES)})[1 + i % ${TIMEZONES.length}],
       (array['weekdays 18-22','weekends 10-16','evenings','mornings 06-09','weekdays 09-17'])[1 + i % 5],
       ${at(o.learners)}, ${at(o.learners)}
     from generate_series(0, ${o.learners - 1}) i, ${W}
     on conflict do nothing`,
  );

  // Two projects per learner (distinct names); half seek a complementary role for 14 days after announcing.
  await step(
    'projects',
    o.projects,
    `insert into projects (guild_id, owner_id, name, normalized_name, summary, stack, role, seeking_role, seeking_since,
                           seeking_expires_at, status, channel_id, message_id, created_at, updated_at)
     select ${G}, ${uid('i')}, (${arr(names)})[1 + k], (${arr(normalized)})[1 + k],
       'Building ' || (${arr(names)})[1 + k] || ' with ' || ${sentence('i', [149, 151, 157])},
       array[${word('i', 163)}, ${word('i', 167)}, ${word('i', 173)}],
       (array['backend','frontend','fullstack'])[1 + i % 3],
       case when i % 2 = 0 then (array['frontend','backend','backend'])[1 + i % 3] end,
       case when i % 2 = 0 then c end,
       case when i % 2 = 0 then c + interval '14 days' end,
       case when c < ${T} - interval '8 weeks' and i % 10 < 3 then 'archived' else 'active' end,
       '810000000000000001', (900000000000000000::bigint + i)::text, c, c
     from (select i, ((i * 31 + i / ${o.learners}) % ${names.length})::int as k, ${at(o.projects)} as c
           from generate_series(1, ${o.projects}) i) s, ${W}
     on conflict do nothing`,
  );

  await step(
    'challenges',
    o.challenges,
    `insert into challenges (guild_id, author_id, title, problem, solution, tags, status, solved_at, channel_id, message_id, created_at, updated_at)
     select ${G}, ${uid('i * 7')},
       initcap(${word('i', 7919)}) || ' ' || ${word('i', 7927)} || ' fails with ' || ${word('i', 7933)},
       'When I run the ' || ${sentence('i', [181, 191, 193])} || ' step, the ' || ${sentence('i', [197, 199, 211, 223])} ||
         ' breaks. I checked ' || ${sentence('i', [227, 229, 233, 239, 241])} || ' but it still fails.',
       case when i % 10 < 7 then 'Fixed it by changing ' || ${sentence('i', [251, 257, 263, 269])} || ' and restarting.' end,
       array[${word('i', 271)}, ${word('i', 277)}],
       case when i % 10 < 7 then 'solved' else 'open' end,
       case when i % 10 < 7 then least(c + ((i % 5) + 0.5) * interval '1 day', ${T} - interval '1 second') end,
       '810000000000000001', (910000000000000000::bigint + i)::text, c, c
     from (select i, ${at(o.challenges)} as c from generate_series(1, ${o.challenges}) i) s, ${W}`,
  );

  // Helped marks on this cohort's challenges (those created in its window), 1–3 per challenge.
  const lo = `${T} - interval '${o.offsetWeeks + o.weeks} weeks'`;
  const hi = `${T} - interval '${o.offsetWeeks} weeks'`;
  const marks = Math.round(o.challenges * o.helpedPerChallenge);
  await step(
    'challenge_helped',
    marks,
    `insert into challenge_helped (guild_id, challenge_id, user_id, created_at)
     select ${G}, c.id, ${uid('c.id * 7 + k * 1237')}, least(c.created_at + k * interval '1 day', ${T} - interval '1 second')
     from challenges c, generate_series(1, 3) k
     where c.guild_id = ${G} and c.created_at >= ${lo} and c.created_at < ${hi}
       and k <= 1 + (c.id % ${Math.max(1, Math.round(o.helpedPerChallenge * 2 - 1))})
     on conflict do nothing`,
  );

  await step(
    'pairs',
    o.pairs,
    `insert into pairs (guild_id, user_a, user_b, started_at, ended_at, ended_by, end_reason)
     select ${G}, ${uid('i * 2')}, ${uid('i * 2 + 1')}, c,
       case when c < ${T} - interval '4 weeks' then c + interval '3 weeks' end,
       case when c < ${T} - interval '4 weeks' then ${uid('i * 2')} end,
       case when c < ${T} - interval '4 weeks' then 'project done' end
     from (select i, ${at(o.pairs)} as c from generate_series(1, ${o.pairs}) i) s`,
  );

  await step(
    'pair_requests',
    o.requests,
    `insert into pair_requests (guild_id, requester_id, addressee_id, message, status, expires_at, responded_at, created_at)
     select ${G}, ${uid('i * 3')}, ${uid('i * 3 + 5')}, 'shall we pair?',
       (array['accepted','declined','expired','cancelled'])[1 + i % 4], c + interval '7 days',
       case when i % 4 < 2 then c + interval '1 day' end, c
     from (select i, ${at(o.requests)} as c from generate_series(1, ${o.requests}) i) s`,
  );

  await step(
    'takeaways',
    o.takeaways,
    `insert into takeaways (guild_id, author_id, text, tags, created_at)
     select ${G}, ${uid('i * 11')}, 'Learned that ' || ${sentence('i', [281, 283, 293, 307])} || ' matters.',
       array[${word('i', 311)}], c
     from (select i, ${at(o.takeaways)} as c from generate_series(1, ${o.takeaways}) i) s, ${W}`,
  );

  await step(
    'audit_log',
    o.audit,
    `insert into audit_log (guild_id, actor_id, action, target_type, target_id, reason, created_at)
     select ${G}, ${uid('i * 13')},
       (array['config.set','digest.post','track.add','pair.auto','challenge.remove','project.remove','member.block','pair.auto.unmatched'])[1 + i % 8],
       'member', ${uid('i * 17')}, 'bench', c
     from (select i, ${at(o.audit)} as c from generate_series(1, ${o.audit}) i) s`,
  );

  return timings;
}

export async function analyze(db: Db): Promise<void> {
  await exec(db, 'analyze');
}

/** The large guild of the issue at `factor` = 1: 10k learners, 20k projects, 100k challenges, 200k marks, 52 weeks. */
export function largeCohort(
  guildId: string,
  userBase: bigint,
  now: Date,
  factor: number,
  offsetWeeks: number,
): CohortSeed {
  const n = (x: number) => Math.max(1, Math.round(x * factor));
  return {
    guildId,
    userBase,
    learners: n(10_000),
    projects: n(20_000),
    challenges: n(100_000),
    helpedPerChallenge: 2,
    pairs: n(5_000),
    requests: n(20_000),
    takeaways: n(10_000),
    audit: n(10_000),
    weeks: 52,
    offsetWeeks,
    projectNames: 50,
    now,
  };
}

/** The guild the latency mix runs in: a lively, smaller cohort (recent projects, some history). */
export function mixCohort(guildId: string, userBase: bigint, now: Date, learners: number): CohortSeed {
  return {
    guildId,
    userBase,
    learners,
    projects: learners * 2,
    challenges: learners * 10,
    helpedPerChallenge: 2,
    pairs: Math.round(learners / 4),
    requests: learners,
    takeaways: learners,
    audit: learners,
    weeks: 2,
    offsetWeeks: 0,
    projectNames: 20,
    now,
  };
}
