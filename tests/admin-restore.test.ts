// Restoring a removed entry that would now break a uniqueness rule is refused with the real reason.
import { expect, it } from 'vitest';
import { pairRequests } from '../src/db/schema.js';
import { describeEachDatabase } from './helpers/db.js';
import { ALICE, BOB, createHarness, MOD, replyText } from './helpers/harness.js';

const mod = { userId: MOD, name: 'mod', moderator: true };

describeEachDatabase('/nexus-admin restore', (use) => {
  it('refuses to bring back a pair request when the two members have another pending one', async () => {
    const h = await createHarness(use());
    expect(replyText(await h.run(`/pair request user:<@${BOB}>`, { userId: ALICE, name: 'alice' }))).toMatch(
      /Request sent/,
    );
    expect(replyText(await h.run('/nexus-admin remove type:request id:1 reason:"sent by mistake"', mod))).toMatch(
      /Removed pair request #1/,
    );
    expect(replyText(await h.run(`/pair request user:<@${BOB}>`, { userId: ALICE, name: 'alice' }))).toMatch(
      /Request sent/,
    );
    const before = await use().db.select().from(pairRequests).orderBy(pairRequests.id);
    const r = await h.run('/nexus-admin restore type:request id:1', mod);
    expect(replyText(r)).toMatch(/cannot come back: the two members have another pending request now/);
    expect(await use().db.select().from(pairRequests).orderBy(pairRequests.id)).toEqual(before);
  });
});
