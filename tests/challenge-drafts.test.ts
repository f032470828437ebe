// A form that does not validate keeps what was typed: the reply says what to fix and its "Fix it" button
// reopens the form pre-filled (the values are kept server-side, owned by the member and the guild, for an hour).
import { expect, it } from 'vitest';
import { challenges, formDrafts } from '../src/db/schema.js';
import { modalSubmitInteraction } from '../src/discord/payloads.js';
import { describeEachDatabase } from './helpers/db.js';
import { BOB, createHarness, isEphemeral, OTHER_GUILD, replyText, type Harness } from './helpers/harness.js';
import type { LineResult } from '../src/cli/try.js';

const NOW = new Date('2026-12-01T12:00:00Z');

type Component = { custom_id?: string; label?: string; value?: string; components?: Component[] };

function buttons(r: LineResult | { response: unknown }): Component[] {
  const rows = (r.response as { data?: { components?: Component[] } } | null)?.data?.components ?? [];
  return rows.flatMap((row) => row.components ?? []);
}

/** The form a response opens: its custom id and each input's pre-filled value. */
function form(r: LineResult): { customId: string; values: Record<string, string | undefined> } {
  const res = r.response as { type: number; data: { custom_id: string; components: Component[] } };
  expect(res.type, replyText(r)).toBe(9);
  const inputs = res.data.components.flatMap((row) => row.components ?? []);
  return {
    customId: res.data.custom_id,
    values: Object.fromEntries(inputs.map((c) => [c.custom_id!, c.value])),
  };
}

async function submit(h: Harness, customId: string, fields: Record<string, string>, userId?: string) {
  const i = modalSubmitInteraction(h.actor(userId ? { userId } : {}), customId, fields, h.clock.now().getTime());
  const handled = await h.handle(i);
  const r = { line: customId, response: handled.response, posted: h.recorder.take(), files: [] } as LineResult;
  return Object.assign(r, { outcome: handled.outcome });
}

const TYPED = {
  title: 'Docker `compose up` fails',
  problem: 'The web container exits:\n```\nError: connect ECONNREFUSED 127.0.0.1:5432\n```\nI tried restarting.',
  solution: '',
  tags: `docker, ${'x'.repeat(40)}`,
  project: '',
};

describeEachDatabase('"Fix it" on a form that did not validate', (use) => {
  it('the log form: the error, then Fix it reopens the form with everything typed; fixed, it is logged', async () => {
    const h = await createHarness(use(), { now: NOW });
    const r = await submit(h, 'challenge:log', TYPED);
    expect(isEphemeral(r)).toBe(true);
    expect(r.outcome).toBe('user_error'); // counted as one, though the draft is kept
    expect(replyText(r)).toMatch(/`tags`: each tag can have at most 32 characters/);
    expect(replyText(r)).toMatch(/Nothing was saved.*Fix it/s);
    expect(await use().db.select().from(challenges)).toHaveLength(0);
    const [fix] = buttons(r);
    expect(fix).toMatchObject({ label: 'Fix it' });
    expect(fix!.custom_id!.length).toBeLessThanOrEqual(100);

    const reopened = form(await h.run(`click ${fix!.custom_id}`));
    expect(reopened.customId).toBe('challenge:log');
    expect(reopened.values).toEqual({
      title: TYPED.title,
      problem: TYPED.problem,
      solution: undefined,
      tags: TYPED.tags,
      project: undefined,
    });

    const fixed = await submit(h, 'challenge:log', { ...TYPED, tags: 'docker, postgres' });
    expect(replyText(fixed)).toMatch(/Logged challenge #1/);
    const [row] = await use().db.select().from(challenges);
    expect(row).toMatchObject({ title: TYPED.title, problem: TYPED.problem, tags: ['docker', 'postgres'] });
    // Used up: the button now says the form expired.
    expect(replyText(await h.run(`click ${fix!.custom_id}`))).toMatch(/This form has expired/);
    expect(await use().db.select().from(formDrafts)).toHaveLength(0);
  });

  it('the solve form: Fix it reopens the solution form of that challenge with what was typed, within the limits of the form', async () => {
    const h = await createHarness(use(), { now: NOW });
    await h.run('modal challenge:log title:"Celery" problem:"Tasks never run"');
    const r = await submit(h, 'challenge:solve:1', { solution: '   ' });
    expect(replyText(r)).toMatch(/`solution` cannot be empty/);
    const reopened = form(await h.run(`click ${buttons(r)[0]!.custom_id}`));
    expect(reopened.customId).toBe('challenge:solve:1');

    const long = await submit(h, 'challenge:solve:1', { solution: 'x'.repeat(4001) });
    expect(replyText(long)).toMatch(/`solution` is too long/);
    const again = form(await h.run(`click ${buttons(long)[0]!.custom_id}`));
    expect(again.values.solution).toBe('x'.repeat(4000)); // never more than the form accepts
    // The earlier draft of the same form was replaced.
    expect(replyText(await h.run(`click ${buttons(r)[0]!.custom_id}`))).toMatch(/This form has expired/);
  });

  it('a forged id, another member, another guild or an hour later: "This form has expired"', async () => {
    const h = await createHarness(use(), { now: NOW });
    const r = await submit(h, 'challenge:log', TYPED);
    const id = buttons(r)[0]!.custom_id!;
    for (const [line, as] of [
      ['click challenge:fix:AAAAAAAAAAAAAAAAAAAAAA', {}],
      ['click challenge:fix:../../etc', {}],
      ['click challenge:fix:', {}],
      [`click ${id}`, { userId: BOB }],
      [`click ${id}`, { guildId: OTHER_GUILD }],
    ] as const) {
      const res = await h.run(line, as);
      expect(isEphemeral(res), line).toBe(true);
      expect(replyText(res), line).toMatch(/This form has expired/);
    }
    expect(form(await h.run(`click ${id}`)).customId).toBe('challenge:log');
    h.clock.advance(61 * 60_000);
    expect(replyText(await h.run(`click ${id}`))).toMatch(/This form has expired/);
    // Expired drafts go when the next one is kept.
    await submit(h, 'challenge:log', { ...TYPED, title: '' }, BOB);
    expect((await use().db.select().from(formDrafts)).map((d) => d.userId)).toEqual([BOB]);
  });

  it('problems that typing cannot fix get no button', async () => {
    const h = await createHarness(use(), { now: NOW });
    await h.run('modal challenge:log title:"Celery" problem:"Tasks never run"');
    const r = await submit(h, 'challenge:solve:1', { solution: 'mine now' }, BOB);
    expect(replyText(r)).toMatch(/Only the author/);
    expect(buttons(r)).toEqual([]);
    expect(await use().db.select().from(formDrafts)).toHaveLength(0);
  });
});
