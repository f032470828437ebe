// Flag parsing for the CLI entry points (`try`, `start`) over node:util's parseArgs. parseArgs runs
// non-strict with tokens so every problem gets our own readable message (with the usage) instead of
// Node's generic ERR_PARSE_ARGS_* text.
import { parseArgs } from 'node:util';
import { LineError } from '../discord/payloads.js';

export interface FlagSpec {
  type: 'string' | 'boolean';
  short?: string;
  /** For string flags: what the value should be, e.g. "a Discord id (17-20 digits)". */
  takes?: string;
}

export interface ParsedFlags<K extends string> {
  /** String flags hold their (last) value, boolean flags true; absent flags are missing. */
  values: Partial<Record<K, string | true>>;
  /** Arguments that are not flags, in order (everything after `--` counts as one). */
  positionals: string[];
}

/** Throws LineError: "unknown flag --x" (with the usage), "--x takes <what>" for a missing value. */
export function parseFlags<K extends string>(argv: string[], spec: Record<K, FlagSpec>, usage: string): ParsedFlags<K> {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = {};
  for (const [name, s] of Object.entries(spec) as Array<[string, FlagSpec]>)
    options[name] = s.short ? { type: s.type, short: s.short } : { type: s.type };
  const { tokens } = parseArgs({ args: argv, options, strict: false, allowPositionals: true, tokens: true });
  const values: Partial<Record<K, string | true>> = {};
  const positionals: string[] = [];
  for (const t of tokens) {
    if (t.kind === 'positional') {
      positionals.push(t.value);
      continue;
    }
    if (t.kind === 'option-terminator') continue;
    const s = Object.hasOwn(spec, t.name) ? spec[t.name as K] : undefined;
    if (!s) throw new LineError(`unknown flag ${t.rawName}\n${usage}`);
    if (s.type === 'boolean') {
      if (t.value !== undefined) throw new LineError(`${t.rawName} takes no value\n${usage}`);
      values[t.name as K] = true;
    } else {
      // A string flag followed by nothing (or by `=` and nothing) has no value.
      if (t.value === undefined || t.value === '') throw new LineError(`${t.rawName} takes ${s.takes ?? 'a value'}`);
      values[t.name as K] = t.value;
    }
  }
  return { values, positionals };
}

const START_USAGE = 'usage: npm start -- [--http] [--port N] [--no-console]';
const START_FLAGS = {
  http: { type: 'boolean' },
  port: { type: 'string', takes: 'a port number 0-65535' },
  'no-console': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} satisfies Record<string, FlagSpec>;

/** `npm start -- [--http] [--port N] [--no-console]`. */
export function parseStartArgs(argv: string[]): { http: boolean; port?: number; noConsole: boolean } {
  const { values: v, positionals } = parseFlags(argv, START_FLAGS, START_USAGE);
  if (v.help) throw new LineError(START_USAGE);
  if (positionals.length)
    throw new LineError(`start takes no arguments, only flags (got "${positionals[0]}")\n${START_USAGE}`);
  const port = typeof v.port === 'string' ? Number(v.port) : undefined;
  if (port !== undefined && (!/^\d+$/.test(String(v.port)) || port > 65535))
    throw new LineError('--port takes a port number 0-65535');
  return { http: v.http === true, ...(port !== undefined ? { port } : {}), noConsole: v['no-console'] === true };
}
