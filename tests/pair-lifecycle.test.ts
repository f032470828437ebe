// The pair lifecycle as learners live it: request, decline (told privately), accept, end, seek again; matching
// rounds that need both to accept and never ping the unmatched; a forgotten partner; one partner per project.
import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import type { LineResult } from '../src/cli/try.js';
import type { RecordedCall } from '../src/discord/port.js';
import { buttonInteraction, type Actor } from '../src/discord/payloads.js';
import { pairRequests, pairs, projects } from '../src/db/schema.js';
import { describeEachDatabase } from './helpers/db.js';
import {
  ALICE,
  BOB,
  CAROL,
  createHarness,
  GUILD,
  isEphemeral,
  MOD,
  replyText,
  type Harness,
} from './helpers/harness.js';

const alice = { userId: ALICE, name: 'alice' };
const bob = { userId: BOB, name: 'bob' };
const carol = { userId: CAROL, name: 'carol' };
const mod = { userId: MOD, moderator: true, name: 'mod' };

/** Alice (backend, project 1), Bob (frontend, project 2) and Carol (frontend, project 3) on one project. */
async function threeLearners(h: Harness) {
  await h.run('/profile set role:backend timezone:Africa/Lagos availability:"weekdays 18-22" seeking:true', alice);
  await h.run('/project announce name:"Airbnb clone" summary:"API" role:backend seeking:frontend', alice);
  await h.run('/profile set role:frontend timezone:Europe/Berlin availability:"weekdays 18-22"', bob);
  await h.run('/project announce name:"airbnb-clone" summary:"UI" role:frontend seeking:backend', bob);
  await h.run('/profile set role:frontend timezone:Europe/Paris', carol);
  await h.run('/project announce name:"AirBnB Clone" summary:"UI too" role:frontend seeking:backend', carol);
}

function customIds(r: { response: unknown } | RecordedCall): string[] {
  const json = JSON.stringify('response' in r ? r.response : r.body);
  return [...json.matchAll(/"custom_id":"([^"]+)"/g)].map((m) => m[1]!);
}

const bodyOf = (c: RecordedCall) => c.body as { content?: string; allowed_mentions?: { users?: string[] } };

/** Every user a post pings is mentioned in it, and its content fits Discord's 2000 characters. */
function expectWellFormedPost(c: RecordedCall) {
  const b = bodyOf(c);
  expect((b.content ?? '').length).toBeLessThanOrEqual(2000);
  const mentioned = new Set([...(b.content ?? '').matchAll(/<@(\d+)>/g)].map((m) => m[1]));
  for (const u of b.allowed_mentions?.users ?? []) expect(mentioned.has(u), `${u} is pinged unmentioned`).toBe(true);
}

/** A click on a given message (the CLI's clicks come from a message of their own). */
async function clickOn(h: Harness, customId: string, messageId: string, as: Partial<Actor>): Promise<LineResult> {
  const handled = await h.handle(buttonInteraction(h.actor(as), customId, messageId, h.clock.now().getTime()));
  return { line: `click ${customId}`, response: handled.response, posted: h.recorder.take(), files: [] };
}

async function requestRow(h: Harness, use: () => { db: Harness['app']['ctx']['db'] }, id: number) {
  const [r] = await use().db.select().from(pairRequests).where(eq(pairRequests.id, id));
  return r!;
}

describeEachDatabase('the pair lifecycle', (use) => {
  it('after /pair end both learners can be found again: the right hint, a Seek again button, one truth for "seeking"', async () => {
    const h = await createHarness(use());
    await threeLearners(h);
    await h.run('click pair:request:2', alice);
    await h.run('click pair:accept:1', bob);
    expect(replyText(await h.run('/profile show', alice))).toMatch(/Seeking a collaborator: no/);

    const end = await h.run(`/pair end user:<@${BOB}> reason:"different schedules"`, alice);
    expect(replyText(end)).toMatch(/Ended your pairing with <@100000000000000002> on \*\*Airbnb clone\*\*/); // her own name for it
    expect(customIds(end)).toEqual(['pair:seek:1']);
    // The confirmation (with both profile cards) is neutralised; Bob is told in one line, with his own button.
    const edit = end.posted.find((c) => c.method === 'PATCH')!;
    expect(edit.body).toMatchObject({ content: 'This pairing has ended.', embeds: [], components: [] });
    const notice = end.posted.find((c) => c.method === 'POST')!;
    expect(bodyOf(notice).allowed_mentions).toEqual({ parse: [], users: [BOB] });
    expect(customIds(notice)).toEqual(['pair:seek:2']);
    expect(bodyOf(notice).content).not.toContain('different schedules');
    expectWellFormedPost(notice);

    // Nothing claims they are still seeking; the hints carry the real id and the complementary role.
    expect(replyText(await h.run('/profile show', alice))).toMatch(/Seeking a collaborator: no/);
    const findA = await h.run('/pair find', alice);
    expect(replyText(findA)).toContain('`/project update id:1 seeking:frontend`');
    expect(replyText(findA)).toMatch(/not marked as seeking, so others cannot find you/);
    expect(customIds(findA)).toEqual(['pair:request:3', 'pair:seek:1']); // Carol fits; Alice can be found again
    const findB = await h.run('/pair find', bob);
    expect(replyText(findB)).toContain('`/project update id:2 seeking:backend`');
    const mine = await h.run('/project mine', alice);
    expect(customIds(mine)).toEqual(['pair:seek:1']);
    expect(replyText(mine)).not.toMatch(/Renew/); // no promise without its button

    expect(replyText(await h.run('click pair:seek:1', bob))).toMatch(/not yours/);
    const seek = await h.run('click pair:seek:1', alice);
    expect(replyText(seek)).toMatch(/Looking again: \*\*Airbnb clone\*\* \(#1\) seeks a \*\*frontend\*\* collaborator/);
    expect(seek.posted.some((c) => customIds(c).includes('pair:request:1'))).toBe(true); // the announcement's button is back
    expect(replyText(await h.run('/profile show', alice))).toMatch(
      /Seeking a collaborator: yes: a \*\*frontend\*\* on \*\*Airbnb clone\*\* \(#1\)/,
    );
    expect(replyText(await h.run('/pair find', carol))).toContain(`<@${ALICE}>`);
    // The profile's shortcut acts on the projects, so the two cannot disagree.
    const stop = await h.run('/profile set seeking:false', alice);
    expect(replyText(stop)).toMatch(/Stopped looking on \*\*Airbnb clone\*\* \(#1\)[\s\S]*Seeking a collaborator: no/);
    const [p1] = await use().db.select().from(projects).where(eq(projects.id, 1));
    expect(p1!.seekingRole).toBeNull();
  });

  it('a decline is told to the requester only: the public message just says the request is closed', async () => {
    const h = await createHarness(use());
    await threeLearners(h);
    await h.run(`/pair request user:<@${BOB}> message:"Let's build it"`, alice);
    const req = await requestRow(h, use, 1);
    const d = await clickOn(h, 'pair:decline:1', req.messageId!, bob);
    expect(isEphemeral(d)).toBe(true);
    expect(replyText(d)).toMatch(/You declined the request from <@100000000000000001>/);
    expect(d.posted.filter((c) => c.method === 'POST')).toEqual([]);
    const edit = d.posted.find((c) => c.method === 'PATCH')!;
    expect(edit.path).toContain(req.messageId!);
    expect(edit.body).toMatchObject({ content: 'This pair request is closed.', embeds: [], components: [] });
    expect(replyText(await h.run('/pair list', alice))).toMatch(
      /Declined lately \(1\):[\s\S]*#1 to <@100000000000000002>/,
    );
    expect(replyText(await h.run('/pair list', bob))).not.toMatch(/Declined/);
  });

  it('one partner per project: a request to (or from) someone already paired on it is refused with the reason', async () => {
    const h = await createHarness(use());
    await threeLearners(h);
    await h.run('/project announce name:"Airbnb" summary:"API 2" role:backend seeking:frontend', { userId: MOD });
    await h.run('click pair:request:2', { userId: MOD }); // #1, pending while Bob pairs with Alice
    await h.run('click pair:request:2', alice); // #2
    await h.run('click pair:accept:2', bob);
    // Pairing with Alice closed the other request on that project.
    expect(replyText(await h.run('click pair:accept:1', bob))).toBe(
      'This request was closed when you paired with <@100000000000000001> on **airbnb-clone**: one partner per project.',
    );
    expect(await use().db.select().from(pairs)).toHaveLength(1);
    expect(replyText(await h.run('click pair:request:1', carol))).toMatch(
      /<@100000000000000001> is already paired on \*\*Airbnb clone\*\*/,
    );
    expect(replyText(await h.run(`/pair request user:<@${CAROL}>`, alice))).toMatch(
      /You are already paired on \*\*AirBnB Clone\*\* \(with <@100000000000000002>\)/,
    );
    expect(await use().db.select().from(pairRequests)).toHaveLength(2);
  });

  it('a matching proposal pairs two learners only when both accept; the unmatched are never pinged, nor told twice', async () => {
    const h = await createHarness(use());
    await threeLearners(h);
    const round = await h.run('/pair auto', mod);
    const [proposal] = await use().db.select().from(pairRequests);
    const members = [proposal!.requesterId, proposal!.addresseeId];
    expect(members).toContain(ALICE);
    const partner = members.find((m) => m !== ALICE)!;
    const odd = partner === BOB ? CAROL : BOB;
    const post = round.posted.find((c) => customIds(c).includes(`pair:accept:${proposal!.id}`))!;
    expect(bodyOf(post).allowed_mentions).toEqual({ parse: [], users: members });
    const quiet = round.posted.find((c) => /had no match/.test(bodyOf(c).content ?? ''))!;
    expect(bodyOf(quiet).content).not.toMatch(/<@/);
    expect(bodyOf(quiet).allowed_mentions).toEqual({ parse: [] });
    for (const c of round.posted) expectWellFormedPost(c);
    expect(replyText(await h.run('/pair list', { userId: odd }))).toMatch(/found no partner for you/);

    // One side accepts: no pair yet, the message shows who accepted.
    const first = await clickOn(h, `pair:accept:${proposal!.id}`, proposal!.messageId!, { userId: partner });
    expect(first.response!.type).toBe(7);
    expect(replyText(first)).toMatch(new RegExp(`<@${partner}>: accepted`));
    expect(customIds(first)).toEqual([`pair:accept:${proposal!.id}`, `pair:decline:${proposal!.id}`]);
    expect(await use().db.select().from(pairs)).toHaveLength(0);
    expect(replyText(await h.run(`click pair:accept:${proposal!.id}`, { userId: partner }))).toMatch(/You accepted/);
    expect(await use().db.select().from(pairs)).toHaveLength(0);
    expect(replyText(await h.run('/pair list', alice))).toMatch(/they accepted; your answer\?/);
    expect(replyText(await h.run(`click pair:accept:${proposal!.id}`, { userId: odd }))).toMatch(/not for you/);

    // A round meanwhile leaves the two out and pings nobody; the odd one out is not told again.
    h.clock.advance(5 * 60_000);
    const again = await h.run('/pair auto', mod);
    expect(again.posted).toEqual([]);
    expect(replyText(again)).toMatch(/sat this round out/);

    const second = await h.run(`click pair:accept:${proposal!.id}`, alice);
    expect(replyText(second)).toMatch(/^You both accepted: you and <@\d+> are now a pair on \*\*Airbnb clone\*\*/);
    const allPairs = await use().db.select().from(pairs);
    expect(allPairs).toHaveLength(1);
    const confirm = second.posted.find((c) => c.method === 'POST' && /are now a pair/.test(bodyOf(c).content ?? ''))!;
    expect(bodyOf(confirm).allowed_mentions!.users!.sort()).toEqual([...members].sort());
    const [paired] = await use().db.select().from(pairs);
    expect(paired!.messageId).toBeTruthy(); // kept, to neutralise or delete it later
    h.clock.advance(5 * 60_000);
    expect((await h.run('/pair auto', mod)).posted).toEqual([]); // the odd one out, still unmatched: not re-told
  });

  it('the unmatched line stays one short post without mentions, however many are left out', async () => {
    const h = await createHarness(use());
    const now = h.clock.now();
    await use()
      .db.insert(projects)
      .values(
        Array.from({ length: 180 }, (_, i) => ({
          guildId: GUILD,
          ownerId: String(200000000000000000n + BigInt(i)),
          name: 'Airbnb clone',
          normalizedName: 'airbnb clone',
          summary: 'API',
          role: 'backend' as const,
          seekingRole: 'frontend' as const,
          seekingSince: now,
          seekingExpiresAt: new Date(now.getTime() + 86_400_000),
          createdAt: now,
          updatedAt: now,
        })),
      );
    const r = await h.run('/pair auto', mod);
    expect(replyText(r)).toMatch(/180 left unmatched/);
    expect(r.posted).toHaveLength(1);
    expect(bodyOf(r.posted[0]!).content).toMatch(/^Matching round: 180 learners had no match/);
    expectWellFormedPost(r.posted[0]!);
    expect(bodyOf(r.posted[0]!).allowed_mentions).toEqual({ parse: [] });
  });

  it('a partner who asked to be forgotten shows as "a former learner" and can be ended from /pair list', async () => {
    const h = await createHarness(use());
    await threeLearners(h);
    await h.run('click pair:request:2', alice);
    await h.run('click pair:accept:1', bob);
    await h.run(`click nexus:forget:${ALICE}`, alice);
    const list = await h.run('/pair list', bob);
    expect(replyText(list)).toMatch(/Paired with \(1\): a former learner on \*\*airbnb-clone\*\* since/);
    expect(replyText(list)).not.toContain('<@0>');
    expect(customIds(list)).toEqual(['pair:end:1']);
    expect(replyText(await h.run('click pair:end:1', carol))).toMatch(/not one of your pairings/);
    const prompt = await h.run('click pair:end:1', bob);
    expect(replyText(prompt)).toMatch(/End your pairing with a former learner\?/);
    expect(customIds(prompt)).toEqual(['pair:end-confirm:1', 'pair:end-keep']);
    expect(replyText(await h.run('click pair:end-keep', bob))).toMatch(/still paired/);
    const done = await h.run('click pair:end-confirm:1', bob);
    expect(replyText(done)).toMatch(/Ended your pairing with a former learner/);
    // Nobody to tell: only the pair's own thread is closed (a closing line, archived and locked).
    expect(done.posted.map((c) => `${c.method} ${c.label}`)).toEqual([
      expect.stringMatching(/^POST posted in thread "Pairing #1/),
      expect.stringMatching(/^PATCH archives and locks thread "Pairing #1/),
    ]);
    expect(customIds(done)).toEqual(['pair:seek:2']);
    const [p] = await use().db.select().from(pairs);
    expect(p).toMatchObject({ userA: '0', userB: BOB, endedBy: BOB });
    expect(replyText(await h.run('click pair:end-confirm:1', bob))).toMatch(/already ended/);
    expect(replyText(await h.run(`/pair end user:<@${CAROL}>`, bob))).toMatch(/not paired with <@100000000000000003>/);
  });
});
