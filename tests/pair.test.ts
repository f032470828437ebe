import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { members, pairRequests, pairs, projects } from '../src/db/schema.js';
import type { LineResult } from '../src/cli/try.js';
import { buttonInteraction, type Actor } from '../src/discord/payloads.js';
import { describeEachDatabase } from './helpers/db.js';
import {
  ALICE,
  BOB,
  CAROL,
  createHarness,
  GUILD,
  isEphemeral,
  MOD,
  OTHER_GUILD,
  replyText,
  type Harness,
} from './helpers/harness.js';

const DAY = 86_400_000;
const DAVE = '100000000000000004';
const ERIN = '100000000000000005';

async function setupLearners(h: Harness) {
  await h.run('/profile set role:backend stack:django,postgres timezone:Africa/Lagos availability:"weekdays 18-22"', {
    userId: ALICE,
    name: 'alice',
  });
  await h.run('/project announce name:"Airbnb clone" summary:"API" stack:django,rest role:backend seeking:frontend', {
    userId: ALICE,
    name: 'alice',
  });
  await h.run('/profile set role:frontend stack:react,rest timezone:Europe/Berlin availability:"weekdays 18-22"', {
    userId: BOB,
    name: 'bob',
  });
  await h.run('/project announce name:"airbnb-clone" summary:"UI" stack:react,rest role:frontend seeking:backend', {
    userId: BOB,
    name: 'bob',
  });
  await h.run('/profile set role:frontend stack:vue timezone:America/Los_Angeles availability:"weekends 9-12"', {
    userId: CAROL,
    name: 'carol',
  });
  await h.run('/project announce name:"AirBnB Clone" summary:"UI too" stack:vue role:frontend seeking:backend', {
    userId: CAROL,
    name: 'carol',
  });
  await h.run('/project announce name:"Job board" summary:"other project" stack:react role:frontend seeking:backend', {
    userId: DAVE,
    name: 'dave',
  });
}

/** A click on a given message (the CLI's clicks come from a message of their own). */
async function clickOn(h: Harness, customId: string, messageId: string, as: Partial<Actor>): Promise<LineResult> {
  const handled = await h.handle(buttonInteraction(h.actor(as), customId, messageId, h.clock.now().getTime()));
  return { line: `click ${customId}`, response: handled.response, posted: [], files: [] };
}

function customIds(r: { response: unknown }): string[] {
  return [...JSON.stringify(r.response).matchAll(/"custom_id":"([^"]+)"/g)].map((m) => m[1]!);
}

describeEachDatabase('/pair', (use) => {
  it('finds complementary learners on the same project, best first, with reasons', async () => {
    const h = await createHarness(use());
    await setupLearners(h);
    const r = await h.run('/pair find', { userId: ALICE, name: 'alice' });
    const text = replyText(r);
    expect(isEphemeral(r)).toBe(true);
    expect(text).toMatch(/1\. <@100000000000000002>/); // bob: same hours, shares rest
    expect(text).toMatch(/2\. <@100000000000000003>/);
    expect(text).not.toContain(DAVE); // other project
    expect(text).toMatch(/you backend, they frontend/);
    expect(customIds(r)).toEqual(['pair:request:2', 'pair:request:3']);
  });

  it('says what to do when there is nothing to match yet', async () => {
    const h = await createHarness(use());
    expect(replyText(await h.run('/pair find'))).toMatch(/Announce your project first/);
    await h.run('/project announce name:Solo summary:x role:backend');
    expect(replyText(await h.run('/pair find'))).toMatch(/Nobody fits yet/);
  });

  it('request → accept: pings only the addressee, creates one pair even on a double click, and confirms to both', async () => {
    const h = await createHarness(use());
    await setupLearners(h);
    const req = await h.run('click pair:request:2', { userId: ALICE, name: 'alice' });
    expect(replyText(req)).toMatch(/Request sent to <@100000000000000002>/);
    const post = req.posted[0]!;
    expect((post.body as { allowed_mentions: unknown }).allowed_mentions).toEqual({ parse: [], users: [BOB] });
    expect((post.body as { content: string }).content).toMatch(
      /alice .* would like to pair with you on \*\*airbnb-clone\*\*/,
    );
    const [request] = await use().db.select().from(pairRequests);
    expect(request).toMatchObject({ requesterId: ALICE, addresseeId: BOB, status: 'pending', projectId: 2 });

    const wrong = await h.run(`click pair:accept:${request!.id}`, { userId: CAROL });
    expect(isEphemeral(wrong)).toBe(true);
    expect(replyText(wrong)).toMatch(/This is not for you/);

    // Both clicks on the public request message (its id was kept when it was posted).
    const [posted1] = await use()
      .db.select({ messageId: pairRequests.messageId })
      .from(pairRequests)
      .where(eq(pairRequests.id, request!.id));
    const messageId = posted1!.messageId;
    expect(messageId).toBeTruthy();
    const [first, second] = await Promise.all([
      clickOn(h, `pair:accept:${request!.id}`, messageId!, { userId: BOB, name: 'bob' }),
      clickOn(h, `pair:accept:${request!.id}`, messageId!, { userId: BOB, name: 'bob' }),
    ]);
    const posted = h.recorder.take();
    const texts = [replyText(first), replyText(second)];
    expect(texts.filter((t) => /accepted/.test(t))).toHaveLength(1);
    expect(texts.filter((t) => /already/.test(t))).toHaveLength(1);
    const allPairs = await use().db.select().from(pairs);
    expect(allPairs).toHaveLength(1);
    expect(allPairs[0]).toMatchObject({ userA: ALICE, userB: BOB, projectId: 2, endedAt: null });
    const winner = /accepted/.test(texts[0]!) ? first : second;
    expect(winner.response!.type).toBe(7); // the request message is updated, buttons gone
    const confirm = posted.find((c) => /are now a pair/.test(JSON.stringify(c.body)))!;
    expect((confirm.body as { allowed_mentions: unknown }).allowed_mentions).toEqual({
      parse: [],
      users: [ALICE, BOB],
    });
    // Their details go in the private thread's kickoff, each one's hours in their own time.
    expect(JSON.stringify(confirm.body)).toMatch(/private thread/);
    const kickoff = posted.find((c) => /this private thread is yours/.test(JSON.stringify(c.body)))!;
    expect(JSON.stringify(kickoff.body)).toContain('Europe/Berlin');
    expect(JSON.stringify(kickoff.body)).toContain('Africa/Lagos');
    // both stopped seeking on that project
    const seeking = await use()
      .db.select({ owner: projects.ownerId, s: projects.seekingRole })
      .from(projects)
      .where(eq(projects.normalizedName, 'airbnbclone'));
    expect(seeking.filter((p) => p.owner === ALICE || p.owner === BOB).every((p) => p.s === null)).toBe(true);
    // Paired on that project: no suggestions there, and Bob is named as the partner, not suggested.
    const found = replyText(await h.run('/pair find', { userId: ALICE }));
    expect(found).toMatch(/You are paired on \*\*Airbnb clone\*\* \(#1\) with <@100000000000000002>: no suggestions/);
    expect(found).not.toMatch(/Collaborators who fit you/);
    expect(replyText(await h.run(`/pair request user:<@${BOB}>`, { userId: ALICE }))).toMatch(/already paired/);
    const list = await h.run('/pair list', { userId: BOB });
    expect(replyText(list)).toMatch(
      /Paired with \(1\)[\s\S]*<@100000000000000001> on \*\*Airbnb clone\*\*|Paired with \(1\)[\s\S]*<@100000000000000001> on \*\*airbnb-clone\*\*/,
    );
  });

  it('decline records a cooling-off: no re-suggestion, no new request until it passes', async () => {
    const h = await createHarness(use());
    await setupLearners(h);
    await h.run(`/pair request user:<@${BOB}> message:"Let's build it!"`, { userId: ALICE });
    const [request] = await use().db.select().from(pairRequests);
    expect(request!.message).toBe("Let's build it!");
    const d = await h.run(`click pair:decline:${request!.id}`, { userId: BOB });
    expect(replyText(d)).toMatch(/declined/);
    expect(replyText(await h.run(`click pair:decline:${request!.id}`, { userId: BOB }))).toMatch(/already declined/);
    expect(replyText(await h.run('/pair find', { userId: ALICE }))).not.toContain(`<@${BOB}>`);
    expect(replyText(await h.run(`/pair request user:<@${BOB}>`, { userId: ALICE }))).toMatch(/declined recently/);
    h.clock.advance(15 * DAY);
    await h.run('click project:renew:2', { userId: BOB });
    await h.run('click project:renew:1', { userId: ALICE });
    expect(replyText(await h.run('/pair find', { userId: ALICE }))).toContain(`<@${BOB}>`);
  });

  it('expires pending requests after the configured time', async () => {
    const h = await createHarness(use());
    await setupLearners(h);
    await h.run(`/pair request user:<@${BOB}>`, { userId: ALICE });
    expect(replyText(await h.run('/pair list', { userId: ALICE }))).toMatch(/You asked \(1\)/);
    h.clock.advance(7 * DAY + 1000);
    expect(replyText(await h.run('/pair list', { userId: ALICE }))).toMatch(/No active pairs or pending/);
    const late = await h.run('click pair:accept:1', { userId: BOB });
    expect(replyText(late)).toMatch(/expired/);
    expect(await use().db.select().from(pairs)).toHaveLength(0);
    const [r] = await use().db.select().from(pairRequests);
    expect(r!.status).toBe('expired');
  });

  it('limits pending requests per requester and refuses self, duplicates and other guilds', async () => {
    const h = await createHarness(use());
    await h.run('/nexus-admin config set max_pending_requests:2', { userId: MOD, moderator: true });
    expect(replyText(await h.run(`/pair request user:<@${ALICE}>`))).toMatch(/yourself/);
    await h.run(`/pair request user:<@${BOB}>`);
    expect(replyText(await h.run(`/pair request user:<@${BOB}>`))).toMatch(/already asked/);
    expect(replyText(await h.run(`/pair request user:<@${ALICE}>`, { userId: BOB }))).toMatch(/already asked you/);
    await h.run(`/pair request user:<@${CAROL}>`);
    expect(replyText(await h.run(`/pair request user:<@${DAVE}>`))).toMatch(/2 pending requests/);
    expect(await use().db.select().from(pairRequests)).toHaveLength(2);
    expect(replyText(await h.run('click pair:accept:1', { userId: BOB, guildId: OTHER_GUILD }))).toMatch(
      /no longer exists/,
    );
    expect(replyText(await h.run('click pair:cancel:1', { userId: BOB }))).toMatch(/not for you/);
    expect(replyText(await h.run('click pair:cancel:1'))).toMatch(/Cancelled/);
  });

  it('ends a pair with a reason and keeps the history', async () => {
    const h = await createHarness(use());
    await setupLearners(h);
    await h.run(`/pair request user:<@${BOB}>`, { userId: ALICE });
    await h.run('click pair:accept:1', { userId: BOB });
    expect(replyText(await h.run(`/pair end user:<@${CAROL}>`, { userId: ALICE }))).toMatch(/not paired/);
    const r = await h.run(`/pair end user:<@${BOB}> reason:"schedules clash"`, { userId: ALICE });
    expect(replyText(r)).toMatch(/Ended your pairing/);
    const notice = r.posted.find((c) => c.method === 'POST')!;
    expect((notice.body as { allowed_mentions: unknown }).allowed_mentions).toEqual({ parse: [], users: [BOB] });
    expect(JSON.stringify(notice.body)).not.toContain('schedules clash'); // the reason stays in the history
    const [p] = await use().db.select().from(pairs);
    expect(p).toMatchObject({ endedBy: ALICE, endReason: 'schedules clash' });
    expect(p!.endedAt).not.toBeNull();
  });

  it('auto round (moderators): proposes optimal pairs per project and tells the odd ones out without a ping', async () => {
    const h = await createHarness(use());
    await setupLearners(h);
    await h.run('/project announce name:"Job board" summary:x role:backend seeking:frontend', { userId: ERIN });
    expect(replyText(await h.run('/pair auto', { userId: ALICE }))).toMatch(/moderators/);
    const r = await h.run('/pair auto', { userId: MOD, moderator: true });
    expect(replyText(r)).toMatch(/2 pairs proposed .*, 1 left unmatched/);
    const reqs = await use().db.select().from(pairRequests);
    const pairsProposed = reqs.map((x) => [x.requesterId, x.addresseeId].sort().join('+')).sort();
    expect(pairsProposed).toEqual([[ALICE, BOB].sort().join('+'), [DAVE, ERIN].sort().join('+')].sort());
    const quiet = r.posted.find((c) => /had no match/.test(JSON.stringify(c.body)))!;
    expect((quiet.body as { content: string }).content).not.toMatch(/<@/);
    expect((quiet.body as { allowed_mentions: unknown }).allowed_mentions).toEqual({ parse: [] });
    expect(replyText(await h.run('/pair list', { userId: CAROL }))).toMatch(/found no partner for you/);
  });

  it('a blocked member is never suggested', async () => {
    const h = await createHarness(use());
    await setupLearners(h);
    await use().db.update(members).set({ blockedAt: h.clock.now() }).where(eq(members.userId, BOB));
    expect(replyText(await h.run('/pair find', { userId: ALICE }))).not.toContain(`<@${BOB}>`);
    expect(replyText(await h.run(`/pair request user:<@${BOB}>`, { userId: ALICE }))).toMatch(/cannot receive/);
    expect((await use().db.select().from(pairRequests)).length).toBe(0);
    void GUILD;
  });
});
