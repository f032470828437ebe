// How long one `npm run try -- '/nexus help'` takes, start to exit, on an already initialised data dir:
// through tsx (what the script ran before the launcher), through the launcher with a cold cache (the first
// call after `npm ci`: every file transpiled), with a warm cache (the usual call), the same without
// --liftoff-only, and as `npm run try` itself (npm's own start-up included). Rounds interleave the ways,
// so load on the machine spreads over all of them alike.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { median, r3 } from './stats.js';

export interface TryStartupRow {
  way: string;
  command: string;
  runs: number;
  medianMs: number;
  minMs: number;
  maxMs: number;
}

export interface TryStartupResult {
  line: string;
  rows: TryStartupRow[];
}

const LINE = '/nexus help';

function timed(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<number> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - t0;
      if (code !== 0 || !out.includes('Nexus')) reject(new Error(`${cmd} ${args.join(' ')} failed (${code}): ${err}`));
      else resolve(ms);
    });
  });
}

export async function tryStartup(
  root: string,
  runs: number,
  progress: (msg: string) => void,
): Promise<TryStartupResult> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'nexus-bench-try-'));
  const cacheBase = path.join(root, 'node_modules', '.cache');
  const warmCache = path.join(cacheBase, `nexus-try-bench-${process.pid}`);
  const base = { ...process.env, NEXUS_DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: '', NEXUS_TRY_CACHE: warmCache };
  const node = process.execPath;
  const launcher = path.join('src', 'cli', 'launch.js');
  let coldN = 0;
  const ways: Array<{ way: string; command: string; run: () => Promise<number> }> = [
    {
      way: 'tsx (before)',
      command: `tsx src/index.ts try '${LINE}'`,
      run: () => timed(path.join(root, 'node_modules', '.bin', 'tsx'), ['src/index.ts', 'try', LINE], root, base),
    },
    {
      way: 'launcher, cold cache',
      command: `node --liftoff-only ${launcher} try '${LINE}' (empty cache)`,
      run: async () => {
        const dir = path.join(cacheBase, `nexus-try-bench-cold-${process.pid}-${coldN++}`);
        try {
          return await timed(node, ['--liftoff-only', launcher, 'try', LINE], root, { ...base, NEXUS_TRY_CACHE: dir });
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      },
    },
    {
      way: 'launcher, warm cache',
      command: `node --liftoff-only ${launcher} try '${LINE}'`,
      run: () => timed(node, ['--liftoff-only', launcher, 'try', LINE], root, base),
    },
    {
      way: 'launcher, warm, no --liftoff-only',
      command: `node ${launcher} try '${LINE}'`,
      run: () => timed(node, [launcher, 'try', LINE], root, base),
    },
    {
      way: 'npm run try (warm)',
      command: `npm run try -- '${LINE}'`,
      run: () => timed('npm', ['run', '-s', 'try', '--', LINE], root, base),
    },
  ];
  try {
    progress(`  try start-up: initialising a data dir and the cache, then ${runs} rounds of ${ways.length} ways`);
    await timed(node, [launcher, 'try', LINE], root, base); // initdb and the warm cache: not measured
    const times = ways.map(() => [] as number[]);
    for (let i = 0; i < runs; i++) for (const [j, w] of ways.entries()) times[j]!.push(await w.run());
    return {
      line: LINE,
      rows: ways.map((w, j) => {
        const xs = [...times[j]!].sort((a, b) => a - b);
        return {
          way: w.way,
          command: w.command,
          runs,
          medianMs: r3(median(xs)),
          minMs: r3(xs[0]!),
          maxMs: r3(xs.at(-1)!),
        };
      }),
    };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(warmCache, { recursive: true, force: true });
  }
}
