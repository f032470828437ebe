// CSV (RFC 4180) for exports, safe to open in spreadsheet apps whichever delimiter they split on: a comma,
// or a semicolon where the comma is the decimal separator, or a tab.
import { SNOWFLAKE } from './validate.js';

/** Characters a spreadsheet may split cells on; a cell holding any of them (or a quote) is quoted. */
const NEEDS_QUOTES = /[",;\t\r\n]/;

/** Spreadsheet apps run a cell that starts with one of these as a formula (tab and CR too, at the start). */
const FORMULA_AT_START = /^(?:[\t\r]|\s*[=+\-@])/;
/**
 * A formula after a delimiter: an app that splits on that delimiter without honouring the quotes (or a
 * paste into a sheet) would start a cell there. "x;=1+1" is written "x;'=1+1".
 */
const FORMULA_AFTER_DELIMITER = /([,;\t\r\n][ \t]*)(?=[=+\-@])/g;

/** A Discord snowflake (SNOWFLAKE), or a column that holds ids: written as quoted text, so no app turns it into 1E+17. */
function isIdColumn(name: string): boolean {
  return name === 'id' || /_ids?$/.test(name);
}

function text(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (v instanceof Date) return v.toISOString();
  return JSON.stringify(v);
}

/**
 * One CSV cell: lists as "a, b"; formulas defused with a leading ' (at the start and after any delimiter);
 * quoted when it holds a quote, a delimiter or a line break, and always when it is an id.
 */
export function csvCell(v: unknown, opts: { id?: boolean } = {}): string {
  if (v === null || v === undefined) return '';
  const list = Array.isArray(v);
  let s = list ? v.map((x) => (x === null || x === undefined ? '' : text(x))).join(', ') : text(v);
  // Everything but numbers, booleans and dates is free text (strings, lists, JSON snapshots).
  const free = !(typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint' || v instanceof Date);
  if (free) {
    s = s.replace(FORMULA_AFTER_DELIMITER, "$1'");
    if (FORMULA_AT_START.test(s)) s = `'${s}`;
  }
  const id = opts.id === true || (typeof v === 'string' && SNOWFLAKE.test(v));
  return id || NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(t: { columns: readonly string[]; rows: ReadonlyArray<Record<string, unknown>> }): string {
  const lines = [t.columns.map((c) => csvCell(c)).join(',')];
  for (const r of t.rows) lines.push(t.columns.map((c) => csvCell(r[c], { id: isIdColumn(c) })).join(','));
  return lines.join('\r\n') + '\r\n';
}
