// The hostile-input corpus through every modal field (read from the forms the bot really opens) and every
// button custom id prefix of the registry with garbage and foreign ids: a clear ephemeral error or a safe
// store, never a crash, a ping, a leak of another guild's rows or a change to them.
import { expect, it } from 'vitest';
import { createRegistry } from '../../src/commands/index.js';
import { buttonInteraction, modalSubmitInteraction } from '../../src/discord/payloads.js';
import { describeEachDatabase } from '../helpers/db.js';
import { ALICE, BOB, createTestApp, errorLogs, EVE, OTHER_GUILD, type TestApp } from './helpers/app.js';
import { FIXTURE_USERS, readerProblems, verdict } from './helpers/check.js';
import { HOSTILE_ID_TAILS, HOSTILE_STRINGS, LONG } from './helpers/corpus.js';
import { command, expectTablesIntact, seed, untouchableRows, type Fixtures } from './helpers/fixtures.js';

const registry = createRegistry();
const allowedUsers = new Set(FIXTURE_USERS);

interface FormField {
  customId: string;
  maxLength: number;
  required: boolean;
}

/** The form the bot opens for this command line, as Discord would show it. */
async function openForm(t: TestApp, line: string): Promise<{ customId: string; fields: FormField[] }> {
  const e = await command(t, line);
  const r = e.handled.response;
  expect(r.type, `${line} opens a form`).toBe(9);
  const data = (
    r as {
      data: {
        custom_id: string;
        components: Array<{ components: Array<{ custom_id: string; max_length?: number; required?: boolean }> }>;
      };
    }
  ).data;
  return {
    customId: data.custom_id,
    fields: data.components
      .flatMap((row) => row.components)
      .map((c) => ({ customId: c.custom_id, maxLength: c.max_length ?? 4000, required: c.required ?? true })),
  };
}

const VALID_FIELDS: Record<string, string> = {
  title: 'Migrations hang',
  problem: 'alembic waits forever',
  solution: 'close the other session',
  tags: 'postgres',
  project: '',
};

/** Every button prefix with garbage tails, plus ids that exist only in the other guild. */
function buttonIds(f: Fixtures): string[] {
  const foreign = [f.otherGuild.projectId, f.otherGuild.challengeId, f.otherGuild.requestId].map(String);
  const ids: string[] = ['nope', 'nope:1', '', ':', 'project', 'pair', 'challenge'];
  for (const { prefix } of registry.components) {
    ids.push(prefix, `${prefix}:`);
    for (const tail of [...HOSTILE_ID_TAILS, ...foreign]) if (tail) ids.push(`${prefix}:${tail}`);
    // Paging buttons carry filters after the page: hostile ones there too.
    ids.push(
      `${prefix}:99:@everyone:open:docker:${"'; drop table projects; --"}`,
      `${prefix}:98:${OTHER_GUILD}:${f.otherGuild.projectId}:any:docker`,
    );
  }
  return ids;
}

describeEachDatabase('hostile input through every modal field and button', (use) => {
  it('challenge:log: every field of the form, every hostile value', async () => {
    const t = await createTestApp(use());
    await seed(t);
    const before = await untouchableRows(use());
    const form = await openForm(t, '/challenge log');
    expect(form.customId).toBe('challenge:log');
    expect(form.fields.map((x) => x.customId).sort()).toEqual(['problem', 'project', 'solution', 'tags', 'title']);
    const problems: string[] = [];
    for (const field of form.fields) {
      for (const h of HOSTILE_STRINGS) {
        const fields = { ...VALID_FIELDS, [field.customId]: String(h.value) };
        const e = await t.send(modalSubmitInteraction(t.actor(), form.customId, fields, t.clock.now().getTime()));
        const tooLong = h.value === LONG && field.maxLength < LONG.length;
        problems.push(
          ...verdict(e, {
            label: `challenge:log ${field.customId} = ${h.label}`,
            allowedUsers,
            ...(tooLong ? { tooLongField: field.customId } : {}),
          }),
        );
      }
    }
    // Missing, extra and empty fields.
    for (const [label, fields] of [
      ['no fields at all', {}],
      ['only unknown fields', { evil: '@everyone', title2: 'x' }],
      ['required fields blank', { title: ' ', problem: '\u200b' }],
    ] as const) {
      const e = await t.send(modalSubmitInteraction(t.actor(), form.customId, fields, t.clock.now().getTime()));
      problems.push(...verdict(e, { label: `challenge:log ${label}`, allowedUsers }));
    }
    problems.push(...(await readerProblems(t, 'challenge:log')));
    expect(problems).toEqual([]);
    expect(errorLogs(t.logs)).toEqual([]);
    await expectTablesIntact(use());
    expect(await untouchableRows(use())).toBe(before);
  });

  it('challenge:solve:<id>: hostile solutions, and garbage or foreign ids in the custom id', async () => {
    const t = await createTestApp(use());
    const f = await seed(t);
    const before = await untouchableRows(use());
    const form = await openForm(t, `/challenge solve id:${f.challengeId}`);
    expect(form.customId).toBe(`challenge:solve:${f.challengeId}`);
    expect(form.fields.map((x) => x.customId)).toEqual(['solution']);
    const problems: string[] = [];
    for (const h of HOSTILE_STRINGS) {
      const e = await t.send(
        modalSubmitInteraction(t.actor(), form.customId, { solution: String(h.value) }, t.clock.now().getTime()),
      );
      const tooLong = h.value === LONG && form.fields[0]!.maxLength < LONG.length;
      problems.push(
        ...verdict(e, {
          label: `challenge:solve solution = ${h.label}`,
          allowedUsers,
          ...(tooLong ? { tooLongField: 'solution' } : {}),
        }),
      );
    }
    const tails = [...HOSTILE_ID_TAILS, String(f.otherGuild.challengeId)];
    for (const tail of tails) {
      for (const as of [{}, { userId: BOB, name: 'bob' }]) {
        const e = await t.send(
          modalSubmitInteraction(
            t.actor(as),
            `challenge:solve:${tail}`,
            { solution: 'restart the container' },
            t.clock.now().getTime(),
          ),
        );
        problems.push(...verdict(e, { label: `challenge:solve:${tail.slice(0, 30)}`, allowedUsers }));
      }
    }
    for (const id of ['nope', 'challenge', 'challenge:logx', 'challenge:solve']) {
      const e = await t.send(modalSubmitInteraction(t.actor(), id, { solution: 'x' }, t.clock.now().getTime()));
      problems.push(...verdict(e, { label: `modal ${id}`, allowedUsers }));
    }
    problems.push(...(await readerProblems(t, 'challenge:solve')));
    expect(problems).toEqual([]);
    expect(errorLogs(t.logs)).toEqual([]);
    await expectTablesIntact(use());
    expect(await untouchableRows(use())).toBe(before);
  });

  it('every button prefix with garbage and foreign ids, clicked by the author, another member and a stranger', async () => {
    const t = await createTestApp(use());
    const f = await seed(t);
    const before = await untouchableRows(use());
    const ids = buttonIds(f);
    // The registry has buttons: make sure each prefix is really covered.
    for (const { prefix } of registry.components) expect(ids.some((id) => id.startsWith(prefix + ':'))).toBe(true);
    const problems: string[] = [];
    // Each id is clicked by one of: the author of the fixtures, another member, a member of the other guild
    // (who may legitimately end up in a pair request, so may be pinged by its confirmation).
    const clickers = [
      { userId: ALICE, name: 'alice' },
      { userId: BOB, name: 'bob' },
      { userId: EVE, name: 'eve' },
    ];
    const mayPing = new Set([...FIXTURE_USERS, EVE]);
    for (const [i, id] of ids.entries()) {
      const as = clickers[i % clickers.length]!;
      const e = await t.send(buttonInteraction(t.actor(as), id, undefined, t.clock.now().getTime()));
      problems.push(...verdict(e, { label: `click ${id.slice(0, 60)} as ${as.name}`, allowedUsers: mayPing }));
    }
    problems.push(...(await readerProblems(t, 'buttons')));
    expect(problems).toEqual([]);
    expect(errorLogs(t.logs)).toEqual([]);
    await expectTablesIntact(use());
    expect(await untouchableRows(use())).toBe(before);
  });
});
