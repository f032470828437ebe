// Composition: database + context + router, shared by every entry point (start, try, console, tests, bench).
import { createRegistry } from './commands/index.js';
import type { Config } from './config.js';
import { systemClock, type AppContext, type Clock } from './context.js';
import { openDatabase, type Database } from './db/client.js';
import { migrateDatabase } from './db/migrate.js';
import { MemberCache } from './discord/member-cache.js';
import { DiscordPort, type RestCaller } from './discord/port.js';
import { Router, type RouterOptions } from './discord/router.js';
import type { Logger } from './logger.js';

export interface App {
  ctx: AppContext;
  router: Router;
  database: Database;
  close(): Promise<void>;
}

export interface AppOptions {
  config: Pick<Config, 'databaseUrl' | 'dataDir' | 'applicationId'> & Partial<Pick<Config, 'rateLimitPerMinute'>>;
  log: Logger;
  rest: RestCaller;
  clock?: Clock;
  router?: RouterOptions;
  /** Use an already-open (and migrated) database instead of opening one. */
  database?: Database;
}

export async function createApp(opts: AppOptions): Promise<App> {
  const database =
    opts.database ?? (await openDatabase({ databaseUrl: opts.config.databaseUrl, dataDir: opts.config.dataDir }));
  try {
    if (!opts.database) {
      const t = performance.now();
      await migrateDatabase(database);
      opts.log.debug({ driver: database.kind, ms: Math.round(performance.now() - t) }, 'migrations applied');
    }
  } catch (err) {
    await database.close();
    throw err;
  }
  const clock = opts.clock ?? systemClock;
  const discord = new DiscordPort(opts.rest);
  const ctx: AppContext = {
    db: database.db,
    dbKind: database.kind,
    log: opts.log,
    clock,
    discord,
    memberCache: new MemberCache(discord, clock),
    applicationId: opts.config.applicationId ?? '1000000000000000001',
  };
  const router = new Router(createRegistry(), ctx, {
    writesPerMinute: opts.config.rateLimitPerMinute ?? 20,
    ...opts.router,
  });
  return {
    ctx,
    router,
    database,
    close: async () => {
      if (!opts.database) await database.close();
    },
  };
}
