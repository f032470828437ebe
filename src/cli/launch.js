// `npm run try`: runs src/index.ts without paying for a TypeScript loader on every call.
//
// Plain JavaScript, so node runs it directly. It keeps a transpiled copy of src/ in a cache directory
// (node_modules/.cache/nexus-try by default) and imports that copy. Each compiled file starts with a hash
// of its source (and of the transpiler, its target, tsconfig.json and this file), and every call re-reads and re-hashes
// src/ (a few milliseconds): a file whose source changed in any way is transpiled again before anything
// runs, and a compiled file whose source is gone is deleted. So an edit to src/ is always what runs, and
// nothing depends on file times.
//
// The transpiler is the esbuild that tsx itself uses (tsx is a dependency; resolved through it), with the
// same tsconfig.json: the same translation as `tsx src/index.ts`, kept instead of redone. Types are not
// checked, as with tsx (`npm run typecheck` does that).
//
// package.json runs it with --liftoff-only: V8 then keeps PGlite's WebAssembly at its baseline compile
// instead of optimising it on other threads, which a call that lasts a second never earns back.
//
// Falls back to tsx (in this process) when the cache cannot be used: no esbuild, a read-only directory,
// a file in src/ that is not TypeScript, or NEXUS_TRY_CACHE=off. NEXUS_TRY_CACHE=DIR uses another cache
// directory (the benchmark measures a cold one that way).
import { Buffer } from 'node:buffer';
import console from 'node:console';
import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  readSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HEADER = '// nexus-try ';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The esbuild tsx uses: its version (cheap), and the module itself, loaded only when something is compiled. */
function findEsbuild() {
  try {
    const fromTsx = createRequire(createRequire(import.meta.url).resolve('tsx/package.json'));
    return { version: fromTsx('esbuild/package.json').version, load: () => fromTsx('esbuild') };
  } catch {
    return null;
  }
}

/** Source files under srcDir, relative, sorted. Throws NotCacheable for anything that is not TypeScript. */
function listSources(srcDir) {
  const out = [];
  for (const e of readdirSync(srcDir, { recursive: true, withFileTypes: true })) {
    if (e.isDirectory()) continue;
    const rel = path.relative(srcDir, path.join(e.parentPath ?? e.path, e.name));
    if (!e.isFile()) throw new NotCacheable(`${rel} is not a plain file`);
    if (rel.endsWith('.d.ts') || rel === path.join('cli', 'launch.js')) continue;
    if (!rel.endsWith('.ts')) throw new NotCacheable(`${rel} is not TypeScript`);
    out.push(rel);
  }
  return out.sort();
}

export class NotCacheable extends Error {}

function firstBytes(file, n) {
  let fd;
  try {
    fd = openSync(file, 'r');
  } catch {
    return '';
  }
  try {
    const buf = Buffer.alloc(n);
    return buf.toString('utf8', 0, readSync(fd, buf, 0, n, 0));
  } finally {
    closeSync(fd);
  }
}

function writeAtomic(file, text) {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

/** A link from the cache to a directory of the project that code finds relative to itself (../../drizzle). */
function ensureLink(link, target) {
  try {
    // A checkout that moved keeps its cache (inside node_modules) but not the link's old absolute target.
    if (lstatSync(link).isSymbolicLink() && path.resolve(readlinkSync(link)) === path.resolve(target)) return;
    rmSync(link, { recursive: true, force: true });
  } catch {
    // not there yet
  }
  symlinkSync(target, link, 'junction');
}

/**
 * Brings cacheDir/src up to date with srcDir and returns the path of the compiled entry file.
 * { root, srcDir = root/src, cacheDir, entry = 'index.ts', links = { drizzle } } — links are directories
 * next to src/ that compiled code reaches relative to itself.
 */
export async function prepare(opts) {
  const root = opts.root ?? ROOT;
  const srcDir = opts.srcDir ?? path.join(root, 'src');
  const cacheDir = opts.cacheDir;
  const outDir = path.join(cacheDir, 'src');
  const esbuild = findEsbuild();
  if (!esbuild) throw new NotCacheable('esbuild (through tsx) is not installed');
  const tsconfig = readFileSync(path.join(root, 'tsconfig.json'), 'utf8');
  const target = `node${process.versions.node.split('.')[0]}`;
  const self = readFileSync(fileURLToPath(import.meta.url), 'utf8'); // its transpile options
  const salt = createHash('sha256').update(`${self}\0${esbuild.version}\0${target}\0${tsconfig}`).digest('hex');

  const sources = listSources(srcDir);
  const stale = [];
  const expected = new Set();
  for (const rel of sources) {
    const code = readFileSync(path.join(srcDir, rel), 'utf8');
    const hash = createHash('sha256').update(salt).update(code).digest('hex');
    const out = path.join(outDir, rel.replace(/\.ts$/, '.js'));
    expected.add(out);
    const header = `${HEADER}${hash}\n`;
    if (firstBytes(out, header.length) !== header) stale.push({ rel, code, out, header });
  }

  mkdirSync(outDir, { recursive: true });
  if (stale.length) {
    const { transform } = esbuild.load();
    await Promise.all(
      stale.map(async ({ rel, code, out, header }) => {
        const r = await transform(code, {
          loader: 'ts',
          format: 'esm',
          target,
          tsconfigRaw: tsconfig,
          sourcefile: path.join(srcDir, rel),
          sourcemap: 'inline',
          banner: header.trimEnd(),
        });
        writeAtomic(out, r.code);
      }),
    );
  }
  // Compiled files whose source is gone must not be importable.
  for (const e of readdirSync(outDir, { recursive: true, withFileTypes: true })) {
    const file = path.join(e.parentPath ?? e.path, e.name);
    if (e.isFile() && file.endsWith('.js') && !expected.has(file)) rmSync(file, { force: true });
  }
  const pkg = path.join(cacheDir, 'package.json');
  if (!existsSync(pkg)) writeAtomic(pkg, '{ "type": "module", "private": true }\n');
  for (const [name, target] of Object.entries(opts.links ?? {})) ensureLink(path.join(cacheDir, name), target);
  return { entry: path.join(outDir, (opts.entry ?? 'index.ts').replace(/\.ts$/, '.js')), compiled: stale.length };
}

/** Runs src/index.ts with process.argv as it is (node src/cli/launch.js try LINE… → index.ts sees try LINE…). */
export async function launch() {
  const setting = process.env.NEXUS_TRY_CACHE;
  let entry;
  if (setting !== 'off') {
    try {
      const cacheDir = setting ? path.resolve(setting) : path.join(ROOT, 'node_modules', '.cache', 'nexus-try');
      ({ entry } = await prepare({ cacheDir, links: { drizzle: path.join(ROOT, 'drizzle') } }));
    } catch (err) {
      if (process.env.LOG_LEVEL === 'debug') console.error(`try: running through tsx (${err?.message ?? err})`);
    }
  }
  if (entry) {
    process.setSourceMapsEnabled(true);
    await import(pathToFileURL(entry).href);
    return;
  }
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(path.join(ROOT, 'src', 'index.ts')).href);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await launch();
