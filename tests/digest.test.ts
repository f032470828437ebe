import { describe, expect, it } from 'vitest';
import type { APIEmbed } from 'discord-api-types/v10';
import { openDatabase } from '../src/db/client.js';
import { digestRuns } from '../src/db/schema.js';
import { buildDigest, LIMITS, type DigestData } from '../src/domain/digest.js';
import { fitLines } from '../src/domain/text.js';
import { runDigest, runDueDigests, duePeriod } from '../src/jobs/digest.js';
import { getGuildSettings } from '../src/db/queries/settings.js';
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
import { captureLogs } from './helpers/logs.js';

const mod = { userId: MOD, moderator: true };

function emptyData(): DigestData {
  const zero = { projects: 0, pairs: 0, challenges: 0, solved: 0, takeaways: 0 };
  return {
    guildName: 'Cohort 7',
    period: { start: new Date('2026-11-30T09:00:00Z'), end: new Date('2026-12-07T09:00:00Z') },
    comparison: { start: new Date('2026-11-23T09:00:00Z'), end: new Date('2026-11-30T09:00:00Z') },
    since: null,
    catchUp: null,
    timezone: 'UTC',
    newProjects: [],
    newPairs: [],
    seeking: [],
    lapsed: [],
    challengesLogged: 0,
    challengesSolved: [],
    openChallenges: [],
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
    d.newPairs = [{ userA: ALICE, userB: BOB, projectName: 'Airbnb clone', ended: false }];
    d.seeking = [
      {
        project: 'track:1',
        projectLabel: 'Airbnb clone',
        projectName: 'Airbnb clone',
        projectId: 1,
        ownerId: ALICE,
        role: 'backend',
        seekingRole: 'frontend',
      },
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
        project: `project ${i % 30}`,
        projectLabel: `Project ${i % 30}`,
        projectName: `Project ${i % 30}`,
        projectId: i,
        ownerId: BOB,
        role: 'frontend',
        seekingRole: 'backend',
      });
      d.newPairs.push({ userA: ALICE, userB: BOB, projectName: 'y'.repeat(300), ended: false });
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

  it('sections come in a stable order: tracks by name, then other projects; seekers one line per project', () => {
    const d = emptyData();
    const project = (id: number, track: string | null) => ({
      id,
      name: `P${id}`,
      track,
      ownerId: ALICE,
      role: 'backend',
      seekingRole: null,
    });
    d.newProjects = [
      project(1, null),
      project(2, 'Zeta'),
      project(3, 'airbnb'),
      project(4, 'Zeta'),
      project(5, 'Beta'),
    ];
    const seeker = (project: string, label: string, ownerId: string) => ({
      project,
      projectLabel: label,
      projectName: label.toLowerCase(),
      projectId: 1,
      ownerId,
      role: 'backend',
      seekingRole: 'frontend',
    });
    d.seeking = [
      seeker('track:1', 'Airbnb clone', ALICE),
      seeker('chat app', 'Chat app', BOB),
      seeker('track:1', 'Airbnb clone', CAROL),
    ];
    d.totals.projects = 5;
    const fields = buildDigest(d, { quietWeekNote: true })[0]!.embeds.flatMap((e) => e.fields ?? []);
    expect(fields.filter((f) => f.name.startsWith('🆕')).map((f) => f.name)).toEqual([
      '🆕 New in airbnb (1)',
      '🆕 New in Beta (1)',
      '🆕 New in Zeta (2)',
      '🆕 Other projects (1)',
    ]);
    const seeking = fields.find((f) => f.name.startsWith('🔎'))!;
    expect(seeking.name).toBe('🔎 Still looking for a collaborator (3)');
    expect(seeking.value.split('\n')).toEqual([
      `**Airbnb clone**: <@${ALICE}> (backend → frontend), <@${CAROL}> (backend → frontend)`,
      `**Chat app**: <@${BOB}> (backend → frontend)`,
    ]);
    // The whole period against the one before it.
    expect(fields.at(-1)!.name).toBe('📈 This week vs the week before');
  });

  it('cut lists say how many are left out and where to see them (text.ts fitLines, shared)', () => {
    const lines = Array.from({ length: 40 }, (_, i) => `line ${i} ${'x'.repeat(20)}`);
    const value = fitLines(lines, 200, '`/project list`');
    expect(value.length).toBeLessThanOrEqual(200);
    expect(value).toMatch(/\n… and \d+ more — `\/project list`$/);
    const kept = value.split('\n').length - 1;
    expect(value).toContain(`… and ${40 - kept} more`);
    expect(fitLines(lines, 200)).toMatch(/\n… and \d+ more$/); // without a pointer, as before
    expect(fitLines([], 200, '`/x`')).toBe('—');
  });

  it('lists the open challenges with a button each (up to five), on the message that lists them', () => {
    const d = emptyData();
    d.challengesLogged = 7;
    d.openChallenges = Array.from({ length: 7 }, (_, i) => ({ id: i + 1, title: `Open \`q${i}\``, authorId: BOB }));
    const [m] = buildDigest(d, { quietWeekNote: true });
    const field = m!.embeds[0]!.fields!.find((f) => f.name.startsWith('🙋 Can you help?'))!;
    expect(field.name).toBe('🙋 Can you help? 7 still open');
    expect(field.value.split('\n')[0]).toBe(`🟠 #1 Open \`q0\` — <@${BOB}>`);
    const buttons = m!.components![0]!.components as Array<{ custom_id: string; label: string }>;
    expect(buttons.map((b) => b.custom_id)).toEqual([1, 2, 3, 4, 5].map((i) => `challenge:open:${i}`));
    expect(buttons[0]!.label).toBe('Open #1 · Open `q0`');
  });
});

async function configure(h: Harness, guild = GUILD, extra = '') {
  await h.run(`/nexus-admin config set digest_channel:<#800000000000000050> digest_cron:"0 9 * * 1" ${extra}`, {
    ...mod,
    guildId: guild,
  });
}

/** guild → outcome of a tick (each result also carries a sentence for people). */
function outcomes(r: { tick?: Array<{ guildId: string; outcome: string; message: string }> }) {
  for (const t of r.tick ?? []) expect(t.message).toMatch(/^[A-Z].*\.$/);
  return (r.tick ?? []).map(({ guildId, outcome }) => ({ guildId, outcome }));
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
    expect(outcomes(tick)).toEqual([{ guildId: GUILD, outcome: 'posted' }]);
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
    expect(outcomes(t)).toEqual(expect.arrayContaining([{ guildId: GUILD, outcome: 'posted' }]));
    expect(t.tick!.find((x) => x.guildId === OTHER_GUILD)!.outcome).toBe('not-due');
    h.clock.set(new Date('2026-12-07T09:00:00Z'));
    expect(outcomes(await h.run('tick'))).toEqual(
      expect.arrayContaining([{ guildId: OTHER_GUILD, outcome: 'posted' }]),
    );
  });

  it('catches up once after downtime within the grace window, not twice after another restart; too late is skipped', async () => {
    const h = await createHarness(use(), { now: new Date('2026-12-01T10:00:00Z') });
    await configure(h);
    h.clock.set(new Date('2026-12-08T07:00:00Z')); // down all Monday; back Tuesday 07:00
    expect(outcomes(await h.run('tick'))).toEqual([{ guildId: GUILD, outcome: 'posted' }]);
    const again = await createHarness(use(), { now: new Date('2026-12-08T08:00:00Z') }); // "restart"
    expect((await again.run('tick')).posted).toHaveLength(0);
    again.clock.set(new Date('2026-12-16T12:00:00Z')); // missed 2026-12-14 by 51 h
    const skipped = await again.run('tick');
    expect(outcomes(skipped)).toEqual([{ guildId: GUILD, outcome: 'skipped' }]);
    expect(skipped.tick![0]!.message).toMatch(/was not posted: it was due more than 48 hours ago/);
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

  it('several learners announcing one project on no track are listed together, under its first spelling', async () => {
    const h = await createHarness(use(), { now: new Date('2026-12-01T10:00:00Z') });
    await configure(h);
    await h.run('/project announce name:"Airbnb clone" summary:API role:backend seeking:frontend', { userId: ALICE });
    await h.run('/project announce name:"airbnb-clone" summary:UI role:frontend', { userId: BOB });
    await h.run('/project announce name:"AirBnB Clone" summary:Admin role:frontend', { userId: CAROL });
    await h.run('/project announce name:"Job board" summary:x', { userId: ALICE });
    const preview = await h.run('/nexus-admin digest preview', mod);
    const fields = ((preview.response as { data: { embeds: APIEmbed[] } }).data.embeds ?? []).flatMap(
      (e) => e.fields ?? [],
    );
    const sections = fields.filter((f) => f.name.startsWith('🆕'));
    expect(sections.map((f) => f.name)).toEqual(['🆕 New in Airbnb clone (3)', '🆕 Other projects (1)']);
    expect(sections[0]!.value.split('\n')).toHaveLength(3);
    expect(sections[1]!.value).toContain('Job board');
  });

  it('moderators preview (ephemeral) and post now; the scheduled digest then covers only what came after', async () => {
    const h = await createHarness(use(), { now: new Date('2026-12-01T10:00:00Z') });
    await configure(h);
    await h.run('/project announce name:"Job board" summary:x');
    expect(replyText(await h.run('/nexus-admin digest preview'))).toMatch(/Manage Server/);
    const preview = await h.run('/nexus-admin digest preview', mod);
    expect(replyText(preview)).toMatch(/Preview of the next digest so far/);
    expect(JSON.stringify(preview.response)).toContain('Job board');
    expect(preview.posted).toHaveLength(0);
    const post = await h.run('/nexus-admin digest post', mod);
    expect(replyText(post)).toMatch(/Posted the digest of .* → now/);
    expect(post.posted).toHaveLength(1);
    // Nothing happened since: a second post (a minute later) says so and posts nothing.
    h.clock.advance(60_000);
    const again = await h.run('/nexus-admin digest post', mod);
    expect(replyText(again)).toMatch(/Nothing new since the last digest/);
    const [posted] = await use().db.select().from(digestRuns);
    expect(replyText(again)).toMatch(
      new RegExp(` https://discord\\.com/channels/${GUILD}/800000000000000050/${posted!.messageIds[0]}$`),
    );
    expect(again.posted).toHaveLength(0);
    expect(replyText(await h.run('/nexus-admin digest preview', mod))).toMatch(/Nothing new since the digest posted/);
    h.clock.set(new Date('2026-12-07T09:00:00Z'));
    const tick = await h.run('tick');
    expect(outcomes(tick)).toEqual([{ guildId: GUILD, outcome: 'nothing-new' }]);
    expect(tick.tick![0]!.message).toMatch(
      /^Nothing new since the digest posted at .*, so the digest .* posted nothing\.$/,
    );
    expect(tick.posted).toHaveLength(0);
    expect(outcomes(await h.run('tick'))).toEqual([{ guildId: GUILD, outcome: 'already' }]);
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
  it('a manual post on Friday, a takeaway on Saturday: Monday’s digest has the takeaway; nothing lost, nothing twice', async () => {
    const h = await createHarness(use(), { now: new Date('2026-12-01T10:00:00Z') }); // Tuesday
    await configure(h);
    await h.run('modal challenge:log title:"Tuesday challenge" problem:"p"');
    h.clock.set(new Date('2026-12-04T10:00:00Z')); // Friday
    const friday = await h.run('/nexus-admin digest post', mod);
    expect(JSON.stringify(friday.posted)).toContain('Tuesday challenge');
    h.clock.set(new Date('2026-12-05T10:00:00Z')); // Saturday
    await h.run('/takeaway add text:"Saturday takeaway"', { userId: BOB });
    h.clock.set(new Date('2026-12-07T09:00:30Z')); // Monday: the scheduled digest
    const monday = await h.run('tick');
    expect(outcomes(monday)).toEqual([{ guildId: GUILD, outcome: 'posted' }]);
    const text = JSON.stringify(monday.posted);
    expect(text).toContain('Saturday takeaway');
    expect(text).not.toContain('Tuesday challenge');
    expect(text).toContain(`Since the digest of <t:${Date.parse('2026-12-04T10:00:00Z') / 1000}:f>`);
    expect(text).toContain('These days vs the same days a week earlier');
    expect(outcomes(await h.run('tick'))).toEqual([{ guildId: GUILD, outcome: 'already' }]);
    // The following week is a whole period again.
    h.clock.set(new Date('2026-12-14T09:00:30Z'));
    const next = await h.run('tick');
    expect(outcomes(next)).toEqual([{ guildId: GUILD, outcome: 'posted' }]);
    expect(JSON.stringify(next.posted)).toMatch(/A quiet week/);
    const runs = (await use().db.select().from(digestRuns)).sort((a, b) => +a.periodEnd - +b.periodEnd);
    expect(runs.map((r) => [r.kind, r.status, r.periodStart.toISOString(), r.periodEnd.toISOString()])).toEqual([
      ['manual', 'posted', '2026-11-30T09:00:00.000Z', '2026-12-04T10:00:00.001Z'],
      ['scheduled', 'posted', '2026-12-04T10:00:00.001Z', '2026-12-07T09:00:00.000Z'],
      ['scheduled', 'posted', '2026-12-07T09:00:00.000Z', '2026-12-14T09:00:00.000Z'],
    ]);
    // Every entry is in exactly one digest.
    const all = [friday, monday, next]
      .flatMap((r) => r.posted)
      .filter((c) => c.path === '/channels/800000000000000050/messages')
      .map((c) => JSON.stringify(c.body));
    expect(all.filter((b) => b.includes('Saturday takeaway'))).toHaveLength(1);
    expect(all.filter((b) => b.includes('Tuesday challenge'))).toHaveLength(1);
  });

  it('a manual post Discord refuses covers nothing: the scheduled digest has it all', async () => {
    const h = await createHarness(use(), { now: new Date('2026-12-01T10:00:00Z') });
    await configure(h);
    await h.run('modal challenge:log title:"Tuesday challenge" problem:"p"');
    h.clock.set(new Date('2026-12-04T10:00:00Z'));
    h.recorder.failWith = new Error('Missing Access');
    const failed = await h.run('/nexus-admin digest post', mod);
    expect(replyText(failed)).toMatch(/something went wrong/);
    h.recorder.failWith = undefined;
    expect(await use().db.select().from(digestRuns)).toHaveLength(0);
    h.clock.set(new Date('2026-12-07T09:00:30Z'));
    const monday = await h.run('tick');
    expect(outcomes(monday)).toEqual([{ guildId: GUILD, outcome: 'posted' }]);
    expect(JSON.stringify(monday.posted)).toContain('Tuesday challenge');
  });

  it('two moderators posting at once: one digest', async () => {
    const h = await createHarness(use(), { now: new Date('2026-12-01T10:00:00Z') });
    await configure(h);
    await h.run('/project announce name:"Job board" summary:x');
    h.recorder.take();
    const replies = await Promise.all([
      h.run('/nexus-admin digest post', mod),
      h.run('/nexus-admin digest post', { ...mod, userId: '100000000000000008' }),
    ]);
    const posts = replies.flatMap((r) => r.posted).filter((c) => c.path === '/channels/800000000000000050/messages');
    expect(posts).toHaveLength(1);
    expect(replies.map(replyText).filter((t) => /^Posted the digest/.test(t))).toHaveLength(1);
    expect(replies.map(replyText).join('\n')).toMatch(/already posted|being posted right now/);
  });

  it('lists the period’s open challenges; their button opens the challenge for any member', async () => {
    const h = await createHarness(use(), { now: new Date('2026-12-01T10:00:00Z') });
    await configure(h);
    await h.run('modal challenge:log title:"Open one" problem:"p"');
    await h.run('modal challenge:log title:"Solved one" problem:"p" solution:"s"');
    await h.run('modal challenge:log title:"Open two" problem:"q"', { userId: BOB });
    h.clock.set(new Date('2026-12-07T09:00:30Z'));
    const tick = await h.run('tick');
    const body = tick.posted[0]!.body as {
      embeds: APIEmbed[];
      components: Array<{ components: Array<{ custom_id: string }> }>;
    };
    const field = body.embeds[0]!.fields!.find((f) => f.name.startsWith('🙋 Can you help?'))!;
    expect(field.name).toBe('🙋 Can you help? 2 still open');
    expect(field.value).toContain('#1 Open one');
    expect(field.value).toContain('#3 Open two');
    expect(field.value).not.toContain('Solved one');
    const ids = body.components.flatMap((r) => r.components.map((c) => c.custom_id));
    expect(ids).toEqual(['challenge:open:1', 'challenge:open:3']);
    for (const who of [CAROL, ALICE, BOB]) {
      const r = await h.run(`click ${ids[0]}`, { userId: who });
      expect(isEphemeral(r)).toBe(true);
      expect(replyText(r)).toContain('#1 · Open one');
      expect(replyText(r)).toMatch(/Know how to fix it\? Answer under its card: https:\/\/discord\.com\/channels\//);
    }
    await h.run('/nexus-admin remove type:challenge id:1 reason:dup', mod);
    expect(replyText(await h.run(`click ${ids[0]}`, { userId: CAROL }))).toMatch(/There is no challenge #1/);
  });

  it('one seeking line per project identity: linked to the same track, or the same normalised name', async () => {
    const h = await createHarness(use(), { now: new Date('2026-12-01T10:00:00Z') });
    await configure(h);
    await h.run('/nexus-admin track add name:"Airbnb clone"', mod);
    await h.run('/project announce name:"Airbnb clone" summary:x role:backend seeking:frontend');
    await h.run('/project announce name:"AirBnB-Clone " summary:x role:frontend seeking:backend', { userId: BOB });
    await h.run('/project announce name:"Chat app" summary:x role:backend seeking:frontend', { userId: CAROL });
    await h.run('/project announce name:"chat-app" summary:x role:frontend seeking:backend', {
      userId: '100000000000000004',
    });
    const preview = (await h.run('/nexus-admin digest preview', mod)).response as { data: { embeds: APIEmbed[] } };
    const field = preview.data.embeds[0]!.fields!.find((f) => f.name.startsWith('🔎'))!;
    expect(field.name).toBe('🔎 Still looking for a collaborator (4)');
    const lines = field.value.split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^\*\*Airbnb clone\*\*: <@\d+> \(backend → frontend\), <@\d+> \(frontend → backend\)$/);
    expect(lines[1]).toMatch(/^\*\*(Chat app|chat-app)\*\*: <@\d+> .*, <@\d+> /);
  });

  it('new pairs show under their project identity’s name, as seekers do; a pair already ended says so', async () => {
    const h = await createHarness(use(), { now: new Date('2026-12-01T10:00:00Z') });
    await configure(h);
    const [dave, erin, frank] = ['100000000000000004', '100000000000000005', '100000000000000006'];
    await h.run('/nexus-admin track add name:"E-commerce platform"', mod);
    const pairUp = async (a: string, aName: string, b: string, bName: string, projectId: number, request: number) => {
      await h.run(`/project announce name:"${aName}" summary:x role:backend seeking:frontend`, { userId: a });
      await h.run(`/project announce name:"${bName}" summary:x role:frontend seeking:backend`, { userId: b });
      await h.run(`click pair:request:${projectId}`, { userId: b });
      expect(replyText(await h.run(`click pair:accept:${request}`, { userId: a }))).not.toMatch(/not|cannot/i);
    };
    await pairUp(ALICE, 'ecommerce platform', BOB, 'É-commerce Platform', 1, 1);
    await pairUp(CAROL, 'Chat app', dave, 'chat-app', 3, 2);
    await h.run(`/pair end user:<@${dave}>`, { userId: CAROL });
    await h.run('/project announce name:"E COMMERCE platform" summary:x role:backend seeking:frontend', {
      userId: erin,
    });
    await h.run('/project announce name:"CHAT-APP" summary:x role:backend seeking:frontend', { userId: frank });
    h.clock.set(new Date('2026-12-07T09:00:30Z'));
    const body = (await h.run('tick')).posted[0]!.body as { embeds: APIEmbed[] };
    const fields = body.embeds.flatMap((e) => e.fields ?? []);
    const pairsField = fields.find((f) => f.name.startsWith('🤝'))!;
    expect(pairsField.name).toBe('🤝 New pairs (2)');
    expect(pairsField.value.split('\n')).toEqual([
      expect.stringMatching(/^<@\d+> \+ <@\d+> on E-commerce platform$/),
      expect.stringMatching(/^<@\d+> \+ <@\d+> on Chat app \(ended since\)$/),
    ]);
    const seeking = fields.find((f) => f.name.startsWith('🔎'))!.value.split('\n');
    expect(seeking).toEqual([
      expect.stringMatching(/^\*\*Chat app\*\*: /),
      expect.stringMatching(/^\*\*E-commerce platform\*\*: /),
    ]);
  });

  it('a Monday preview compares the same hours of last week, not the hours before the digest', async () => {
    const h = await createHarness(use(), { now: new Date('2026-11-24T10:00:00Z') });
    await configure(h);
    const announce = async (at: string, userId: string) => {
      h.clock.set(new Date(at));
      await h.run(`/project announce name:"P ${userId.slice(-2)}" summary:x`, { userId });
    };
    await announce('2026-11-30T09:30:00Z', '100000000000000011'); // last Monday, first hour of the period
    await announce('2026-12-07T08:10:00Z', '100000000000000012'); // the hour before this Monday's digest
    await announce('2026-12-07T08:20:00Z', '100000000000000013');
    await announce('2026-12-07T08:30:00Z', '100000000000000014');
    await announce('2026-12-07T09:30:00Z', '100000000000000015'); // this period's first hour
    h.clock.set(new Date('2026-12-07T10:00:00Z'));
    const text = replyText(await h.run('/nexus-admin digest preview', mod));
    expect(text).toContain('📈 These days vs the same days a week earlier: Projects 1 (±0)');
  });

  it('a skipped digest is said in the tick’s result, not as a warning in the log', async () => {
    const logs = captureLogs('warn');
    const h = await createHarness(use(), { now: new Date('2026-12-01T10:00:00Z'), log: logs.log });
    await configure(h);
    h.clock.set(new Date('2026-12-16T12:00:00Z'));
    expect(outcomes(await h.run('tick'))).toEqual([{ guildId: GUILD, outcome: 'skipped' }]);
    expect(logs.lines).toEqual([]);
  });
});
