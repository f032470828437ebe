// Test databases: every database test runs on PGlite, and again on PostgreSQL when TEST_DATABASE_URL is set.
// Each test file gets its own database (a PGlite clone of the migrated template, or a fresh PostgreSQL
// database), so files run in parallel; tables are truncated between tests.
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { getTableName, sql } from 'drizzle-orm';
import { isTable } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import postgres from 'postgres';
import { afterAll, beforeAll, beforeEach, describe, inject } from 'vitest';
import { openDatabase, type Database, type DriverKind } from '../../src/db/client.js';
import { migrateDatabase } from '../../src/db/migrate.js';
import * as schema from '../../src/db/schema.js';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || undefined;

export function databaseKinds(): DriverKind[] {
  return TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
}

const tableNames = Object.values(schema as Record<string, unknown>)
  .filter((v): v is PgTable => isTable(v))
  .map((t) => getTableName(t));

export async function openPgliteClone(): Promise<Database> {
  const template = readFileSync(inject('pgliteTemplate'));
  return openDatabase({ dataDir: 'memory://', loadDataDir: new Blob([template]) });
}

export interface PostgresTestDatabase extends Database {
  name: string;
  url: string;
}

/** Creates a fresh, migrated PostgreSQL database for one test file. */
export async function createPostgresDatabase(): Promise<PostgresTestDatabase> {
  if (!TEST_DATABASE_URL) throw new Error('TEST_DATABASE_URL is not set');
  const name = `nexus_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(TEST_DATABASE_URL, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString(), maxConnections: 10 });
  await migrateDatabase(database);
  const close = () => database.close();
  return {
    ...database,
    name,
    url: url.toString(),
    close: async () => {
      await close();
      const a = postgres(TEST_DATABASE_URL, { max: 1, onnotice: () => {} });
      try {
        await a.unsafe(`drop database if exists "${name}" with (force)`);
      } finally {
        await a.end();
      }
    },
  };
}

export async function openTestDatabase(kind: DriverKind): Promise<Database> {
  return kind === 'pglite' ? openPgliteClone() : createPostgresDatabase();
}

export async function truncateAll(database: Database): Promise<void> {
  await database.db.execute(
    sql.raw(`truncate table ${tableNames.map((t) => `"${t}"`).join(', ')} restart identity cascade`),
  );
}

/**
 * Runs the suite once per available database. `use()` returns the open database inside tests.
 */
export function describeEachDatabase(name: string, suite: (use: () => Database, kind: DriverKind) => void): void {
  for (const kind of databaseKinds()) {
    describe(`${name} [${kind}]`, () => {
      let database: Database | undefined;
      beforeAll(async () => {
        database = await openTestDatabase(kind);
      });
      afterAll(async () => {
        await database?.close();
      });
      beforeEach(async () => {
        await truncateAll(database!);
      });
      suite(() => {
        if (!database) throw new Error('database not open yet');
        return database;
      }, kind);
    });
  }
}
