// A small JSON Schema checker over Discord's official OpenAPI spec (../shared/discord-api-spec), enough to
// validate what the bot sends: types, lengths, item counts, ranges, enums, $ref, oneOf/anyOf/allOf,
// required and additionalProperties. Returns the list of problems (empty = valid).
import { readFileSync } from 'node:fs';
import path from 'node:path';

type Schema = Record<string, unknown>;

let spec: { components: { schemas: Record<string, Schema> } } | undefined;
export function specSchema(name: string): Schema {
  spec ??= JSON.parse(readFileSync(path.resolve('..', 'shared', 'discord-api-spec', 'openapi.json'), 'utf8'));
  const s = spec!.components.schemas[name];
  if (!s) throw new Error(`no schema ${name} in the spec`);
  return s;
}

function resolve(s: Schema): Schema {
  const ref = s.$ref as string | undefined;
  return ref ? resolve(specSchema(ref.replace('#/components/schemas/', ''))) : s;
}

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function typeMatches(v: unknown, t: string): boolean {
  const actual = typeOf(v);
  if (t === actual) return true;
  if (t === 'number' && actual === 'integer') return true;
  // Discord serialises 64-bit integers (permissions, snowflakes) as strings.
  if (t === 'integer' && typeof v === 'string' && /^\d+$/.test(v)) return true;
  return false;
}

export function validate(value: unknown, schema: Schema, where = '$', depth = 0): string[] {
  if (depth > 40) return [];
  const s = resolve(schema);
  const errors: string[] = [];
  if (s.type !== undefined) {
    const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
    if (!types.some((t) => typeMatches(value, t)))
      return [`${where}: expected ${types.join('|')}, got ${typeOf(value)}`];
  }
  if (s.enum && !(s.enum as unknown[]).some((e) => e === value || String(e) === String(value)))
    errors.push(`${where}: ${JSON.stringify(value)} not in ${JSON.stringify(s.enum)}`);
  if (s.const !== undefined && s.const !== value) errors.push(`${where}: expected ${JSON.stringify(s.const)}`);
  if (typeof value === 'string') {
    if (typeof s.maxLength === 'number' && [...value].length > s.maxLength)
      errors.push(`${where}: longer than ${s.maxLength}`);
    if (typeof s.minLength === 'number' && [...value].length < s.minLength)
      errors.push(`${where}: shorter than ${s.minLength}`);
  }
  if (typeof value === 'number') {
    if (typeof s.maximum === 'number' && value > s.maximum) errors.push(`${where}: above ${s.maximum}`);
    if (typeof s.minimum === 'number' && value < s.minimum) errors.push(`${where}: below ${s.minimum}`);
  }
  if (Array.isArray(value)) {
    if (typeof s.maxItems === 'number' && value.length > s.maxItems)
      errors.push(`${where}: more than ${s.maxItems} items`);
    if (typeof s.minItems === 'number' && value.length < s.minItems)
      errors.push(`${where}: fewer than ${s.minItems} items`);
    if (s.items) value.forEach((v, i) => errors.push(...validate(v, s.items as Schema, `${where}[${i}]`, depth + 1)));
  }
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const obj = value as Record<string, unknown>;
    const props = (s.properties ?? {}) as Record<string, Schema>;
    for (const r of (s.required ?? []) as string[]) if (!(r in obj)) errors.push(`${where}: missing ${r}`);
    for (const [k, v] of Object.entries(obj)) {
      if (v === undefined) continue;
      if (props[k]) errors.push(...validate(v, props[k], `${where}.${k}`, depth + 1));
      else if (s.additionalProperties === false && s.properties) errors.push(`${where}: unknown property ${k}`);
      else if (s.additionalProperties && typeof s.additionalProperties === 'object')
        errors.push(...validate(v, s.additionalProperties as Schema, `${where}.${k}`, depth + 1));
    }
  }
  for (const sub of (s.allOf ?? []) as Schema[]) errors.push(...validate(value, sub, where, depth + 1));
  if (s.oneOf || s.anyOf) {
    const alts = (s.oneOf ?? s.anyOf) as Schema[];
    const results = alts.map((a) => validate(value, a, where, depth + 1));
    const ok = results.filter((r) => r.length === 0).length;
    if (ok === 0) {
      const best = results.reduce((a, b) => (b.length < a.length ? b : a));
      errors.push(`${where}: matches no alternative (closest: ${best.slice(0, 3).join('; ')})`);
    }
  }
  return errors;
}
