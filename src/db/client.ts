// openDatabase(config) → the same Drizzle API over PGlite (embedded default) or postgres.js (DATABASE_URL).
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
  const conf = { postgresqlconf: ['shared_buffers = 32MB'] };
  const client = await PGlite.create(dir, loadDataDir ? { loadDataDir, ...conf } : conf);
  const db = drizzle(client, { schema }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
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
  const db = drizzle(client, { schema }) as unknown as Db;
  return {
    db,
    kind: 'postgres',
    url,
    ping: async () => {
      await client`select 1`;
    },
    close: async () => {
      await client.end({ timeout: 5 });
    },
  };
}
