// /nexus readme end to end: the real router and database, Discord recorded.
import { marked } from 'marked';
import { expect, it } from 'vitest';
import { README_MEMBER_LOOKUPS } from '../src/commands/nexus/readme.js';
import type { LineResult } from '../src/cli/try.js';
import * as schema from '../src/db/schema.js';
import { describeEachDatabase } from './helpers/db.js';
import { ALICE, BOB, GUILD, createHarness, isEphemeral, replyText, type Harness } from './helpers/harness.js';

const ADA = { userId: ALICE, name: 'Ada' };
const BOLA = { userId: BOB, name: 'Bola' };

/** A realistic backend learner paired with a frontend learner building the same project. */
async function realisticLearner(h: Harness) {
  await h.run(
    '/profile set role:backend stack:django,postgresql,docker timezone:Africa/Lagos availability:"weekdays 18-22" seeking:true',
    ADA,
  );
  await h.run(
    '/project announce name:"Airbnb clone" summary:"Bookings API with JWT auth" stack:django,postgres,redis repo:https://github.com/ada/alx-airbnb role:backend seeking:frontend',
    ADA,
  );
  await h.run(
    'modal challenge:log title:"Celery tasks stay pending" problem:"Worker starts but nothing runs" solution:"Use the compose service name for the broker" tags:"celery, docker"',
    ADA,
  );
  await h.run(
    'modal challenge:log title:"N+1 queries on listings" problem:"The listings endpoint makes 200 queries" tags:"django, performance"',
    ADA,
  );
  await h.run('/takeaway add text:"Index the foreign keys you filter on" tags:postgres', ADA);
  await h.run('/project announce name:"airbnb-clone" summary:"UI" role:frontend seeking:backend', BOLA);
  await h.run('/profile set role:frontend timezone:Europe/Berlin', BOLA);
  await h.run(`/pair request user:<@${BOB}>`, ADA);
  await h.run('click pair:accept:1', BOLA);
}

function readmeOf(r: { files: Array<{ name: string; data: string | Buffer }> }): string {
  const f = r.files.find((x) => x.name === 'README.md');
  expect(f).toBeDefined();
  return String(f!.data);
}

/** The member lookups one interaction made (try's runLine collects the REST calls of each line). */
function memberGets(r: LineResult): string[] {
  return r.posted
    .filter((c) => c.method === 'GET' && c.path.startsWith(`/guilds/${GUILD}/members/`))
    .map((c) => c.path);
}

/** A learner with `n` partners, written straight to the tables (pairing 60 people through commands is slow). */
async function learnerWithPartners(h: Harness, n: number) {
  const db = h.app.ctx.db;
  await h.run('/profile set role:backend stack:django', ADA);
  const partners = Array.from({ length: n }, (_, i) => `2000000000000${String(i).padStart(5, '0')}`);
  await db
    .insert(schema.members)
    .values(
      partners.map((userId, i) => ({ guildId: GUILD, userId, displayName: `Partner ${i}`, role: 'frontend' as const })),
    );
  await db.insert(schema.pairs).values(
    partners.map((userB, i) => ({
      guildId: GUILD,
      userA: ALICE,
      userB,
      startedAt: new Date(Date.UTC(2026, 0, 1 + i)),
      endedAt: i % 2 ? new Date(Date.UTC(2026, 2, 1)) : null,
    })),
  );
  return partners;
}

describeEachDatabase('/nexus readme', (use) => {
  it('builds a realistic learner’s README with the sections learners write, in order', async () => {
    const h = await createHarness(use());
    await realisticLearner(h);
    const r = await h.run('/nexus readme format:table-style', ADA);
    expect(isEphemeral(r)).toBe(true);
    expect(replyText(r)).toMatch(/README is attached/);
    expect(replyText(r)).toContain('**Challenges & Solutions**: 1 challenge with solutions');
    const data = (r.response as { data: { attachments: Array<{ filename: string }> } }).data;
    expect(data.attachments).toEqual([{ id: '0', filename: 'README.md' }]);
    const md = readmeOf(r);
    const html = await marked.parse(md);
    const headings = [...html.matchAll(/<h([12])[^>]*>(.*?)<\/h\1>/g)].map((m) => m[2]);
    expect(headings).toEqual([
      'alx-project-nexus',
      'Project Objective',
      'Overview of the ProDev Backend Engineering Program',
      'Major Learnings',
      'Challenges &amp; Solutions',
      'Best Practices &amp; Takeaways',
      'Collaboration Hub',
    ]);
    expect(md).toContain('By **Ada**, ProDev Backend Engineering learner.');
    const challengeTable = html.slice(html.indexOf('Challenges &amp; Solutions'));
    const rows = [...challengeTable.slice(0, challengeTable.indexOf('</table>')).matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map(
      (m) => m[1]!,
    );
    expect(rows).toHaveLength(2); // header + the solved one; the open one waits for its solution
    expect(rows[1]).toContain('Celery tasks stay pending');
    expect(rows[1]).toContain('Use the compose service name for the broker');
    expect(html).toContain('href="https://github.com/ada/alx-airbnb"');
    expect(md).toContain('- **PostgreSQL**: '); // typed "postgresql", stored "postgres", shown by its name
    expect(md).toContain('- Paired with **Bola** (frontend learner) on **Airbnb clone**.');
    expect(md).toContain('- Index the foreign keys you filter on');
    expect(md).toContain('Repository: [github.com/ada/alx-project-nexus](https://github.com/ada/alx-project-nexus)');
  });

  it('shows a pair’s project under each learner’s own spelling', async () => {
    const h = await createHarness(use());
    await realisticLearner(h);
    // The pair points at one side's project; each README names it as its author wrote it.
    expect(readmeOf(await h.run('/nexus readme sections:collaboration', ADA))).toContain('on **Airbnb clone**.');
    expect(readmeOf(await h.run('/nexus readme sections:collaboration', BOLA))).toContain('on **airbnb-clone**.');
    const db = h.app.ctx.db;
    const [pair] = await db.select().from(schema.pairs);
    const projects = await db.select().from(schema.projects);
    const bolas = projects.find((p) => p.ownerId === BOB)!;
    const adas = projects.find((p) => p.ownerId === ALICE)!;
    expect([bolas.id, adas.id]).toContain(pair!.projectId);
  });

  it('keeps pasted code as code', async () => {
    const h = await createHarness(use());
    await h.run('/profile set role:backend', ADA);
    await h.run(
      'modal challenge:log title:"Build fails on `npm run build`" problem:"The log says:\n```\nModule not found: pg\n```" solution:"Installed it: `npm i pg`, then rebuilt." tags:"node, postgres"',
      ADA,
    );
    const md = readmeOf(await h.run('/nexus readme sections:challenges', ADA));
    expect(md).toContain(
      '- **Challenge**: Build fails on `npm run build`. The log says:\n  ```\n  Module not found: pg\n  ```\n  - **Solution**: Installed it: `npm i pg`, then rebuilt.',
    );
    expect(md).not.toContain('\\`');
  });

  it('adds review notes on request', async () => {
    const h = await createHarness(use());
    await realisticLearner(h);
    const md = readmeOf(await h.run('/nexus readme detail:true', ADA));
    expect(md).toContain('  - _From:_ profile stack; **Airbnb clone**; 1 takeaway');
    expect(md).toContain('_Still open:_');
    expect(md).toContain('N+1 queries on listings');
    expect(readmeOf(await h.run('/nexus readme', ADA))).not.toContain('_From:_');
  });

  it('gives an almost empty learner a README without empty sections, and says what fills the rest', async () => {
    const h = await createHarness(use());
    const r = await h.run('/nexus readme');
    const md = readmeOf(r);
    expect([...md.matchAll(/^## (.*)$/gm)].map((m) => m[1])).toEqual([
      'Project Objective',
      'Overview of the ProDev Backend Engineering Program',
      'Collaboration Hub',
    ]);
    expect(md).not.toMatch(/\/(project|challenge|takeaway|pair|profile) /);
    const text = replyText(r);
    for (const cmd of ['/project announce', '/challenge log', '/takeaway add', '/pair find'])
      expect(text).toContain(cmd);
    const bad = await h.run('/nexus readme sections:"overview, gossip"');
    expect(replyText(bad)).toMatch(/Unknown README section "gossip"/);
    expect(bad.files).toHaveLength(0);
    // The old section names still work.
    const old = readmeOf(await h.run('/nexus readme sections:"technologies, concepts"'));
    expect(old).not.toContain('## Project Objective');
  });

  it('does not name a partner who has left the server (once the cached answer expires)', async () => {
    const h = await createHarness(use());
    await realisticLearner(h);
    let r = await h.run('/nexus readme', ADA);
    expect(readmeOf(r)).toContain('**Bola**');
    expect(memberGets(r)).toEqual([`/guilds/${GUILD}/members/${BOB}`]);
    h.recorder.departed.add(BOB);
    // Within ten minutes the cached answer stands and Discord is not asked again.
    r = await h.run('/nexus readme', ADA);
    expect(readmeOf(r)).toContain('**Bola**');
    expect(memberGets(r)).toEqual([]);
    h.clock.advance(10 * 60_000);
    r = await h.run('/nexus readme', ADA);
    expect(memberGets(r)).toEqual([`/guilds/${GUILD}/members/${BOB}`]);
    const md = readmeOf(r);
    expect(md).not.toContain('Bola');
    expect(md).toContain('- Paired with a fellow learner on **Airbnb clone**.');
  });

  it('bounds Discord lookups per call and never repeats one within the TTL (60 partners, 5 callers)', async () => {
    const h = await createHarness(use());
    const partners = await learnerWithPartners(h, 60);
    const perCall: string[][] = [];
    for (let caller = 0; caller < 5; caller++) {
      const r = await h.run(`/nexus readme user:<@${ALICE}>`, { userId: `30000000000000000${caller}`, name: 'x' });
      expect(readmeOf(r)).toContain('Paired with **Partner');
      perCall.push(memberGets(r));
    }
    // Only the partners the README lists are checked: current pairs first, newest first.
    const ongoingNewest = partners.filter((_, i) => i % 2 === 0).reverse();
    expect(perCall[0]).toEqual(
      ongoingNewest.slice(0, README_MEMBER_LOOKUPS).map((id) => `/guilds/${GUILD}/members/${id}`),
    );
    expect(perCall.slice(1)).toEqual([[], [], [], []]);
    // After the TTL they are asked again, still within the bound.
    h.clock.advance(10 * 60_000);
    expect(memberGets(await h.run('/nexus readme', ADA)).length).toBe(README_MEMBER_LOOKUPS);
  });

  it('keeps names it did not check when Discord cannot answer, and asks again next time', async () => {
    const h = await createHarness(use());
    await learnerWithPartners(h, 3);
    h.recorder.failWith = Object.assign(new Error('Discord is down'), { status: 503 });
    const down = await h.run('/nexus readme', ADA);
    h.recorder.failWith = undefined;
    expect(readmeOf(down)).toContain('Paired with **Partner 2**');
    expect(memberGets(down)).toHaveLength(3);
    expect(memberGets(await h.run('/nexus readme', ADA))).toHaveLength(3);
  });

  it('makes no repeated lookups for a learner with few partners', async () => {
    const h = await createHarness(use());
    await learnerWithPartners(h, 8);
    expect(memberGets(await h.run('/nexus readme', ADA))).toHaveLength(8);
    for (let i = 0; i < 4; i++) expect(memberGets(await h.run('/nexus readme', ADA))).toHaveLength(0);
  });
});
