// `npm run try` end to end, as a separate process on a temporary embedded database (through the launcher
// and its cache of compiled src/, as package.json runs it; and through tsx when the cache is off).
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'nexus-try-'));
// Inside node_modules, as the default cache is: compiled files find the packages from there.
const cacheDir = path.resolve(`node_modules/.cache/nexus-try-test-${process.pid}`);
const env = { ...process.env, NEXUS_DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: '', NEXUS_TRY_CACHE: cacheDir };

/** What `npm run try --` runs (package.json), without npm in between. */
async function tryCli(...args: string[]) {
  return run(process.execPath, ['--liftoff-only', 'src/cli/launch.js', 'try', ...args], { env, timeout: 60_000 });
}

describe('npm run try', () => {
  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(cacheDir, { recursive: true, force: true });
  });

  it('saves in one call and shows in the next (shared data dir), as JSON', async () => {
    const set = await tryCli('/profile set role:backend stack:django,postgres timezone:Africa/Lagos');
    expect(set.stdout).toMatch(/Profile created/);
    const show = await tryCli('--json', '/profile show');
    const lines = show.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const out = JSON.parse(lines[0]!);
    expect(out.posted).toEqual([]);
    expect(out.files).toEqual([]);
    expect(out.response.type).toBe(4);
    expect(out.response.data.flags).toBe(64);
    const fields = Object.fromEntries(
      out.response.data.embeds[0].fields.map((f: { name: string; value: string }) => [f.name, f.value]),
    );
    expect(fields).toMatchObject({ Role: 'backend', Timezone: 'Africa/Lagos', Stack: 'Django, PostgreSQL' });
  }, 120_000);

  it('prints an object for an invalid LINE and goes on; exit code 0', async () => {
    const r = await tryCli('--json', '/profile set timezone:Nowhere/Land', '/profile nope', '/profile show');
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(3);
    expect(lines[0].response.data).toMatchObject({ flags: 64, content: expect.stringMatching(/timezone/) });
    expect(lines[1].response.data).toMatchObject({ flags: 64, content: expect.stringMatching(/needs a subcommand/) });
    expect(lines[2].response.data.embeds[0].fields[1].value).toBe('Africa/Lagos');
  }, 120_000);

  it('acts as another user and as a moderator', async () => {
    const r = await tryCli('--user', '100000000000000042', '--name', 'Bola', '--moderator', '/nexus help');
    expect(r.stdout).toMatch(/Nexus — #ProDevProjectNexus/);
  }, 120_000);
  it('shows attachments as text in JSON and writes them under NEXUS_DATA_DIR/files', async () => {
    const json = JSON.parse((await tryCli('--json', '/nexus readme')).stdout.trim());
    expect(json.files).toEqual([{ name: 'README.md', text: expect.stringMatching(/^#/) }]);
    const human = (await tryCli('/nexus readme')).stdout;
    const written = path.join(dataDir, 'files', 'README.md');
    expect(human).toMatch(/attachment README\.md \(text\/markdown[^)]*\) written to /);
    expect(human).toContain(`written to ${written}`);
    expect(readFileSync(written, 'utf8')).toBe(json.files[0].text);
  }, 120_000);

  it('is what `npm run try` runs', async () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.try).toBe('node --liftoff-only src/cli/launch.js try');
    const r = await run('npm', ['run', '-s', 'try', '--', '--json', '/nexus help'], { env, timeout: 60_000 });
    expect(JSON.parse(r.stdout.trim()).response.data.embeds[0].title).toMatch(/Nexus/);
  }, 120_000);

  it('gives the same answers through tsx when the cache is off', async () => {
    const cached = await tryCli('--json', '/profile show');
    const viaTsx = await run(process.execPath, ['src/cli/launch.js', 'try', '--json', '/profile show'], {
      env: { ...env, NEXUS_TRY_CACHE: 'off' },
      timeout: 60_000,
    });
    expect(JSON.parse(viaTsx.stdout)).toEqual(JSON.parse(cached.stdout));
  }, 120_000);
});
