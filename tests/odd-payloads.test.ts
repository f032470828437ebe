// Signed payloads that do not have Discord's shape (a forged or buggy client): a clear ephemeral refusal,
// never a crash, never someone else's identity, never moderator rights from a malformed permission set.
import type { APIInteraction } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { commandDefinitions } from '../src/commands/index.js';
import { pairRequests, processedInteractions } from '../src/db/schema.js';
import {
  buttonInteraction,
  chatInputInteraction,
  modalSubmitInteraction,
  parseCommandLine,
} from '../src/discord/payloads.js';
import { parsePermissions } from '../src/discord/invocation.js';
import { describeEachDatabase } from './helpers/db.js';
import { ALICE, createHarness, MOD } from './helpers/harness.js';

type Raw = Record<string, unknown>;

const content = (h: { response: { type: number; data?: unknown } }) =>
  String((h.response.data as { content?: string } | undefined)?.content ?? '');
const flags = (h: { response: { type: number; data?: unknown } }) => (h.response.data as { flags?: number }).flags;

describe('permissions from a payload', () => {
  it('are read as a decimal bit set only; anything else grants nothing', () => {
    expect(parsePermissions('32')).toBe(32n);
    expect(parsePermissions('2251799813685247')).toBe(2251799813685247n);
    for (const odd of ['abc', '1e3', '-1', '0x20', ' 32 ', '', '3.5', 32, null, undefined, {}, ['32']]) {
      expect(parsePermissions(odd), JSON.stringify(odd)).toBe(0n);
    }
  });
});

describeEachDatabase('odd signed payloads', (use) => {
  async function setup() {
    const h = await createHarness(use());
    const slash = (line: string, over: Partial<Parameters<typeof h.actor>[0]> = {}): Raw => {
      const p = parseCommandLine(line, commandDefinitions());
      return chatInputInteraction(h.actor(over), p.name, p.options, p.resolved) as unknown as Raw;
    };
    const handle = (raw: Raw) => h.handle(raw as unknown as APIInteraction);
    return { h, slash, handle };
  }

  it('a permission set that is not a decimal string never makes a moderator', async () => {
    const { slash, handle } = await setup();
    for (const permissions of ['abc', '1e3', '-1', '0x20', ' 32 ', '99999999999999999999999999999999999']) {
      const raw = slash('/nexus-admin stats', { userId: MOD, moderator: true });
      (raw.member as Raw).permissions = permissions;
      const r = await handle(raw);
      expect(r.outcome, permissions).toBe('refused');
      expect(flags(r)).toBe(64);
      expect(content(r)).toMatch(/Manage Server/);
    }
  });

  it('a member without a user is refused, never run as someone (or user 0)', async () => {
    const { h, slash, handle } = await setup();
    const raw = slash('/takeaway add text:"who am I"');
    delete (raw.member as Raw).user;
    const r = await handle(raw);
    expect(r.outcome).toBe('refused');
    expect(content(r)).toMatch(/did not say who you are/);
    const button = buttonInteraction(h.actor(), 'pair:accept:1') as unknown as Raw;
    (button.member as Raw).user = { id: '0', username: 'x' };
    expect((await handle(button)).outcome).toBe('refused');
    expect(await use().db.select().from(processedInteractions)).toEqual([]);
  });

  it('options, components and values that are not arrays, missing data, a numeric custom_id: clear refusals', async () => {
    const { h, slash, handle } = await setup();
    const notArray = slash('/project list');
    (notArray.data as Raw).options = { name: 'list', type: 1 };
    const a = await handle(notArray);
    expect(['refused', 'user_error', 'ok']).toContain(a.outcome);
    expect(flags(a)).toBe(64);

    const nested = slash('/project list');
    (nested.data as Raw).options = [{ name: 'list', type: 1, options: 'track' }];
    const b = await handle(nested);
    expect(b.outcome).not.toBe('error');

    const noData = slash('/project list');
    delete noData.data;
    const c = await handle(noData);
    expect(c.outcome).toBe('refused');
    expect(content(c)).toMatch(/no data/);

    const numeric = buttonInteraction(h.actor(), 'x') as unknown as Raw;
    (numeric.data as Raw).custom_id = 12345;
    const d = await handle(numeric);
    expect(d.outcome).toBe('refused');

    const form = modalSubmitInteraction(h.actor(), 'challenge:log', { title: 't' }) as unknown as Raw;
    (form.data as Raw).components = 'not a list';
    const e = await handle(form);
    expect(e.outcome).toBe('user_error'); // the form's own validation: the title/problem are missing
    expect(content(e)).toMatch(/cannot be empty|problem/);

    const values = buttonInteraction(h.actor(), 'project:page:0') as unknown as Raw;
    (values.data as Raw).component_type = 3;
    (values.data as Raw).values = 'all';
    expect((await handle(values)).outcome).not.toBe('error');
    expect(await use().db.select().from(pairRequests)).toEqual([]);
  });

  it('an interaction not authorised by a server install of Nexus is refused', async () => {
    const { slash, handle } = await setup();
    const userInstall = slash('/takeaway add text:"from a user install"');
    userInstall.authorizing_integration_owners = { '1': ALICE };
    const r = await handle(userInstall);
    expect(r.outcome).toBe('refused');
    expect(content(r)).toMatch(/installed/);
    // Another server's install, or a value that is no map of installs, is not this server's either.
    for (const owners of [{ '0': '900000000000000077' }, null, [ALICE], 'x']) {
      const raw = slash('/takeaway add text:"elsewhere"');
      raw.authorizing_integration_owners = owners;
      const o = await handle(raw);
      expect(o.outcome, JSON.stringify(owners)).toBe('refused');
    }
    expect(await use().db.select().from(processedInteractions)).toEqual([]);
  });

  it('an interaction id that is missing, huge or not a string is refused before anything is stored', async () => {
    const { slash, handle } = await setup();
    for (const id of [undefined, '9'.repeat(3_000_000), { a: 1 }, 123]) {
      const raw = slash('/takeaway add text:"no id"');
      if (id === undefined) delete raw.id;
      else raw.id = id;
      const r = await handle(raw);
      expect(r.outcome).toBe('refused');
      expect(content(r)).toMatch(/valid id/);
    }
    expect(await use().db.select().from(processedInteractions)).toEqual([]);
  });

  it('a subcommand named like an object property is unknown, not a crash', async () => {
    const { slash, handle } = await setup();
    for (const name of ['constructor', 'toString', 'hasOwnProperty', '__proto__']) {
      const raw = slash('/project list');
      (raw.data as Raw).options = [{ name, type: 1, options: [] }];
      const r = await handle(raw);
      expect(r.outcome, name).not.toBe('error');
      expect(flags(r)).toBe(64);
    }
  });

  it('a channel id that is not a snowflake is never used in a path', async () => {
    const { h, slash, handle } = await setup();
    const raw = slash('/challenge log');
    (raw as Raw).channel_id = '../../users/@me';
    if (raw.channel) (raw.channel as Raw).id = '../../users/@me';
    await handle(raw);
    const form = modalSubmitInteraction(h.actor(), 'challenge:log', {
      title: 'Celery idle',
      problem: 'p',
    }) as unknown as Raw;
    (form as Raw).channel_id = '../../users/@me';
    if (form.channel) (form.channel as Raw).id = '../../users/@me';
    const r = await handle(form);
    expect(r.outcome).not.toBe('error');
    expect(JSON.stringify(r.response)).not.toContain('<#>');
    expect(h.recorder.calls.map((c) => c.path).filter((p) => p.includes('..'))).toEqual([]);
  });

  it('every command is declared for guild installs only', () => {
    for (const def of commandDefinitions()) expect(def.integration_types, def.name).toEqual([0]);
  });
});
