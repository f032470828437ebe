// Child process of the benchmark: a bot process from start to ready (database opened, migrations applied),
// then a small command mix. Prints one JSON line: times since process start and RSS after start / after mix.
// Usage (the benchmark compiles it, see compiledStartup in run.ts): node .bench-build/bench/startup.js '<json options>'
const t0 = performance.now();
const rssBoot = process.memoryUsage().rss;

interface StartupOptions {
  databaseUrl?: string;
  dataDir?: string;
  /** Seed this cohort (a guild of its own) before the mix, when the database has none. */
  seedMix?: { guildId: string; userBase: string; learners: number } | undefined;
  mix: { guildId: string; channelId: string; userBase: string; learners: number; count: number; concurrency: number };
}

const opts = JSON.parse(process.argv[2] ?? '{}') as StartupOptions;
const mb = (n: number) => Math.round((n / 1024 / 1024) * 10) / 10;

const { openDatabase } = await import('../src/db/client.js');
const { migrateDatabase } = await import('../src/db/migrate.js');
const { createApp } = await import('../src/app.js');
const { RecordingRestCaller } = await import('../src/discord/port.js');
const { createLogger } = await import('../src/logger.js');
// What `npm start` loads on the way to connecting (no connection is made here).
await import('../src/metrics.js');
await import('../src/jobs/scheduler.js');
await import('../src/discord/gateway.js');
await import('../src/discord/http.js');
const t1 = performance.now();
const rssImported = process.memoryUsage().rss;

const database = await openDatabase({ databaseUrl: opts.databaseUrl, dataDir: opts.dataDir ?? 'memory://' });
const t2 = performance.now();
await migrateDatabase(database);
const t3 = performance.now();
const recorder = new RecordingRestCaller();
const log = createLogger({ level: 'silent' });
const app = await createApp({
  config: {
    databaseUrl: opts.databaseUrl,
    dataDir: opts.dataDir ?? 'memory://',
    applicationId: undefined,
    rateLimitPerMinute: 1e9,
  },
  log,
  rest: recorder,
  database,
  router: { deadlineMs: 60_000 },
});
const readyMs = performance.now();
const rssStart = process.memoryUsage().rss;

const { buildMix, runMix } = await import('./mix.js');
const { seedCohort, mixCohort, analyze } = await import('./seed.js');
const { summarize, r3 } = await import('./stats.js');
if (opts.seedMix) {
  await seedCohort(
    database.db,
    mixCohort(opts.seedMix.guildId, BigInt(opts.seedMix.userBase), new Date(), opts.seedMix.learners),
  );
  await analyze(database.db); // as autovacuum would have by then; without statistics the plans are not the bot's
}
const g = {
  guildId: opts.mix.guildId,
  channelId: opts.mix.channelId,
  userBase: BigInt(opts.mix.userBase),
  learners: opts.mix.learners,
  projectNames: 20,
};
const run = await runMix(app, recorder, buildMix(g, opts.mix.count, 7), opts.mix.concurrency);
const rssAfterMix = process.memoryUsage().rss;
const heap = process.memoryUsage();
await app.close();
await database.close();

const s = summarize(run.samples.map((x) => x.ms));
process.stdout.write(
  JSON.stringify({
    driver: database.kind,
    bootMs: r3(t0),
    importMs: r3(t1 - t0),
    openMs: r3(t2 - t1),
    migrateMs: r3(t3 - t2),
    readyMs: r3(readyMs),
    rssBootMB: mb(rssBoot),
    rssImportedMB: mb(rssImported),
    rssStartMB: mb(rssStart),
    mix: {
      count: run.samples.length,
      concurrency: opts.mix.concurrency,
      p50: r3(s.p50),
      p99: r3(s.p99),
      errors: run.samples.filter((x) => x.outcome === 'error').length,
    },
    rssAfterMixMB: mb(rssAfterMix),
    heapUsedMB: mb(heap.heapUsed),
    externalMB: mb(heap.external),
  }) + '\n',
);
