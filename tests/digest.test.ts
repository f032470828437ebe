import { describe, expect, it } from 'vitest';
import type { APIEmbed } from 'discord-api-types/v10';
import { openDatabase } from '../src/db/client.js';
import { digestRuns } from '../src/db/schema.js';
import { buildDigest, LIMITS, type DigestData } from '../src/domain/digest.js';
import { runDigest, runDueDigests, duePeriod } from '../src/jobs/digest.js';
import { getGuildSettings } from '../src/db/queries/settings.js';
import { describeEachDatabase } from './helpers/db.js';
import { ALICE, BOB, createHarness, GUILD, MOD, OTHER_GUILD, replyText, type Harness } from './helpers/harness.js';

const mod = { userId: MOD, moderator: true };

function emptyData(): DigestData {
  const zero = { projects: 0, pairs: 0, challenges: 0, solved: 0, takeaways: 0 };
  return {
    guildName: 'Cohort 7',
    period: { start: new Date('2026-11-30T09:00:00Z'), end: new Date('2026-12-07T09:00:00Z') },
    timezone: 'UTC',
    newProjects: [],
    newPairs: [],
    seeking: [],
    lapsed: [],
    challengesLogged: 0,
    challengesSolved: [],
    topHelped: [],
    takeaways: [],
    topTags: [],
    totals: zero,
    previousTotals: zero,
  };
}

function assertWithinLimits(messages: ReturnType<typeof buildDigest>) {
  for (const m of messages) {
    expect(m.embeds.length).toBeGreaterThan(0);
    expect(m.embeds.length).toBeLessThanOrEqual(LIMITS.embedsPerMessage);
    let total = 0;
    for (const e of m.embeds) {
      expect((e.title ?? '').length).toBeLessThanOrEqual(LIMITS.title);
      expect((e.description ?? '').length).toBeLessThanOrEqual(LIMITS.description);
      expect((e.fields ?? []).length).toBeLessThanOrEqual(LIMITS.fields);
      for (const f of e.fields ?? []) {
        expect(f.name.length).toBeLessThanOrEqual(LIMITS.fieldName);
        expect(f.value.length).toBeLessThanOrEqual(LIMITS.fieldValue);
        expect(f.value.length).toBeGreaterThan(0);
        total += f.name.length + f.value.length;
      }
      total += (e.title ?? '').length + (e.description ?? '').length;
      expect(e.fields?.length || e.description).toBeTruthy(); // never an empty embed
    }
    expect(total).toBeLessThanOrEqual(LIMITS.charsPerMessage);
  }
}

describe('digest builder', () => {
  it('quiet week: a short note, or nothing when configured so; never an empty embed', () => {
    const note = buildDigest(emptyData(), { quietWeekNote: true });
    expect(note).toHaveLength(1);
    expect(note[0]!.embeds[0]!.description).toMatch(/quiet week/);
    expect(buildDigest(emptyData(), { quietWeekNote: false })).toEqual([]);
  });

  it('normal week: every section, seekers grouped by project, totals vs last week', () => {
    const d = emptyData();
    d.newProjects = [
      { id: 1, name: 'Airbnb clone', track: 'Airbnb clone', ownerId: ALICE, role: 'backend', seekingRole: 'frontend' },
      { id: 2, name: 'Shop **API**', track: null, ownerId: BOB, role: 'frontend', seekingRole: null },
    ];
    d.newPairs = [{ userA: ALICE, userB: BOB, projectName: 'Airbnb clone' }];
    d.seeking = [
      { projectName: 'Airbnb clone', projectId: 1, ownerId: ALICE, role: 'backend', seekingRole: 'frontend' },
    ];
    d.challengesLogged = 3;
    d.challengesSolved = [{ id: 4, title: 'CORS @everyone', authorId: BOB }];
    d.topHelped = [{ id: 4, title: 'CORS', solution: 'Set the allowed origins', helped: 5 }];
    d.takeaways = [{ authorId: ALICE, text: 'Index your foreign keys' }];
    d.topTags = [{ tag: 'django', count: 3 }];
    d.totals = { projects: 2, pairs: 1, challenges: 3, solved: 1, takeaways: 1 };
    d.previousTotals = { projects: 1, pairs: 1, challenges: 5, solved: 0, takeaways: 0 };
    const msgs = buildDigest(d, { quietWeekNote: true });
    assertWithinLimits(msgs);
    const text = JSON.stringify(msgs);
    expect(text).toContain('New in Airbnb clone (1)');
    expect(text).toContain('Other projects (1)');
    expect(text).toContain('Shop \\\\*\\\\*API\\\\*\\\\*');
    expect(text).not.toContain('@everyone');
    expect(text).toContain('Still looking for a collaborator (1)');
    expect(text).toContain('Projects 2 (+1)');
    expect(text).toContain('Challenges 3 (-2)');
    expect(text).toContain('Set the allowed origins');
  });

  it('huge week: summarised within every Discord limit, with pointers to the commands', () => {
    const d = emptyData();
    for (let i = 0; i < 200; i++) {
      d.newProjects.push({
        id: i,
        name: `Project ${'x'.repeat(90)} ${i}`,
        track: `Track ${i % 40}`,
        ownerId: ALICE,
        role: 'backend',
        seekingRole: 'frontend',
      });
      d.seeking.push({
        projectName: `Project ${i % 30}`,
        projectId: i,
        ownerId: BOB,
        role: 'frontend',
        seekingRole: 'backend',
      });
      d.newPairs.push({ userA: ALICE, userB: BOB, projectName: 'y'.repeat(300) });
      d.challengesSolved.push({ id: i, title: 't'.repeat(500), authorId: BOB });
      d.takeaways.push({ authorId: ALICE, text: 'z'.repeat(4000) });
    }
    d.challengesLogged = 500;
    const msgs = buildDigest(d, { quietWeekNote: true });
    expect(msgs.length).toBeGreaterThan(1);
    assertWithinLimits(msgs);
    const text = JSON.stringify(msgs);
    expect(text).toMatch(/and \d+ more — `\/pair list`/);
    expect(text).toMatch(/and \d+ more — `\/takeaway list`/);
  });
});

async function configure(h: Harness, guild = GUILD, extra = '') {
  await h.run(`/nexus-admin config set digest_channel:<#800000000000000050> digest_cron:"0 9 * * 1" ${extra}`, {
    ...mod,
    guildId: guild,
  });
}

function digestPosts(h: Harness) {
  return h.recorder.calls.filter((c) => c.path === '/channels/800000000000000050/messages');
}

describeEachDatabase('weekly digest', (use, kind) => {
  it('posts once on schedule with a nonce, and a second tick does not post again', async () => {
    const h = await createHarness(use(), { now: new Date('2026-12-01T10:00:00Z') }); // Tuesday
    await configure(h);
    await h.run('/project announce name:"Airbnb clone" summary:x role:backend seeking:frontend');
    h.clock.set(new Date('2026-12-07T09:00:30Z'));
    h.recorder.take();
    const tick = await h.run('tick');
    expect(tick.tick).toEqual([{ guildId: GUILD, outcome: 'posted' }]);
    expect(tick.posted).toHaveLength(1);
    const body = tick.posted[0]!.body as {
      nonce: string;
      enforce_nonce: boolean;
      allowed_mentions: unknown;
      embeds: APIEmbed[];
    };
    expect(body.enforce_nonce).toBe(true);
    expect(body.nonce.length).toBeLessThanOrEqual(25);
    expect(body.allowed_mentions).toEqual({ parse: [] });
    expect(JSON.stringify(body.embeds)).toContain('Airbnb clone');
    expect((await h.run('tick')).posted).toHaveLength(0);
    const [run] = await use().db.select().from(digestRuns);
    expect(run).toMatchObject({
      status: 'posted',
      messageIds: [expect.any(String)],
      periodEnd: new Date('2026-12-07T09:00:00Z'),
      periodStart: new Date('2026-11-30T09:00:00Z'),
    });
  });

  it('Monday 09:00 in Africa/Lagos fires an hour before Monday 09:00 UTC', async () => {
    const h = await createHarness(use(), { now: new Date('2026-12-01T10:00:00Z') });
    await configure(h, GUILD, 'timezone:Africa/Lagos');
    await configure(h, OTHER_GUILD);
    h.clock.set(new Date('2026-12-07T08:30:00Z'));
    const t = await h.run('tick');
    expect(t.tick).toEqual(expect.arrayContaining([{ guildId: GUILD, outcome: 'posted' }]));
    expect(t.tick!.find((x) => x.guildId === OTHER_GUILD)!.outcome).toBe('not-due');
    h.clock.set(new Date('2026-12-07T09:00:00Z'));
    expect((await h.run('tick')).tick).toEqual(expect.arrayContaining([{ guildId: OTHER_GUILD, outcome: 'posted' }]));
  });

  it('catches up once after downtime within the grace window, not twice after another restart; too late is skipped', async () => {
    const h = await createHarness(use(), { now: new Date('2026-12-01T10:00:00Z') });
    await configure(h);
    h.clock.set(new Date('2026-12-08T07:00:00Z')); // down all Monday; back Tuesday 07:00
    expect((await h.run('tick')).tick).toEqual([{ guildId: GUILD, outcome: 'posted' }]);
    const again = await createHarness(use(), { now: new Date('2026-12-08T08:00:00Z') }); // "restart"
    expect((await again.run('tick')).posted).toHaveLength(0);
    again.clock.set(new Date('2026-12-16T12:00:00Z')); // missed 2026-12-14 by 51 h
    expect((await again.run('tick')).tick).toEqual([{ guildId: GUILD, outcome: 'skipped' }]);
    const runs = await use().db.select().from(digestRuns);
    expect(runs.map((r) => r.status).sort()).toEqual(['posted', 'skipped']);
  });

  it('two runners racing on the same period post exactly once', async () => {
    const first = use();
    const second = kind === 'postgres' ? await openDatabase({ databaseUrl: first.url! }) : first;
    try {
      const a = await createHarness(first, { now: new Date('2026-12-01T10:00:00Z') });
      await configure(a);
      const b = await createHarness(second, { now: new Date('2026-12-07T09:00:05Z') });
      a.clock.set(new Date('2026-12-07T09:00:05Z'));
      const results = await Promise.all([
        runDueDigests(a.app.ctx, { runnerId: 'A' }),
        runDueDigests(b.app.ctx, { runnerId: 'B' }),
        runDueDigests(a.app.ctx, { runnerId: 'C' }),
        runDueDigests(b.app.ctx, { runnerId: 'D' }),
      ]);
      const outcomes = results.flat().map((r) => r.outcome);
      expect(outcomes.filter((o) => o === 'posted')).toHaveLength(1);
      expect(digestPosts(a).length + digestPosts(b).length).toBe(1);
    } finally {
      if (second !== first) await second.close();
    }
  });

  it('a runner killed between claim and post is completed by another after the lease', async () => {
    const h = await createHarness(use(), { now: new Date('2026-12-01T10:00:00Z') });
    await configure(h);
    h.clock.set(new Date('2026-12-07T09:00:00Z'));
    const s = await getGuildSettings(use().db, GUILD);
    const period = duePeriod(s, h.clock.now())!;
    await expect(
      runDigest(h.app.ctx, s, period, {
        runnerId: 'crashing',
        afterClaim: async () => {
          throw new Error('killed');
        },
      }),
    ).rejects.toThrow('killed');
    expect((await runDueDigests(h.app.ctx, { runnerId: 'other' }))[0]!.outcome).toBe('busy');
    expect(digestPosts(h)).toHaveLength(0);
    h.clock.advance(6 * 60_000); // lease (5 min) expired
    expect((await runDueDigests(h.app.ctx, { runnerId: 'other' }))[0]!.outcome).toBe('posted');
    expect((await runDueDigests(h.app.ctx, { runnerId: 'third' }))[0]!.outcome).toBe('already');
    expect(digestPosts(h)).toHaveLength(1);
    const [run] = await use().db.select().from(digestRuns);
    expect(run).toMatchObject({ status: 'posted', claimedBy: 'other', attempts: 2 });
  });

  it('moderators preview (ephemeral) and post now; the post counts as the period’s digest', async () => {
    const h = await createHarness(use(), { now: new Date('2026-12-01T10:00:00Z') });
    await configure(h);
    await h.run('/project announce name:"Job board" summary:x');
    expect(replyText(await h.run('/nexus-admin digest preview'))).toMatch(/Manage Server/);
    const preview = await h.run('/nexus-admin digest preview', mod);
    expect(replyText(preview)).toMatch(/Preview of this period so far/);
    expect(JSON.stringify(preview.response)).toContain('Job board');
    expect(preview.posted).toHaveLength(0);
    const post = await h.run('/nexus-admin digest post', mod);
    expect(replyText(post)).toMatch(/Posted this period’s digest/);
    expect(post.posted).toHaveLength(1);
    expect(replyText(await h.run('/nexus-admin digest post', mod))).toMatch(/already posted/);
    h.clock.set(new Date('2026-12-07T09:00:00Z'));
    expect((await h.run('tick')).posted).toHaveLength(0);
  });

  it('does not post periods that closed before the guild configured Nexus, nor when disabled or without a channel', async () => {
    const h = await createHarness(use(), { now: new Date('2026-12-08T10:00:00Z') }); // Tuesday, last fire Monday
    await configure(h);
    expect((await h.run('tick')).posted).toHaveLength(0);
    await h.run('/nexus-admin config set digest_enabled:false', mod);
    h.clock.set(new Date('2026-12-14T09:00:00Z'));
    expect((await h.run('tick')).posted).toHaveLength(0);
    await h.run('/project announce name:x summary:y', { guildId: OTHER_GUILD });
    expect(replyText(await h.run('/nexus-admin digest post', { ...mod, guildId: OTHER_GUILD }))).toMatch(
      /Set a channel first/,
    );
  });

  it('lists the week’s most helped challenges, most marks first, without removed ones', async () => {
    const h = await createHarness(use(), { now: new Date('2026-12-01T10:00:00Z') });
    await configure(h);
    for (const t of ['Alpha issue', 'Beta issue', 'Gamma issue'])
      await h.run(`modal challenge:log title:"${t}" problem:"p" solution:"fix for ${t}"`);
    const helpers = ['100000000000000011', '100000000000000012', '100000000000000013'];
    for (const u of helpers) await h.run('click challenge:helped:2', { userId: u });
    for (const u of helpers.slice(0, 2)) await h.run('click challenge:helped:3', { userId: u });
    await h.run('click challenge:helped:1', { userId: helpers[0] });
    await h.run('/nexus-admin remove type:challenge id:3 reason:dup', mod);
    const text = JSON.stringify((await h.run('/nexus-admin digest preview', mod)).response);
    const field = /Most helpful this week","value":"([^"]*)/.exec(text)?.[1] ?? '';
    expect(field.indexOf('Beta issue')).toBeGreaterThanOrEqual(0);
    expect(field.indexOf('Alpha issue')).toBeGreaterThan(field.indexOf('Beta issue'));
    expect(field).toContain('(3 helped)');
    expect(field).not.toContain('Gamma issue');
  });
});
