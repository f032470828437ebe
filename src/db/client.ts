// openDatabase(config) → the same Drizzle API over PGlite (embedded default) or postgres.js (DATABASE_URL).
//
// Transactions are ambient: inside `db.transaction(fn)` every statement sent through the same `db` handle
// (not only through the `tx` argument) runs in that transaction, and a nested `db.transaction` is a
// savepoint. The router wraps each writing interaction this way, so handlers and query functions simply
// take `db`, and statements prepared once on `db` (prepared.ts) run inside whichever transaction is open.
import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from './schema.js';

export type Schema = typeof schema;
/** The driver-neutral Drizzle database every query module takes. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type DriverKind = 'pglite' | 'postgres';

export interface Database {
  db: Db;
  kind: DriverKind;
  /** The connection URL for postgres; undefined for PGlite. */
  url?: string;
  /** Runs a trivial statement; throws when the database is unreachable. */
  ping(): Promise<void>;
  close(): Promise<void>;
  /** Transactions begun so far, and writing statements sent outside one (each commits on its own). */
  commits: CommitCounter;
}

export interface CommitCounter {
  transactions: number;
  autocommitWrites: number;
}

/** Does a statement sent on its own change rows (a data-modifying CTE included)? It then commits alone. */
const WRITE = /^\s*(insert|update|delete|with\b[\s\S]*\b(insert|update|delete)\b)/i;

function countOutside(counter: CommitCounter, text: unknown): void {
  if (typeof text === 'string' && WRITE.test(text)) counter.autocommitWrites++;
}

export interface OpenOptions {
  /** postgres:// URL; when absent, PGlite persisted under dataDir (or in memory when dataDir is 'memory://'). */
  databaseUrl?: string | undefined;
  dataDir?: string;
  /** A PGlite data dump to start from (tests clone a migrated template this way). */
  loadDataDir?: Blob | File;
  /** postgres.js pool size. */
  maxConnections?: number;
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl, opts.maxConnections ?? 10);
  return openPglite(opts.dataDir ?? '.nexus', opts.loadDataDir);
}

/** The transaction (driver client) open in this async context, if any. */
type TxStore<C> = { client: C; savepoints: number };

/**
 * The PGlite instance as Drizzle sees it: queries go to the transaction open in this async context (if any),
 * and a transaction opened while one is open becomes a savepoint of it.
 */
function ambientPglite<C extends { query: unknown; exec: unknown; transaction: unknown }>(
  target: C,
  counter: CommitCounter,
): C {
  const als = new AsyncLocalStorage<TxStore<Pick<PgliteTx, 'query' | 'exec'>>>();
  return new Proxy(target, {
    get(t, prop) {
      const store = als.getStore();
      if (prop === 'query' || prop === 'exec') {
        const c = (store?.client ?? t) as unknown as Record<string, (...a: unknown[]) => unknown>;
        return (...args: unknown[]) => {
          if (!store) countOutside(counter, args[0]);
          return c[prop]!(...args);
        };
      }
      if (prop === 'transaction') {
        return async (cb: (tx: unknown) => Promise<unknown>) => {
          if (store) {
            const name = `nexus_sp${++store.savepoints}`;
            await store.client.exec(`savepoint ${name}`);
            try {
              const out = await cb(store.client);
              await store.client.exec(`release savepoint ${name}`);
              return out;
            } catch (err) {
              await store.client.exec(`rollback to savepoint ${name}`);
              throw err;
            }
          }
          const run = (t as unknown as { transaction: (f: (tx: PgliteTx) => Promise<unknown>) => Promise<unknown> })
            .transaction;
          counter.transactions++;
          return run.call(t, (tx) => als.run({ client: tx, savepoints: 0 }, () => cb(tx)));
        };
      }
      const v: unknown = Reflect.get(t, prop, t);
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(t) : v;
    },
  });
}

interface PgliteTx {
  query: (...a: unknown[]) => Promise<unknown>;
  exec: (sql: string) => Promise<unknown>;
}

/** The postgres.js client as Drizzle sees it: the same ambient routing (see ambientPglite). */
function ambientPostgres<C extends object>(target: C, counter: CommitCounter): C {
  type Sql = { unsafe: (...a: unknown[]) => unknown; savepoint: (f: (s: Sql) => unknown) => Promise<unknown> };
  const als = new AsyncLocalStorage<TxStore<Sql>>();
  return new Proxy(target, {
    get(t, prop) {
      const store = als.getStore();
      if (prop === 'unsafe')
        return (...args: unknown[]) => {
          if (!store) countOutside(counter, args[0]);
          return (store?.client ?? (t as unknown as Sql)).unsafe(...args);
        };
      if (prop === 'begin') {
        return (...args: unknown[]) => {
          const cb = args[args.length - 1] as (sql: Sql) => Promise<unknown>;
          if (store) return store.client.savepoint((sp) => als.run({ client: sp, savepoints: 0 }, () => cb(sp)));
          const begin = (t as unknown as { begin: (...a: unknown[]) => Promise<unknown> }).begin;
          counter.transactions++;
          return begin.call(t, ...args.slice(0, -1), (sql: Sql) =>
            als.run({ client: sql, savepoints: 0 }, () => cb(sql)),
          );
        };
      }
      return Reflect.get(t, prop, t);
    },
    apply(t, thisArg, args) {
      return Reflect.apply(t as (...a: unknown[]) => unknown, thisArg, args);
    },
  });
}

/**
 * The PostgreSQL extensions Nexus uses, as PGlite loads them (PostgreSQL ships them as contrib): pg_trgm
 * (similar project names) and unaccent (project names compared without accents). A migration creates them
 * on both drivers; PGlite also needs their files at start, before any data dir that uses them is opened.
 */
export async function pgliteExtensions() {
  const [{ pg_trgm }, { unaccent }] = await Promise.all([
    import('@electric-sql/pglite/contrib/pg_trgm'),
    import('@electric-sql/pglite/contrib/unaccent'),
  ]);
  return { pg_trgm, unaccent };
}

async function openPglite(dataDir: string, loadDataDir?: Blob | File): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  let dir: string | undefined;
  if (dataDir !== 'memory://') {
    dir = path.resolve(dataDir, 'pglite');
    mkdirSync(dir, { recursive: true });
  }
  // PostgreSQL's 128 MB of shared buffers live in PGlite's WASM heap, inside the bot's process, and a heap
  // never shrinks: 32 MB keeps about 100 MB of RSS off a started bot at no measurable cost to commands
  // (the data dir's pages stay in the OS cache). See BENCHMARKS.md.
  const conf = { postgresqlconf: ['shared_buffers = 32MB'], extensions: await pgliteExtensions() };
  const client = await PGlite.create(dir, loadDataDir ? { loadDataDir, ...conf } : conf);
  const commits: CommitCounter = { transactions: 0, autocommitWrites: 0 };
  const db = drizzle(ambientPglite(client, commits), { schema }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    commits,
    ping: async () => {
      await client.query('select 1');
    },
    close: async () => {
      if (!client.closed) await client.close();
    },
  };
}

async function openPostgres(url: string, max: number): Promise<Database> {
  const { default: postgres } = await import('postgres');
  const { drizzle } = await import('drizzle-orm/postgres-js');
  const client = postgres(url, {
    max,
    onnotice: () => {},
    // Fail fast instead of hanging when the server is down; the pool reconnects by itself when it is back.
    connect_timeout: 5,
    // postgres.js's default waits up to 20 s between reconnects once a restart made a few attempts fail, and
    // queries queued meanwhile wait with it: retry within 2 s so the bot is back soon after the database.
    backoff: (retries: number) => Math.min(0.05 * 2 ** retries, 2),
    // postgres.js fetches array type oids on every new connection without awaiting that query: a connection
    // dropped at that moment is an unhandled rejection, which ends the process. Drizzle (de)serialises
    // arrays itself, so the lookup is not needed.
    fetch_types: false,
    idle_timeout: 60,
  });
  const commits: CommitCounter = { transactions: 0, autocommitWrites: 0 };
  const db = drizzle(ambientPostgres(client, commits), { schema }) as unknown as Db;
  return {
    db,
    kind: 'postgres',
    commits,
    url,
    ping: async () => {
      await client`select 1`;
    },
    close: async () => {
      await client.end({ timeout: 5 });
    },
  };
}
