// runDigest: claim → build → post → mark, exactly once per (guild, period), across processes.
// The claim is a row with a unique (guild_id, period_end) and a lease; a crashed claimer's lease expires
// and another runner takes over. Posts carry a nonce derived from (guild, period) with enforce_nonce, so a
// retried POST (timeout, takeover within Discord's nonce window) cannot create a second message.
//
// Every digest covers from where the guild's last digest ended (see digestStart): manual posts and the
// schedule split a period (a manual post covers up to the moment it is posted; the scheduled digest then
// covers from there to the period's end, and posts nothing if nothing happened since, and says so), and after
// a digest skipped while the bot was down, the next one covers both periods (up to MAX_DIGEST_SPAN_MS).
import { createHash, randomBytes } from 'node:crypto';
import { userMention } from '@discordjs/formatters';
import os from 'node:os';
import type { CohortChartData } from '../charts/cohort.js';
import type { Attachment, AppContext } from '../context.js';
import { loadCohortChartData, weekStartOf } from '../db/queries/cohort.js';
import {
  claimDigestRun,
  finishDigestRun,
  listActiveGuildSettings,
  loadDigestData,
  recordSkippedDigest,
  releaseDigestClaim,
  type DigestWindow,
} from '../db/queries/digest.js';
import { expireRequests } from '../db/queries/pair-requests.js';
import { getGuildSettings } from '../db/queries/settings.js';
import type { DigestRun, GuildSettings } from '../db/schema.js';
import { buildDigest, isQuietWeek, type DigestChart, type DigestData, type DigestMessage } from '../domain/digest.js';
import { nextFire, periodEndingAt, previousFire } from '../domain/schedule.js';
import { DAY, WEEK } from '../domain/time.js';
import { plural } from '../domain/text.js';

export const DEFAULT_LEASE_MS = 5 * 60_000;
export const DEFAULT_GRACE_MS = 48 * 3_600_000;

export function newRunnerId(): string {
  return `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

/** Discord nonces are at most 25 characters. */
function digestNonce(guildId: string, periodEnd: Date, part: number): string {
  return createHash('sha256').update(`${guildId}|${periodEnd.toISOString()}|${part}`).digest('base64url').slice(0, 25);
}

export function digestChannel(s: GuildSettings): string | null {
  return s.digestChannelId ?? s.nexusChannelId;
}

export interface RunOptions {
  runnerId: string;
  leaseMs?: number;
  /**
   * A manual post (/nexus-admin digest post): covers up to this instant (the moment it is posted), and posts
   * even a quiet week, unless an earlier digest of the period already covered everything.
   */
  manualUntil?: Date;
  /** Test hook: called after the claim, before posting (simulate a crash by throwing). */
  afterClaim?: () => Promise<void>;
}

export type RunResult =
  | { status: 'posted'; run: DigestRun; messages: number }
  | { status: 'nothing-new'; run: DigestRun }
  | { status: 'already'; run: DigestRun }
  | { status: 'busy'; run: DigestRun }
  | { status: 'no-channel' }
  | { status: 'disabled' };

/**
 * The same span one schedule period earlier: digests compare like with like. A window longer than a period
 * (a digest after missed ones) is compared with the same span as many whole periods earlier as it spans, so
 * that the two never overlap.
 */
export function comparisonWindow(window: DigestWindow, period: DigestWindow): DigestWindow {
  const p = period.end.getTime() - period.start.getTime();
  const len = window.end.getTime() - window.start.getTime();
  // An hour of slack: a period across a DST change is an hour longer or shorter than the one before.
  const shift = p * Math.max(1, Math.ceil((len - 3_600_000) / p));
  return { start: new Date(window.start.getTime() - shift), end: new Date(window.end.getTime() - shift) };
}

/**
 * The digest's data for `window` inside the schedule's `period`: after an earlier digest of the period it
 * says since when; starting before the period (digests were missed) it says it covers more, and what the cap
 * left out (`cappedFrom`).
 */
export async function loadWindowData(
  ctx: AppContext,
  settings: GuildSettings,
  window: DigestWindow,
  period: DigestWindow,
  cappedFrom: Date | null,
): Promise<DigestData> {
  const data = await loadDigestData(
    ctx.db,
    settings.guildId,
    window.start,
    window.end,
    settings.timezone,
    comparisonWindow(window, period),
  );
  const scheduleMs = period.end.getTime() - period.start.getTime();
  if (window.start < period.start) {
    // Longer than the schedule's period by more than an hour (a DST change, a schedule moved by an hour).
    if (window.end.getTime() - window.start.getTime() > scheduleMs + 3_600_000 || cappedFrom)
      data.catchUp = { scheduleMs, cappedFrom };
  } else if (window.start > period.start) data.since = window.start;
  return data;
}

/** Weeks the cohort chart shows. */
const CHART_WEEKS = 8;
const CHART_FILE = 'cohort.png';

export interface CohortChartPart {
  chart: DigestChart;
  /** The PNG, when it could be drawn (the numbers are posted as text either way). */
  file?: Attachment;
}

/**
 * The cohort chart of the complete calendar weeks before `at` (in the guild's timezone; at most CHART_WEEKS,
 * from the first with activity): its numbers as text and, unless drawing fails, the PNG with its alt text. Undefined when even the numbers cannot be had; the
 * caller then posts without the chart. The chart module is loaded on first use (it is heavy to load).
 */
export async function cohortChartPart(
  ctx: AppContext,
  guildId: string,
  timezone: string,
  at: Date,
  /** Also the current week so far (stats and previews: what a moderator looks at mid-week). */
  opts: { includeCurrentWeek?: boolean } = {},
): Promise<CohortChartPart | undefined> {
  let loaded: Awaited<ReturnType<typeof loadCohortChartData>>;
  let mod: typeof import('../charts/cohort.js');
  try {
    // Up to the start of the current week, so the last week shown is complete; or up to now.
    const weekStart = weekStartOf(at, timezone);
    const to = opts.includeCurrentWeek ? new Date(at.getTime() + 1) : weekStart;
    const from = new Date(weekStart.getTime() - (CHART_WEEKS * 7 + 1) * DAY);
    [loaded, mod] = await Promise.all([
      loadCohortChartData(ctx.db, guildId, { from, to, timezone, maxWeeks: CHART_WEEKS }),
      import('../charts/cohort.js'),
    ]);
  } catch (err) {
    ctx.log.error({ err, guildId }, 'cohort chart: could not load its data; posting without it');
    return undefined;
  }
  // Weeks before the cohort's first activity say nothing: the chart starts at the first active week.
  const firstActive = loaded.weeks.findIndex((w) => w.projects + w.pairs + w.challenges + w.solved > 0);
  const data: CohortChartData = {
    ...loaded,
    weeks: loaded.weeks.slice(firstActive < 0 ? Math.max(0, loaded.weeks.length - 1) : firstActive),
  };
  const weeks = plural(data.weeks.length, 'week');
  const title = `📊 The cohort at a glance (last ${weeks}${opts.includeCurrentWeek ? ', this one so far' : ''})`;
  const chart: DigestChart = { title, lines: mod.cohortChartText(data) };
  try {
    const image = await mod.renderCohortChart(data, { title: 'The cohort at a glance' });
    return {
      chart: { ...chart, imageUrl: `attachment://${CHART_FILE}` },
      file: { name: CHART_FILE, data: image.png, contentType: 'image/png', description: image.description },
    };
  } catch (err) {
    ctx.log.error({ err, guildId }, 'cohort chart: drawing failed; posting its numbers without the image');
    return { chart };
  }
}

/** The digest's messages for a window, with the chart (its file attached to the message that shows it). */
export async function composeDigest(
  ctx: AppContext,
  settings: GuildSettings,
  data: DigestData,
  opts: { quietWeekNote: boolean; chartAt: Date; chartIncludesCurrentWeek?: boolean },
): Promise<Array<DigestMessage & { files: Attachment[] }>> {
  if (isQuietWeek(data) && !opts.quietWeekNote) return [];
  const part = await cohortChartPart(ctx, settings.guildId, settings.timezone, opts.chartAt, {
    includeCurrentWeek: opts.chartIncludesCurrentWeek ?? false,
  });
  const messages = buildDigest(data, { quietWeekNote: opts.quietWeekNote, chart: part?.chart });
  return messages.map((m) => ({
    ...m,
    files: part?.file && m.embeds.some((e) => e.image?.url === part.chart.imageUrl) ? [part.file] : [],
  }));
}

/**
 * Posts the digest of `period` (the schedule's period: it identifies the scheduled digest and gives the
 * comparison span), or with `manualUntil` a manual digest of the period so far. Exactly once: see
 * claimDigestRun for how the two split a period.
 */
export async function runDigest(
  ctx: AppContext,
  settings: GuildSettings,
  period: DigestWindow,
  opts: RunOptions,
): Promise<RunResult> {
  const channelId = digestChannel(settings);
  if (!channelId) return { status: 'no-channel' };
  const manual = opts.manualUntil !== undefined;
  const claim = await claimDigestRun(
    ctx.db,
    settings.guildId,
    { kind: manual ? 'manual' : 'scheduled', periodStart: period.start, periodEnd: opts.manualUntil ?? period.end },
    opts.runnerId,
    opts.leaseMs ?? DEFAULT_LEASE_MS,
    ctx.clock.now(),
  );
  if ('taken' in claim) return { status: claim.taken.status === 'claimed' ? 'busy' : 'already', run: claim.taken };
  const run = claim.claimed;
  try {
    await opts.afterClaim?.();
    const window = { start: run.periodStart, end: run.periodEnd };
    const data = await loadWindowData(ctx, settings, window, period, claim.cappedFrom);
    const followsDigest = data.since !== null;
    // After an earlier digest of the period, a quiet stretch is not worth a post.
    if (followsDigest && isQuietWeek(data)) {
      if (manual) {
        await releaseDigestClaim(ctx.db, run, opts.runnerId);
        return { status: 'nothing-new', run };
      }
      const done = await finishDigestRun(ctx.db, run, opts.runnerId, {
        status: 'nothing-new',
        channelId,
        messageIds: [],
        now: ctx.clock.now(),
      });
      ctx.log.info({ guildId: settings.guildId, periodEnd: run.periodEnd.toISOString() }, 'digest: nothing new');
      return { status: 'nothing-new', run: done ?? run };
    }
    const messages = await composeDigest(ctx, settings, data, {
      quietWeekNote: manual || settings.quietWeekNote,
      chartAt: run.periodEnd,
      // A manual post covers up to now: its chart shows the week so far too.
      chartIncludesCurrentWeek: manual,
    });
    const ids = await postDigest(ctx, channelId, settings.guildId, run.periodEnd, messages);
    const done = await finishDigestRun(ctx.db, run, opts.runnerId, {
      status: 'posted',
      channelId,
      messageIds: ids,
      now: ctx.clock.now(),
    });
    ctx.log.info(
      { guildId: settings.guildId, periodEnd: run.periodEnd.toISOString(), messages: ids.length },
      'digest posted',
    );
    return { status: 'posted', run: done ?? run, messages: ids.length };
  } catch (err) {
    // A manual post that failed covered nothing: the scheduled digest will include its stretch. (A scheduled
    // claim stays, and another runner takes it over when its lease expires.)
    if (manual) await releaseDigestClaim(ctx.db, run, opts.runnerId).catch(() => undefined);
    throw err;
  }
}

async function postDigest(
  ctx: AppContext,
  channelId: string,
  guildId: string,
  end: Date,
  messages: Array<DigestMessage & { files: Attachment[] }>,
): Promise<string[]> {
  const ids: string[] = [];
  for (const [i, m] of messages.entries()) {
    const msg = await ctx.discord.postMessage(
      channelId,
      {
        ...(m.content ? { content: m.content } : {}),
        embeds: m.embeds,
        ...(m.components?.length ? { components: m.components } : {}),
        nonce: digestNonce(guildId, end, i),
        enforce_nonce: true,
      },
      m.files,
    );
    ids.push(msg.id);
  }
  return ids;
}

/** The period a scheduled tick at (or after) `now` closes. */
export function duePeriod(s: GuildSettings, now: Date): { start: Date; end: Date } | null {
  const end = previousFire(s.digestCron, s.timezone, now);
  return end ? periodEndingAt(s.digestCron, s.timezone, end) : null;
}

/** The current, still-open period: [last fire, next fire). */
export function currentPeriod(s: GuildSettings, now: Date): { start: Date; end: Date } {
  const end = nextFire(s.digestCron, s.timezone, now) ?? new Date(now.getTime() + WEEK);
  const start = previousFire(s.digestCron, s.timezone, now) ?? new Date(end.getTime() - WEEK);
  return { start, end };
}

export interface TickResult {
  guildId: string;
  outcome: RunResult['status'] | 'skipped' | 'not-due';
  /** What happened, as a sentence for people (the `try` CLI prints it). */
  message: string;
}

const when = (d: Date) => d.toISOString().replace('T', ' ').slice(0, 16) + ' UTC';

function tickMessage(outcome: TickResult['outcome'], period: DigestWindow | null, r?: RunResult): string {
  const end = period ? ` for the period ending ${when(period.end)}` : '';
  switch (outcome) {
    case 'posted':
      return `The digest${end} was posted${r && 'messages' in r ? ` (${plural(r.messages, 'message')})` : ''}.`;
    case 'nothing-new':
      return `Nothing new since the digest posted at ${r && 'run' in r ? when(r.run.periodStart) : 'the last post'}, so the digest${end} posted nothing.`;
    case 'already':
      return `The digest${end} was already posted; it is not posted twice.`;
    case 'busy':
      return `Another runner is posting the digest${end} right now.`;
    case 'skipped':
      return `The digest${end} was not posted: it was due more than 48 hours ago (the bot was down), so it is recorded as skipped; what happened in its period will be in the next digest.`;
    case 'not-due':
      return 'No digest is due at this time.';
    case 'no-channel':
      return 'No digest channel is set, so no digest is posted.';
    case 'disabled':
      return 'The digest is turned off.';
  }
}

/**
 * What the scheduler runs: for every guild, post the digest of the latest due period if it has not been
 * posted (on time, or caught up after downtime within the grace window; older ones are recorded as
 * skipped), and expire lapsed pair requests.
 */
export async function runDueDigests(
  ctx: AppContext,
  opts: { runnerId: string; graceMs?: number; leaseMs?: number; guildIds?: string[] },
): Promise<TickResult[]> {
  const now = ctx.clock.now();
  const grace = opts.graceMs ?? DEFAULT_GRACE_MS;
  const rows = opts.guildIds
    ? await Promise.all(opts.guildIds.map((g) => getGuildSettings(ctx.db, g)))
    : await listActiveGuildSettings(ctx.db);
  const results: TickResult[] = [];
  const result = (guildId: string, outcome: TickResult['outcome'], period: DigestWindow | null, r?: RunResult) =>
    results.push({ guildId, outcome, message: tickMessage(outcome, period, r) });
  for (const s of rows) {
    try {
      for (const r of await expireRequests(ctx.db, s.guildId, now)) {
        if (r.channelId && r.messageId) {
          await ctx.discord
            .editMessage(r.channelId, r.messageId, {
              content: `This pair request from ${userMention(r.requesterId)} to ${userMention(r.addresseeId)} expired.`,
              components: [],
            })
            .catch((err) => ctx.log.warn({ err }, 'could not update an expired request'));
        }
      }
      if (!s.digestEnabled || !digestChannel(s)) continue;
      const period = duePeriod(s, now);
      // Periods that closed before the guild configured Nexus are not owed.
      if (!period || period.end < s.createdAt) {
        result(s.guildId, 'not-due', null);
        continue;
      }
      if (now.getTime() - period.end.getTime() > grace) {
        const recorded = await recordSkippedDigest(ctx.db, s.guildId, period, now);
        result(s.guildId, recorded ? 'skipped' : 'not-due', recorded ? period : null);
        // Info, not a warning: the tick's result says it; by design after a long downtime.
        if (recorded)
          ctx.log.info(
            { guildId: s.guildId, periodEnd: period.end.toISOString() },
            'digest skipped: past the grace window',
          );
        continue;
      }
      const r = await runDigest(ctx, s, period, {
        runnerId: opts.runnerId,
        ...(opts.leaseMs ? { leaseMs: opts.leaseMs } : {}),
      });
      result(s.guildId, r.status, period, r);
    } catch (err) {
      // One guild's failure (e.g. Discord refusing the channel) never stops the others; the claim's lease lets a later tick retry.
      ctx.log.error({ err, guildId: s.guildId }, 'digest tick failed for a guild');
    }
  }
  return results;
}
