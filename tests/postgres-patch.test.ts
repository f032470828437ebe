// The installed postgres.js carries the guard that keeps a closed connection's queued write from crashing
// the process (scripts/patch-postgres.cjs, run by npm install). The outage test (reliability/db-outage)
// exercises it; this one says plainly when an upgrade or a skipped install script removed it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The package's exports hide its files: resolve its entry point and go up from there.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.resolve('postgres'))), '..');

describe('postgres.js null-socket guard', () => {
  for (const dir of ['src', 'cjs/src']) {
    it(`is applied to ${dir}/connection.js`, () => {
      const s = readFileSync(path.join(root, dir, 'connection.js'), 'utf8');
      expect(s).toContain('nexus-patch: null socket');
      expect(s.match(/^ {4}clearImmediate\(nextWriteTimer\)\n {4}chunk = nextWriteTimer = null$/gm)?.length).toBe(2);
    });
  }
});
