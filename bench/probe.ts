// Where the time goes: counts the SQL statements Drizzle sends (a logger hooked into the session) and runs
// EXPLAIN (ANALYZE, BUFFERS) on captured statements with their parameters, on either driver.
import type { Database } from '../src/db/client.js';

export interface CapturedQuery {
  sql: string;
  params: unknown[];
}

interface LoggerLike {
  logQuery(query: string, params: unknown[]): void;
}

interface SessionLike {
  logger: LoggerLike;
  client: unknown;
}

function session(database: Database): SessionLike {
  return (database.db as unknown as { session: SessionLike }).session;
}

/**
 * Records every statement sent through the Drizzle session while `fn` runs (transactions and prepared
 * statements included: those keep the session's logger object, so its logQuery is swapped in place).
 */
export async function captureQueries<T>(
  database: Database,
  fn: () => Promise<T>,
): Promise<{ result: T; queries: CapturedQuery[] }> {
  const logger = session(database).logger as Partial<LoggerLike>;
  const queries: CapturedQuery[] = [];
  const own = Object.getOwnPropertyDescriptor(logger, 'logQuery');
  logger.logQuery = (sql: string, params: unknown[]) => queries.push({ sql, params });
  try {
    const result = await fn();
    return { result, queries };
  } finally {
    if (own) Object.defineProperty(logger, 'logQuery', own);
    else delete logger.logQuery;
  }
}

/** Runs a raw statement with positional parameters on the underlying client (PGlite or postgres.js). */
export async function rawQuery(
  database: Database,
  text: string,
  params: unknown[] = [],
): Promise<Array<Record<string, unknown>>> {
  const client = session(database).client as {
    query?: (q: string, p: unknown[]) => Promise<{ rows: Array<Record<string, unknown>> }>;
    unsafe?: (q: string, p: unknown[]) => Promise<Array<Record<string, unknown>>>;
  };
  if (database.kind === 'pglite') return (await client.query!(text, params)).rows;
  return [...(await client.unsafe!(text, params))];
}

export interface ExplainedQuery {
  sql: string;
  executionMs: number;
  plan: string;
}

/** Does the statement change rows (a data-modifying CTE included)? Those commit; the rest are reads. */
export function isWrite(sql: string): boolean {
  return /\b(insert\s+into|update\s+"\w+"\s+set|delete\s+from)\b/i.test(sql);
}

/** EXPLAIN (ANALYZE, BUFFERS) of each statement; slowest first. Only reads are explained (writes would run twice). */
export async function explainAll(database: Database, queries: CapturedQuery[]): Promise<ExplainedQuery[]> {
  const out: ExplainedQuery[] = [];
  for (const q of queries) {
    if (isWrite(q.sql)) continue;
    const rows = await rawQuery(database, `explain (analyze, buffers) ${q.sql}`, q.params);
    const lines = rows.map((r) => String(Object.values(r)[0]));
    const m = /Execution Time: ([\d.]+) ms/.exec(lines.join('\n'));
    out.push({ sql: q.sql, executionMs: m ? Number(m[1]) : NaN, plan: lines.join('\n') });
  }
  return out.sort((a, b) => b.executionMs - a.executionMs);
}
