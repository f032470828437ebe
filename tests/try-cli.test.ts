// `npm run try` end to end, as a separate process on a temporary embedded database.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'nexus-try-'));
const tsx = path.resolve('node_modules/.bin/tsx');

async function tryCli(...args: string[]) {
  return run(tsx, ['src/index.ts', 'try', ...args], {
    env: { ...process.env, NEXUS_DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: '' },
    timeout: 60_000,
  });
}

describe('npm run try', () => {
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

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
    expect(fields).toMatchObject({ Role: 'backend', Timezone: 'Africa/Lagos', Stack: 'django, postgres' });
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
});
