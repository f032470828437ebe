// Statements built once per database handle. Drizzle builds a query's SQL text anew on every call, and for
// the wide rows of the hot path (an interaction's member + settings, its projects) that costs more CPU than
// PostgreSQL spends running the indexed lookup: the hot statements are built once with placeholders and
// then only executed (`.execute({ … })`). A transaction is its own handle, so inside one they are built
// per transaction (still correct, just not cached).
import type { Db } from './client.js';

const cache = new WeakMap<object, Map<string, unknown>>();

/** The statement `name` for this handle, built by `build` on first use. */
export function prepared<T>(db: Db, name: string, build: (db: Db) => T): T {
  let byName = cache.get(db);
  if (!byName) cache.set(db, (byName = new Map()));
  let q = byName.get(name) as T | undefined;
  if (q === undefined) byName.set(name, (q = build(db)));
  return q;
}

/** Separates list items packed into one text parameter (`string_to_array($1, SEP)`): never in ids or names. */
export const SEP = '\u001f';
// A placeholder compared with a timestamp column (gt, lt, …) is sent as given: pass an ISO string, not a
// Date (the postgres.js driver leaves dates to Drizzle's column mapping, which placeholders skip).
