// /nexus-admin export: a guild's rows, table by table (interaction tokens are never stored, so none leak).
import { eq, getTableColumns } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '../client.js';
import {
  auditLog,
  challengeHelped,
  challenges,
  guildSettings,
  members,
  pairRequests,
  pairs,
  projects,
  takeaways,
  tracks,
} from '../schema.js';

// ---- export ---------------------------------------------------------------------------------------------

/** Every table an export can hold, by its SQL name. Interaction tokens are never stored, so none leak. */
export const EXPORT_TABLES = {
  guild_settings: guildSettings,
  tracks,
  members,
  projects,
  pair_requests: pairRequests,
  pairs,
  challenges,
  challenge_helped: challengeHelped,
  takeaways,
  audit_log: auditLog,
} as const satisfies Record<string, PgTable>;
export type ExportTable = keyof typeof EXPORT_TABLES;

/** Columns left out of exports: derived data (the full-text vector is rebuilt from the text). */
const SKIPPED_COLUMNS = new Set(['search']);

export type ExportValue = string | number | boolean | null | unknown[] | Record<string, unknown>;
export interface ExportedTable {
  table: ExportTable;
  columns: string[];
  rows: Record<string, ExportValue>[];
}

/** One table's rows of this guild, removed rows included, keyed by SQL column name, oldest first. */
export async function exportTable(db: Db, guildId: string, name: ExportTable): Promise<ExportedTable> {
  const table = EXPORT_TABLES[name] as PgTable;
  const all = getTableColumns(table) as Record<string, PgColumn>;
  const cols = Object.fromEntries(Object.entries(all).filter(([, c]) => !SKIPPED_COLUMNS.has(c.name)));
  const order = [
    cols.id ?? cols.createdAt ?? cols.guildId!,
    ...(cols.userId ? [cols.userId] : []),
    ...(cols.challengeId ? [cols.challengeId] : []),
  ];
  const rows = await db
    .select(cols)
    .from(table)
    .where(eq(cols.guildId!, guildId))
    .orderBy(...order);
  const columns = Object.values(cols).map((c) => c.name);
  return {
    table: name,
    columns,
    rows: rows.map((r) => {
      const out: Record<string, ExportValue> = {};
      for (const [prop, c] of Object.entries(cols)) {
        const v = (r as Record<string, unknown>)[prop];
        out[c.name] = v instanceof Date ? v.toISOString() : v === undefined ? null : (v as ExportValue);
      }
      return out;
    }),
  };
}
