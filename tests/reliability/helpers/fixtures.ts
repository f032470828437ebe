// A small, realistic guild to aim hostile input at (projects, a challenge, a pending request, a takeaway),
// plus another guild whose rows must never be reached or leaked from the first.
import { getTableName, isTable, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { expect } from 'vitest';
import { commandDefinitions } from '../../../src/commands/index.js';
import type { Database } from '../../../src/db/client.js';
import * as schema from '../../../src/db/schema.js';
import {
  chatInputInteraction,
  modalSubmitInteraction,
  parseCommandLine,
  type Actor,
} from '../../../src/discord/payloads.js';
import { ALICE, BOB, EVE, MALLORY, MOD, OTHER_GUILD, OTHER_GUILD_CHANNEL, type Exchange, type TestApp } from './app.js';
import { textOf, messageOf } from './invariants.js';

/** Text only the other guild's rows contain: it must never show up in the first guild. */
export const OTHER_GUILD_SECRET = 'Zyxwv secret of the other guild';

export interface Fixtures {
  /** Alice's active project, seeking a frontend. */
  projectId: number;
  /** Bob's project on the same track. */
  bobProjectId: number;
  /** Alice's challenge. */
  challengeId: number;
  /** Bob → Alice, pending. */
  requestId: number;
  otherGuild: { projectId: number; challengeId: number; requestId: number };
}

export async function command(t: TestApp, line: string, as: Partial<Actor> = {}): Promise<Exchange> {
  const p = parseCommandLine(line, commandDefinitions());
  return t.send(chatInputInteraction(t.actor(as), p.name, p.options, p.resolved, t.clock.now().getTime()));
}

export async function modal(
  t: TestApp,
  customId: string,
  fields: Record<string, string>,
  as: Partial<Actor> = {},
): Promise<Exchange> {
  return t.send(modalSubmitInteraction(t.actor(as), customId, fields, t.clock.now().getTime()));
}

function idIn(e: Exchange, pattern: RegExp): number {
  const text = [textOf(messageOf(e.handled.response)), ...e.posted.map((c) => JSON.stringify(c.body))].join('\n');
  const m = pattern.exec(text);
  if (!m) throw new Error(`fixture step failed: ${text.slice(0, 500)}`);
  return Number(m[1]);
}

export async function seed(t: TestApp): Promise<Fixtures> {
  const mod = { userId: MOD, name: 'mod', moderator: true };
  const bob = { userId: BOB, name: 'bob' };
  const mallory = { userId: MALLORY, name: 'mallory', guildId: OTHER_GUILD, channelId: OTHER_GUILD_CHANNEL };
  await command(t, '/nexus-admin config set max_active_projects:20 max_pending_requests:50', mod);
  await command(t, '/nexus-admin track add name:"Airbnb clone" description:"Bookings backend"', mod);
  await command(
    t,
    '/profile set role:backend stack:django,postgres timezone:Africa/Lagos availability:"weekdays 18-22" seeking:true',
  );
  await command(t, '/profile set role:frontend stack:react timezone:Europe/Berlin seeking:true', bob);
  const projectId = idIn(
    await command(
      t,
      '/project announce name:"Airbnb clone" summary:"Bookings API" stack:django,postgres repo:https://github.com/alice/airbnb role:backend seeking:frontend',
    ),
    /\(#(\d+)\)/,
  );
  const bobProjectId = idIn(
    await command(t, '/project announce name:"airbnb-clone" summary:"Bookings UI" role:frontend seeking:backend', bob),
    /\(#(\d+)\)/,
  );
  const challengeId = idIn(
    await modal(t, 'challenge:log', {
      title: 'Docker cannot reach Postgres',
      problem: 'connection refused',
      solution: '',
      tags: 'docker,postgres',
      project: String(projectId),
    }),
    /challenge #(\d+)/,
  );
  await command(t, '/takeaway add text:"Pin image versions" tags:docker');
  const requestId = idIn(await command(t, `/pair request user:${ALICE} message:"pair?"`, bob), /pair:accept:(\d+)/);
  // The other guild: same shapes, a secret in every text.
  await command(t, '/nexus-admin config set max_active_projects:20', { ...mallory, moderator: true });
  const oProject = idIn(
    await command(
      t,
      `/project announce name:"${OTHER_GUILD_SECRET}" summary:"${OTHER_GUILD_SECRET}" seeking:backend role:frontend`,
      mallory,
    ),
    /\(#(\d+)\)/,
  );
  const oChallenge = idIn(
    await modal(
      t,
      'challenge:log',
      {
        title: OTHER_GUILD_SECRET,
        problem: OTHER_GUILD_SECRET,
        solution: OTHER_GUILD_SECRET,
        tags: 'docker',
        project: '',
      },
      mallory,
    ),
    /challenge #(\d+)/,
  );
  await command(t, `/takeaway add text:"${OTHER_GUILD_SECRET}" tags:docker`, mallory);
  await command(t, '/profile set role:frontend stack:react', { ...mallory, userId: EVE, name: 'eve' });
  const oRequest = idIn(
    await command(t, `/pair request user:100000000000000667 message:"${OTHER_GUILD_SECRET}"`, mallory),
    /pair:accept:(\d+)/,
  );
  t.logs.length = 0;
  return {
    projectId,
    bobProjectId,
    challengeId,
    requestId,
    otherGuild: { projectId: oProject, challengeId: oChallenge, requestId: oRequest },
  };
}

export const TABLES = Object.values(schema as Record<string, unknown>)
  .filter((v): v is PgTable => isTable(v))
  .map((t) => getTableName(t));

/** Every row of the other guild and Bob's rows, as JSON: hostile input from Alice must change none of them. */
export async function untouchableRows(database: Database): Promise<string> {
  const out: Record<string, unknown[]> = {};
  for (const table of TABLES) {
    const cols: unknown = await database.db.execute(
      sql.raw(
        `select column_name from information_schema.columns where table_name = '${table}' and table_schema = current_schema()`,
      ),
    );
    const names = rowsOf(cols).map((r) => String(r.column_name));
    const conds = [`guild_id = '${OTHER_GUILD}'`];
    if (names.includes('owner_id')) conds.push(`owner_id = '${BOB}'`);
    if (names.includes('user_id') && table === 'members') conds.push(`user_id = '${BOB}'`);
    if (!names.includes('guild_id')) continue;
    const rows = rowsOf(
      await database.db.execute(sql.raw(`select * from "${table}" where ${conds.join(' or ')} order by 1, 2`)),
    );
    out[table] = rows;
  }
  return JSON.stringify(out);
}

export function rowsOf(result: unknown): Array<Record<string, unknown>> {
  if (Array.isArray(result)) return result as Array<Record<string, unknown>>;
  return ((result as { rows?: unknown[] }).rows ?? []) as Array<Record<string, unknown>>;
}

/** Every table still exists and answers a query. */
export async function expectTablesIntact(database: Database): Promise<void> {
  for (const table of TABLES) {
    const r = rowsOf(await database.db.execute(sql.raw(`select count(*)::int as n from "${table}"`)));
    expect(r[0]?.n, `table ${table}`).toBeTypeOf('number');
  }
}
