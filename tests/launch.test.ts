// The `npm run try` launcher's cache of transpiled src/: an edit always runs, whatever the file times say.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { NotCacheable, prepare } from '../src/cli/launch.js';

const run = promisify(execFile);
let dirs: string[] = [];
afterEach(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});

function project(files: Record<string, string>): {
  root: string;
  cacheDir: string;
  write: (f: string, text: string) => void;
} {
  const root = mkdtempSync(path.join(os.tmpdir(), 'nexus-launch-'));
  dirs.push(root);
  const write = (f: string, text: string) => {
    mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
    writeFileSync(path.join(root, f), text);
  };
  write('tsconfig.json', readFileSync('tsconfig.json', 'utf8'));
  for (const [f, text] of Object.entries(files)) write(f, text);
  return { root, cacheDir: path.join(root, 'cache'), write };
}

async function output(entry: string): Promise<string> {
  return (await run(process.execPath, [entry])).stdout.trim();
}

describe('try launcher cache', () => {
  it('compiles once, then only what changed; a same-time edit is still seen', async () => {
    const p = project({
      'src/index.ts':
        "import { value } from './lib/value.js';\nimport type { Shape } from './lib/shape.js';\nconst s: Shape = { v: value };\nconsole.log(s.v);\n",
      'src/lib/value.ts': "export const value: string = 'one';\n",
      'src/lib/shape.ts': 'export interface Shape { v: string }\n',
    });
    const first = await prepare({ root: p.root, cacheDir: p.cacheDir });
    expect(first.compiled).toBe(3);
    expect(await output(first.entry)).toBe('one');
    expect((await prepare({ root: p.root, cacheDir: p.cacheDir })).compiled).toBe(0);

    const file = path.join(p.root, 'src/lib/value.ts');
    const before = statSync(file);
    p.write('src/lib/value.ts', "export const value: string = 'two';\n");
    utimesSync(file, before.atime, before.mtime); // as if the edit kept the old modification time
    const second = await prepare({ root: p.root, cacheDir: p.cacheDir });
    expect(second.compiled).toBe(1);
    expect(await output(second.entry)).toBe('two');
  });

  it('removes the compiled copy of a deleted source, so nothing can still import it', async () => {
    const p = project({
      'src/index.ts': "import { value } from './old.js';\nconsole.log(value);\n",
      'src/old.ts': "export const value = 'old';\n",
    });
    await prepare({ root: p.root, cacheDir: p.cacheDir });
    expect(existsSync(path.join(p.cacheDir, 'src/old.js'))).toBe(true);
    rmSync(path.join(p.root, 'src/old.ts'));
    const r = await prepare({ root: p.root, cacheDir: p.cacheDir });
    expect(existsSync(path.join(p.cacheDir, 'src/old.js'))).toBe(false);
    await expect(output(r.entry)).rejects.toThrow(/old\.js/);
  });

  it('recompiles everything when tsconfig.json changes', async () => {
    const p = project({ 'src/index.ts': 'console.log(1);\n', 'src/a.ts': 'export {};\n' });
    await prepare({ root: p.root, cacheDir: p.cacheDir });
    p.write('tsconfig.json', readFileSync('tsconfig.json', 'utf8').replace('"strict": true', '"strict": false'));
    expect((await prepare({ root: p.root, cacheDir: p.cacheDir })).compiled).toBe(2);
  });

  it('refuses a src/ with files it does not compile (the launcher then uses tsx)', async () => {
    const p = project({ 'src/index.ts': 'console.log(1);\n', 'src/data.json': '{}' });
    await expect(prepare({ root: p.root, cacheDir: p.cacheDir })).rejects.toBeInstanceOf(NotCacheable);
  });

  it('links directories that compiled code finds relative to itself', async () => {
    const p = project({
      'src/db/migrate.ts':
        "import { readFileSync } from 'node:fs';\nimport { fileURLToPath } from 'node:url';\nconsole.log(readFileSync(fileURLToPath(new URL('../../drizzle/x.sql', import.meta.url)), 'utf8'));\n",
      'drizzle/x.sql': 'select 1;',
    });
    const r = await prepare({
      root: p.root,
      cacheDir: p.cacheDir,
      entry: 'db/migrate.ts',
      links: { drizzle: path.join(p.root, 'drizzle') },
    });
    expect(await output(r.entry)).toBe('select 1;');
  });
});
