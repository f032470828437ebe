// Retention: a guild Nexus left is purged (every table) once left_at + retention_days has passed; not before,
// not other guilds, not a guild that came back. On PGlite and PostgreSQL, with the injected clock.
import { eq, getTableColumns, getTableName, isTable, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { expect, it } from 'vitest';
import * as schema from '../src/db/schema.js';
import { digestRuns, guildSettings, pairRequests } from '../src/db/schema.js';
import { markGuildLeft, markGuildReturned, purgeLeftGuilds } from '../src/jobs/retention.js';
import { describeEachDatabase } from './helpers/db.js';
import { ALICE, BOB, createHarness, GUILD, MOD, OTHER_GUILD, type Harness } from './helpers/harness.js';

const DAY = 86_400_000;

const GUILD_TABLES = Object.values(schema)
  .filter((v) => isTable(v))
  .filter((t) => Object.values(getTableColumns(t as PgTable)).some((c) => c.name === 'guild_id'))
  .map((t) => getTableName(t as PgTable))
  .sort();

async function countsOf(h: Harness, guildId: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of GUILD_TABLES) {
    const r = await h.app.ctx.db.execute(
      sql`select count(*)::int as n from ${sql.identifier(t)} where guild_id = ${guildId}`,
    );
    const rows = (Array.isArray(r) ? r : (r as { rows: unknown[] }).rows) as Array<{ n: number }>;
    out[t] = Number(rows[0]!.n);
  }
  return out;
}

/**
 * One of everything in a guild: settings, track, profiles, projects, a pair (a checklist tick, a check-in), a
 * challenge + helped, a takeaway, audit, a digest run.
 */
async function populate(h: Harness, guildId: string): Promise<void> {
  const as = (userId: string, name: string) => ({ userId, name, guildId });
  await h.run('/nexus-admin config set timezone:Africa/Lagos', { ...as(MOD, 'mod'), moderator: true });
  await h.run('/nexus-admin track add name:"Airbnb clone"', { ...as(MOD, 'mod'), moderator: true });
  await h.run('/profile set role:backend stack:django timezone:Africa/Lagos', as(ALICE, 'alice'));
  await h.run('/project announce name:"Airbnb clone" summary:"API" role:backend seeking:frontend', as(ALICE, 'alice'));
  await h.run('/profile set role:frontend stack:react timezone:Africa/Lagos', as(BOB, 'bob'));
  await h.run('/project announce name:"Airbnb clone" summary:"UI" role:frontend seeking:backend', as(BOB, 'bob'));
  await h.run(`/pair request user:<@${BOB}>`, as(ALICE, 'alice'));
  const [req] = await h.app.ctx.db.select().from(pairRequests).where(eq(pairRequests.guildId, guildId));
  await h.run(`click pair:accept:${req!.id}`, as(BOB, 'bob'));
  const [p] = await h.app.ctx.db.select().from(schema.pairs).where(eq(schema.pairs.guildId, guildId));
  await h.run(`click pair:tick:${p!.id}:api`, as(BOB, 'bob'));
  await h.run(
    'modal challenge:log title:"Docker networking" problem:"web cannot reach db" solution:"use the service name"',
    as(ALICE, 'alice'),
  );
  const [c] = await h.app.ctx.db.select().from(schema.challenges).where(eq(schema.challenges.guildId, guildId));
  await h.run(`click challenge:helped:${c!.id}`, as(BOB, 'bob'));
  await h.run('/takeaway add text:"Pin image versions"', as(BOB, 'bob'));
  // A near miss waiting for its answer ("Did you mean Airbnb clone?").
  await h.run('/project announce name:"Airbn clone" summary:"Admin"', as(MOD, 'mod'));
  await h.run('modal challenge:log title:"" problem:"kept for Fix it"', as(BOB, 'bob')); // a form draft
  const now = h.clock.now();
  await h.app.ctx.db
    .insert(digestRuns)
    .values({ guildId, periodStart: new Date(now.getTime() - 7 * DAY), periodEnd: now, status: 'posted' });
  await h.app.ctx.db.insert(schema.pairCheckins).values({ guildId, pairId: p!.id, scheduledAt: now, status: 'posted' });
}

describeEachDatabase('retention', (use) => {
  it('purges every table of a guild at 30 days after it left, not at 29, and leaves other guilds alone', async () => {
    const h = await createHarness(use());
    await populate(h, GUILD);
    await populate(h, OTHER_GUILD);
    const before = await countsOf(h, GUILD);
    const other = await countsOf(h, OTHER_GUILD);
    // Every table really holds rows of the guild, so "all gone" below means something.
    for (const t of GUILD_TABLES) expect(before[t], t).toBeGreaterThan(0);

    await markGuildLeft(h.app.ctx, GUILD);
    const [s] = await use().db.select().from(guildSettings).where(eq(guildSettings.guildId, GUILD));
    expect(s!.leftAt).toEqual(h.clock.now());
    expect(s!.timezone).toBe('Africa/Lagos'); // settings kept while the guild may come back

    h.clock.advance(29 * DAY);
    expect(await purgeLeftGuilds(h.app.ctx)).toEqual([]);
    expect(await countsOf(h, GUILD)).toEqual(before);

    h.clock.advance(DAY - 1);
    expect(await purgeLeftGuilds(h.app.ctx)).toEqual([]);

    h.clock.advance(1); // exactly 30 days
    const total = Object.values(before).reduce((a, b) => a + b, 0);
    expect(await purgeLeftGuilds(h.app.ctx)).toEqual([{ guildId: GUILD, rows: total }]);
    const after = await countsOf(h, GUILD);
    for (const t of GUILD_TABLES) expect(after[t], t).toBe(0);
    expect(await countsOf(h, OTHER_GUILD)).toEqual(other);

    // Nothing left to do on the next run.
    expect(await purgeLeftGuilds(h.app.ctx)).toEqual([]);
  });

  it('creates the settings row when the guild never configured anything, and honours its retention_days', async () => {
    const h = await createHarness(use());
    await h.run('/takeaway add text:"hello"', { guildId: OTHER_GUILD });
    expect(await use().db.select().from(guildSettings)).toHaveLength(0);
    await markGuildLeft(h.app.ctx, OTHER_GUILD);
    const [s] = await use().db.select().from(guildSettings);
    expect(s).toMatchObject({ guildId: OTHER_GUILD, retentionDays: 30, leftAt: h.clock.now() });

    await use().db.update(guildSettings).set({ retentionDays: 7 }).where(eq(guildSettings.guildId, OTHER_GUILD));
    h.clock.advance(7 * DAY);
    const purged = await purgeLeftGuilds(h.app.ctx);
    expect(purged.map((p) => p.guildId)).toEqual([OTHER_GUILD]);
    expect(Object.values(await countsOf(h, OTHER_GUILD)).every((n) => n === 0)).toBe(true);
  });

  it('does not purge a guild that came back; leaving again restarts the clock', async () => {
    const h = await createHarness(use());
    await populate(h, GUILD);
    const before = await countsOf(h, GUILD);
    await markGuildLeft(h.app.ctx, GUILD);
    h.clock.advance(20 * DAY);
    await markGuildReturned(h.app.ctx, GUILD);
    const [s] = await use().db.select().from(guildSettings).where(eq(guildSettings.guildId, GUILD));
    expect(s!.leftAt).toBeNull();
    h.clock.advance(20 * DAY);
    expect(await purgeLeftGuilds(h.app.ctx)).toEqual([]);
    expect(await countsOf(h, GUILD)).toEqual(before);

    await markGuildLeft(h.app.ctx, GUILD);
    h.clock.advance(29 * DAY);
    expect(await purgeLeftGuilds(h.app.ctx)).toEqual([]);
    h.clock.advance(DAY);
    expect((await purgeLeftGuilds(h.app.ctx)).map((p) => p.guildId)).toEqual([GUILD]);

    // Returning to a guild that was never marked is a no-op.
    await markGuildReturned(h.app.ctx, '900000000000000077');
    expect(
      await use().db.select().from(guildSettings).where(eq(guildSettings.guildId, '900000000000000077')),
    ).toHaveLength(0);
  });
});
