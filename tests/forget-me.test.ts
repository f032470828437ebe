// /nexus forget-me leaves nothing of the learner: no row in any table holds their id or their words (a
// moderator's block excepted, kept as a moderation record), and the bot's public messages for them go.
import { getTableName, isTable, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { expect, it } from 'vitest';
import * as schema from '../src/db/schema.js';
import { describeEachDatabase } from './helpers/db.js';
import { ALICE, BOB, CAROL, CHANNEL, createHarness, MOD, replyText, type Harness } from './helpers/harness.js';

const DAVE = '100000000000000004';
const ada = { userId: ALICE, name: 'AdaLovelace' };
const mod = { userId: MOD, moderator: true, name: 'mod' };
/** Ada's words, each written once, so any copy left behind is found. */
const WORDS = {
  availability: 'ADA-AVAIL-evenings',
  summary: 'ADA-SUMMARY bookings API',
  title: 'ADA-TITLE celery pending',
  problem: 'ADA-PROBLEM worker idle',
  takeaway: 'ADA-TAKEAWAY index foreign keys',
  message: 'ADA-MESSAGE shall we',
  reason: 'ADA-REASON schedules clash',
  near: 'ADA-NEAR a question left open',
  draft: 'ADA-DRAFT a form to fix',
};
const NEEDLES = [ALICE, ada.name, ...Object.values(WORDS)];

const tables = Object.values(schema as Record<string, unknown>).filter((v): v is PgTable => isTable(v));

/** For every table, the rows whose JSON holds Ada's id, name or words. */
async function rowsOfAda(h: Harness): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const t of tables) {
    const name = getTableName(t);
    const r = await h.app.ctx.db.execute(sql`select row_to_json(t)::text as j from ${sql.identifier(name)} t`);
    const rows = (Array.isArray(r) ? r : (r as { rows: unknown[] }).rows) as Array<{ j: string }>;
    const hits = rows.map((x) => x.j).filter((j) => NEEDLES.some((n) => j.includes(n)));
    if (hits.length) out[name] = hits;
  }
  return out;
}

/** Ada with everything: profile, project, challenge, takeaway, a pending request, an ended and an active pair. */
async function adaEverywhere(h: Harness) {
  await h.run(`/profile set role:backend stack:django timezone:Africa/Lagos availability:"${WORDS.availability}"`, ada);
  await h.run(`/project announce name:"Airbnb clone" summary:"${WORDS.summary}" role:backend seeking:frontend`, ada);
  await h.run(`modal challenge:log title:"${WORDS.title}" problem:"${WORDS.problem}" tags:celery`, ada);
  await h.run(`/takeaway add text:"${WORDS.takeaway}"`, ada);
  await h.run('/project announce name:"airbnb-clone" summary:"UI" role:frontend seeking:backend', { userId: CAROL });
  await h.run('click pair:request:2', ada);
  await h.run('click pair:accept:1', { userId: CAROL });
  await h.run(`/pair end user:<@${CAROL}> reason:"${WORDS.reason}"`, ada); // an end notice, and her reason
  await h.run('click pair:seek:1', ada);
  await h.run('/project announce name:"Airbnb Clone" summary:"UI 2" role:frontend seeking:backend', { userId: BOB });
  await h.run('click pair:request:1', { userId: BOB });
  await h.run('click pair:accept:2', ada); // active pair with Bob, its confirmation posted
  await h.run('/project announce name:"Job board" summary:"x" role:frontend seeking:backend', { userId: DAVE });
  await h.run(`/pair request user:<@${DAVE}> message:"${WORDS.message}"`, ada); // pending
  await h.run('click challenge:helped:1', { userId: BOB }); // Bob's mark on her challenge goes with it
  // A near miss asks "Did you mean …?" and keeps what she typed until she answers: left open.
  const near = await h.run(`/project announce name:"Airbn clone" summary:"${WORDS.near}"`, ada);
  expect(JSON.stringify(near.response)).toMatch(/Did you mean/);
  // A form that did not validate keeps what she typed for "Fix it".
  const draft = await h.run(`modal challenge:log title:"" problem:"${WORDS.draft}"`, ada);
  expect(JSON.stringify(draft.response)).toMatch(/Fix it/);
  // A moderator's action on her entry: its audit snapshot holds her words.
  await h.run('/nexus-admin remove type:takeaway id:1 reason:"off topic"', mod);
}

describeEachDatabase('/nexus forget-me', (use) => {
  it('leaves no row with her id or words, deletes the messages posted for her, and says what it did', async () => {
    const h = await createHarness(use());
    await adaEverywhere(h);
    const before = await rowsOfAda(h);
    expect(Object.keys(before).sort()).toEqual(
      [
        'audit_log',
        'challenges',
        'form_drafts',
        'members',
        'pair_requests',
        'pairs',
        'pending_announces',
        'projects',
        'takeaways',
        'write_rates',
      ].sort(),
    );
    const [stored] = (await h.app.ctx.db
      .execute(
        sql`select (select count(*) from projects where owner_id = ${ALICE} and message_id is not null)
               + (select count(*) from challenges where author_id = ${ALICE} and message_id is not null)
               + (select count(*) from pair_requests where ${ALICE} in (requester_id, addressee_id) and message_id is not null)
               + (select count(*) from pairs where ${ALICE} in (user_a, user_b) and message_id is not null) as n`,
      )
      .then((r) => (Array.isArray(r) ? r : (r as { rows: unknown[] }).rows))) as Array<{ n: number }>;
    const messages = Number(stored!.n);
    // Her announcement and challenge card, three request messages (answered ones stay, edited), the end notice
    // to Carol and the confirmation with Bob.
    expect(messages).toBe(7);

    await h.run('/nexus forget-me', ada);
    const done = await h.run(`click nexus:forget:${ALICE}`, ada);
    const text = replyText(done);
    expect(text).toMatch(
      /projects: 1\n.*challenges: 1\n.*"helped me too" marks: 1\n.*takeaways: 1\n.*pair requests: 3/,
    );
    expect(text).toContain(`public messages: ${messages} of ${messages} deleted`);
    expect(text).toMatch(/moderation log entries with your words or id removed: 1/);
    expect(text).toMatch(/pairs kept for your partners without your name: 2/);
    expect(done.posted.filter((c) => c.method === 'DELETE')).toHaveLength(messages);
    expect(await rowsOfAda(h)).toEqual({});
    // Partners keep the pairs, without her; the audit row keeps action, moderator and time.
    expect(replyText(await h.run('/pair list', { userId: BOB }))).toMatch(/a former learner/);
    const audit = await use().db.select().from(schema.auditLog);
    const removal = audit.find((a) => a.action === 'takeaway.remove')!;
    expect(removal).toMatchObject({ actorId: MOD, before: { redacted: "removed at the member's request" } });
  });

  it('a blocked member who forgets themselves stays blocked: only the block record remains', async () => {
    const h = await createHarness(use());
    await adaEverywhere(h);
    await h.run(`/nexus-admin block user:<@${ALICE}> reason:spam`, mod);
    await h.run('/nexus forget-me', ada);
    const done = await h.run(`click nexus:forget:${ALICE}`, ada);
    expect(replyText(done)).toMatch(/block on you stays as a moderation record/);
    const left = await rowsOfAda(h);
    expect(Object.keys(left).sort()).toEqual(['audit_log', 'members']);
    expect(left.members).toHaveLength(1);
    expect(left.audit_log).toHaveLength(1);
    const [m] = await use()
      .db.select()
      .from(schema.members)
      .where(sql`user_id = ${ALICE}`);
    expect(m).toMatchObject({ displayName: '', role: null, stack: [], timezone: null, availability: null });
    expect(m!.blockedReason).toBe('spam');
    const [block] = await use()
      .db.select()
      .from(schema.auditLog)
      .where(sql`action = 'member.block'`);
    expect(block).toMatchObject({ actorId: MOD, targetId: ALICE }); // the trail keeps who was blocked
    // The block holds: she cannot write again.
    expect(replyText(await h.run('/takeaway add text:"back"', ada))).toMatch(/paused your Nexus access/);
    expect(
      await use()
        .db.select()
        .from(schema.takeaways)
        .where(sql`author_id = ${ALICE}`),
    ).toHaveLength(0);
    expect(replyText(await h.run('/nexus-admin unblock user:<@100000000000000001>', mod))).toMatch(/Unblocked/);
  });

  it("a moderator who forgets themselves leaves others' matching proposals without their id", async () => {
    const h = await createHarness(use());
    await h.run('/project announce name:"Todo app" summary:"API" role:backend seeking:frontend', { userId: BOB });
    await h.run('/project announce name:"todo app" summary:"UI" role:frontend seeking:backend', { userId: CAROL });
    expect(replyText(await h.run('/pair auto', mod))).toMatch(/propos/i);
    const [proposal] = await use().db.select().from(schema.pairRequests);
    expect(proposal!.proposedBy).toBe(MOD);
    await h.run('/nexus forget-me', mod);
    await h.run(`click nexus:forget:${MOD}`, mod);
    const rows = await use().db.select().from(schema.pairRequests);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.proposedBy).not.toBe(MOD);
    expect(rows[0]!.proposedBy).not.toBeNull(); // still a proposal: answered with its buttons
  });

  it('with nothing posted for her, the reply says so (no placeholder left)', async () => {
    const h = await createHarness(use());
    await h.run('/takeaway add text:"quiet"', ada);
    await h.run('/nexus forget-me', ada);
    const text = replyText(await h.run(`click nexus:forget:${ALICE}`, ada));
    expect(text).toContain('public messages: none to delete');
    expect(text).not.toContain('{deleted}');
  });

  it('a post still in flight when she forgets herself is taken down once Discord answers it', async () => {
    const h = await createHarness(use());
    const send = h.recorder.call.bind(h.recorder);
    const seen: Array<{ method: string; path: string; body: string; id?: string }> = [];
    let forgot: string | undefined;
    h.recorder.call = async (c) => {
      // Discord answers the announcement only after her forget-me has committed.
      if (forgot === undefined && c.method === 'POST' && /^\/channels\/\d+\/messages$/.test(c.path)) {
        await h.run('/nexus forget-me', ada);
        forgot = replyText(await h.run(`click nexus:forget:${ALICE}`, ada));
      }
      const answer = (await send(c)) as { id?: string } | undefined;
      seen.push({ method: c.method, path: c.path, body: JSON.stringify(c.body ?? null), id: answer?.id });
      return answer;
    };
    await h.run(`/project announce name:"Airbnb clone" summary:"${WORDS.summary}" role:backend`, ada);
    expect(forgot).toMatch(/projects: 1/);
    const post = seen.find((c) => c.method === 'POST' && c.body.includes(WORDS.summary));
    expect(post?.id).toBeDefined();
    expect(seen.filter((c) => c.method === 'DELETE').map((c) => c.path)).toEqual([
      `/channels/${CHANNEL}/messages/${post!.id}`,
    ]);
    expect(await rowsOfAda(h)).toEqual({});
  });

  it("forgetting herself while her partner's accept is being posted: no thread with her, no post naming her stays", async () => {
    const h = await createHarness(use());
    await h.run(`/profile set role:backend timezone:Africa/Lagos availability:"${WORDS.availability}"`, ada);
    await h.run(`/project announce name:"Airbnb clone" summary:"${WORDS.summary}" role:backend seeking:frontend`, ada);
    await h.run('/project announce name:"airbnb-clone" summary:"UI" role:frontend seeking:backend', { userId: BOB });
    await h.run('click pair:request:2', ada);
    const send = h.recorder.call.bind(h.recorder);
    const seen: Array<{ method: string; path: string; body: string; id?: string }> = [];
    let forgot = false;
    h.recorder.call = async (c) => {
      // The pair has formed and committed; Discord answers its confirmation only after her forget-me committed.
      if (!forgot && c.method === 'POST' && /^\/channels\/\d+\/messages$/.test(c.path)) {
        forgot = true;
        await h.run('/nexus forget-me', ada);
        await h.run(`click nexus:forget:${ALICE}`, ada);
      }
      const answer = (await send(c)) as { id?: string } | undefined;
      seen.push({ method: c.method, path: c.path, body: JSON.stringify(c.body ?? null), id: answer?.id });
      return answer;
    };
    await h.run('click pair:accept:1', { userId: BOB });
    expect(forgot).toBe(true);
    // The confirmation that names both went up, and came down again.
    const confirmation = seen.find((c) => c.method === 'POST' && c.body.includes('now a pair'));
    expect(confirmation?.id).toBeDefined();
    expect(seen.some((c) => c.method === 'DELETE' && c.path.endsWith(`/${confirmation!.id}`))).toBe(true);
    // No thread was opened for a pair she has left, and nothing of hers was posted after.
    expect(seen.filter((c) => c.path.endsWith('/threads') || c.path.includes('/thread-members/'))).toEqual([]);
    const after = seen.slice(seen.indexOf(confirmation!) + 1).filter((c) => c.method !== 'DELETE');
    for (const c of after)
      for (const needle of [ALICE, WORDS.summary, 'Africa/Lagos']) expect(c.body).not.toContain(needle);
    expect(await rowsOfAda(h)).toEqual({});
  });

  it('a message already gone counts as deleted; one Discord refuses does not', async () => {
    const h = await createHarness(use());
    await h.run(`/project announce name:"Airbnb clone" summary:"${WORDS.summary}" role:backend`, ada);
    await h.run('/nexus forget-me', ada);
    h.recorder.failWith = Object.assign(new Error('Unknown Message'), { status: 404 });
    expect(replyText(await h.run(`click nexus:forget:${ALICE}`, ada))).toMatch(/public messages: 1 of 1 deleted/);

    h.recorder.failWith = undefined;
    await h.run(`/project announce name:"Airbnb clone" summary:"${WORDS.summary}" role:backend`, ada);
    await h.run('/nexus forget-me', ada);
    h.recorder.failWith = Object.assign(new Error('Missing Permissions'), { status: 403 });
    expect(replyText(await h.run(`click nexus:forget:${ALICE}`, ada))).toMatch(/public messages: 0 of 1 deleted/);
    expect(await rowsOfAda(h)).toEqual({});
  });
});
