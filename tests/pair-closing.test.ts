// One partner per project per member: accepts that share a member cannot both form a pair (even at the same
// moment), and a pair forming closes the other pending requests on that project that involve either member.
// A matching proposal one side declined is told to the other side, as a declined request is to its requester.
import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { pairRequests, pairs } from '../src/db/schema.js';
import { buttonInteraction } from '../src/discord/payloads.js';
import { describeEachDatabase, truncateAll } from './helpers/db.js';
import { ALICE, BOB, CAROL, createHarness, MOD, replyText, type Harness } from './helpers/harness.js';

const ada = { userId: ALICE, name: 'ada' };
const bola = { userId: BOB, name: 'bola' };
const chi = { userId: CAROL, name: 'chi' };
const mod = { userId: MOD, moderator: true, name: 'mod' };

const customIds = (r: { response: unknown }) =>
  [...JSON.stringify(r.response).matchAll(/"custom_id":"([^"]+)"/g)].map((m) => m[1]!);

/** Ada (backend, #1), Bola (frontend, #2), Chi (frontend, #3) on Todo app; Bola asks Ada (#1), Ada asks Chi (#2). */
async function crossedRequests(h: Harness) {
  await h.run('/project announce name:"Todo app" summary:"API" role:backend seeking:frontend', ada);
  await h.run('/project announce name:"todo-app" summary:"UI" role:frontend seeking:backend', bola);
  await h.run('/project announce name:"Todo App" summary:"UI too" role:frontend seeking:backend', chi);
  expect(replyText(await h.run('click pair:request:1', bola))).toMatch(/Request sent/);
  expect(replyText(await h.run('click pair:request:3', ada))).toMatch(/Request sent/);
}

describeEachDatabase('one partner per project', (use) => {
  it('Ada accepts Bola while Chi accepts Ada, at the same moment: one pair, the other told why', async () => {
    for (let round = 0; round < 4; round++) {
      await truncateAll(use());
      const h = await createHarness(use());
      await crossedRequests(h);
      const now = h.clock.now().getTime();
      const replies = await Promise.all(
        [
          { id: 'pair:accept:1', as: ada },
          { id: 'pair:accept:2', as: chi },
        ].map(async (c) => {
          const handled = await h.handle(buttonInteraction(h.actor(c.as), c.id, undefined, now));
          return replyText({ line: '', response: handled.response, posted: [], files: [] });
        }),
      );
      const active = await use().db.select().from(pairs);
      expect(active, replies.join(' | ')).toHaveLength(1);
      expect(replies.filter((r) => /🎉/.test(r))).toHaveLength(1);
      expect(replies.filter((r) => /closed|paired with someone else/.test(r))).toHaveLength(1);
      const statuses = (await use().db.select().from(pairRequests)).map((r) => r.status).sort();
      expect(statuses).toEqual(['accepted', 'cancelled']);
    }
  });

  it('a pair forming closes the other requests on that project: not offered, not listed, and told on click', async () => {
    const h = await createHarness(use());
    await crossedRequests(h);
    const chiBefore = await h.run('/pair list', chi);
    expect(customIds(chiBefore)).toContain('pair:accept:2');

    const accepted = await h.run('click pair:accept:1', ada);
    expect(replyText(accepted)).toMatch(/🎉/);
    // Ada's request to Chi is closed where it was posted, nobody named.
    const [r2] = await use().db.select().from(pairRequests).where(eq(pairRequests.id, 2));
    expect(r2).toMatchObject({ status: 'cancelled', closedByPairId: 1 });
    expect(accepted.posted).toContainEqual(
      expect.objectContaining({
        method: 'PATCH',
        path: `/channels/${r2!.channelId}/messages/${r2!.messageId}`,
        body: expect.objectContaining({ content: 'This pair request is closed.', components: [] }),
      }),
    );

    const chiList = await h.run('/pair list', chi);
    expect(customIds(chiList)).not.toContain('pair:accept:2');
    expect(replyText(chiList)).not.toMatch(/#2/);
    const adaList = await h.run('/pair list', ada);
    expect(replyText(adaList)).not.toMatch(/You asked/);
    expect(customIds(adaList)).not.toContain('pair:cancel:2');

    const click = await h.run('click pair:accept:2', chi);
    expect(replyText(click)).toBe(
      'This request was closed: <@100000000000000001> paired with someone else on **Todo App**. `/pair find` shows who else fits.',
    );
    // Ending the pairing does not bring the old request back.
    await h.run(`/pair end user:<@${BOB}>`, ada);
    expect(replyText(await h.run('click pair:accept:2', chi))).toMatch(/This request was closed/);
    expect(await use().db.select().from(pairs)).toHaveLength(1);
  });

  it('a matching proposal one side declined shows under "Declined lately" for the other side only', async () => {
    const h = await createHarness(use());
    await h.run('/project announce name:"Todo app" summary:"API" role:backend seeking:frontend', ada);
    await h.run('/project announce name:"todo-app" summary:"UI" role:frontend seeking:backend', chi);
    expect(replyText(await h.run('/pair auto', mod))).toMatch(/1 pair proposed/);
    expect(replyText(await h.run('click pair:accept:1', ada))).toMatch(/You accepted/);
    expect(replyText(await h.run('click pair:decline:1', chi))).toMatch(/You declined/);
    const adaList = replyText(await h.run('/pair list', ada));
    expect(adaList).toMatch(/Declined lately \(1\)/);
    expect(adaList).toMatch(/#1 matching proposal with <@100000000000000003> on \*\*Todo app\*\* · declined/);
    expect(replyText(await h.run('/pair list', chi))).not.toMatch(/Declined lately/);
  });
});
