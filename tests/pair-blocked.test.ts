// Blocked means read-only, the same way in the message, the moderator's confirmation and the handlers: no
// accepting, seeking or archiving; declining, cancelling, a quiet end and forget-me remain.
import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { BLOCKED_MESSAGE } from '../src/commands/guards.js';
import { pairRequests, pairs, projects } from '../src/db/schema.js';
import { describeEachDatabase } from './helpers/db.js';
import { ALICE, BOB, CAROL, createHarness, MOD, replyText } from './helpers/harness.js';

const DAVE = '100000000000000004';
const alice = { userId: ALICE, name: 'alice' };
const bob = { userId: BOB, name: 'bob' };
const carol = { userId: CAROL, name: 'carol' };
const dave = { userId: DAVE, name: 'dave' };
const mod = { userId: MOD, moderator: true, name: 'mod' };

describeEachDatabase('a blocked member', (use) => {
  it('may read, decline, cancel, end a pairing quietly and leave; may not accept, seek or archive', async () => {
    const h = await createHarness(use());
    await h.run('/project announce name:"Job board" summary:"Jobs API" role:backend seeking:frontend', dave);
    await h.run('/project announce name:"job-board" summary:"Jobs UI" role:frontend seeking:backend', bob); // #2
    await h.run('/project announce name:"Airbnb clone" summary:"API" role:backend seeking:frontend', alice); // #3
    await h.run('/project announce name:"Blog" summary:"x" role:backend seeking:frontend', carol); // #4
    await h.run('click pair:request:2', dave);
    await h.run('click pair:accept:1', bob); // Bob and Dave pair on the job board
    await h.run(`/pair request user:<@${BOB}> project:3`, alice); // #2, made before the block
    await h.run(`/pair request user:<@${CAROL}> project:4`, bob); // #3, Bob's own request

    const block = await h.run(`/nexus-admin block user:<@${BOB}> reason:spam`, mod);
    // The confirmation and the member's message say the same things.
    for (const text of [replyText(block), BLOCKED_MESSAGE])
      for (const says of [/accept/, /archive|change entries/, /decline or cancel/, /end a pairing/, /forget-me/])
        expect(text).toMatch(says);

    expect(replyText(await h.run('click pair:accept:2', bob))).toBe(BLOCKED_MESSAGE);
    expect(replyText(await h.run('/project archive id:2', bob))).toBe(BLOCKED_MESSAGE);
    const [p2] = await use().db.select().from(projects).where(eq(projects.id, 2));
    expect(p2!.status).toBe('active');
    expect(replyText(await h.run('click pair:seek:2', bob))).toBe(BLOCKED_MESSAGE);
    // Someone else cannot accept the blocked member's request either.
    expect(replyText(await h.run('click pair:accept:3', carol))).toMatch(/cannot pair right now/);
    expect(await use().db.select().from(pairs)).toHaveLength(1);

    expect(replyText(await h.run('/pair list', bob))).toMatch(/Paired with \(1\)/);
    expect(replyText(await h.run('click pair:decline:2', bob))).toMatch(/You declined/);
    expect(replyText(await h.run('click pair:cancel:3', bob))).toMatch(/Cancelled/);
    const end = await h.run(`/pair end user:<@${DAVE}>`, bob);
    expect(replyText(end)).toMatch(/Ended your pairing .* It ended quietly/);
    // No public notice: only the closing line in the pair's private thread, which is archived and locked.
    const posts = end.posted.filter((c) => c.method === 'POST');
    expect(posts.map((c) => c.label)).toEqual([expect.stringMatching(/^posted in thread "Pairing #1/)]);
    expect(posts[0]!.body).toMatchObject({ content: expect.stringMatching(/^This pairing has ended\./) });
    expect(end.posted.at(-1)).toMatchObject({ method: 'PATCH', body: { archived: true, locked: true } });
    expect(end.posted.find((c) => c.method === 'PATCH')!.body).toMatchObject({ content: 'This pairing has ended.' });
    const statuses = await use().db.select({ id: pairRequests.id, s: pairRequests.status }).from(pairRequests);
    expect(statuses.sort((a, b) => a.id - b.id).map((r) => r.s)).toEqual(['accepted', 'declined', 'cancelled']);
  });
});
