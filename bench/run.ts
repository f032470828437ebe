// `npm run bench [-- --json] [--scale small|full] [--n 2000] [--db pglite|postgres|both] [--explain] [--sql] [--skip startup,latency,scale,try]`
//
// For PGlite, and for PostgreSQL when BENCH_DATABASE_URL is set (a fresh database is created on that server
// and dropped at the end), in one run:
//   - command latency of a realistic mix through the real router (Discord REST recorded), at concurrency 1
//     and 50, beside the floor measured the same way: single-statement round trips (`select 1`, one insert);
//   - scale: a large guild seeded in bulk; digest build, /pair find and /challenge search timed, then the
//     history doubled and timed again;
//   - memory and startup: a child bot process from start to ready (migrations applied), RSS after start and
//     after a mix, on an empty and on the large database;
//   - `npm run try` start-up (once, embedded database): median wall time of a call through tsx, through the
//     launcher with a cold and a warm cache, and as `npm run try` itself.
// Progress goes to stderr; stdout has the report (a table, or one JSON object with --json).
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { createApp, type App } from '../src/app.js';
import { lineToInteraction } from '../src/cli/try.js';
import { openDatabase, type Database, type DriverKind } from '../src/db/client.js';
import { loadDigestData } from '../src/db/queries/digest.js';
import { migrateDatabase } from '../src/db/migrate.js';
import { processedInteractions } from '../src/db/schema.js';
import { RecordingRestCaller } from '../src/discord/port.js';
import { buildDigest } from '../src/domain/digest.js';
import { createLogger } from '../src/logger.js';
import {
  actorFor,
  buildMix,
  COMMANDS,
  handleOne,
  MIX_WEIGHTS,
  runFloor,
  runMix,
  SEARCH_QUERIES,
  type CommandName,
  type MixGuild,
  type MixRun,
} from './mix.js';
import { captureQueries, explainAll, isWrite, rawQuery, type ExplainedQuery } from './probe.js';
import { analyze, largeCohort, mixCohort, seedCohort, type SeedTiming } from './seed.js';
import { fmtMs, fmtRatio, median, r3, roundSummary, summarize, table, type Summary } from './stats.js';
import { tryStartup, type TryStartupResult } from './try-startup.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DAY = 86_400_000;

// ---- options ------------------------------------------------------------------------------------------------

type Section = 'startup' | 'latency' | 'scale' | 'try';
interface Options {
  json: boolean;
  scale: 'small' | 'full';
  n: number;
  dbs: DriverKind[];
  explain: boolean;
  /** Print the SQL statements of one interaction per command (to stderr). */
  sql: boolean;
  skip: Set<Section>;
  pgUrl: string | undefined;
  /** Render a saved `--json` report as the table instead of running. */
  from: string | undefined;
}

const USAGE = `usage: npm run bench -- [--json] [--scale small|full] [--n N] [--db pglite|postgres|both] [--explain] [--skip startup,latency,scale,try]
  BENCH_DATABASE_URL=postgres://user@host:5432/db   also run on PostgreSQL (a fresh database is created there and dropped)
  --scale   full (default): 10 000 learners, 20 000 projects, 100 000 challenges, 200 000 helped marks over 52 weeks;
            small: a tenth of that
  --n       interactions per concurrency level (default 2000)
  --explain print EXPLAIN (ANALYZE, BUFFERS) of the slowest statements of the digest, /pair find and /challenge search
  --sql     print the SQL statements one interaction of each command sends (to stderr)
  --from F  print the report saved with --json in F as the table (no run)`;

function parseArgs(argv: string[]): Options {
  const pgUrl = process.env.BENCH_DATABASE_URL || undefined;
  const o: Options = {
    json: false,
    scale: 'full',
    n: 2000,
    dbs: pgUrl ? ['pglite', 'postgres'] : ['pglite'],
    explain: false,
    sql: false,
    skip: new Set(),
    pgUrl,
    from: undefined,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const val = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value\n${USAGE}`);
      return v;
    };
    switch (a) {
      case '--json':
        o.json = true;
        break;
      case '--explain':
        o.explain = true;
        break;
      case '--sql':
        o.sql = true;
        break;
      case '--scale': {
        const v = val();
        if (v !== 'small' && v !== 'full') throw new Error(`--scale takes small or full\n${USAGE}`);
        o.scale = v;
        break;
      }
      case '--n': {
        const v = Number(val());
        if (!Number.isInteger(v) || v < 1) throw new Error(`--n takes a positive whole number\n${USAGE}`);
        o.n = v;
        break;
      }
      case '--db': {
        const v = val();
        if (v === 'both') o.dbs = ['pglite', 'postgres'];
        else if (v === 'pglite' || v === 'postgres') o.dbs = [v];
        else throw new Error(`--db takes pglite, postgres or both\n${USAGE}`);
        break;
      }
      case '--skip':
        for (const s of val().split(',')) {
          if (s !== 'startup' && s !== 'latency' && s !== 'scale' && s !== 'try')
            throw new Error(`--skip takes startup, latency, scale and/or try\n${USAGE}`);
          o.skip.add(s);
        }
        break;
      case '--from':
        o.from = val();
        break;
      case '--help':
      case '-h':
        console.log(USAGE);
        return process.exit(0);
      default:
        throw new Error(`unknown argument ${a}\n${USAGE}`);
    }
  }
  if (o.dbs.includes('postgres') && !pgUrl && !o.from)
    throw new Error('--db postgres needs BENCH_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/postgres)');
  return o;
}

function progress(msg: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
}

// ---- fixtures -----------------------------------------------------------------------------------------------

const MIX: MixGuild = {
  guildId: '900000000000000001',
  channelId: '800000000000000001',
  userBase: 110000000000000000n,
  learners: 500,
  projectNames: 20,
};
/** The child process's mix on the empty database runs in a guild of its own. */
const CHILD_MIX: MixGuild = {
  guildId: '900000000000000002',
  channelId: '800000000000000002',
  userBase: 120000000000000000n,
  learners: 500,
  projectNames: 20,
};
const LARGE_GUILD = '900000000000000100';
const LARGE_USERS = 200000000000000000n;
const OLD_USERS = 300000000000000000n;
const WARMUP = 300;
/** Calls per way of the `npm run try` start-up figure. */
const TRY_RUNS = 7;
const SCALE_REPS = 20;

interface Target {
  kind: DriverKind;
  label: string;
  databaseUrl?: string;
  dataDir?: string;
  drop: () => Promise<void>;
}

async function createTarget(kind: DriverKind, o: Options): Promise<Target> {
  if (kind === 'pglite') {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'nexus-bench-'));
    return {
      kind,
      label: `PGlite ${pgliteVersion()} (embedded, data dir on disk)`,
      dataDir: dir,
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const name = `nexus_bench_${process.pid}`;
  const admin = postgres(o.pgUrl!, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.unsafe(`create database "${name}"`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  const url = new URL(o.pgUrl!);
  url.pathname = `/${name}`;
  const drop = async () => {
    const a = postgres(o.pgUrl!, { max: 1, onnotice: () => {} });
    try {
      await a.unsafe(`drop database if exists "${name}" with (force)`);
    } finally {
      await a.end({ timeout: 5 });
    }
  };
  return { kind, label: `PostgreSQL (${url.host}, database ${name})`, databaseUrl: url.toString(), drop };
}

function pgliteVersion(): string {
  try {
    return (
      JSON.parse(readFileSync(path.join(ROOT, 'node_modules/@electric-sql/pglite/package.json'), 'utf8')) as {
        version: string;
      }
    ).version;
  } catch {
    return '?';
  }
}

// ---- startup & memory (child process) -----------------------------------------------------------------------

interface StartupResult {
  driver: string;
  bootMs: number;
  importMs: number;
  openMs: number;
  migrateMs: number;
  readyMs: number;
  rssBootMB: number;
  rssImportedMB: number;
  rssStartMB: number;
  mix: { count: number; concurrency: number; p50: number; p99: number; errors: number };
  rssAfterMixMB: number;
  heapUsedMB: number;
  externalMB: number;
  wallMs: number;
}

let compiled: string | undefined;

/**
 * The startup child runs compiled JavaScript, as the production start does (`npm run start:prod`, the Docker
 * image): tsx alone adds ~45 MB of RSS and ~0.5 s of start. Built once per run with tsconfig.bench.json
 * (src and bench) into .bench-build/, beside node_modules; its migrations path resolves through a link.
 */
function compiledStartup(): string {
  if (compiled) return compiled;
  progress('  compiling src and bench for the startup child (tsconfig.bench.json → .bench-build/)');
  const out = path.join(ROOT, '.bench-build');
  rmSync(out, { recursive: true, force: true });
  execFileSync(
    process.execPath,
    [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', path.join(ROOT, 'tsconfig.bench.json')],
    { cwd: ROOT, stdio: 'inherit' },
  );
  symlinkSync(path.join(ROOT, 'drizzle'), path.join(out, 'drizzle'));
  return (compiled = path.join(out, 'bench/startup.js'));
}

async function spawnStartup(t: Target, mix: MixGuild, count: number, seedMix: boolean): Promise<StartupResult> {
  const arg = JSON.stringify({
    ...(t.databaseUrl ? { databaseUrl: t.databaseUrl } : { dataDir: t.dataDir }),
    seedMix: seedMix ? { guildId: mix.guildId, userBase: mix.userBase.toString(), learners: mix.learners } : undefined,
    mix: {
      guildId: mix.guildId,
      channelId: mix.channelId,
      userBase: mix.userBase.toString(),
      learners: mix.learners,
      count,
      concurrency: 50,
    },
  });
  const t0 = performance.now();
  const script = compiledStartup();
  const child = spawn(process.execPath, [script, arg], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const wallMs = performance.now() - t0;
  const last = out.trim().split('\n').pop();
  if (code !== 0 || !last) throw new Error(`startup child failed (exit ${code}): ${err.slice(-2000)}`);
  return { ...(JSON.parse(last) as Omit<StartupResult, 'wallMs'>), wallMs: r3(wallMs) };
}

// ---- latency ------------------------------------------------------------------------------------------------

interface CommandStats extends Summary {
  errors: number;
  userErrors: number;
  deferred: number;
  /** Median command / median floor. */
  xSelect1: number;
  xInsert: number;
}

interface LevelResult {
  concurrency: number;
  /** CPU while the mix ran: this (bot) process in % of one core; the whole machine in % of all cores. */
  cpu: { botProcessPct: number; machinePct: number };
  throughput: number;
  wallMs: number;
  all: CommandStats;
  commands: Record<string, CommandStats>;
  floor: { select1: Summary & { throughput: number }; insert: Summary & { throughput: number } };
}

interface Breakdown {
  /** Median ms of 20 sequential interactions. */
  p50: number;
  statements: number;
  /** Inserts/updates/deletes per interaction (inside its transaction when it writes). */
  writes: number;
  /**
   * Commits per interaction: transactions begun plus writes sent outside one. A writing interaction is one
   * transaction; a public post adds the record of its message id after Discord answered.
   */
  commits: number;
  /** Of `commits`: transactions (a writing interaction's one transaction). Absent in reports before 2026-12-03. */
  transactions?: number;
  /** Of `commits`: single writes sent after the transaction (the message id of a public post Discord answered). */
  afterPost?: number;
  /** Server execution time of the reads (EXPLAIN ANALYZE), per interaction. */
  readExecMs: number;
  slowestRead: { sql: string; executionMs: number } | undefined;
}

interface LatencyResult {
  n: number;
  breakdown: Record<string, Breakdown>;
  mixWeights: Record<CommandName, number>;
  seedMs: number;
  /** SQL statements per interaction (router dedupe insert included), by command. */
  queriesPerCommand: Record<string, number>;
  levels: LevelResult[];
}

function machineTimes(): { idle: number; total: number } {
  let idle = 0;
  let total = 0;
  for (const c of os.cpus()) {
    idle += c.times.idle;
    total += c.times.idle + c.times.user + c.times.sys + c.times.nice + c.times.irq;
  }
  return { idle, total };
}

function commandStats(samples: MixRun['samples'], floors: { select1: number; insert: number }): CommandStats {
  const s = summarize(samples.map((x) => x.ms));
  return {
    ...roundSummary(s),
    errors: samples.filter((x) => x.outcome === 'error').length,
    userErrors: samples.filter(
      (x) => x.outcome === 'user_error' || x.outcome === 'refused' || x.outcome === 'rate_limited',
    ).length,
    deferred: samples.filter((x) => x.outcome === 'deferred').length,
    xSelect1: r3(s.p50 / floors.select1),
    xInsert: r3(s.p50 / floors.insert),
  };
}

async function floorRun(database: Database, kind: 'select1' | 'insert', n: number, concurrency: number, tag: string) {
  const db = database.db;
  const run =
    kind === 'select1'
      ? await runFloor(n, concurrency, () => db.execute(sql`select 1`))
      : await runFloor(n, concurrency, (i) =>
          db.insert(processedInteractions).values({ interactionId: `floor-${tag}-${i}`, guildId: MIX.guildId }),
        );
  return { ...roundSummary(summarize(run.samples)), throughput: r3((n / run.wallMs) * 1000) };
}

async function latency(
  app: App,
  database: Database,
  recorder: RecordingRestCaller,
  o: Options,
): Promise<LatencyResult> {
  progress(`  seeding the mix guild (${MIX.learners} learners)`);
  const t = performance.now();
  await seedCohort(database.db, mixCohort(MIX.guildId, MIX.userBase, new Date(), MIX.learners));
  await analyze(database.db);
  const seedMs = performance.now() - t;

  progress(`  warm-up (${WARMUP} interactions), statements per command`);
  await runMix(app, recorder, buildMix(MIX, WARMUP, 1), 1);
  // Where the time goes, per command: 20 sequential interactions with their statements captured, then the
  // reads among them re-run under EXPLAIN ANALYZE to get the server's execution time.
  const queriesPerCommand: Record<string, number> = {};
  const breakdown: Record<string, Breakdown> = {};
  for (const c of COMMANDS) {
    const items = buildMix(MIX, 20, 2, c);
    if (o.sql) {
      const one = await captureQueries(database, async () => runMix(app, recorder, buildMix(MIX, 1, 3, c), 1));
      progress(`  -- ${c}: ${one.queries.length} statements`);
      for (const q of one.queries) progress(`     ${q.sql.replace(/\s+/g, ' ')}`);
      const [slowest] = await explainAll(database, one.queries);
      if (slowest) progress(`     slowest read, ${slowest.executionMs} ms:\n${slowest.plan}`);
    }
    const c0 = { ...database.commits };
    const { queries, result } = await captureQueries(database, async () => runMix(app, recorder, items, 1));
    const transactions = database.commits.transactions - c0.transactions;
    const afterPost = database.commits.autocommitWrites - c0.autocommitWrites;
    const explained = await explainAll(database, queries);
    const per = (x: number) => r3(x / items.length);
    queriesPerCommand[c] = per(queries.length);
    breakdown[c] = {
      p50: r3(median(result.samples.map((x) => x.ms))),
      statements: per(queries.length),
      writes: per(queries.filter((q) => isWrite(q.sql)).length),
      commits: per(transactions + afterPost),
      transactions: per(transactions),
      afterPost: per(afterPost),
      readExecMs: per(explained.reduce((a, e) => a + (Number.isFinite(e.executionMs) ? e.executionMs : 0), 0)),
      slowestRead: explained[0]
        ? { sql: explained[0].sql.replace(/\s+/g, ' ').slice(0, 200), executionMs: r3(explained[0].executionMs) }
        : undefined,
    };
  }

  const levels: LevelResult[] = [];
  for (const [i, concurrency] of [1, 50].entries()) {
    progress(`  concurrency ${concurrency}: floor (${o.n} × select 1, ${o.n} × insert), then ${o.n} interactions`);
    const select1 = await floorRun(database, 'select1', o.n, concurrency, `c${concurrency}`);
    const insert = await floorRun(database, 'insert', o.n, concurrency, `c${concurrency}`);
    const items = buildMix(MIX, o.n, 100 + i);
    const cpu0 = process.cpuUsage();
    const m0 = machineTimes();
    const run = await runMix(app, recorder, items, concurrency);
    const cpu1 = process.cpuUsage(cpu0);
    const m1 = machineTimes();
    const cpu = {
      botProcessPct: r3(((cpu1.user + cpu1.system) / 1000 / run.wallMs) * 100),
      machinePct: r3((1 - (m1.idle - m0.idle) / Math.max(1, m1.total - m0.total)) * 100),
    };
    const floors = { select1: select1.p50, insert: insert.p50 };
    const commands: Record<string, CommandStats> = {};
    for (const c of COMMANDS)
      commands[c] = commandStats(
        run.samples.filter((x) => x.command === c),
        floors,
      );
    levels.push({
      concurrency,
      cpu,
      throughput: r3((run.samples.length / run.wallMs) * 1000),
      wallMs: r3(run.wallMs),
      all: commandStats(run.samples, floors),
      commands,
      floor: { select1, insert },
    });
  }
  return { n: o.n, breakdown, mixWeights: MIX_WEIGHTS, seedMs: r3(seedMs), queriesPerCommand, levels };
}

// ---- scale --------------------------------------------------------------------------------------------------

interface ScaleTimes {
  digest: Summary & { messages: number };
  pairFind: Summary & { withSuggestions: number };
  search: Summary & { byQuery: Record<string, number> };
  explain?: Record<string, Array<Pick<ExplainedQuery, 'sql' | 'executionMs' | 'plan'>>>;
}

interface ScaleResult {
  scale: Options['scale'];
  rows: Record<string, number>;
  seed: { base: SeedTiming[]; doubled: SeedTiming[]; baseMs: number; doubledMs: number };
  base: ScaleTimes;
  doubled: ScaleTimes;
  /** doubled / base, by median. */
  ratio: { digest: number; pairFind: number; search: number };
}

async function countRows(database: Database, guildId: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of [
    'members',
    'projects',
    'challenges',
    'challenge_helped',
    'pairs',
    'pair_requests',
    'takeaways',
    'audit_log',
  ]) {
    const [r] = await rawQuery(database, `select count(*)::int as n from ${t} where guild_id = $1`, [guildId]);
    out[t] = Number(r?.n ?? 0);
  }
  return out;
}

async function measureScale(app: App, database: Database, now: Date, o: Options): Promise<ScaleTimes> {
  const start = new Date(now.getTime() - 7 * DAY);
  const digestOnce = async () => {
    const data = await loadDigestData(database.db, LARGE_GUILD, start, now, 'UTC');
    return buildDigest(data, { quietWeekNote: true });
  };
  // The learners seeded most recently are the ones seeking right now (see seedCohort).
  const g: MixGuild = {
    guildId: LARGE_GUILD,
    channelId: '800000000000000100',
    userBase: LARGE_USERS,
    learners: 10_000,
    projectNames: 50,
  };
  const findItem = (n: number) => lineToInteraction('/pair find', actorFor(g, n), Date.now());
  const searchItem = (q: string, n: number) =>
    lineToInteraction(`/challenge search query:"${q}"`, actorFor(g, n), Date.now());

  // Warm-up (caches, plans), then the timed repetitions.
  await digestOnce();
  await digestOnce();
  await handleOne(app, findItem(SCALE_REPS + 1));
  for (const q of SEARCH_QUERIES) await handleOne(app, searchItem(q, 1));

  const digestMs: number[] = [];
  let messages = 0;
  for (let i = 0; i < SCALE_REPS; i++) {
    const t = performance.now();
    messages = (await digestOnce()).length;
    digestMs.push(performance.now() - t);
  }
  const findMs: number[] = [];
  let withSuggestions = 0;
  for (let i = 1; i <= SCALE_REPS; i++) {
    const it = findItem(i);
    const t = performance.now();
    const h = await app.router.handle(it);
    findMs.push(performance.now() - t);
    const data = (h.response as { data?: { embeds?: unknown[] } }).data;
    if (data?.embeds?.length) withSuggestions++;
  }
  const searchMs: number[] = [];
  const byQuery: Record<string, number> = {};
  for (const q of SEARCH_QUERIES) {
    const ms: number[] = [];
    for (let i = 0; i < SCALE_REPS / SEARCH_QUERIES.length; i++) {
      const r = await handleOne(app, searchItem(q, i + 2));
      ms.push(r.ms);
    }
    byQuery[q] = r3(median(ms));
    searchMs.push(...ms);
  }
  const result: ScaleTimes = {
    digest: { ...roundSummary(summarize(digestMs)), messages },
    pairFind: { ...roundSummary(summarize(findMs)), withSuggestions },
    search: { ...roundSummary(summarize(searchMs)), byQuery },
  };
  if (o.explain) {
    const top = async (fn: () => Promise<unknown>) =>
      (await explainAll(database, (await captureQueries(database, fn)).queries))
        .slice(0, 3)
        .map((e) => ({ sql: e.sql, executionMs: e.executionMs, plan: e.plan }));
    result.explain = {
      digest: await top(digestOnce),
      pairFind: await top(() => handleOne(app, findItem(1))),
      search: await top(() => handleOne(app, searchItem('cors', 1))),
    };
  }
  return result;
}

async function scale(app: App, database: Database, o: Options): Promise<ScaleResult> {
  const factor = o.scale === 'full' ? 1 : 0.1;
  const now = new Date();
  progress(`  seeding the large guild (${o.scale}: ${Math.round(100_000 * factor)} challenges over 52 weeks)`);
  let t = performance.now();
  const base = await seedCohort(database.db, largeCohort(LARGE_GUILD, LARGE_USERS, now, factor, 0));
  await analyze(database.db);
  const baseMs = performance.now() - t;
  const rows = await countRows(database, LARGE_GUILD);
  progress(`  timing digest, /pair find, /challenge search (${SCALE_REPS} each)`);
  const before = await measureScale(app, database, now, o);
  progress('  doubling the history (a previous cohort, 52 more weeks)');
  t = performance.now();
  const doubled = await seedCohort(database.db, largeCohort(LARGE_GUILD, OLD_USERS, now, factor, 52));
  await analyze(database.db);
  const doubledMs = performance.now() - t;
  progress('  timing again');
  const after = await measureScale(app, database, now, o);
  return {
    scale: o.scale,
    rows,
    seed: { base, doubled, baseMs: r3(baseMs), doubledMs: r3(doubledMs) },
    base: before,
    doubled: after,
    ratio: {
      digest: r3(after.digest.p50 / before.digest.p50),
      pairFind: r3(after.pairFind.p50 / before.pairFind.p50),
      search: r3(after.search.p50 / before.search.p50),
    },
  };
}

// ---- one database -------------------------------------------------------------------------------------------

interface TargetResult {
  driver: DriverKind;
  label: string;
  serverVersion?: string;
  startupEmpty?: StartupResult;
  latency?: LatencyResult;
  scale?: ScaleResult;
  startupLarge?: StartupResult;
  totalMs: number;
}

/** Drops the bench databases / data dirs on Ctrl-C too. */
const cleanups = new Set<() => Promise<void>>();
process.once('SIGINT', () => {
  process.stderr.write('\ninterrupted: dropping the bench databases\n');
  void Promise.allSettled([...cleanups].map((c) => c())).then(() => process.exit(130));
});

async function benchTarget(kind: DriverKind, o: Options): Promise<TargetResult> {
  const t0 = performance.now();
  const target = await createTarget(kind, o);
  cleanups.add(target.drop);
  const result: TargetResult = { driver: kind, label: target.label, totalMs: 0 };
  progress(`${target.label}`);
  try {
    if (!o.skip.has('startup')) {
      progress('  startup on the empty database (child process), then a mix');
      result.startupEmpty = await spawnStartup(target, CHILD_MIX, o.n, true);
    }
    const database = await openDatabase({ databaseUrl: target.databaseUrl, dataDir: target.dataDir ?? 'memory://' });
    const recorder = new RecordingRestCaller();
    let app: App | undefined;
    try {
      await migrateDatabase(database);
      if (kind === 'postgres')
        result.serverVersion = String(
          (Object.values((await rawQuery(database, 'show server_version'))[0] ?? {})[0] as string | undefined) ?? '?',
        );
      app = await createApp({
        config: {
          databaseUrl: target.databaseUrl,
          dataDir: target.dataDir ?? 'memory://',
          applicationId: undefined,
          rateLimitPerMinute: 1e9,
        },
        log: createLogger({ level: 'silent' }),
        rest: recorder,
        database,
        router: { deadlineMs: 60_000 },
      });
      if (!o.skip.has('latency')) result.latency = await latency(app, database, recorder, o);
      if (!o.skip.has('scale')) result.scale = await scale(app, database, o);
    } finally {
      await app?.close();
      await database.close();
    }
    if (!o.skip.has('startup')) {
      progress('  startup on the large database (child process), then a mix');
      result.startupLarge = await spawnStartup(target, MIX, o.n, o.skip.has('latency'));
    }
  } finally {
    await target.drop();
    cleanups.delete(target.drop);
  }
  result.totalMs = r3(performance.now() - t0);
  progress(`  done in ${(result.totalMs / 1000).toFixed(1)} s`);
  return result;
}

// ---- targets & report ---------------------------------------------------------------------------------------

interface Check {
  driver: DriverKind;
  target: string;
  value: string;
  ok: boolean | null;
}

function checks(r: TargetResult): Check[] {
  const out: Check[] = [];
  const c50 = r.latency?.levels.find((l) => l.concurrency === 50);
  if (c50) {
    // Every interaction commits at least one insert (the router's dedupe row), so the insert round trip is the
    // floor the target is checked against; the select 1 ratio is shown beside it.
    const worst = Object.entries(c50.commands).sort((a, b) => b[1].xInsert - a[1].xInsert)[0]!;
    out.push({
      driver: r.driver,
      target: 'median command ≤ 3× floor (one insert), concurrency 50',
      value: `all ${fmtRatio(c50.all.xInsert)} (×select 1: ${fmtRatio(c50.all.xSelect1)}); worst ${worst[0]} ${fmtRatio(worst[1].xInsert)}`,
      ok: Object.values(c50.commands).every((c) => c.xInsert <= 3),
    });
    const worstP99 = Object.entries(c50.commands).sort((a, b) => b[1].p99 - a[1].p99)[0]!;
    out.push({
      driver: r.driver,
      target: 'p99 < 50 ms, concurrency 50',
      value: `all ${fmtMs(c50.all.p99)} ms; worst ${worstP99[0]} ${fmtMs(worstP99[1].p99)} ms`,
      ok: c50.all.p99 < 50,
    });
  }
  const c1 = r.latency?.levels.find((l) => l.concurrency === 1);
  if (c1) {
    const limit = r.driver === 'pglite' ? 6 : 2;
    const worst = Object.entries(c1.commands).sort((a, b) => b[1].xInsert - a[1].xInsert)[0]!;
    out.push({
      driver: r.driver,
      target: `median command ≤ ${limit}× floor (one insert), concurrency 1`,
      value: `all ${fmtRatio(c1.all.xInsert)}; worst ${worst[0]} ${fmtRatio(worst[1].xInsert)}`,
      ok: c1.all.xInsert <= limit,
    });
  }
  const writing = Object.entries(r.latency?.breakdown ?? {}).filter(([, b]) => b.writes > 0);
  if (writing.length && writing.every(([, b]) => b.transactions !== undefined)) {
    out.push({
      driver: r.driver,
      target: 'one transaction per writing interaction',
      value: writing
        .map(([c, b]) => `${c} ${b.transactions}${b.afterPost ? ` (+ ${b.afterPost} message-id record)` : ''}`)
        .join(', '),
      ok: writing.every(([, b]) => b.transactions === 1),
    });
  }
  if (r.scale) {
    out.push({
      driver: r.driver,
      target: `digest build < 100 ms (${r.scale.scale} scale)`,
      value: `${fmtMs(r.scale.base.digest.p50)} ms (doubled ${fmtMs(r.scale.doubled.digest.p50)} ms)`,
      ok: r.scale.base.digest.p50 < 100,
    });
    const ratios = r.scale.ratio;
    out.push({
      driver: r.driver,
      target: 'doubling history changes digest/find/search < 20 %',
      value: `digest ${fmtRatio(ratios.digest)}, find ${fmtRatio(ratios.pairFind)}, search ${fmtRatio(ratios.search)}`,
      ok: [ratios.digest, ratios.pairFind, ratios.search].every((x) => x < 1.2 && x > 1 / 1.2),
    });
  }
  // Idle RSS of a restart (an existing database): the first start of a PGlite data dir also runs initdb.
  const idle = r.startupLarge?.rssStartMB ?? r.startupEmpty?.rssStartMB;
  if (idle !== undefined) {
    out.push({
      driver: r.driver,
      target: 'idle RSS < 120 MB',
      value: `${idle} MB after start${r.startupLarge ? ' (large db)' : ''}${r.startupEmpty ? `; ${r.startupEmpty.rssStartMB} MB on the empty db${r.driver === 'pglite' ? ' (first start: initdb)' : ''}` : ''}`,
      ok: idle < 120,
    });
  }
  return out;
}

const loadAtStart = os.loadavg()[0]!;

function machine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? '?',
    cores: cpus.length,
    memoryGB: Math.round(os.totalmem() / 1024 ** 3),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    /** 1-minute load average when the run started and ended: other work on the machine skews the figures. */
    loadavg: [r3(loadAtStart), r3(os.loadavg()[0]!)],
  };
}

function renderText(report: Report): string {
  const out: string[] = [];
  const m = report.machine;
  out.push(`Nexus benchmark — ${report.date}`);
  out.push(
    `machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGB} GB, ${m.os}, Node ${m.node}; load average ${m.loadavg?.[0] ?? '?'} at start, ${m.loadavg?.[1] ?? '?'} at end`,
  );
  out.push(`options: scale ${report.options.scale}, N = ${report.options.n} interactions per concurrency level`);
  for (const r of report.results) {
    out.push('', `=== ${r.label}${r.serverVersion ? ` — server ${r.serverVersion}` : ''} ===`);
    if (r.latency) {
      const L = r.latency;
      out.push(
        '',
        `Command latency through the router (REST recorded), ms. Mix: ${COMMANDS.map((c) => `${c} ${Math.round(MIX_WEIGHTS[c] * 100)}%`).join(', ')}.`,
      );
      for (const lv of L.levels) {
        out.push(
          '',
          `  concurrency ${lv.concurrency}: ${lv.throughput.toFixed(0)} interactions/s (${lv.all.n} in ${(lv.wallMs / 1000).toFixed(1)} s); CPU: bot process ${lv.cpu.botProcessPct.toFixed(0)}% of a core, machine ${lv.cpu.machinePct.toFixed(0)}% of ${report.machine.cores} cores`,
        );
        const rows: Array<Array<string | number>> = [
          ['command', 'n', 'p50', 'p95', 'p99', 'stmts', '×select 1', '×insert', 'errors'],
        ];
        const row = (name: string, s: CommandStats, stmts: string) =>
          rows.push([
            name,
            s.n,
            fmtMs(s.p50),
            fmtMs(s.p95),
            fmtMs(s.p99),
            stmts,
            fmtRatio(s.xSelect1),
            fmtRatio(s.xInsert),
            `${s.errors}${s.userErrors ? ` (+${s.userErrors} user)` : ''}`,
          ]);
        row('all (mix)', lv.all, '');
        for (const c of COMMANDS) row(c, lv.commands[c]!, String(L.queriesPerCommand[c] ?? ''));
        const f = (name: string, s: Summary & { throughput: number }) =>
          rows.push([name, s.n, fmtMs(s.p50), fmtMs(s.p95), fmtMs(s.p99), '1', `${s.throughput.toFixed(0)}/s`, '', '']);
        f('floor: select 1', lv.floor.select1);
        f('floor: insert', lv.floor.insert);
        out.push(table(rows, '    '));
      }
      out.push(
        `  (stmts = SQL statements per interaction, the router's dedupe insert included; ×select 1 / ×insert = median command / median floor; floor rows show round trips/s)`,
      );
      out.push(
        '',
        '  Where the time goes (20 sequential interactions per command; reads re-run under EXPLAIN ANALYZE):',
      );
      const b: Array<Array<string | number>> = [
        ['command', 'p50 ms', 'statements', 'writes', 'commits (txn + after post)', 'read exec ms', 'slowest read'],
      ];
      for (const c of COMMANDS) {
        const x = L.breakdown[c]!;
        b.push([
          c,
          fmtMs(x.p50),
          String(x.statements),
          String(x.writes),
          x.transactions === undefined || x.afterPost === undefined
            ? String(x.commits ?? '–')
            : `${x.commits} (${x.transactions} + ${x.afterPost})`,
          fmtMs(x.readExecMs),
          x.slowestRead ? `${fmtMs(x.slowestRead.executionMs)} ms ${x.slowestRead.sql.slice(0, 70)}…` : '',
        ]);
      }
      out.push(table(b, '    '));
      out.push(
        "  (commits: a writing interaction's one transaction, plus, after Discord answered a public post, the single write that records the message's id)",
      );
    }
    if (r.scale) {
      const S = r.scale;
      out.push(
        '',
        `Scale (${S.scale}): large guild ${Object.entries(S.rows)
          .map(([k, v]) => `${v} ${k}`)
          .join(
            ', ',
          )}; seeded in ${(S.seed.baseMs / 1000).toFixed(1)} s, doubled in ${(S.seed.doubledMs / 1000).toFixed(1)} s`,
      );
      const rows: Array<Array<string | number>> = [
        ['operation (ms)', 'p50 52 w', 'p95 52 w', 'p50 104 w', 'p95 104 w', 'ratio p50'],
      ];
      rows.push([
        'weekly digest build',
        fmtMs(S.base.digest.p50),
        fmtMs(S.base.digest.p95),
        fmtMs(S.doubled.digest.p50),
        fmtMs(S.doubled.digest.p95),
        fmtRatio(S.ratio.digest),
      ]);
      rows.push([
        '/pair find',
        fmtMs(S.base.pairFind.p50),
        fmtMs(S.base.pairFind.p95),
        fmtMs(S.doubled.pairFind.p50),
        fmtMs(S.doubled.pairFind.p95),
        fmtRatio(S.ratio.pairFind),
      ]);
      rows.push([
        '/challenge search',
        fmtMs(S.base.search.p50),
        fmtMs(S.base.search.p95),
        fmtMs(S.doubled.search.p50),
        fmtMs(S.doubled.search.p95),
        fmtRatio(S.ratio.search),
      ]);
      for (const q of SEARCH_QUERIES)
        rows.push([
          `  query "${q}"`,
          fmtMs(S.base.search.byQuery[q]),
          '',
          fmtMs(S.doubled.search.byQuery[q]),
          '',
          fmtRatio((S.doubled.search.byQuery[q] ?? NaN) / (S.base.search.byQuery[q] ?? NaN)),
        ]);
      out.push(table(rows));
      out.push(
        `  (${SCALE_REPS} runs each after warm-up; /pair find with suggestions: ${S.base.pairFind.withSuggestions}/${SCALE_REPS}; digest: ${S.base.digest.messages} message(s))`,
      );
      for (const [label, times] of [
        ['52 weeks', S.base],
        ['104 weeks', S.doubled],
      ] as const) {
        if (!times.explain) continue;
        for (const [op, list] of Object.entries(times.explain)) {
          out.push('', `  EXPLAIN ANALYZE — ${op}, ${label}: slowest statements`);
          for (const e of list) {
            out.push(`    ${fmtMs(e.executionMs)} ms  ${e.sql.replace(/\s+/g, ' ').slice(0, 300)}`);
            out.push(...e.plan.split('\n').map((l) => `      ${l}`));
          }
        }
      }
    }
    if (r.startupEmpty || r.startupLarge) {
      out.push(
        '',
        'Startup and memory (a child bot process: compiled JavaScript as in production, app modules, open, migrate; then a mix at concurrency 50)',
      );
      const rows: Array<Array<string | number>> = [
        [
          'database',
          'ready (ms)',
          'boot',
          'import',
          'open',
          'migrate',
          'RSS boot',
          'RSS imported',
          'RSS ready',
          'RSS after mix',
          'mix p50/p99',
        ],
      ];
      for (const [name, s] of [
        ['empty', r.startupEmpty],
        ['large', r.startupLarge],
      ] as const) {
        if (!s) continue;
        rows.push([
          name,
          fmtMs(s.readyMs),
          fmtMs(s.bootMs),
          fmtMs(s.importMs),
          fmtMs(s.openMs),
          fmtMs(s.migrateMs),
          `${s.rssBootMB} MB`,
          `${s.rssImportedMB} MB`,
          `${s.rssStartMB} MB`,
          `${s.rssAfterMixMB} MB`,
          `${fmtMs(s.mix.p50)}/${fmtMs(s.mix.p99)} (${s.mix.count})`,
        ]);
      }
      out.push(table(rows));
    }
    out.push('', `  (${(r.totalMs / 1000).toFixed(1)} s for this database)`);
  }
  if (report.tryStartup) {
    const T = report.tryStartup;
    out.push(
      '',
      `npm run try start-up: wall time of one call, '${T.line}', start to exit, data dir already initialised (${T.rows[0]?.runs ?? 0} calls each, interleaved)`,
    );
    out.push(
      table([
        ['way', 'median ms', 'min', 'max', 'command'],
        ...T.rows.map((r) => [r.way, fmtMs(r.medianMs), fmtMs(r.minMs), fmtMs(r.maxMs), r.command]),
      ]),
    );
  }
  out.push('', 'Targets');
  out.push(
    table([
      ['database', 'target', 'measured', 'met'],
      ...report.checks.map((c) => [c.driver, c.target, c.value, c.ok === null ? '–' : c.ok ? 'yes' : 'NO']),
    ]),
  );
  return out.join('\n');
}

interface Report {
  date: string;
  machine: ReturnType<typeof machine>;
  options: { scale: Options['scale']; n: number; dbs: DriverKind[]; explain: boolean; skip: Section[] };
  results: TargetResult[];
  tryStartup?: TryStartupResult;
  checks: Check[];
  totalMs: number;
}

async function main(): Promise<number> {
  let o: Options;
  try {
    o = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error((err as Error).message);
    return 2;
  }
  if (o.from) {
    const saved = JSON.parse(readFileSync(o.from, 'utf8')) as Report;
    process.stdout.write((o.json ? JSON.stringify(saved) : renderText(saved)) + '\n');
    return 0;
  }
  const t0 = performance.now();
  const results: TargetResult[] = [];
  for (const kind of o.dbs) results.push(await benchTarget(kind, o));
  const tryResult = o.skip.has('try') ? undefined : await tryStartup(ROOT, TRY_RUNS, progress);
  const report: Report = {
    date: new Date().toISOString(),
    machine: machine(),
    options: { scale: o.scale, n: o.n, dbs: o.dbs, explain: o.explain, skip: [...o.skip] },
    results,
    ...(tryResult ? { tryStartup: tryResult } : {}),
    checks: results.flatMap(checks),
    totalMs: r3(performance.now() - t0),
  };
  process.stdout.write((o.json ? JSON.stringify(report) : renderText(report)) + '\n');
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exitCode = 1;
  },
);
