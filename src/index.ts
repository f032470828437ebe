// Composition root and CLI entry: start | register | try | migrate.
import path from 'node:path';
import { createApp } from './app.js';
import { renderHuman, runLine, parseTryArgs, toJson } from './cli/try.js';
import { parseStartArgs } from './cli/args.js';
import { runConsole } from './cli/console.js';
import { commandDefinitions } from './commands/index.js';
import { ConfigError, loadConfig, loadDotEnv, missingDiscordCredentials, type Config } from './config.js';
import { fixedClock } from './context.js';
import { openDatabase } from './db/client.js';
import { migrateDatabase } from './db/migrate.js';
import { DiscordPort, DiscordRestCaller, RecordingRestCaller } from './discord/port.js';
import { LineError } from './discord/payloads.js';
import { createLogger, type Logger } from './logger.js';

async function main(argv: string[]): Promise<number> {
  const [command = 'start', ...rest] = argv;
  let config: Config;
  try {
    loadDotEnv();
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message + '\nSee .env.example for every variable.');
      return 2;
    }
    throw err;
  }
  switch (command) {
    case 'start':
      return start(config, rest);
    case 'try':
      return tryLines(config, rest);
    case 'register':
      return register(config);
    case 'migrate': {
      const log = createLogger({ level: config.logLevel, pretty: config.pretty });
      const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
      try {
        await migrateDatabase(db);
        log.info({ driver: db.kind }, 'migrations applied');
      } finally {
        await db.close();
      }
      return 0;
    }
    default:
      console.error(`unknown command "${command}"; use start | register | try | migrate`);
      return 2;
  }
}

async function tryLines(config: Config, argv: string[]): Promise<number> {
  let args;
  try {
    args = parseTryArgs(argv);
  } catch (err) {
    if (err instanceof LineError) {
      console.error(err.message);
      return 2;
    }
    throw err;
  }
  if (args.lines.length === 0) {
    console.error(`no LINE given\n${(await import('./cli/try.js')).TRY_USAGE}`);
    return 2;
  }
  // Quiet by default so the replies are what you read; LOG_LEVEL=debug shows the rest (on stderr).
  const log = createLogger({ level: process.env.LOG_LEVEL ? config.logLevel : 'warn', pretty: config.pretty });
  const recorder = new RecordingRestCaller();
  const app = await createApp({
    config,
    log,
    rest: recorder,
    ...(args.now ? { clock: fixedClock(args.now) } : {}),
    router: { deadlineMs: 60_000 },
  });
  try {
    const actor = {
      guildId: args.guild,
      channelId: args.channel,
      userId: args.user,
      name: args.name,
      moderator: args.moderator,
    };
    for (const line of args.lines) {
      const r = await runLine(app, recorder, line, actor);
      console.log(args.json ? toJson(r) : renderHuman(r, path.join(config.dataDir, 'files')));
    }
  } finally {
    await app.close();
  }
  return 0;
}

async function register(config: Config): Promise<number> {
  const missing = [!config.discordToken && 'DISCORD_TOKEN', !config.applicationId && 'DISCORD_APPLICATION_ID'].filter(
    Boolean,
  );
  if (missing.length) {
    console.error(`register needs ${missing.join(' and ')} (see README: "Create the Discord application").`);
    return 2;
  }
  const port = new DiscordPort(new DiscordRestCaller({ token: config.discordToken, apiBase: config.apiBase }));
  const defs = commandDefinitions();
  const result = (await port.putCommands(config.applicationId!, config.guildId, defs)) as unknown[];
  console.log(
    `registered ${Array.isArray(result) ? result.length : defs.length} commands ${config.guildId ? `to guild ${config.guildId} (instant)` : 'globally (may take up to an hour to appear)'}: ${defs.map((d) => '/' + d.name).join(', ')}`,
  );
  return 0;
}

async function start(config: Config, argv: string[]): Promise<number> {
  let flags;
  try {
    flags = parseStartArgs(argv);
  } catch (err) {
    if (err instanceof LineError) {
      console.error(err.message);
      return 2;
    }
    throw err;
  }
  const log = createLogger({ level: config.logLevel, pretty: config.pretty });
  const transport = flags.http ? 'http' : config.transport;
  const port = flags.port ?? config.port;
  const missing = missingDiscordCredentials({ ...config, transport });
  if (missing.length) {
    const recorder = new RecordingRestCaller();
    const app = await createApp({ config, log, rest: recorder, router: { deadlineMs: 60_000 } });
    try {
      console.log(
        `Nexus is ready on the ${app.database.kind === 'pglite' ? `embedded database (${path.resolve(config.dataDir)})` : 'PostgreSQL database'}, but it cannot connect to Discord yet.\n` +
          `Missing:\n${missing.map((m) => `  - ${m}`).join('\n')}\n` +
          'Put them in .env (see .env.example) or the environment, then `npm run register` and `npm start` again.\n' +
          "Meanwhile, everything works locally: `npm run try -- '/nexus help'`.",
      );
      if (process.stdin.isTTY && !flags.noConsole) await runConsole(app, recorder, config.dataDir);
    } finally {
      await app.close();
    }
    return 0;
  }
  return startConnected(config, log, transport, port);
}

async function startConnected(
  config: Config,
  log: Logger,
  transport: 'gateway' | 'http',
  port: number,
): Promise<number> {
  const started = performance.now();
  const { Metrics } = await import('./metrics.js');
  const { DigestScheduler } = await import('./jobs/scheduler.js');
  const { newRunnerId } = await import('./jobs/digest.js');
  const metrics = new Metrics();
  const rest = new DiscordRestCaller({ token: config.discordToken, apiBase: config.apiBase });
  const app = await createApp({ config, log, rest });
  const scheduler = new DigestScheduler(app.ctx, {
    runnerId: newRunnerId(),
    // With credentials, guilds that removed the bot are found on both transports (see jobs/guilds.ts).
    reconcileGuilds: true,
    onTick: (results) => {
      for (const r of results)
        if (r.outcome === 'posted' || r.outcome === 'skipped') metrics.recordDigestRun(r.outcome);
    },
  });
  app.ctx.events = scheduler;
  let stopTransport: () => Promise<void>;
  if (transport === 'http') {
    const { startHttpServer } = await import('./discord/http.js');
    const server = await startHttpServer({
      router: app.router,
      publicKey: config.publicKey!,
      port,
      log,
      metrics,
      ping: () => app.database.ping(),
    });
    log.info(
      { url: server.url },
      'HTTP interactions endpoint listening (POST /interactions, GET /healthz, GET /metrics)',
    );
    stopTransport = () => server.close();
  } else {
    const { startGateway } = await import('./discord/gateway.js');
    const { markGuildLeft, markGuildReturned } = await import('./jobs/retention.js');
    let gateway: Awaited<ReturnType<typeof startGateway>>;
    try {
      gateway = await startGateway({
        token: config.discordToken!,
        router: app.router,
        port: app.ctx.discord,
        log,
        metrics,
        onGuildDelete: (guildId) => markGuildLeft(app.ctx, guildId),
        onGuildCreate: (guildId) => markGuildReturned(app.ctx, guildId),
      });
    } catch (err) {
      await app.close();
      const reason = err instanceof Error ? err.message : String(err);
      console.error(
        `Could not connect to Discord: ${reason}\n` +
          'Check DISCORD_TOKEN (Developer Portal → Bot → Reset Token) and that this machine can reach discord.com.\n' +
          'Without Discord, `npm run try` and the local console (`npm start` without credentials) still work.',
      );
      return 1;
    }
    stopTransport = () => gateway.stop();
  }
  await scheduler.start();
  log.info({ transport, driver: app.database.kind, ms: Math.round(performance.now() - started) }, 'Nexus is running');
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      log.info({ signal }, 'shutting down: no new interactions, finishing in-flight ones');
      resolve();
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  await stopTransport();
  await scheduler.stop();
  await app.close();
  log.info('stopped');
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exitCode = 1;
  },
);
