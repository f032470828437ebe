// One project however it is spelled: keys, near misses ("Did you mean …?"), tracks, and the recomputation
// of existing keys (migration 0011).
import { readFileSync } from 'node:fs';
import { count, countDistinct, eq, sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { MIGRATIONS_FOLDER } from '../src/db/migrate.js';
import { projectIdentity, projectIdentityName } from '../src/db/queries/projects.js';
import { pendingAnnounces, projects, tracks } from '../src/db/schema.js';
import { normalizeProjectName } from '../src/domain/text.js';
import { describeEachDatabase } from './helpers/db.js';
import {
  ALICE,
  BOB,
  CAROL,
  createHarness,
  GUILD,
  MOD,
  OTHER_GUILD,
  replyText,
  type Harness,
} from './helpers/harness.js';

const DAVE = '100000000000000004';

function customIds(r: { response: unknown }): string[] {
  return [...JSON.stringify(r.response).matchAll(/"custom_id":"([^"]+)"/g)].map((m) => m[1]!);
}

function rowsOf<T>(r: unknown): T[] {
  return (Array.isArray(r) ? r : (r as { rows: unknown[] }).rows) as T[];
}

async function backendAndFrontend(h: Harness, backendName: string, frontendName: string) {
  await h.run('/profile set role:backend timezone:Africa/Lagos availability:"weekdays 18-22"', { userId: ALICE });
  await h.run('/profile set role:frontend timezone:Europe/Berlin availability:"weekdays 18-22"', { userId: BOB });
  const a = await h.run(`/project announce name:"${backendName}" summary:API role:backend seeking:frontend`, {
    userId: ALICE,
  });
  const b = await h.run(`/project announce name:"${frontendName}" summary:UI role:frontend seeking:backend`, {
    userId: BOB,
  });
  return { a, b };
}

describeEachDatabase('project identity', (use) => {
  it('treats hyphens, spaces, case and accents as one project: the two learners find each other', async () => {
    const h = await createHarness(use());
    const { a, b } = await backendAndFrontend(h, 'E-Commerce Platform', 'ecommerce platform');
    expect(replyText(a)).toMatch(/Announced \*\*E-Commerce Platform\*\*/);
    expect(replyText(b)).toMatch(/Announced \*\*ecommerce platform\*\*/); // no question: it is the same project
    const found = await h.run('/pair find', { userId: ALICE });
    expect(replyText(found)).not.toMatch(/Nobody fits yet/);
    expect(replyText(found)).toContain(`<@${BOB}>`);
    const keys = await use().db.select({ key: projects.normalizedName }).from(projects);
    expect(keys.map((k) => k.key)).toEqual(['ecommerceplatform', 'ecommerceplatform']);
    const c = await h.run('/project announce name:"É Commerce  platform!" summary:"again"', { userId: ALICE });
    expect(replyText(c)).toMatch(/instead of announcing it twice/);
    // The digest/stats contract: one identity for both, shown under the name of the first announced one
    // (Alice's, renamed by her announce just above).
    const groups = await use()
      .db.select({ identity: projectIdentity, name: projectIdentityName, n: count() })
      .from(projects)
      .groupBy(projectIdentity, projectIdentityName);
    expect(groups).toEqual([{ identity: 'n:ecommerceplatform', name: 'É Commerce platform!', n: 2 }]);
  });

  it('links every spelling to a track, on announce and when the track is added; removing it keeps them one project', async () => {
    const h = await createHarness(use());
    await h.run('/project announce name:"ecommerce platform" summary:UI', { userId: BOB });
    const add = await h.run('/nexus-admin track add name:"E-commerce platform"', { userId: MOD, moderator: true });
    expect(replyText(add)).toMatch(/1 existing project linked/);
    const a = await h.run('/project announce name:"E-Commerce Platform" summary:API', { userId: ALICE });
    expect(replyText(a)).toMatch(/Linked to the \*\*E-commerce platform\*\* track/);
    const [track] = await use().db.select().from(tracks);
    const rows = await use().db.select().from(projects);
    expect(rows.map((p) => p.trackId)).toEqual([track!.id, track!.id]);
    const dup = await h.run('/nexus-admin track add name:"E Commerce platform"', { userId: MOD, moderator: true });
    expect(replyText(dup)).toMatch(/already exists/);
    await h.run('/nexus-admin track remove name:"ecommerce-platform"', { userId: MOD, moderator: true });
    const after = await use().db.select().from(projects);
    expect(after.every((p) => p.trackId === null && p.normalizedName === 'ecommerceplatform')).toBe(true);
  });

  it('asks about a near miss and keeps what was typed; "Yes, join it" joins the track, once', async () => {
    const h = await createHarness(use());
    await h.run('/nexus-admin track add name:"Airbnb clone"', { userId: MOD, moderator: true });
    await h.run('/project announce name:"Airbnb clone" summary:"Bookings API" role:backend seeking:frontend', {
      userId: ALICE,
    });
    const q = await h.run(
      '/project announce name:"Airbn clone" summary:"Booking UI" stack:react repo:https://github.com/c/ui role:frontend seeking:backend',
      { userId: CAROL },
    );
    expect(replyText(q)).toMatch(/^Did you mean \*\*Airbnb clone\*\* \(1 learner\)\?/);
    expect(replyText(q)).toMatch(/You typed \*\*Airbn clone\*\*/);
    expect(q.posted).toHaveLength(0);
    expect(await use().db.select().from(projects)).toHaveLength(1); // nothing saved yet
    const [join, apart] = customIds(q);
    expect(join).toMatch(/^project:near:\d+:join$/);
    expect(apart).toMatch(/^project:near:\d+:apart$/);
    // Forged: someone else, another guild.
    expect(replyText(await h.run(`click ${join}`, { userId: BOB }))).toMatch(/for the learner who announced/);
    expect(replyText(await h.run(`click ${join}`, { userId: CAROL, guildId: OTHER_GUILD }))).toMatch(/no longer open/);
    const yes = await h.run(`click ${join}`, { userId: CAROL });
    expect((yes.response as { type: number }).type).toBe(7); // replaces the question
    expect(replyText(yes)).toMatch(/Announced \*\*Airbnb clone\*\*/);
    expect(replyText(yes)).toMatch(/Linked to the \*\*Airbnb clone\*\* track/);
    expect(yes.posted).toHaveLength(1);
    const [track] = await use().db.select().from(tracks);
    const [carol] = await use().db.select().from(projects).where(eq(projects.ownerId, CAROL));
    expect(carol).toMatchObject({
      name: 'Airbnb clone',
      normalizedName: 'airbnbclone',
      trackId: track!.id,
      summary: 'Booking UI',
      stack: ['react'],
      repoUrl: 'https://github.com/c/ui',
      role: 'frontend',
      seekingRole: 'backend',
    });
    expect(replyText(await h.run('/pair find', { userId: CAROL }))).toContain(`<@${ALICE}>`);
    // Answered: a second click finds nothing.
    expect(replyText(await h.run(`click ${join}`, { userId: CAROL }))).toMatch(/no longer open/);
    expect(replyText(await h.run(`click ${apart}`, { userId: CAROL }))).toMatch(/no longer open/);
    expect(await use().db.select().from(projects)).toHaveLength(2);
    expect(await use().db.select().from(pendingAnnounces)).toHaveLength(0);
  });

  it('"No, it is different" saves it as typed and does not ask again', async () => {
    const h = await createHarness(use());
    await h.run('/nexus-admin track add name:"Airbnb clone"', { userId: MOD, moderator: true });
    const q = await h.run('/project announce name:"Airbn clone" summary:"mine"', { userId: CAROL });
    expect(replyText(q)).toMatch(/Did you mean \*\*Airbnb clone\*\* \(no learners yet\)\?/);
    const no = await h.run(`click ${customIds(q)[1]}`, { userId: CAROL });
    expect(replyText(no)).toMatch(/Announced \*\*Airbn clone\*\*/);
    expect(replyText(no)).not.toMatch(/Linked/);
    const [p] = await use().db.select().from(projects);
    expect(p).toMatchObject({ name: 'Airbn clone', normalizedName: 'airbnclone', trackId: null, summary: 'mine' });
    const again = await h.run('/project announce name:"airbn-clone" summary:"mine v2"', { userId: CAROL });
    expect(replyText(again)).toMatch(/instead of announcing it twice/);
    // Another learner typing the same name joins it without a question (it is a known project now).
    const dave = await h.run('/project announce name:"Airbn Clone" summary:"d"', { userId: DAVE });
    expect(replyText(dave)).toMatch(/Announced/);
  });

  it('catches near misses of projects too, counting learners per project, and leaves different numbers alone', async () => {
    const h = await createHarness(use());
    await h.run('/project announce name:"E-commerce platform" summary:a', { userId: ALICE });
    await h.run('/project announce name:"ecommerce-platform" summary:b', { userId: BOB });
    const q = await h.run('/project announce name:"Ecommerce API" summary:c', { userId: CAROL });
    expect(replyText(q)).toMatch(/Did you mean \*\*E-commerce platform\*\* \(2 learners\)\?/);
    const yes = await h.run(`click ${customIds(q)[0]}`, { userId: CAROL });
    expect(replyText(yes)).toMatch(/Announced \*\*E-commerce platform\*\*/);
    const [n] = await use()
      .db.select({ n: countDistinct(projectIdentity) })
      .from(projects);
    expect(n!.n).toBe(1);
    expect(
      await use().db.selectDistinct({ identity: projectIdentity, name: projectIdentityName }).from(projects),
    ).toEqual([{ identity: 'n:ecommerceplatform', name: 'E-commerce platform' }]);
    expect(replyText(await h.run('/project announce name:"Project 1" summary:x', { userId: DAVE }))).toMatch(
      /Announced/,
    );
    expect(replyText(await h.run('/project announce name:"Project 2" summary:x', { userId: DAVE }))).toMatch(
      /Announced/,
    );
  });

  it('a question expires; a newer announce replaces it; a click after the project exists updates it', async () => {
    const h = await createHarness(use());
    await h.run('/nexus-admin track add name:"Airbnb clone"', { userId: MOD, moderator: true });
    const q1 = await h.run('/project announce name:"Airbn clone" summary:"one"', { userId: CAROL });
    const q2 = await h.run('/project announce name:"Airbnbb clone" summary:"two"', { userId: CAROL });
    expect(replyText(await h.run(`click ${customIds(q1)[0]}`, { userId: CAROL }))).toMatch(/no longer open/);
    // Meanwhile Carol announced it under its own name.
    await h.run('/project announce name:"Airbnb clone" summary:"direct"', { userId: CAROL });
    const late = await h.run(`click ${customIds(q2)[0]}`, { userId: CAROL });
    expect(replyText(late)).toMatch(/instead of announcing it twice/);
    const rows = await use().db.select().from(projects);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.summary).toBe('two');
    const q3 = await h.run('/project announce name:"Airbn clone" summary:"three"', { userId: DAVE });
    h.clock.advance(16 * 60_000);
    expect(replyText(await h.run(`click ${customIds(q3)[0]}`, { userId: DAVE }))).toMatch(/expired/);
    expect(await use().db.select().from(projects)).toHaveLength(1);
  });

  it('two clicks at once save one project', async () => {
    const h = await createHarness(use());
    await h.run('/nexus-admin track add name:"Airbnb clone"', { userId: MOD, moderator: true });
    const q = await h.run('/project announce name:"Airbn clone" summary:"x"', { userId: CAROL });
    const [join, apart] = customIds(q);
    const results = await Promise.all([
      h.run(`click ${join}`, { userId: CAROL }),
      h.run(`click ${apart}`, { userId: CAROL }),
    ]);
    const texts = results.map(replyText);
    expect(texts.filter((t) => /Announced/.test(t))).toHaveLength(1);
    expect(texts.filter((t) => /no longer open/.test(t))).toHaveLength(1);
    expect(await use().db.select().from(projects)).toHaveLength(1);
  });

  it('autocomplete offers the track first, then the typed name, then similar projects', async () => {
    const h = await createHarness(use());
    await h.run('/nexus-admin track add name:"Airbnb clone"', { userId: MOD, moderator: true });
    const q = await h.run('/project announce name:"airbnb booking" summary:x', { userId: BOB });
    await h.run(`click ${customIds(q)[1]}`, { userId: BOB }); // a different project
    const r = await h.run('complete /project announce name:airbn');
    const values = (r.response as { data: { choices: Array<{ value: string }> } }).data.choices.map((c) => c.value);
    expect(values).toEqual(['Airbnb clone', 'airbn', 'airbnb booking']);
    const exact = await h.run('complete /project announce name:"airbnb-clone"');
    expect((exact.response as { data: { choices: Array<{ value: string }> } }).data.choices[0]!.value).toBe(
      'Airbnb clone',
    );
  });

  it('computes keys in the database exactly as the in-memory mirror does', async () => {
    const names = [
      'Airbnb clone',
      'AirBnB-Clone ',
      'E-Commerce Platform',
      'É commerce  platform!',
      'Café Ordering API',
      'Łódź transit',
      'Straße & Co',
      'Smørrebrød app',
      'Æsir game',
      'Œuvre gallery',
      'Proyecto Ñandú',
      'Проект Х',
      'ALX project 0x01',
      'ﬁnance tracker',
      'to_do_list v2.0',
    ];
    for (const n of names) {
      const r = await use().db.execute(sql`select nexus_project_key(${n}) as key`);
      expect(rowsOf<{ key: string }>(r)[0]!.key, n).toBe(normalizeProjectName(n));
    }
  });

  it('migration 0011 recomputes existing keys: merges tracks, links projects, keeps duplicates apart', async () => {
    const db = use().db;
    const now = new Date('2026-11-01T00:00:00Z');
    const [t1] = await db
      .insert(tracks)
      .values({ guildId: GUILD, name: 'E-commerce platform', normalizedName: 'e commerce platform', createdBy: MOD })
      .returning();
    const [t2] = await db
      .insert(tracks)
      .values({ guildId: GUILD, name: 'Ecommerce Platform', normalizedName: 'ecommerce platform', createdBy: MOD })
      .returning();
    const base = { guildId: GUILD, summary: 's', createdAt: now };
    await db.insert(projects).values([
      { ...base, ownerId: ALICE, name: 'E-Commerce Platform', normalizedName: 'e commerce platform', trackId: t1!.id },
      { ...base, ownerId: BOB, name: 'Ecommerce platform', normalizedName: 'ecommerce platform', trackId: t2!.id },
      { ...base, ownerId: CAROL, name: 'ecommerce-platform!', normalizedName: 'ecommerce platform x' },
      // One learner's two spellings: the most recently updated keeps the key.
      { ...base, ownerId: DAVE, name: 'Job board', normalizedName: 'job board', updatedAt: now },
      { ...base, ownerId: DAVE, name: 'Jobboard', normalizedName: 'jobboard', updatedAt: new Date(now.getTime() + 1) },
    ]);
    const file = readFileSync(`${MIGRATIONS_FOLDER}/0011_project_keys_and_text_extensions.sql`, 'utf8');
    for (const statement of file.split('--> statement-breakpoint')) await db.execute(sql.raw(statement));

    const ts = await db.select().from(tracks);
    expect(ts.map((t) => [t.id, t.normalizedName])).toEqual([[t1!.id, 'ecommerceplatform']]);
    const ps = await db.select().from(projects).orderBy(projects.id);
    expect(ps.map((p) => [p.ownerId, p.normalizedName, p.trackId])).toEqual([
      [ALICE, 'ecommerceplatform', t1!.id],
      [BOB, 'ecommerceplatform', t1!.id],
      [CAROL, 'ecommerceplatform', t1!.id],
      [DAVE, `jobboard #${ps[3]!.id}`, null],
      [DAVE, 'jobboard', null],
    ]);
    const h = await createHarness(use());
    const again = await h.run('/project announce name:"Job-Board" summary:"v3"', { userId: DAVE });
    expect(replyText(again)).toMatch(/#5\) instead of announcing it twice/);
  });
});
