import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { updateGuildSettings } from '../src/db/queries/settings.js';
import { challengeHelped, challenges, members, projects } from '../src/db/schema.js';
import { buttonInteraction } from '../src/discord/payloads.js';
import type { LineResult } from '../src/cli/try.js';
import { describeEachDatabase } from './helpers/db.js';
import {
  ALICE,
  BOB,
  CAROL,
  CHANNEL,
  createHarness,
  GUILD,
  isEphemeral,
  OTHER_GUILD,
  replyText,
  type Harness,
} from './helpers/harness.js';

const NOW = new Date('2026-12-01T12:00:00Z');

type Embed = {
  title?: string;
  description?: string;
  fields?: Array<{ name: string; value: string }>;
  footer?: { text: string };
};
type Data = {
  content?: string;
  embeds?: Embed[];
  components?: Array<{ components: Array<{ custom_id?: string; label?: string }> }>;
  allowed_mentions?: unknown;
  custom_id?: string;
};

function data(r: LineResult): Data {
  return (r.response as { data?: Data } | null)?.data ?? {};
}
function customIds(d: Data): string[] {
  return (d.components ?? []).flatMap((row) => row.components.map((c) => c.custom_id ?? ''));
}
function embedText(e: Embed): string {
  return [e.title, e.description, ...(e.fields ?? []).map((f) => `${f.name}: ${f.value}`), e.footer?.text]
    .filter(Boolean)
    .join('\n');
}

async function log(h: Harness, fields: string, as?: Parameters<Harness['run']>[1]) {
  return h.run(`modal challenge:log ${fields}`, as);
}

describeEachDatabase('/challenge', (use) => {
  it('opens a form with the named inputs', async () => {
    const h = await createHarness(use(), { now: NOW });
    const r = await h.run('/challenge log');
    expect(r.response?.type).toBe(9);
    const modal = data(r);
    expect(modal.custom_id).toBe('challenge:log');
    const ids = (modal.components ?? []).flatMap((row) => row.components.map((c) => c.custom_id));
    expect(ids).toEqual(['title', 'problem', 'solution', 'tags', 'project']);
  });

  it('logs an open challenge, posts a public card, and solves it later', async () => {
    const h = await createHarness(use(), { now: NOW });
    const r = await log(
      h,
      'title:"Docker networking" problem:"The web container cannot reach postgres on localhost" tags:"docker, PostgreSQL"',
    );
    expect(isEphemeral(r)).toBe(true);
    expect(replyText(r)).toMatch(/Logged challenge #1 as open/);
    expect(replyText(r)).toContain(`<#${CHANNEL}>`);
    const [row] = await use().db.select().from(challenges);
    expect(row).toMatchObject({
      guildId: GUILD,
      authorId: ALICE,
      status: 'open',
      solution: null,
      solvedAt: null,
      tags: ['docker', 'postgres'],
      channelId: CHANNEL,
    });
    expect(row!.createdAt.toISOString()).toBe(NOW.toISOString());

    // The public card, with both buttons, without pings.
    expect(r.posted).toHaveLength(1);
    expect(r.posted[0]!.path).toBe(`/channels/${CHANNEL}/messages`);
    const card = r.posted[0]!.body as Data;
    expect(card.allowed_mentions).toEqual({ parse: [] });
    expect(customIds(card)).toEqual(['challenge:helped:1', 'challenge:solution:1']);
    expect(embedText(card.embeds![0]!)).toMatch(/#1 · Docker networking/);
    expect(row!.messageId).toBeTruthy();

    // Someone else cannot add the solution; the author gets a prefilled-able form.
    const other = await h.run('/challenge solve id:1', { userId: BOB });
    expect(isEphemeral(other)).toBe(true);
    expect(replyText(other)).toMatch(/Only the author of #1/);
    expect((await h.run('click challenge:solution:1', { userId: BOB })).response?.type).toBe(4);
    const form = await h.run('/challenge solve id:1');
    expect(data(form).custom_id).toBe('challenge:solve:1');
    expect((await h.run('click challenge:solution:1')).response?.type).toBe(9);

    h.clock.advance(3_600_000);
    const solved = await h.run('modal challenge:solve:1 solution:"Use the service name db as the host"');
    expect(replyText(solved)).toMatch(/Marked solved: challenge #1/);
    const [after] = await use().db.select().from(challenges);
    expect(after).toMatchObject({ status: 'solved', solution: 'Use the service name db as the host' });
    expect(after!.solvedAt!.toISOString()).toBe(new Date(NOW.getTime() + 3_600_000).toISOString());
    // The public card was edited in place.
    expect(solved.posted.map((c) => `${c.method} ${c.path}`)).toEqual([
      `PATCH /channels/${CHANNEL}/messages/${row!.messageId}`,
    ]);
    expect(embedText((solved.posted[0]!.body as Data).embeds![0]!)).toMatch(/solved[\s\S]*Use the service name db/);

    // Editing the solution keeps the first solved time.
    h.clock.advance(3_600_000);
    const edited = await h.run('modal challenge:solve:1 solution:"Service name db; also depends_on with healthcheck"');
    expect(replyText(edited)).toMatch(/Solution updated for challenge #1/);
    const [again] = await use().db.select().from(challenges);
    expect(again!.solvedAt!.toISOString()).toBe(after!.solvedAt!.toISOString());
    expect(again!.solution).toMatch(/healthcheck/);

    const show = await h.run('/challenge show id:1');
    expect(replyText(show)).toMatch(/Docker networking[\s\S]*cannot reach postgres[\s\S]*healthcheck/);
  });

  it('logs a solved challenge when a solution is given, to the configured Nexus channel', async () => {
    const h = await createHarness(use(), { now: NOW });
    const nexus = '800000000000000042';
    await updateGuildSettings(use().db, GUILD, { nexusChannelId: nexus }, NOW);
    const r = await log(
      h,
      'title:"CORS" problem:"Browser blocks requests" solution:"django-cors-headers with the front origin"',
    );
    expect(replyText(r)).toMatch(/Logged challenge #1 as solved/);
    expect(r.posted[0]!.path).toBe(`/channels/${nexus}/messages`);
    const [row] = await use().db.select().from(challenges);
    expect(row).toMatchObject({ status: 'solved', channelId: nexus });
    expect(row!.solvedAt!.toISOString()).toBe(NOW.toISOString());
  });

  it('posts nothing when public challenges are off', async () => {
    const h = await createHarness(use(), { now: NOW });
    await updateGuildSettings(use().db, GUILD, { publicChallenges: false }, NOW);
    const r = await log(h, 'title:"Quiet" problem:"Nobody needs to see this"');
    expect(r.posted).toHaveLength(0);
    expect(replyText(r)).toMatch(/Public posts of challenges are off/);
    expect(await use().db.select().from(challenges)).toHaveLength(1);
  });

  it('counts "helped me too" once per user; a second click takes it back', async () => {
    const h = await createHarness(use(), { now: NOW });
    await log(h, 'title:"Celery" problem:"Tasks never run"');
    const [row] = await use().db.select().from(challenges);

    const b1 = await h.run('click challenge:helped:1', { userId: BOB });
    expect(isEphemeral(b1)).toBe(true);
    expect(replyText(b1)).toMatch(/helped you too \(1 in all\)/);
    // Clicked elsewhere than on the public card: the card is refreshed too.
    expect(b1.posted[0]).toMatchObject({ method: 'PATCH', path: `/channels/${CHANNEL}/messages/${row!.messageId}` });

    // Clicked on the public card: the card updates in place with the count.
    const c1 = await h.handle(
      buttonInteraction(h.actor({ userId: CAROL }), 'challenge:helped:1', row!.messageId!, NOW.getTime()),
    );
    expect(c1.response.type).toBe(7);
    const updated = (c1.response as { data: Data }).data;
    expect(updated.components![0]!.components[0]!.label).toBe('Helped me too (2)');

    const b2 = await h.run('click challenge:helped:1', { userId: BOB });
    expect(replyText(b2)).toMatch(/Taken back[\s\S]*\(1 in all\)/);
    const marks = await use().db.select().from(challengeHelped);
    expect(marks.map((m) => m.userId)).toEqual([CAROL]);
    expect(replyText(await h.run('/challenge show id:1'))).toMatch(/Helped: 1/);
  });

  it('refuses the author\'s own "helped me too": nothing is counted', async () => {
    const h = await createHarness(use(), { now: NOW });
    await log(h, 'title:"Celery" problem:"Tasks never run"');
    const [row] = await use().db.select().from(challenges);
    const own = await h.run('click challenge:helped:1');
    expect(isEphemeral(own)).toBe(true);
    expect(replyText(own)).toMatch(/You logged #1, so it cannot count as helping you/);
    expect(own.posted).toHaveLength(0);
    // On the public card too.
    const onCard = await h.handle(buttonInteraction(h.actor(), 'challenge:helped:1', row!.messageId!, NOW.getTime()));
    expect(onCard.response.type).toBe(4);
    expect(await use().db.select().from(challengeHelped)).toHaveLength(0);
    expect(replyText(await h.run('click challenge:helped:1', { userId: BOB }))).toMatch(/\(1 in all\)/);
  });

  it('ranks a title hit above a body hit, and filters by tag and status', async () => {
    const h = await createHarness(use(), { now: NOW });
    await log(h, 'title:"Redis cache keeps stale data" problem:"Invalidation after updates" tags:redis');
    h.clock.advance(60_000);
    // Newer, but "redis" only in the problem: must rank below the title hit.
    await log(
      h,
      'title:"Slow API" problem:"Every request hits the database, I should use redis" solution:"added a cache" tags:"django"',
    );
    await log(h, 'title:"Unrelated" problem:"Nothing about caches"');
    await log(h, 'title:"Redis in the other guild" problem:"redis"', { guildId: OTHER_GUILD });

    const r = await h.run('/challenge search query:redis');
    const text = replyText(r);
    expect(isEphemeral(r)).toBe(true);
    expect(text.indexOf('#1')).toBeGreaterThan(-1);
    expect(text.indexOf('#1')).toBeLessThan(text.indexOf('#2'));
    expect(text).not.toMatch(/Unrelated|other guild/);
    expect(text).toMatch(/2 results/);

    expect(replyText(await h.run('/challenge search query:redis status:solved'))).toMatch(/#2[\s\S]*1 result\b/);
    const tagged = replyText(await h.run('/challenge search query:redis tag:Redis'));
    expect(tagged).toMatch(/#1/);
    expect(tagged).not.toMatch(/#2 /);
    // Stemming and web-search syntax work; a partial word falls back to a substring match.
    expect(replyText(await h.run('/challenge search query:"updating -slow"'))).toMatch(/#1/);
    // A partial word matches as a prefix ("invalid" → "Invalidation"), still through the full-text index.
    expect(replyText(await h.run('/challenge search query:invali'))).toMatch(/words starting with[\s\S]*#1/);
    expect(replyText(await h.run('/challenge search query:kubernetes'))).toMatch(/No challenge matches/);
  });

  it('searches tags like titles: "docker postgres", "postgres", "database docker" find a challenge tagged so', async () => {
    const h = await createHarness(use(), { now: NOW });
    await log(
      h,
      'title:"Django cannot reach the database" problem:"OperationalError at localhost:5432" tags:"docker, postgres"',
    );
    h.clock.advance(60_000);
    await log(h, 'title:"Docker image too big" problem:"layers"');
    h.clock.advance(60_000);
    await log(h, 'title:"Unrelated" problem:"css grid"');
    const ids = (q: string) =>
      h
        .run(`/challenge search query:"${q}"`)
        .then((r) => [...replyText(r).matchAll(/\*\*#(\d+)\*\*/g)].map((m) => m[1]));
    // Both words (one of them only a tag) rank above the newer challenge with one word in its title.
    expect(await ids('docker postgres')).toEqual(['1', '2']);
    expect(await ids('postgres')).toEqual(['1']);
    expect(await ids('database docker')).toEqual(['1', '2']);
    // Synonyms fold: pg, postgresql, psql are postgres.
    expect(await ids('pg')).toEqual(['1']);
    expect(await ids('PostgreSQL')).toEqual(['1']);
    // Web-search syntax: a quoted phrase, an excluded word.
    expect(await ids('docker -postgres')).toEqual(['2']);
    expect(await ids('\\"image too big\\"')).toEqual(['2']);
    expect(replyText(await h.run('/challenge search query:"-docker"'))).toMatch(/Add a word to look for/);
  });

  it('folds synonyms both ways: stored spellings, the tag filter, phrases, and excluded synonyms', async () => {
    const h = await createHarness(use(), { now: NOW });
    await log(h, 'title:"Serializer nesting" problem:"writable nested" tags:"djangorestframework"');
    await log(h, 'title:"Compose volume gone" problem:"down -v removed data" tags:"docker-compose"');
    await log(h, 'title:"Pods restart" problem:"docker compose works locally, not the cluster" tags:"k8s"');
    const ids = (q: string) =>
      h.run(`/challenge search ${q}`).then((r) => [...replyText(r).matchAll(/\*\*#(\d+)\*\*/g)].map((m) => m[1]));
    expect(await ids('query:drf')).toEqual(['1']);
    expect(await ids('query:"django rest framework"')).toEqual(['1']);
    expect(await ids('query:kubernetes')).toEqual(['3']);
    expect(await ids('query:\'"docker compose" -kubernetes\'')).toEqual(['2']);
    expect(await ids('query:\'"docker compose" -k8s\'')).toEqual(['2']);
    expect(await ids('query:restart tag:kubernetes')).toEqual(['3']);
    expect(await ids('query:pods tag:kube')).toEqual(['3']);
  });

  it('gives each result a button that opens it, like /challenge show', async () => {
    const h = await createHarness(use(), { now: NOW });
    for (let i = 1; i <= 7; i++) await log(h, `title:"Docker issue ${i}" problem:"docker"`);
    await log(h, 'title:"Docker elsewhere" problem:"docker"', { guildId: OTHER_GUILD });
    const r = await h.run('/challenge search query:docker');
    const d = data(r);
    const open = customIds(d).filter((id) => id.startsWith('challenge:open:'));
    const shown = [...(d.embeds![0]!.description ?? '').matchAll(/\*\*#(\d+)\*\*/g)].map(
      (m) => `challenge:open:${m[1]}`,
    );
    expect(open).toEqual(shown);
    expect(open).toHaveLength(5);
    expect(d.components![0]!.components[0]!.label).toMatch(/^#\d+ Docker issue \d+$/);
    const opened = await h.run(`click ${open[0]}`);
    const show = await h.run(`/challenge show id:${open[0]!.split(':')[2]}`);
    // The same challenge as /challenge show; an open one also says where to answer.
    expect(data(opened).embeds).toEqual(data(show).embeds);
    expect(data(opened).components).toEqual(data(show).components);
    expect(replyText(opened)).toMatch(/Know how to fix it\? Answer under its card: https:\/\/discord.com\/channels\//);
    expect(isEphemeral(opened)).toBe(true);
    // Forged: another guild's challenge, or no id at all, is "not found".
    expect(replyText(await h.run('click challenge:open:8'))).toMatch(/no challenge #8/);
    expect(replyText(await h.run('click challenge:open:x'))).toMatch(/no challenge #x/);
  });

  it('keeps hostile search input a parameter', async () => {
    const h = await createHarness(use(), { now: NOW });
    await log(h, 'title:"Quotes" problem:"it\'s fine"');
    for (const q of ["'); drop table challenges; --", '%', '_', '\\', ':*', '!!!', '"']) {
      const r = await h.run(`/challenge search query:'${q.replace(/'/g, "\\'")}'`);
      expect(isEphemeral(r)).toBe(true);
    }
    expect(await use().db.select().from(challenges)).toHaveLength(1);
  });

  it('pages search results with buttons', async () => {
    const h = await createHarness(use(), { now: NOW });
    for (let i = 1; i <= 7; i++) await log(h, `title:"Docker issue ${i}" problem:"docker"`);
    const p1 = await h.run('/challenge search query:docker');
    expect(replyText(p1)).toMatch(/Page 1 of 2 · 7 results/);
    const next = customIds(data(p1)).find((id) => id.startsWith('challenge:search:2'))!;
    const p2 = await h.run(`click ${next}`);
    expect(p2.response?.type).toBe(7);
    expect(replyText(p2)).toMatch(/Page 2 of 2/);
    expect(replyText(await h.run('/challenge search query:docker page:2'))).toMatch(/Page 2 of 2/);
    expect(replyText(await h.run('/challenge search query:docker page:9'))).toMatch(/no page 9/);
  });

  it('normalises tags and autocompletes them from the guild', async () => {
    const h = await createHarness(use(), { now: NOW });
    await log(h, 'title:"Tags" problem:"p" tags:" PostgreSQL, drf ,Docker,docker, #Django ,pg"');
    const [row] = await use().db.select().from(challenges);
    expect(row!.tags).toEqual(['postgres', 'django-rest-framework', 'docker', 'django']);
    await log(h, 'title:"Other" problem:"p" tags:"kubernetes"', { guildId: OTHER_GUILD });

    const r = await h.run('complete /challenge search query:x tag:D');
    const choices = (r.response as { data: { choices: Array<{ value: string }> } }).data.choices.map((c) => c.value);
    expect(choices.sort()).toEqual(['django', 'django-rest-framework', 'docker']);
    const all = (await h.run('complete /challenge search query:x tag:')).response as {
      data: { choices: Array<{ value: string }> };
    };
    expect(all.data.choices.map((c) => c.value)).not.toContain('kubernetes');
  });

  it('autocompletes ids (only your own for solve), value = the id', async () => {
    const h = await createHarness(use(), { now: NOW });
    await log(h, 'title:"Docker mine" problem:"p"');
    await log(h, 'title:"Docker bob" problem:"p"', { userId: BOB });
    const show = (await h.run('complete /challenge show id:dock')).response as {
      data: { choices: Array<{ name: string; value: number }> };
    };
    expect(show.data.choices.map((c) => c.value).sort()).toEqual([1, 2]);
    expect(show.data.choices.find((c) => c.value === 1)!.name).toMatch(/#1 · Docker mine/);
    const solve = (await h.run('complete /challenge solve id:')).response as {
      data: { choices: Array<{ value: number }> };
    };
    expect(solve.data.choices.map((c) => c.value)).toEqual([1]);
  });

  it.each([
    ['title', 200],
    ['problem', 4000],
    ['solution', 4000],
  ])('refuses a 10 000-character %s naming the field and the limit; nothing stored', async (field, limit) => {
    const h = await createHarness(use(), { now: NOW });
    const fields: Record<string, string> = { title: 'T', problem: 'P', solution: '' };
    fields[field] = 'x'.repeat(10_000);
    const r = await log(
      h,
      Object.entries(fields)
        .map(([k, v]) => `${k}:"${v}"`)
        .join(' '),
    );
    expect(isEphemeral(r)).toBe(true);
    expect(replyText(r)).toContain(`\`${field}\` is too long: at most ${limit} characters (you sent 10000)`);
    expect(r.posted).toHaveLength(0);
    expect(await use().db.select().from(challenges)).toHaveLength(0);
  });

  it.each([
    ['title:"" problem:"p"', /`title` cannot be empty/],
    ['title:"t" problem:"   "', /`problem` cannot be empty/],
    [`title:"t" problem:"p" tags:"${'a'.repeat(40)}"`, /`tags`: each tag can have at most 32 characters/],
    ['title:"t" problem:"p" project:"abc"', /`project` must be the id/],
    ['title:"t" problem:"p" project:"77"', /`project`: you have no active project #77/],
  ])('refuses %s', async (fields, message) => {
    const h = await createHarness(use(), { now: NOW });
    const r = await log(h, fields);
    expect(isEphemeral(r)).toBe(true);
    expect(replyText(r)).toMatch(message);
    expect(await use().db.select().from(challenges)).toHaveLength(0);
  });

  it("accepts 4000 characters and shows the whole text in parts within Discord's limits", async () => {
    const h = await createHarness(use(), { now: NOW });
    const problem = Array.from({ length: 400 }, (_, i) => `*w${i}*_`)
      .join(' ')
      .slice(0, 4000);
    const solution = 'fix '.repeat(1000).slice(0, 4000);
    const r = await log(h, `title:"${'T'.repeat(200)}" problem:"${problem}" solution:"${solution}"`);
    expect(replyText(r)).toMatch(/Logged challenge #1/);
    const card = (r.posted[0]!.body as Data).embeds![0]!;
    expect(card.title!.length).toBeLessThanOrEqual(256);
    expect(card.title).toContain('T'.repeat(200)); // the longest title the form takes fits whole
    expect(card.description!.endsWith('…')).toBe(true);

    const first = await h.run('/challenge show id:1');
    const parts = Number(/Part 1 of (\d+)/.exec(data(first).content ?? '')?.[1]);
    expect(parts).toBeGreaterThan(1);
    let all = '';
    for (let p = 1; p <= parts; p++) {
      const d = data(await h.run(`/challenge show id:1 part:${p}`));
      expect((d.content ?? '').length).toBeLessThanOrEqual(2000);
      expect(d.embeds!.length).toBeLessThanOrEqual(10);
      const total = d.embeds!.reduce((n, e) => n + embedText(e).length, 0);
      expect(total).toBeLessThanOrEqual(6000);
      for (const e of d.embeds!) {
        expect((e.description ?? '').length).toBeLessThanOrEqual(4096);
        all += `${e.title ?? ''}\n${e.description ?? ''}\n`;
      }
    }
    const unescaped = all.replace(/\\([\\*_~`|[\]<#>-])/g, '$1');
    for (const word of ['*w0*_', '*w399*_', 'T'.repeat(200)]) expect(unescaped).toContain(word);
    expect(unescaped.replace(/\s+/g, ' ')).toContain(solution.trim().slice(-40));
    expect(replyText(await h.run(`/challenge show id:1 part:${parts + 1}`))).toMatch(/has \d+ parts/);
  });

  it('a private view offers only the button its viewer can use: the author adds a solution, others mark it helped', async () => {
    const h = await createHarness(use(), { now: NOW });
    await log(h, 'title:"Docker mine" problem:"p"');
    const ids = (r: Awaited<ReturnType<typeof h.run>>) =>
      (data(r).components ?? []).flatMap((row) =>
        ((row as { components?: Array<{ custom_id?: string }> }).components ?? []).map((c) => c.custom_id),
      );
    expect(ids(await h.run('/challenge show id:1'))).toEqual(['challenge:solution:1']);
    expect(ids(await h.run('/challenge show id:1', { userId: BOB }))).toEqual(['challenge:helped:1']);
    expect(ids(await h.run('click challenge:open:1', { userId: BOB }))).toEqual(['challenge:helped:1']);
  });

  it('stores hostile text as given and renders it escaped, without pings', async () => {
    const h = await createHarness(use(), { now: NOW });
    const hostile = '@everyone **bold** <@&123456789012345678> @here # heading';
    const r = await log(h, `title:"${hostile}" problem:"${hostile}" solution:"${hostile}" tags:"@everyone"`);
    const [row] = await use().db.select().from(challenges);
    expect(row!.problem).toBe(hostile);
    expect(data(r).allowed_mentions).toEqual({ parse: [] });
    for (const d of [
      r.posted[0]!.body as Data,
      data(await h.run('/challenge mine')),
      data(await h.run('/challenge show id:1')),
      data(await h.run('/challenge search query:bold')),
    ]) {
      expect(d.allowed_mentions).toEqual({ parse: [] });
      const text = [d.content ?? '', ...(d.embeds ?? []).map(embedText)].join('\n');
      expect(text).not.toMatch(/@everyone|@here|<@&\d/);
      expect(text).not.toMatch(/(^|[^\\])\*\*bold/);
      expect(text).toContain('\\*\\*bold\\*\\*');
    }
  });

  it('keeps guilds apart: another guild\'s id is "not found"', async () => {
    const h = await createHarness(use(), { now: NOW });
    await log(h, 'title:"Secret" problem:"other guild only" tags:"secret"', { guildId: OTHER_GUILD });
    for (const line of [
      '/challenge show id:1',
      '/challenge solve id:1',
      'click challenge:helped:1',
      'click challenge:solution:1',
      'modal challenge:solve:1 solution:"x"',
    ]) {
      const r = await h.run(line);
      expect(isEphemeral(r)).toBe(true);
      expect(replyText(r)).toMatch(/no challenge #1 in this server/);
      expect(replyText(r)).not.toMatch(/Secret/);
    }
    expect(replyText(await h.run('/challenge search query:secret'))).toMatch(/No challenge matches/);
    expect(replyText(await h.run('/challenge mine'))).toMatch(/not logged a challenge yet/);
    const [row] = await use().db.select().from(challenges);
    expect(row).toMatchObject({ solution: null, guildId: OTHER_GUILD });
    expect(await use().db.select().from(challengeHelped)).toHaveLength(0);
  });

  it('hides challenges a moderator removed', async () => {
    const h = await createHarness(use(), { now: NOW });
    await log(h, 'title:"Gone" problem:"removed docker thing"');
    await use().db.update(challenges).set({ removedAt: NOW, removedReason: 'spam' });
    expect(replyText(await h.run('/challenge show id:1'))).toMatch(/no challenge #1/);
    expect(replyText(await h.run('/challenge search query:docker'))).toMatch(/No challenge matches/);
    expect(replyText(await h.run('/challenge search query:dock'))).toMatch(/No challenge matches/);
    expect(replyText(await h.run('/challenge mine'))).toMatch(/not logged/);
    expect(replyText(await h.run('click challenge:helped:1', { userId: BOB }))).toMatch(/no challenge #1/);
    const ac = (await h.run('complete /challenge show id:')).response as { data: { choices: unknown[] } };
    expect(ac.data.choices).toHaveLength(0);
  });

  it("links one of the caller's own active projects, and no one else's", async () => {
    const h = await createHarness(use(), { now: NOW });
    const base = { guildId: GUILD, summary: 's', createdAt: NOW, updatedAt: NOW };
    await use()
      .db.insert(projects)
      .values([
        { ...base, ownerId: ALICE, name: 'Airbnb clone', normalizedName: 'airbnb clone' },
        { ...base, ownerId: BOB, name: 'Bob shop', normalizedName: 'bob shop' },
        { ...base, ownerId: ALICE, name: 'Old', normalizedName: 'old', status: 'archived' },
      ]);
    const form = data(await h.run('/challenge log'));
    expect(JSON.stringify(form)).toMatch(/1 \(Airbnb clone\)/);
    expect(replyText(await log(h, 'title:"t" problem:"p" project:"2"'))).toMatch(/no active project #2/);
    expect(replyText(await log(h, 'title:"t" problem:"p" project:"3"'))).toMatch(/no active project #3/);
    const ok = await log(h, 'title:"t" problem:"p" project:"#1"');
    expect(embedText((ok.posted[0]!.body as Data).embeds![0]!)).toMatch(/Project: #1 Airbnb clone/);
    const rows = await use().db.select().from(challenges);
    expect(rows.map((r) => r.projectId)).toEqual([1]);
  });

  it('lists your own challenges, open first', async () => {
    const h = await createHarness(use(), { now: NOW });
    await log(h, 'title:"Solved one" problem:"p" solution:"s"');
    await log(h, 'title:"Open one" problem:"p"');
    await log(h, 'title:"Bob one" problem:"p"', { userId: BOB });
    const text = replyText(await h.run('/challenge mine'));
    expect(text).toMatch(/#2\*\* · 🟠 open · Open one[\s\S]*#1\*\* · ✅ solved · Solved one/);
    expect(text).not.toMatch(/Bob one/);
  });

  it('refuses a blocked member', async () => {
    const h = await createHarness(use(), { now: NOW });
    await log(h, 'title:"Before" problem:"p"');
    await use()
      .db.insert(members)
      .values({ guildId: GUILD, userId: ALICE, blockedAt: NOW, createdAt: NOW, updatedAt: NOW });
    for (const line of [
      '/challenge log',
      'modal challenge:log title:"t" problem:"p"',
      '/challenge solve id:1',
      'modal challenge:solve:1 solution:"s"',
      'click challenge:helped:1',
    ]) {
      const r = await h.run(line);
      expect(isEphemeral(r)).toBe(true);
      expect(replyText(r)).toMatch(/paused your Nexus access/);
    }
    const rows = await use().db.select().from(challenges).where(eq(challenges.guildId, GUILD));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.solution).toBeNull();
    // Reading stays open.
    expect(replyText(await h.run('/challenge show id:1'))).toMatch(/Before/);
  });
});
