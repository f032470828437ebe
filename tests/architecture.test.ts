// The import rules of docs/architecture.md are enforced by ESLint in CI (npm run lint). These tests make
// sure the rules really fire (an unresolved import would make them pass silently).
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function ruleIds(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

describe('import rules', () => {
  it('refuse an import that points up the layers', async () => {
    const ids = await ruleIds(
      'src/domain/roles.ts',
      "import type { Project } from '../db/schema.js';\nexport type P = Project;\n",
    );
    expect(ids).toContain('import-x/no-restricted-paths');
    const fromCommands = await ruleIds(
      'src/db/queries/settings.ts',
      "import { BLOCKED_MESSAGE } from '../../commands/guards.js';\nexport const m = BLOCKED_MESSAGE;\n",
    );
    expect(fromCommands).toContain('import-x/no-restricted-paths');
  }, 60_000);

  it('refuse drizzle-orm outside src/db, and allow it inside', async () => {
    const outside = await ruleIds(
      'src/commands/guards.ts',
      "import { sql } from 'drizzle-orm';\nexport const x = sql`select 1`;\n",
    );
    expect(outside).toContain('no-restricted-imports');
    const inside = await ruleIds(
      'src/db/maintenance.ts',
      "import { sql } from 'drizzle-orm';\nexport const x = sql`select 1`;\n",
    );
    expect(inside).not.toContain('no-restricted-imports');
  }, 60_000);

  it('allow an import that points down', async () => {
    const ids = await ruleIds(
      'src/commands/guards.ts',
      "import { DAY } from '../domain/time.js';\nexport const d = DAY;\n",
    );
    expect(ids).toEqual([]);
  }, 60_000);
});
