// Statements built once per database handle. Drizzle builds a query's SQL text anew on every call, and for
// the wide rows of the hot path (an interaction's member + settings, its projects) that costs more CPU than
// PostgreSQL spends running the indexed lookup: the hot statements are built once with placeholders and
// then only executed (`.execute({ … })`). A transaction is its own handle, so inside one they are built
// per transaction (still correct, just not cached).
// A placeholder compared with a timestamp column (gt, lt, …) is sent as given: pass an ISO string, not a
// Date (the postgres.js driver leaves dates to Drizzle's column mapping, which placeholders skip).
import { sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { Db } from './client.js';

const cache = new WeakMap<object, Map<string, unknown>>();

/** The statement `name` for this handle, built by `build` on first use. */
export function prepared<T>(db: Db, name: string, build: (db: Db) => T): T {
  let byName = cache.get(db);
  if (!byName) cache.set(db, (byName = new Map<string, unknown>()));
  let q = byName.get(name) as T | undefined;
  if (q === undefined) byName.set(name, (q = build(db)));
  return q;
}

/** Separates list items packed into one text parameter (`string_to_array($1, SEP)`): never in ids or names. */
export const SEP = '\u001f';

/**
 * A column's value as a placeholder the driver binds as given, cast back to the column's type. Its value must
 * be mapped by the caller (driverValue): Drizzle's own mapping of placeholders cannot take a null date.
 */
export function typedPlaceholder(col: PgColumn, name: string): SQL {
  return sql`${sql.placeholder(name)}::${sql.raw(col.getSQLType())}`;
}

/** The value a typedPlaceholder takes: the column's driver mapping (a date's ISO string, an array literal). */
export function driverValue(col: PgColumn, v: unknown): unknown {
  return v === null || v === undefined ? null : col.mapToDriverValue(v);
}
