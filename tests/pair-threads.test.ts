// A pair's private thread: opened once when the pair forms (both members added, one kickoff), its week-1
// checklist, archived and locked when the pairing ends; a missing permission keeps the pair and says what
// to grant; forget-me rewrites the kickoff without the member.
import { eq, sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import type { LineResult } from '../src/cli/try.js';
import { pairs, pairTicks } from '../src/db/schema.js';
import { buttonInteraction, chatInputInteraction, type Actor } from '../src/discord/payloads.js';
import { RecordingRestCaller, type RecordedCall } from '../src/discord/port.js';
import { describeEachDatabase } from './helpers/db.js';
import { checkCall } from './helpers/discord-spec.js';
import {
  ALICE,
  BOB,
  CAROL,
  CHANNEL,
  createHarness,
  isEphemeral,
  MOD,
  OTHER_GUILD,
  replyText,
  type Harness,
} from './helpers/harness.js';

const alice = { userId: ALICE, name: 'alice' };
const bob = { userId: BOB, name: 'bola' };
const carol = { userId: CAROL, name: 'carol' };
const mod = { userId: MOD, moderator: true, name: 'mod' };
const NEXUS = '800000000000000040';

async function twoLearners(h: Harness) {
  await h.run(`/nexus-admin config set nexus_channel:<#${NEXUS}>`, mod);
  await h.run(
    '/profile set role:backend stack:django,postgres timezone:Africa/Lagos availability:"weekdays 18-22"',
    alice,
  );
  await h.run(
    '/project announce name:"Airbnb clone" summary:"Bookings API" stack:django repo:https://github.com/ada/alx-airbnb role:backend seeking:frontend',
    alice,
  );
  await h.run('/profile set role:frontend stack:react timezone:Europe/Berlin availability:"weekdays 19-23"', bob);
  await h.run(
    '/project announce name:"airbnb-clone" summary:"Booking UI" stack:react repo:https://github.com/bola/airbnb-ui role:frontend seeking:backend',
    bob,
  );
}

/** Bob asks Alice (request #1), Alice accepts: the pair forms. */
async function pairUp(h: Harness): Promise<LineResult> {
  await twoLearners(h);
  await h.run('click pair:request:1', bob);
  return h.run('click pair:accept:1', alice);
}

const threadCalls = (posted: RecordedCall[]) =>
  posted.filter((c) => /\/threads$|\/thread-members\//.test(c.path) || /^\/channels\/\d+$/.test(c.path));
const bodyOf = (c: RecordedCall) => c.body as { content?: string; embeds?: unknown[]; components?: unknown[] };
const customIds = (x: unknown) => [...JSON.stringify(x).matchAll(/"custom_id":"([^"]+)"/g)].map((m) => m[1]!);

/** A click on a given message (the CLI's clicks come from a message of their own). */
async function clickOn(h: Harness, customId: string, messageId: string, as: Partial<Actor>) {
  const handled = await h.handle(buttonInteraction(h.actor(as), customId, messageId, h.clock.now().getTime()));
  return { line: `click ${customId}`, response: handled.response, posted: h.recorder.take(), files: [] };
}

async function pairRow(h: Harness, id = 1) {
  const [p] = await h.app.ctx.db.select().from(pairs).where(eq(pairs.id, id));
  return p!;
}

describeEachDatabase('pair threads', (use) => {
  it('a pair forming opens exactly one private thread, adds both, posts one kickoff (spec-checked)', async () => {
    const h = await createHarness(use());
    const r = await pairUp(h);
    const threads = threadCalls(r.posted);
    expect(threads.map((c) => `${c.method} ${c.path.replace(/\d{17,}/g, 'ID')}`)).toEqual([
      'POST /channels/ID/threads',
      'PUT /channels/ID/thread-members/ID',
      'PUT /channels/ID/thread-members/ID',
    ]);
    const [create, ...adds] = threads;
    expect(create!.path).toBe(`/channels/${NEXUS}/threads`);
    expect(create!.body).toEqual({
      name: 'Pairing #1 · Airbnb clone',
      type: 12,
      invitable: false,
      auto_archive_duration: 10080,
    });
    const p = await pairRow(h);
    expect(p.threadId).toMatch(/^\d{17,20}$/);
    expect(adds.map((c) => c.path).sort()).toEqual(
      [BOB, ALICE].map((u) => `/channels/${p.threadId}/thread-members/${u}`).sort(),
    );
    const kickoffs = r.posted.filter((c) => c.method === 'POST' && c.path === `/channels/${p.threadId}/messages`);
    expect(kickoffs).toHaveLength(1);
    expect(p.kickoffMessageId).toMatch(/^\d{17,20}$/);
    for (const c of r.posted) expect(checkCall(c), `${c.method} ${c.path}`).toEqual([]);
    // Both projects with repo links, roles, stacks, the shared hours in each one's zone, the checklist.
    const kickoff = JSON.stringify(kickoffs[0]!.body);
    for (const s of [
      'Airbnb clone (#1)',
      'airbnb-clone (#2)',
      'https://github.com/ada/alx-airbnb',
      'https://github.com/bola/airbnb-ui',
      'backend',
      'frontend',
      'Django, PostgreSQL',
      'React',
      "**In <@100000000000000001>'s time** (Africa/Lagos): Mon–Fri 19:00–22:00",
      "**In <@100000000000000002>'s time** (Europe/Berlin): Mon–Fri 19:00–22:00",
      '⬜ Agree the API contract',
    ])
      expect(kickoff).toContain(s);
    expect(customIds(kickoffs[0]!.body)).toEqual([
      'pair:tick:1:api',
      'pair:tick:1:repos',
      'pair:tick:1:first',
      'pair:tick:1:call',
    ]);
    expect((kickoffs[0]!.body as { allowed_mentions: unknown }).allowed_mentions).toEqual({
      parse: [],
      users: [BOB, ALICE],
    });
    // A repeated click answers once: no second thread.
    const again = await h.run('click pair:accept:1', alice);
    expect(replyText(again)).toMatch(/already answered/);
    expect(threadCalls(again.posted)).toEqual([]);
  });

  it('a matching proposal opens the thread once both accepted, not before', async () => {
    const h = await createHarness(use());
    await twoLearners(h);
    await h.run('/pair auto', mod);
    const first = await h.run('click pair:accept:1', bob);
    expect(threadCalls(first.posted)).toEqual([]);
    const second = await h.run('click pair:accept:1', alice);
    expect(threadCalls(second.posted).filter((c) => c.method === 'POST')).toHaveLength(1);
    expect((await pairRow(h)).threadId).not.toBeNull();
  });

  it('two accepts at the same moment form one pair and open one thread', async () => {
    const h = await createHarness(use());
    await twoLearners(h);
    await h.run('/pair auto', mod);
    const now = h.clock.now().getTime();
    await Promise.all([
      h.handle(buttonInteraction(h.actor(alice), 'pair:accept:1', undefined, now)),
      h.handle(buttonInteraction(h.actor(bob), 'pair:accept:1', undefined, now + 1)),
    ]);
    expect(await use().db.select().from(pairs)).toHaveLength(1);
    expect(h.recorder.take().filter((c) => c.method === 'POST' && c.path.endsWith('/threads'))).toHaveLength(1);
  });

  it('either member ticks the checklist: stored, shown in /pair list, the kickoff updated in place', async () => {
    const h = await createHarness(use());
    await pairUp(h);
    const p = await pairRow(h);
    // On the kickoff message itself: the message is replaced (update).
    const onKickoff = await clickOn(h, 'pair:tick:1:api', p.kickoffMessageId!, bob);
    expect(onKickoff.response).toMatchObject({ type: 7 });
    expect(JSON.stringify(onKickoff.response)).toContain('✅ Agree the API contract (<@100000000000000002>)');
    expect(onKickoff.posted).toEqual([]);
    // From elsewhere: a private note, and the kickoff edited after the commit.
    const elsewhere = await h.run('click pair:tick:1:call', alice);
    expect(isEphemeral(elsewhere)).toBe(true);
    expect(replyText(elsewhere)).toMatch(/Ticked “Set a weekly call”/);
    expect(elsewhere.posted).toHaveLength(1);
    expect(elsewhere.posted[0]).toMatchObject({
      method: 'PATCH',
      path: `/channels/${p.threadId}/messages/${p.kickoffMessageId}`,
    });
    expect(checkCall(elsewhere.posted[0]!)).toEqual([]);
    expect(JSON.stringify(elsewhere.posted[0]!.body)).toContain('✅ Set a weekly call (<@100000000000000001>)');
    const ticks = await use().db.select().from(pairTicks);
    expect(ticks.map((t) => [t.item, t.tickedBy]).sort()).toEqual([
      ['api', BOB],
      ['call', ALICE],
    ]);
    expect(replyText(await h.run('/pair list', alice))).toMatch(
      new RegExp(`pairing #1 · <#${p.threadId}> · week-1 checklist 2/4 \\(API contract, weekly call\\)`),
    );
    // A second click unticks.
    expect(replyText(await h.run('click pair:tick:1:api', alice))).toMatch(/Unticked/);
    expect(replyText(await h.run('/pair list', bob))).toMatch(/week-1 checklist 1\/4 \(weekly call\)/);
  });

  it('forged ticks are refused: another member, another guild, an unknown item, an ended pair', async () => {
    const h = await createHarness(use());
    await pairUp(h);
    expect(replyText(await h.run('click pair:tick:1:api', carol))).toMatch(/another pair/);
    expect(replyText(await h.run('click pair:tick:1:api', { ...alice, guildId: OTHER_GUILD }))).toMatch(/another pair/);
    expect(replyText(await h.run('click pair:tick:1:deploy', alice))).toMatch(/another pair/);
    expect(replyText(await h.run('click pair:tick:99:api', alice))).toMatch(/another pair/);
    expect(await use().db.select().from(pairTicks)).toEqual([]);
    await h.run(`/pair end user:<@${BOB}>`, alice);
    expect(replyText(await h.run('click pair:tick:1:api', bob))).toMatch(/has ended/);
  });

  it('ending the pairing tells the partner in the thread, posts a neutral closing line, then archives and locks it', async () => {
    const h = await createHarness(use());
    await pairUp(h);
    const p = await pairRow(h);
    const end = await h.run(`/pair end user:<@${BOB}> reason:"schedules"`, alice);
    const inThread = end.posted.filter((c) => c.path.startsWith(`/channels/${p.threadId}`));
    expect(inThread.map((c) => c.method)).toEqual(['POST', 'POST', 'PATCH']);
    expect(bodyOf(inThread[0]!).content).toMatch(
      /^<@100000000000000002>, your pairing on \*\*airbnb-clone\*\* has ended\./,
    );
    expect(bodyOf(inThread[1]!).content).toBe(
      'This thread is now archived and locked; it stays here for you both to read.',
    );
    expect(JSON.stringify(inThread.map((c) => c.body))).not.toContain('schedules');
    expect(inThread[2]).toMatchObject({ path: `/channels/${p.threadId}`, body: { archived: true, locked: true } });
    for (const c of end.posted) expect(checkCall(c)).toEqual([]);
    // Nothing else is posted: the thread is where the partner hears of it, and it closes last.
    expect(end.posted.filter((c) => c.method === 'POST')).toEqual(inThread.slice(0, 2));
    expect(end.posted.at(-1)).toBe(inThread[2]);
  });

  it('a blocked member ends it quietly: only the neutral closing line in the thread', async () => {
    const h = await createHarness(use());
    await pairUp(h);
    const p = await pairRow(h);
    await h.run(`/nexus-admin block user:<@${ALICE}>`, mod);
    const end = await h.run(`/pair end user:<@${BOB}>`, alice);
    const posted = end.posted.filter((c) => c.method === 'POST');
    expect(posted.map((c) => [c.path, bodyOf(c).content])).toEqual([
      [
        `/channels/${p.threadId}/messages`,
        'This pairing has ended. The thread is archived and locked; it stays here for you both to read.',
      ],
    ]);
  });

  it('without Manage Threads the pairing still ends, and the reply says what to grant', async () => {
    const h = await createHarness(use());
    await pairUp(h);
    h.recorder.refuse = (c) =>
      c.method === 'PATCH' && /^\/channels\/\d+$/.test(c.path) ? RecordingRestCaller.missingPermissions() : undefined;
    const end = await h.run(`/pair end user:<@${BOB}>`, alice);
    expect(replyText(end)).toMatch(/^Ended your pairing with <@100000000000000002>/);
    expect(replyText(end)).toMatch(/needs \*\*Manage Threads\*\* there to archive and lock it/);
    expect((await pairRow(h)).endedAt).not.toBeNull();
  });

  it('Discord refusing to create the thread keeps the pair, and the reply says what to grant', async () => {
    const h = await createHarness(use());
    h.recorder.refuse = (c) => (c.path.endsWith('/threads') ? RecordingRestCaller.missingPermissions() : undefined);
    const r = await pairUp(h);
    expect(replyText(r)).toMatch(/^You and <@100000000000000002> are now a pair on \*\*Airbnb clone\*\*\. 🎉/);
    expect(replyText(r)).toContain(
      `Nexus could not open your private pair thread: it needs **Create Private Threads** in <#${NEXUS}>`,
    );
    const p = await pairRow(h);
    expect(p).toMatchObject({ endedAt: null, threadId: null, kickoffMessageId: null });
    expect(replyText(await h.run('/pair list', bob))).toMatch(/Paired with \(1\)/);
    // Nothing to close when it ends.
    const end = await h.run(`/pair end user:<@${ALICE}>`, bob);
    expect(end.posted.filter((c) => /^\/channels\/\d+$/.test(c.path))).toEqual([]);
  });

  it('Discord refusing the kickoff keeps the thread id (ending still archives it) and names the permission', async () => {
    const h = await createHarness(use());
    h.recorder.refuse = (c) =>
      c.method === 'POST' && h.recorder.threads.has(c.path.split('/')[2]!)
        ? RecordingRestCaller.missingPermissions()
        : undefined;
    const r = await pairUp(h);
    expect(replyText(r)).toMatch(/it needs \*\*Send Messages in Threads\*\*/);
    const p = await pairRow(h);
    expect(p.threadId).not.toBeNull();
    expect(p.kickoffMessageId).toBeNull();
    h.recorder.refuse = undefined;
    const end = await h.run(`/pair end user:<@${ALICE}>`, bob);
    expect(end.posted.at(-1)).toMatchObject({ path: `/channels/${p.threadId}`, body: { archived: true } });
  });

  it("the interaction's app_permissions: a missing permission is not tried, the pair forms, both are named", async () => {
    const h = await createHarness(use());
    await h.run('/profile set role:backend timezone:Africa/Lagos', alice);
    await h.run('/project announce name:"Airbnb clone" summary:"API" role:backend seeking:frontend', alice);
    await h.run('/project announce name:"airbnb-clone" summary:"UI" role:frontend seeking:backend', bob);
    await h.run('click pair:request:1', bob);
    // Everything but Administrator, Create Private Threads and Send Messages in Threads (bits 3, 36, 38).
    const perms = (2n ** 51n - 1n) & ~(1n << 3n) & ~(1n << 36n) & ~(1n << 38n);
    const i = buttonInteraction(h.actor(alice), 'pair:accept:1', undefined, h.clock.now().getTime());
    const handled = await h.handle({ ...i, app_permissions: perms.toString() });
    const text = replyText({ line: '', response: handled.response, posted: [], files: [] });
    expect(text).toContain(`it needs **Create Private Threads** and **Send Messages in Threads** in <#${CHANNEL}>`);
    expect(threadCalls(h.recorder.take())).toEqual([]);
    expect(await use().db.select().from(pairs)).toHaveLength(1);
    // /nexus-admin config show lists what is missing here.
    const show = chatInputInteraction(
      h.actor(mod),
      'nexus-admin',
      [{ type: 2, name: 'config', options: [{ type: 1, name: 'show', options: [] }] }],
      {},
      h.clock.now().getTime(),
    );
    const shown = await h.handle({ ...show, app_permissions: perms.toString() });
    const showText = replyText({ line: '', response: shown.response, posted: [], files: [] });
    expect(showText).toMatch(
      /Missing permissions \(in this channel\): \*\*Create Private Threads\*\*: .*\n\*\*Send Messages in Threads\*\*: /,
    );
    expect(replyText(await h.run('/nexus-admin config show', mod))).toMatch(
      /Missing permissions \(in this channel\): none/,
    );
  });

  it("forget-me rewrites the kickoffs without the member (an ended pair's thread reopened, then closed again)", async () => {
    const h = await createHarness(use());
    await pairUp(h); // pair #1 Alice–Bob, ended below
    await h.run('click pair:tick:1:api', alice);
    await h.run(`/pair end user:<@${BOB}>`, alice);
    await h.run('/project announce name:"airbnb clone" summary:"UI again" role:frontend seeking:backend', carol);
    await h.run('click pair:seek:1', alice);
    await h.run('click pair:request:1', carol);
    await h.run('click pair:accept:2', alice); // pair #2 Alice–Carol, active
    const [ended, active] = [await pairRow(h, 1), await pairRow(h, 2)];
    const r = await h.run(`click nexus:forget:${ALICE}`, alice);
    expect(replyText(r)).toMatch(/pair thread kickoffs rewritten without your details: 2/);
    const inEnded = r.posted.filter((c) => c.path.startsWith(`/channels/${ended.threadId}`));
    expect(
      inEnded.map((c) => `${c.method} ${c.path.endsWith(ended.kickoffMessageId!) ? 'kickoff' : 'thread'}`),
    ).toEqual(['PATCH thread', 'PATCH kickoff', 'PATCH thread']);
    expect(inEnded[0]!.body).toEqual({ archived: false });
    expect(inEnded[2]!.body).toEqual({ archived: true, locked: true });
    const kickoffEdits = r.posted.filter(
      (c) =>
        c.path.endsWith(`/messages/${ended.kickoffMessageId}`) ||
        c.path.endsWith(`/messages/${active.kickoffMessageId}`),
    );
    expect(kickoffEdits).toHaveLength(2);
    for (const c of kickoffEdits) {
      const text = JSON.stringify(c.body);
      expect(text).not.toContain(ALICE);
      expect(text).not.toContain('alx-airbnb');
      expect(text).not.toContain('Africa/Lagos');
      expect(text).toContain('A former learner');
      expect(checkCall(c)).toEqual([]);
    }
    expect(JSON.stringify(kickoffEdits[0]!.body)).toContain('✅ Agree the API contract (a former learner)');
    // The ended pair's checklist keeps no buttons; the active pair's still has them.
    const endedEdit = kickoffEdits.find((c) => c.path.endsWith(`/messages/${ended.kickoffMessageId}`))!;
    const activeEdit = kickoffEdits.find((c) => c.path.endsWith(`/messages/${active.kickoffMessageId}`))!;
    expect(customIds(endedEdit.body)).toEqual([]);
    expect(customIds(activeEdit.body)).toContain('pair:tick:2:api');
    const left = await use().db.execute(sql`select count(*)::int as n from pair_ticks where ticked_by = ${ALICE}`);
    const rows = (Array.isArray(left) ? left : (left as { rows: unknown[] }).rows) as Array<{ n: number }>;
    expect(Number(rows[0]!.n)).toBe(0);
  });
});
