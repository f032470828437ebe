import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { listProjects } from '../src/db/queries/projects.js';
import { members, projects } from '../src/db/schema.js';
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
} from './helpers/harness.js';

const ANNOUNCE =
  '/project announce name:"Airbnb clone" summary:"Bookings API" stack:"Django, PostgreSQL" repo:https://github.com/alice/alx-airbnb role:backend seeking:frontend';

function choices(r: { response: unknown }) {
  return (
    (r.response as { data: { choices: Array<{ name: string; value: string | number }> } }).data.choices ?? []
  ).map((c) => c.value);
}

describeEachDatabase('/project', (use) => {
  it('announces: saves, posts the embed with a pair button and no pings, confirms ephemerally with a link', async () => {
    const h = await createHarness(use());
    const r = await h.run(ANNOUNCE);
    expect(isEphemeral(r)).toBe(true);
    expect(replyText(r)).toMatch(/Announced \*\*Airbnb clone\*\* \(#1\)/);
    expect(replyText(r)).toMatch(/https:\/\/discord\.com\/channels\/900000000000000001\/800000000000000001\/\d+/);
    expect(r.posted).toHaveLength(1);
    const post = r.posted[0]!;
    expect(post.path).toBe('/channels/800000000000000001/messages');
    const body = post.body as {
      allowed_mentions: unknown;
      embeds: Array<{ title: string }>;
      components: Array<{ components: Array<{ custom_id: string }> }>;
    };
    expect(body.allowed_mentions).toEqual({ parse: [] });
    expect(body.embeds[0]!.title).toBe('Airbnb clone');
    expect(body.components[0]!.components[0]!.custom_id).toBe('pair:request:1');
    const [row] = await use().db.select().from(projects);
    expect(row).toMatchObject({
      guildId: GUILD,
      ownerId: ALICE,
      normalizedName: 'airbnbclone',
      stack: ['django', 'postgres'],
      role: 'backend',
      seekingRole: 'frontend',
      messageId: expect.any(String),
    });
    expect(row!.seekingExpiresAt!.getTime() - h.clock.now().getTime()).toBe(14 * 86_400_000);
  });

  it('posts to the configured Nexus channel', async () => {
    const h = await createHarness(use());
    await h.run('/nexus-admin config set nexus_channel:<#800000000000000077>', { moderator: true, userId: MOD });
    const r = await h.run(ANNOUNCE);
    expect(r.posted[0]!.path).toBe('/channels/800000000000000077/messages');
  });

  it('treats spelling variants as the same project: announcing again updates instead of duplicating', async () => {
    const h = await createHarness(use());
    await h.run(ANNOUNCE);
    const again = await h.run('/project announce name:"AirBnB-Clone " summary:"Bookings API v2"');
    expect(replyText(again)).toMatch(/instead of announcing it twice/);
    expect(again.posted[0]!.method).toBe('PATCH');
    const rows = await use().db.select().from(projects);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      summary: 'Bookings API v2',
      stack: ['django', 'postgres'],
      seekingRole: 'frontend',
    });
  });

  it('enforces the active-project limit', async () => {
    const h = await createHarness(use());
    for (const n of ['One', 'Two', 'Three']) await h.run(`/project announce name:${n} summary:x`);
    const r = await h.run('/project announce name:Four summary:x');
    expect(replyText(r)).toMatch(/already have 3 active projects/);
    expect(await use().db.select().from(projects)).toHaveLength(3);
    await h.run('/project archive id:1');
    expect(replyText(await h.run('/project announce name:Four summary:x'))).toMatch(/Announced/);
    // Announcing the archived one again makes it active: the limit holds for it too.
    expect(replyText(await h.run('/project announce name:One summary:x'))).toMatch(/already have 3 active projects/);
    const active = (await use().db.select().from(projects)).filter((p) => p.status === 'active');
    expect(active.map((p) => p.name).sort()).toEqual(['Four', 'Three', 'Two']);
    await h.run('/project archive id:2');
    expect(replyText(await h.run('/project announce name:One summary:x'))).toMatch(
      /Announced \*\*One\*\* \(#1\) again/,
    );
  });

  it('lets only the author update or archive; another guild’s id is not found', async () => {
    const h = await createHarness(use());
    await h.run(ANNOUNCE);
    expect(replyText(await h.run('/project update id:1 summary:hacked', { userId: BOB }))).toMatch(/not yours/);
    expect(replyText(await h.run('/project archive id:1', { userId: BOB }))).toMatch(/not yours/);
    expect(replyText(await h.run('/project show id:1', { guildId: OTHER_GUILD }))).toMatch(/#1 was not found/);
    expect(replyText(await h.run('/project update id:1 summary:"better"'))).toMatch(/Updated project #1/);
    expect(replyText(await h.run('/project archive id:1'))).toMatch(/Archived/);
    const [row] = await use().db.select().from(projects);
    expect(row).toMatchObject({ summary: 'better', status: 'archived', seekingRole: null });
    expect(replyText(await h.run('/project update id:1 summary:again'))).toMatch(/archived/);
  });

  it('lists with filters and pages with buttons', async () => {
    const h = await createHarness(use());
    for (let i = 1; i <= 7; i++) {
      const user = `1000000000000001${String(i).padStart(2, '0')}`;
      await h.run(
        `/project announce name:"Project ${i}" summary:"s${i}" stack:${i % 2 ? 'react' : 'django'} seeking:${i <= 3 ? 'frontend' : 'none'}`,
        { userId: user },
      );
      h.clock.advance(60_000);
    }
    const all = await h.run('/project list');
    expect(replyText(all)).toMatch(/Page 1 of 2 · 7 projects/);
    expect(replyText(all)).toMatch(/#7 Project 7/); // newest first
    const next = (
      all.response as { data: { components: Array<{ components: Array<{ custom_id: string; disabled: boolean }> }> } }
    ).data.components[0]!.components;
    expect(next[0]!.disabled).toBe(true);
    const page2 = await h.run(`click ${next[1]!.custom_id}`);
    expect(page2.response!.type).toBe(7); // updates the list message
    expect(replyText(page2)).toMatch(/Page 2 of 2/);
    expect(replyText(page2)).toMatch(/#1 Project 1/);
    expect(replyText(await h.run('/project list tag:React'))).toMatch(/4 projects/);
    expect(replyText(await h.run('/project list seeking:frontend'))).toMatch(/3 projects/);
    expect(replyText(await h.run('/project list seeking:frontend tag:django'))).toMatch(/1 project\b/);
    expect(replyText(await h.run('/project list track:nothing'))).toMatch(/no track named/);
    // A page past the end (a stale Next button) still knows the total, with and without filters.
    const filters = [{}, { tag: 'react' }, { seeking: 'frontend' as const, tag: 'django' }];
    const totals = [];
    for (const f of filters)
      totals.push((await listProjects(use().db, GUILD, { ...f, now: h.clock.now() }, 50, 5)).total);
    expect(totals).toEqual([7, 4, 1]);
    expect((await listProjects(use().db, OTHER_GUILD, { now: h.clock.now() }, 5, 5)).total).toBe(0);
  });

  it('lets seeking lapse after the configured days, and renews it with one click', async () => {
    const h = await createHarness(use());
    await h.run(ANNOUNCE);
    expect(replyText(await h.run('/project list seeking:any'))).toMatch(/1 project/);
    h.clock.advance(15 * 86_400_000);
    expect(replyText(await h.run('/project list seeking:any'))).toMatch(/No projects/);
    const mine = await h.run('/project mine');
    expect(replyText(mine)).toMatch(/seeking lapsed/);
    expect(JSON.stringify(mine.response)).toContain('project:renew:1');
    expect(replyText(await h.run('click project:renew:1', { userId: BOB }))).toMatch(/not yours/);
    const renew = await h.run('click project:renew:1');
    expect(replyText(renew)).toMatch(/Renewed/);
    expect(replyText(await h.run('/project list seeking:frontend'))).toMatch(/1 project/);
  });

  it('autocompletes names from tracks and projects, ids from what the caller may act on, and tags', async () => {
    const h = await createHarness(use());
    await h.run('/nexus-admin track add name:"E-commerce API"', { moderator: true, userId: MOD });
    await h.run(ANNOUNCE);
    await h.run('/project announce name:"Job board" summary:x stack:react', { userId: BOB });
    expect(choices(await h.run('complete /project announce name:comm'))).toContain('E-commerce API');
    expect(choices(await h.run('complete /project announce name:airb'))).toContain('Airbnb clone');
    expect(choices(await h.run('complete /project archive id:'))).toEqual([1]);
    expect(choices(await h.run('complete /project show id:'))).toEqual(expect.arrayContaining([1, 2]));
    expect(choices(await h.run('complete /project announce name:x summary:y stack:"django, re"'))).toContain(
      'django, react',
    );
    expect(choices(await h.run('complete /project list tag:po'))).toContain('postgres');
  });

  it('refuses hostile and invalid input with a clear error and stores nothing', async () => {
    const h = await createHarness(use());
    const cases: Array<[string, RegExp]> = [
      [
        `/project announce name:x summary:"${'y'.repeat(10_000)}"`,
        /summary.*at most 1000 characters \(you sent 10000\)/,
      ],
      [`/project announce name:"${'n'.repeat(101)}" summary:x`, /name.*at most 100/],
      ['/project announce name:x summary:y repo:javascript:alert(1)', /repo.*http/],
      ['/project announce name:x summary:y repo:"ftp://example.com/x"', /repo.*http/],
      // A masked link hidden in a URL would show as a link to somewhere else in the public embed.
      ['/project announce name:x summary:y repo:"https://github.com/a/[x](https://phish.example)"', /repo.*brackets/],
      ['/project announce name:x summary:y repo:"https://github.com/a/<b>"', /repo.*brackets/],
      ['/project announce name:x summary:y repo:"https://github.com/a/`x`"', /repo.*brackets/],
      ['/project announce name:"!!!" summary:y', /letter or digit/],
      ['/project announce name:"   " summary:y', /name.*empty/],
    ];
    for (const [line, msg] of cases) {
      const r = await h.run(line);
      expect(isEphemeral(r), line).toBe(true);
      expect(replyText(r), line).toMatch(msg);
      expect(r.posted).toHaveLength(0);
    }
    expect(await use().db.select().from(projects)).toHaveLength(0);
  });

  it('stores hostile text as given and renders it escaped, never pinging', async () => {
    const h = await createHarness(use());
    const r = await h.run(
      '/project announce name:"@everyone <@&123456789012345678>" summary:"**bold** [x](https://evil) @here\u0000" seeking:frontend',
    );
    const body = JSON.stringify(r.posted[0]!.body);
    expect(body).not.toMatch(/@everyone|@here/);
    expect((r.posted[0]!.body as { allowed_mentions: unknown }).allowed_mentions).toEqual({ parse: [] });
    const [row] = await use().db.select().from(projects);
    expect(row!.summary).toBe('**bold** [x](https://evil) @here'); // NUL is the one character PostgreSQL text cannot hold
  });

  it('shows a stored repository URL that holds markdown as code, never as a masked link', async () => {
    const h = await createHarness(use());
    await h.run(ANNOUNCE);
    await use()
      .db.update(projects)
      .set({ repoUrl: 'https://github.com/a/[docs](https://phish.example)' })
      .where(eq(projects.id, 1));
    const r = await h.run('/project update id:1 summary:"v2"');
    const edit = r.posted.find((c) => c.method === 'PATCH')!;
    const fields = (edit.body as { embeds: Array<{ fields: Array<{ name: string; value: string }> }> }).embeds[0]!
      .fields;
    expect(fields.find((f) => f.name === 'Repository')!.value).toBe(
      '`https://github.com/a/[docs](https://phish.example)`',
    );
    const ok = await h.run('/project update id:1 repo:https://github.com/a/alx_airbnb-backend');
    expect(replyText(ok)).toContain('Repository: https://github.com/a/alx_airbnb-backend');
  });

  it('refuses blocked members', async () => {
    const h = await createHarness(use());
    await use().db.insert(members).values({ guildId: GUILD, userId: CAROL, blockedAt: h.clock.now() });
    expect(replyText(await h.run(ANNOUNCE, { userId: CAROL }))).toMatch(/paused/);
    expect(await use().db.select().from(projects).where(eq(projects.ownerId, CAROL))).toHaveLength(0);
  });

  it('lets the owner announce the same project again after a moderator removed it', async () => {
    const h = await createHarness(use());
    await h.run(ANNOUNCE);
    await h.run('/nexus-admin remove type:project id:1 reason:"wrong channel"', { userId: MOD, moderator: true });
    const again = await h.run(ANNOUNCE);
    expect(replyText(again)).toMatch(/Announced \*\*Airbnb clone\*\* \(#2\)/);
    expect(await use().db.select().from(projects)).toHaveLength(2);
  });
});
