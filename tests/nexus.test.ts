import { eq, or } from 'drizzle-orm';
import { expect, it } from 'vitest';
import * as schema from '../src/db/schema.js';
import { describeEachDatabase } from './helpers/db.js';
import { ALICE, BOB, CAROL, createHarness, isEphemeral, replyText, type Harness } from './helpers/harness.js';

/** The README script of the project README: a realistic learner. */
async function realisticLearner(h: Harness) {
  const alice = { userId: ALICE, name: 'Ada' };
  await h.run(
    '/profile set role:backend stack:django,postgresql,docker timezone:Africa/Lagos availability:"weekdays 18-22" seeking:true',
    alice,
  );
  await h.run(
    '/project announce name:"Airbnb clone" summary:"Bookings API with JWT auth" stack:django,postgres,redis repo:https://github.com/ada/alx-airbnb role:backend seeking:frontend',
    alice,
  );
  await h.run(
    'modal challenge:log title:"Celery tasks stay pending" problem:"Worker starts but nothing runs" solution:"Use the compose service name for the broker" tags:"celery, docker"',
    alice,
  );
  await h.run(
    'modal challenge:log title:"N+1 queries on listings" problem:"The listings endpoint makes 200 queries" tags:"django, performance"',
    alice,
  );
  await h.run('/takeaway add text:"Index the foreign keys you filter on" tags:postgres', alice);
  await h.run('/project announce name:"airbnb-clone" summary:"UI" role:frontend seeking:backend', {
    userId: BOB,
    name: 'Bola',
  });
  await h.run('/profile set role:frontend timezone:Europe/Berlin', { userId: BOB, name: 'Bola' });
  await h.run(`/pair request user:<@${BOB}>`, alice);
  await h.run('click pair:accept:1', { userId: BOB, name: 'Bola' });
}

function readmeOf(r: { files: Array<{ name: string; data: string | Buffer }> }): string {
  const f = r.files.find((x) => x.name === 'README.md');
  expect(f).toBeDefined();
  return String(f!.data);
}

// The README itself is tested in readme.test.ts (content) and readme-command.test.ts (the command).
describeEachDatabase('/nexus forget-me', (use) => {
  it('forget-me: confirmation, only by the learner, then zero rows of them in every table; partners keep an anonymous history', async () => {
    const h = await createHarness(use());
    await realisticLearner(h);
    await h.run('click challenge:helped:1', { userId: BOB });
    await h.run('click challenge:helped:1', { userId: CAROL });
    const prompt = await h.run('/nexus forget-me', { userId: ALICE });
    expect(isEphemeral(prompt)).toBe(true);
    expect(JSON.stringify(prompt.response)).toContain(`nexus:forget:${ALICE}`);
    expect(replyText(await h.run(`click nexus:forget:${ALICE}`, { userId: BOB }))).toMatch(/not for you/);
    const done = await h.run(`click nexus:forget:${ALICE}`, { userId: ALICE });
    expect(replyText(done)).toMatch(/projects: 1[\s\S]*challenges: 2[\s\S]*takeaways: 1/);
    const db = use().db;
    const s = schema;
    const counts = {
      members: (await db.select().from(s.members).where(eq(s.members.userId, ALICE))).length,
      projects: (await db.select().from(s.projects).where(eq(s.projects.ownerId, ALICE))).length,
      challenges: (await db.select().from(s.challenges).where(eq(s.challenges.authorId, ALICE))).length,
      helped: (await db.select().from(s.challengeHelped).where(eq(s.challengeHelped.userId, ALICE))).length,
      takeaways: (await db.select().from(s.takeaways).where(eq(s.takeaways.authorId, ALICE))).length,
      requests: (
        await db
          .select()
          .from(s.pairRequests)
          .where(or(eq(s.pairRequests.requesterId, ALICE), eq(s.pairRequests.addresseeId, ALICE)))
      ).length,
      pairs: (
        await db
          .select()
          .from(s.pairs)
          .where(or(eq(s.pairs.userA, ALICE), eq(s.pairs.userB, ALICE), eq(s.pairs.endedBy, ALICE)))
      ).length,
      audit: (
        await db
          .select()
          .from(s.auditLog)
          .where(or(eq(s.auditLog.actorId, ALICE), eq(s.auditLog.targetId, ALICE)))
      ).length,
    };
    expect(counts).toEqual({
      members: 0,
      projects: 0,
      challenges: 0,
      helped: 0,
      takeaways: 0,
      requests: 0,
      pairs: 0,
      audit: 0,
    });
    expect(await db.select().from(s.challengeHelped)).toHaveLength(0); // marks on her challenges went with them
    // Bob keeps the pair, without Alice's name
    const bobs = await h.run('/nexus readme', { userId: BOB, name: 'Bola' });
    const md = readmeOf(bobs);
    expect(md).not.toContain('Ada');
    expect(md).toMatch(/a fellow learner/);
    expect(await db.select().from(s.pairs)).toHaveLength(1);
  });
});
