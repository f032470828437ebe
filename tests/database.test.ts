import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/client.js';
import { migrateDatabase } from '../src/db/migrate.js';
import { guildSettings } from '../src/db/schema.js';
import { createPostgresDatabase, describeEachDatabase, TEST_DATABASE_URL } from './helpers/db.js';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

describeEachDatabase('migrations', (use) => {
  it('are idempotent and create every table', async () => {
    await migrateDatabase(use()); // a second run changes nothing
    await use().db.insert(guildSettings).values({ guildId: '1' });
    const rows = await use().db.select().from(guildSettings);
    expect(rows).toMatchObject([{ guildId: '1', digestCron: '0 9 * * 1', timezone: 'UTC', maxActiveProjects: 3 }]);
  });

  it('support full-text search with ranking on this driver', async () => {
    const r = await use().db.execute(
      sql`select ts_rank(to_tsvector('english', 'Docker networking fails'), plainto_tsquery('english', 'docker')) > 0 as ok`,
    );
    const rows = (Array.isArray(r) ? r : (r as { rows: unknown[] }).rows) as Array<{ ok: boolean }>;
    expect(rows[0]!.ok).toBe(true);
  });

  it('keep no GIN pending list: inserted rows are searchable through the index without a VACUUM', async () => {
    const r = await use().db.execute(
      sql`select c.relname as name, coalesce(array_to_string(c.reloptions, ','), '') as options
          from pg_index i join pg_class c on c.oid = i.indexrelid join pg_am a on a.oid = c.relam
          where a.amname = 'gin' order by c.relname`,
    );
    const rows = (Array.isArray(r) ? r : (r as { rows: unknown[] }).rows) as Array<{ name: string; options: string }>;
    expect(rows.map((x) => x.name)).toEqual(['challenges_search_gin', 'challenges_tags_gin', 'projects_stack_gin']);
    for (const x of rows) expect(x.options, x.name).toContain('fastupdate=false');
  });
});

describe('embedded database', () => {
  it('persists under NEXUS_DATA_DIR across restarts, with 32 MB of shared buffers', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'nexus-persist-'));
    try {
      const a = await openDatabase({ dataDir: dir });
      await migrateDatabase(a);
      await a.db.insert(guildSettings).values({ guildId: '42', timezone: 'Africa/Lagos' });
      await a.close();
      const b = await openDatabase({ dataDir: dir });
      await migrateDatabase(b);
      expect(await b.db.select().from(guildSettings)).toMatchObject([{ guildId: '42', timezone: 'Africa/Lagos' }]);
      // Small shared buffers: they live in the bot's own memory (the WASM heap).
      const r = await b.db.execute(sql`show shared_buffers`);
      expect((r as { rows: Array<{ shared_buffers: string }> }).rows[0]!.shared_buffers).toBe('32MB');
      await b.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.runIf(TEST_DATABASE_URL)('PostgreSQL migrations', () => {
  it('two processes migrating at once both succeed (advisory lock)', async () => {
    const fresh = await createPostgresDatabase();
    try {
      const other = await openDatabase({ databaseUrl: fresh.url });
      await Promise.all([migrateDatabase(fresh), migrateDatabase(other)]);
      await other.close();
      await fresh.db.insert(guildSettings).values({ guildId: '7' });
      expect(await fresh.db.select().from(guildSettings)).toHaveLength(1);
    } finally {
      await fresh.close();
    }
  });
});
