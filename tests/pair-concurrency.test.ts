// Pair requests under concurrent clicks: the member's write-rate row serialises their writing interactions,
// so the pending limit and "already asked" hold; one pending request per pair of members is a unique index.
import { and, eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { insertPairRequest } from '../src/db/queries/pair-requests.js';
import { pairRequests, projects } from '../src/db/schema.js';
import { lineToInteraction } from '../src/cli/try.js';
import { buttonInteraction, type Actor } from '../src/discord/payloads.js';
import type { RecordedCall } from '../src/discord/port.js';
import { isUniqueViolation } from '../src/errors.js';
import { describeEachDatabase } from './helpers/db.js';
import { ALICE, BOB, createHarness, GUILD, replyText, type Harness } from './helpers/harness.js';

const DAY = 86_400_000;
const owner = (i: number) => String(300000000000000000n + BigInt(i));

/** 12 projects of 12 other learners, all seeking; returns their ids. */
async function twelveProjects(h: Harness): Promise<number[]> {
  const now = h.clock.now();
  const rows = await h.app.ctx.db
    .insert(projects)
    .values(
      Array.from({ length: 12 }, (_, i) => ({
        guildId: GUILD,
        ownerId: owner(i),
        name: `Project ${i}`,
        normalizedName: `project ${i}`,
        summary: 'x',
        role: 'frontend' as const,
        seekingRole: 'backend' as const,
        seekingSince: now,
        seekingExpiresAt: new Date(now.getTime() + 14 * DAY),
        createdAt: now,
        updatedAt: now,
      })),
    )
    .returning({ id: projects.id });
  return rows.map((r) => r.id);
}

/** Runs the clicks at once (distinct interactions); replies in order, and every REST call they made. */
async function concurrently(h: Harness, clicks: Array<{ customId: string; as: Partial<Actor> }>) {
  h.recorder.take();
  const now = h.clock.now().getTime();
  const handled = await Promise.all(
    clicks.map((c) => h.handle(buttonInteraction(h.actor(c.as), c.customId, undefined, now))),
  );
  const replies = handled.map((x) => replyText({ line: '', response: x.response, posted: [], files: [] }));
  return { replies, calls: h.recorder.take() };
}

const pings = (calls: RecordedCall[]) =>
  calls.filter((c) => c.method === 'POST' && JSON.stringify(c.body).includes('pair:accept'));

describeEachDatabase('pair requests under concurrent clicks', (use) => {
  it('12 clicks on 12 projects at once: 5 pending requests (the limit), the rest told why', async () => {
    const h = await createHarness(use());
    const ids = await twelveProjects(h);
    const { replies, calls } = await concurrently(
      h,
      ids.map((id) => ({ customId: `pair:request:${id}`, as: { userId: ALICE } })),
    );
    expect(replies.filter((r) => /Request sent/.test(r))).toHaveLength(5);
    expect(replies.filter((r) => /You have 5 pending requests/.test(r))).toHaveLength(7);
    const pending = await use().db.select().from(pairRequests).where(eq(pairRequests.status, 'pending'));
    expect(pending).toHaveLength(5);
    expect(pings(calls)).toHaveLength(5);
    expect(new Set(pending.map((r) => r.addresseeId)).size).toBe(5); // one per addressee
  });

  it('12 clicks on the same project at once: one request, one ping, the rest "You already asked"', async () => {
    const h = await createHarness(use());
    const [id] = await twelveProjects(h);
    const { replies, calls } = await concurrently(
      h,
      Array.from({ length: 12 }, () => ({ customId: `pair:request:${id}`, as: { userId: ALICE } })),
    );
    expect(replies.filter((r) => /Request sent/.test(r))).toHaveLength(1);
    expect(replies.filter((r) => /You already asked/.test(r))).toHaveLength(11);
    expect(await use().db.select().from(pairRequests)).toHaveLength(1);
    expect(pings(calls)).toHaveLength(1);
  });

  it('A asks B while B asks A: one request stays pending, the other is told clearly', async () => {
    const h = await createHarness(use());
    const now = h.clock.now().getTime();
    const [a, b] = await Promise.all([
      h.handle(lineToInteraction(`/pair request user:<@${BOB}>`, h.actor({ userId: ALICE }), now)),
      h.handle(lineToInteraction(`/pair request user:<@${ALICE}>`, h.actor({ userId: BOB }), now)),
    ]);
    const replies = [a, b].map((x) => replyText({ line: '', response: x.response, posted: [], files: [] }));
    expect(replies.filter((r) => /Request sent/.test(r))).toHaveLength(1);
    expect(replies.filter((r) => /already asked you|at the same moment/.test(r))).toHaveLength(1);
    expect(await use().db.select().from(pairRequests)).toHaveLength(1);
  });

  it('the database allows one pending request per pair of members, whoever asked', async () => {
    const h = await createHarness(use());
    const db = h.app.ctx.db;
    const now = h.clock.now();
    const row = (requesterId: string, addresseeId: string) => ({
      guildId: GUILD,
      requesterId,
      addresseeId,
      projectId: null,
      message: null,
      expiresAt: new Date(now.getTime() + 7 * DAY),
      createdAt: now,
      proposedBy: null,
    });
    expect(await insertPairRequest(db, row(ALICE, BOB))).not.toBe('clash');
    expect(await insertPairRequest(db, row(BOB, ALICE))).toBe('clash');
    expect(await insertPairRequest(db, row(ALICE, BOB))).toBe('clash');
    const err = await db
      .insert(pairRequests)
      .values(row(BOB, ALICE))
      .then(() => undefined)
      .catch((e: unknown) => e);
    expect(isUniqueViolation(err, 'pair_requests_pending_pair_uq')).toBe(true);
    // Answered ones do not count.
    await db.update(pairRequests).set({ status: 'declined' }).where(eq(pairRequests.requesterId, ALICE));
    expect(await insertPairRequest(db, row(BOB, ALICE))).not.toBe('clash');
  });

  it('a lapsed request still marked pending does not block a new one: it is settled first', async () => {
    const h = await createHarness(use());
    await h.run(`/pair request user:<@${BOB}>`, { userId: ALICE });
    h.clock.advance(8 * 24 * 3_600_000); // past expiry; no scheduler tick has run
    const r = await h.run(`/pair request user:<@${ALICE}>`, { userId: BOB });
    expect(replyText(r)).toMatch(/Request sent to <@100000000000000001>/);
    expect(r.posted.find((c) => c.method === 'PATCH')!.body).toMatchObject({ content: 'This pair request expired.' });
    const rows = await use()
      .db.select({ from: pairRequests.requesterId, status: pairRequests.status })
      .from(pairRequests)
      .where(and(eq(pairRequests.guildId, GUILD)));
    expect(rows.sort((x, y) => x.from.localeCompare(y.from))).toEqual([
      { from: ALICE, status: 'expired' },
      { from: BOB, status: 'pending' },
    ]);
  });
});
