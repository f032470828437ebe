// /pair find and /pair auto honour each project's "Looking for" role: a candidate fits when their role is what
// my project looks for (fullstack fits any search), and mine what theirs looks for.
import { expect, it } from 'vitest';
import { pairRequests } from '../src/db/schema.js';
import { describeEachDatabase } from './helpers/db.js';
import { ALICE, BOB, CAROL, createHarness, MOD, replyText } from './helpers/harness.js';

const mod = { userId: MOD, moderator: true, name: 'mod' };

describeEachDatabase('"Looking for" in matching', (use) => {
  it('/pair auto does not propose a frontend learner to a fullstack learner looking for a backend', async () => {
    const h = await createHarness(use());
    await h.run('/project announce name:"Todo app" summary:"All of it" role:fullstack seeking:backend', {
      userId: ALICE,
    });
    await h.run('/project announce name:"todo-app" summary:"UI" role:frontend seeking:backend', { userId: BOB });
    expect(replyText(await h.run('/pair auto', mod))).toMatch(/0 pairs proposed/);
    expect(await use().db.select().from(pairRequests)).toEqual([]);
    // A backend looking for anyone (fullstack) fits both: one of them is proposed to them.
    await h.run('/project announce name:"Todo App" summary:"API" role:backend seeking:fullstack', { userId: CAROL });
    expect(replyText(await h.run('/pair auto', mod))).toMatch(/1 pair proposed/);
    const [p] = await use().db.select().from(pairRequests);
    expect([p!.requesterId, p!.addresseeId]).toContain(CAROL);
  });

  it('a backend learner finds another backend whose project looks for a backend', async () => {
    const h = await createHarness(use());
    await h.run('/project announce name:"Todo app" summary:"API" role:backend seeking:backend', { userId: ALICE });
    await h.run('/project announce name:"todo-app" summary:"Workers" role:backend', { userId: BOB });
    const find = await h.run('/pair find', { userId: BOB });
    expect(replyText(find)).toMatch(/1\. <@100000000000000001>/);
    expect(replyText(find)).toMatch(/you backend, they backend/);
  });
});
