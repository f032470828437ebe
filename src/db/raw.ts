// Raw statements (db.execute) answer differently by driver; the query builder does not.

/** Rows of a raw statement on either driver (postgres.js: an array; PGlite: `{ rows }`). */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as T[];
}
