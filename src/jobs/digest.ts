// runDigest: claim → build → post → mark, exactly once per (guild, period), across processes.
// The claim is a row with a unique (guild_id, period_end) and a lease; a crashed claimer's lease expires
// and another runner takes over. Posts carry a nonce derived from (guild, period) with enforce_nonce, so a
// retried POST (timeout, takeover within Discord's nonce window) cannot create a second message.
import { createHash, randomBytes } from 'node:crypto';
import os from 'node:os';
import { and, eq, isNull, lt, sql } from 'drizzle-orm';
import type { AppContext } from '../context.js';
import { loadDigestData } from '../db/queries/digest.js';
import { expireRequests } from '../db/queries/pairs.js';
import { getGuildSettings } from '../db/queries/settings.js';
import { digestRuns, guildSettings, type DigestRun, type GuildSettings } from '../db/schema.js';
import { buildDigest, type DigestMessage } from '../domain/digest.js';
import { nextFire, periodEndingAt, previousFire } from '../domain/schedule.js';

export const DEFAULT_LEASE_MS = 5 * 60_000;
export const DEFAULT_GRACE_MS = 48 * 3_600_000;

export function newRunnerId(): string {
  return `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

/** Discord nonces are at most 25 characters. */
export function digestNonce(guildId: string, periodEnd: Date, part: number): string {
  return createHash('sha256').update(`${guildId}|${periodEnd.toISOString()}|${part}`).digest('base64url').slice(0, 25);
}

export function digestChannel(s: GuildSettings): string | null {
  return s.digestChannelId ?? s.nexusChannelId;
}

export interface RunOptions {
  runnerId: string;
  leaseMs?: number;
  /** Content covers [period.start, contentEnd) — "so far" for a manual post; the period end otherwise. */
  contentEnd?: Date;
  /** Test hook: called after the claim, before posting (simulate a crash by throwing). */
  afterClaim?: () => Promise<void>;
}

export type RunResult =
  | { status: 'posted'; run: DigestRun; messages: number }
  | { status: 'already'; run: DigestRun }
  | { status: 'busy'; run: DigestRun }
  | { status: 'no-channel' }
  | { status: 'disabled' };

/** Claims (guild, period) for this runner: inserts, or takes over an expired lease. Undefined when taken. */
export async function claimDigestPeriod(
  ctx: AppContext,
  guildId: string,
  period: { start: Date; end: Date },
  runnerId: string,
  leaseMs: number,
): Promise<DigestRun | undefined> {
  const now = ctx.clock.now();
  const lease = new Date(now.getTime() + leaseMs);
  const [row] = await ctx.db
    .insert(digestRuns)
    .values({
      guildId,
      periodStart: period.start,
      periodEnd: period.end,
      status: 'claimed',
      claimedBy: runnerId,
      leaseUntil: lease,
      attempts: 1,
      createdAt: now,
    })
    .onConflictDoUpdate({
      target: [digestRuns.guildId, digestRuns.periodEnd],
      set: { claimedBy: runnerId, leaseUntil: lease, attempts: sql`${digestRuns.attempts} + 1` },
      setWhere: and(eq(digestRuns.status, 'claimed'), lt(digestRuns.leaseUntil, now)),
    })
    .returning();
  return row;
}

async function existingRun(ctx: AppContext, guildId: string, end: Date): Promise<DigestRun | undefined> {
  const [r] = await ctx.db
    .select()
    .from(digestRuns)
    .where(and(eq(digestRuns.guildId, guildId), eq(digestRuns.periodEnd, end)))
    .limit(1);
  return r;
}

export async function runDigest(
  ctx: AppContext,
  settings: GuildSettings,
  period: { start: Date; end: Date },
  opts: RunOptions,
): Promise<RunResult> {
  const channelId = digestChannel(settings);
  if (!channelId) return { status: 'no-channel' };
  const claimed = await claimDigestPeriod(
    ctx,
    settings.guildId,
    period,
    opts.runnerId,
    opts.leaseMs ?? DEFAULT_LEASE_MS,
  );
  if (!claimed) {
    const run = (await existingRun(ctx, settings.guildId, period.end))!;
    return run.status === 'claimed' ? { status: 'busy', run } : { status: 'already', run };
  }
  await opts.afterClaim?.();
  const data = await loadDigestData(
    ctx.db,
    settings.guildId,
    period.start,
    opts.contentEnd ?? period.end,
    settings.timezone,
  );
  const messages = buildDigest(data, { quietWeekNote: settings.quietWeekNote });
  const ids = await postDigest(ctx, channelId, settings.guildId, period.end, messages);
  const [done] = await ctx.db
    .update(digestRuns)
    .set({ status: 'posted', channelId, messageIds: ids, postedAt: ctx.clock.now(), leaseUntil: null })
    .where(and(eq(digestRuns.id, claimed.id), eq(digestRuns.claimedBy, opts.runnerId)))
    .returning();
  ctx.log.info(
    { guildId: settings.guildId, periodEnd: period.end.toISOString(), messages: ids.length },
    'digest posted',
  );
  return { status: 'posted', run: done ?? claimed, messages: ids.length };
}

async function postDigest(
  ctx: AppContext,
  channelId: string,
  guildId: string,
  end: Date,
  messages: DigestMessage[],
): Promise<string[]> {
  const ids: string[] = [];
  for (const [i, m] of messages.entries()) {
    const msg = await ctx.discord.postMessage(channelId, {
      ...(m.content ? { content: m.content } : {}),
      embeds: m.embeds,
      nonce: digestNonce(guildId, end, i),
      enforce_nonce: true,
    });
    ids.push(msg.id);
  }
  return ids;
}

/** The period a scheduled tick at (or after) `now` closes. */
export function duePeriod(s: GuildSettings, now: Date): { start: Date; end: Date } | null {
  const end = previousFire(s.digestCron, s.timezone, now);
  return end ? periodEndingAt(s.digestCron, s.timezone, end) : null;
}

/** The current, still-open period: [last fire, next fire). A manual post counts as its digest. */
export function currentPeriod(s: GuildSettings, now: Date): { start: Date; end: Date } {
  const end = nextFire(s.digestCron, s.timezone, now) ?? new Date(now.getTime() + 7 * 86_400_000);
  const start = previousFire(s.digestCron, s.timezone, now) ?? new Date(end.getTime() - 7 * 86_400_000);
  return { start, end };
}

export interface TickResult {
  guildId: string;
  outcome: RunResult['status'] | 'skipped' | 'not-due';
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
    : await ctx.db.select().from(guildSettings).where(isNull(guildSettings.leftAt));
  const results: TickResult[] = [];
  for (const s of rows) {
    try {
      for (const r of await expireRequests(ctx.db, s.guildId, now)) {
        if (r.channelId && r.messageId) {
          await ctx.discord
            .editMessage(r.channelId, r.messageId, {
              content: `This pair request from <@${r.requesterId}> to <@${r.addresseeId}> expired.`,
              components: [],
            })
            .catch((err) => ctx.log.warn({ err }, 'could not update an expired request'));
        }
      }
      if (!s.digestEnabled || !digestChannel(s)) continue;
      const period = duePeriod(s, now);
      // Periods that closed before the guild configured Nexus are not owed.
      if (!period || period.end < s.createdAt) {
        results.push({ guildId: s.guildId, outcome: 'not-due' });
        continue;
      }
      if (now.getTime() - period.end.getTime() > grace) {
        const inserted = await ctx.db
          .insert(digestRuns)
          .values({
            guildId: s.guildId,
            periodStart: period.start,
            periodEnd: period.end,
            status: 'skipped',
            createdAt: now,
          })
          .onConflictDoNothing()
          .returning();
        results.push({ guildId: s.guildId, outcome: inserted.length ? 'skipped' : 'not-due' });
        if (inserted.length)
          ctx.log.warn(
            { guildId: s.guildId, periodEnd: period.end.toISOString() },
            'digest skipped: past the grace window',
          );
        continue;
      }
      const r = await runDigest(ctx, s, period, {
        runnerId: opts.runnerId,
        ...(opts.leaseMs ? { leaseMs: opts.leaseMs } : {}),
      });
      results.push({ guildId: s.guildId, outcome: r.status });
    } catch (err) {
      // One guild's failure (e.g. Discord refusing the channel) never stops the others; the claim's lease lets a later tick retry.
      ctx.log.error({ err, guildId: s.guildId }, 'digest tick failed for a guild');
    }
  }
  return results;
}
