// The cohort chart in the weekly digest and in /nexus-admin stats: one PNG (an attachment with alt text,
// shown by the embed), the same numbers as text, and a post without the image when drawing fails.
import { Resvg } from '@resvg/resvg-js';
import type { APIEmbed } from 'discord-api-types/v10';
import { expect, it, vi } from 'vitest';
import * as cohort from '../src/charts/cohort.js';
import type { LineResult } from '../src/cli/try.js';
import type { ReplyFile } from '../src/commands/types.js';
import { describeEachDatabase } from './helpers/db.js';
import { checkCall, checkCallback } from './helpers/discord-spec.js';
import { BOB, CAROL, createHarness, MOD, replyText, type Harness } from './helpers/harness.js';
import { captureLogs } from './helpers/logs.js';

// The real chart module, with its renderer spied on so a test can make one drawing fail.
vi.mock('../src/charts/cohort.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../src/charts/cohort.js')>();
  return { ...real, renderCohortChart: vi.fn(real.renderCohortChart) };
});

const mod = { userId: MOD, moderator: true };
const DIGEST_CHANNEL = '/channels/800000000000000050/messages';

/** Width and height from the PNG's IHDR chunk, and the pixels it decodes to (drawn by resvg). */
function decodePng(png: Buffer): { width: number; height: number; pixels: Buffer } {
  expect(png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${width}" height="${height}">` +
    `<image width="${width}" height="${height}" xlink:href="data:image/png;base64,${png.toString('base64')}"/></svg>`;
  return { width, height, pixels: Buffer.from(new Resvg(svg, { font: { loadSystemFonts: false } }).render().pixels) };
}

/** Activity in Africa/Lagos: one challenge in the week of Nov 23; the week of Nov 30: 2 projects, 1 pair, 2 challenges (1 solved). */
async function weekOfActivity(h: Harness) {
  await h.run(
    '/nexus-admin config set digest_channel:<#800000000000000050> digest_cron:"0 9 * * 1" timezone:Africa/Lagos',
    mod,
  );
  h.clock.set(new Date('2026-11-26T10:00:00Z'));
  await h.run('modal challenge:log title:"Celery" problem:"Tasks never run"', { userId: CAROL });
  h.clock.set(new Date('2026-12-01T10:00:00Z'));
  await h.run('/project announce name:"Airbnb clone" summary:x role:backend seeking:frontend');
  await h.run('/project announce name:"airbnb-clone" summary:y role:frontend seeking:backend', { userId: BOB });
  await h.run(`/pair request user:<@${BOB}>`);
  await h.run('click pair:accept:1', { userId: BOB });
  await h.run('modal challenge:log title:"Docker networking" problem:"p" solution:"use the service name" tags:docker');
  await h.run('modal challenge:log title:"CORS" problem:"q" tags:"cors, docker"', { userId: CAROL });
}

function chartEmbed(embeds: APIEmbed[]): APIEmbed {
  const e = embeds.find((x) => x.title?.startsWith('📊 The cohort at a glance'));
  expect(e, 'the chart embed').toBeDefined();
  return e!;
}

const WEEK_LINE = 'Week of Nov 30: 2 projects announced · 1 pair formed · 2 challenges logged · 1 solved';

const DIGEST_ALT =
  'Weekly activity, 2 weeks, Nov 23 to the week of Nov 30: projects 0→2 (2 in all), pairs 0→1 (1 in all), ' +
  'challenges logged 1→2 (3 in all), challenges solved 0→1 (1 in all). Top tags, week of Nov 30: docker (2), cors (1).';

function expectChartPng(file: ReplyFile | undefined, attachments: unknown, alt: RegExp | string = DIGEST_ALT) {
  expect(file?.name).toBe('cohort.png');
  expect(file?.contentType).toBe('image/png');
  const { width, height, pixels } = decodePng(file!.data as Buffer);
  expect({ width, height }).toEqual({ width: 800, height: 450 });
  expect(pixels.length).toBe(800 * 450 * 4);
  // The attachment carries the alt text: the numbers in a sentence.
  const [a] = attachments as Array<{ id: string; filename: string; description?: string }>;
  expect(a).toMatchObject({ id: '0', filename: 'cohort.png' });
  if (typeof alt === 'string') expect(a!.description).toBe(alt);
  else expect(a!.description).toMatch(alt);
  expect(a!.description!.length).toBeLessThanOrEqual(1024);
}

describeEachDatabase('the cohort chart in the digest and in stats', (use) => {
  it('the scheduled digest carries the PNG (up to the last complete week) and its numbers as text', async () => {
    const h = await createHarness(use(), { now: new Date('2026-11-20T10:00:00Z') });
    await weekOfActivity(h);
    h.clock.set(new Date('2026-12-07T08:00:30Z')); // Monday 09:00 in Lagos
    const tick = await h.run('tick');
    const posts = tick.posted.filter((c) => c.path === DIGEST_CHANNEL);
    const withChart = posts.find((c) => c.files.length > 0)!;
    expect(withChart.files).toHaveLength(1);
    const body = withChart.body as { embeds: APIEmbed[]; attachments: unknown };
    expect(checkCall(withChart)).toEqual([]);
    expectChartPng(withChart.files[0], body.attachments);
    const embed = chartEmbed(body.embeds);
    expect(embed.image).toEqual({ url: 'attachment://cohort.png' });
    // From the first week with activity to the last complete week before the digest's (Monday Dec 7 starts one).
    expect(embed.title).toBe('📊 The cohort at a glance (last 2 weeks)');
    expect(embed.description!.split('\n')).toEqual([
      'Week of Nov 23: 0 projects announced · 0 pairs formed · 1 challenge logged · 0 solved',
      WEEK_LINE,
      'Top tags, week of Nov 30: docker (2) · cors (1)',
    ]);
    // One image in the whole digest.
    expect(posts.flatMap((c) => c.files)).toHaveLength(1);
  });

  it('/nexus-admin stats shows the same chart, as an attachment with alt text and as text', async () => {
    const h = await createHarness(use(), { now: new Date('2026-11-20T10:00:00Z') });
    await weekOfActivity(h);
    h.clock.set(new Date('2026-12-08T10:00:00Z'));
    const r = await h.run('/nexus-admin stats', mod);
    expect(checkCallback(r.response)).toEqual([]);
    const data = (r.response as { data: { embeds: APIEmbed[]; attachments: unknown } }).data;
    // Stats are read mid-week: the chart also has the current week so far.
    expectChartPng(
      r.files[0],
      data.attachments,
      /^Weekly activity, 3 weeks, Nov 23 to the week of Dec 7: projects 0→0 \(2 in all\)/,
    );
    expect(chartEmbed(data.embeds).title).toBe('📊 The cohort at a glance (last 3 weeks, this one so far)');
    const embed = chartEmbed(data.embeds);
    expect(embed.image).toEqual({ url: 'attachment://cohort.png' });
    expect(embed.description).toContain(WEEK_LINE);
    expect(replyText(r)).toMatch(/Nexus at a glance/);
  });

  it('when drawing fails, the digest and stats still post, with the numbers and without the image', async () => {
    const logs = captureLogs('error');
    const h = await createHarness(use(), { now: new Date('2026-11-20T10:00:00Z'), log: logs.log });
    await weekOfActivity(h);
    h.clock.set(new Date('2026-12-07T08:00:30Z'));
    vi.mocked(cohort.renderCohortChart).mockRejectedValueOnce(new Error('resvg: out of memory'));
    const tick: LineResult = await h.run('tick');
    const posts = tick.posted.filter((c) => c.path === DIGEST_CHANNEL);
    expect(posts.length).toBeGreaterThan(0);
    expect(posts.flatMap((c) => c.files)).toEqual([]);
    const embeds = posts.flatMap((c) => (c.body as { embeds: APIEmbed[] }).embeds);
    const embed = chartEmbed(embeds);
    expect(embed.image).toBeUndefined();
    expect(embed.description).toContain(WEEK_LINE);
    for (const c of posts) expect(checkCall(c)).toEqual([]);
    expect(logs.lines.join('\n')).toMatch(/cohort chart: drawing failed/);

    vi.mocked(cohort.renderCohortChart).mockRejectedValueOnce(new Error('resvg: out of memory'));
    const stats = await h.run('/nexus-admin stats', mod);
    expect(stats.files).toEqual([]);
    const statsEmbed = chartEmbed((stats.response as { data: { embeds: APIEmbed[] } }).data.embeds);
    expect(statsEmbed.image).toBeUndefined();
    expect(statsEmbed.description).toContain(WEEK_LINE);
  });
});
