// Mid-week check-ins: at the guild's checkin_cron (default Thursday 17:00 in its timezone) Nexus asks each
// active pair, in its thread, "Did you two work together this week?". Exactly once per (pair, scheduled
// time) across processes, like the digest: a claim row with a unique (pair_id, scheduled_at) and a lease,
// and the post carries a nonce derived from (pair, time) with enforce_nonce, so a retried POST cannot make a
// second message. A check-in missed while down is posted when Nexus is back, within the grace window.
import { createHash } from 'node:crypto';
import { userMention } from '@discordjs/formatters';
import {
  ButtonStyle,
  ComponentType,
  type APIActionRowComponent,
  type APIAllowedMentions,
  type APIComponentInMessageActionRow,
} from 'discord-api-types/v10';
import type { AppContext } from '../context.js';
import {
  claimCheckin,
  guildsWithPairThreads,
  markCheckinFailed,
  markCheckinPosted,
  pairsDueForCheckin,
  type CheckinAnswer,
} from '../db/queries/checkins.js';
import { activeGuildSettings, getGuildSettings } from '../db/queries/settings.js';
import type { GuildSettings, Pair } from '../db/schema.js';
import { previousFire } from '../domain/schedule.js';
import { DAY } from '../domain/time.js';
import { DEFAULT_GRACE_MS, DEFAULT_LEASE_MS } from './digest.js';

/** A pair is first asked at the first scheduled time at least this long after it formed. */
const CHECKIN_MIN_PAIR_AGE_MS = 2 * DAY;

const CHECKIN_QUESTION = 'Did you two work together this week?';
export const CHECKIN_ANSWERS: Record<
  CheckinAnswer,
  { label: string; style: ButtonStyle.Success | ButtonStyle.Secondary | ButtonStyle.Danger; said: string }
> = {
  yes: { label: 'Yes', style: ButtonStyle.Success, said: 'Great, keep it going!' },
  'not-yet': {
    label: 'Not yet',
    style: ButtonStyle.Secondary,
    said: 'There is still time: the kickoff above shows when you are both free.',
  },
  stuck: {
    label: "We're stuck",
    style: ButtonStyle.Danger,
    said: 'A moderator can see it, and logging the problem as a challenge lets others who solved it help.',
  },
};
const ANSWER_ORDER: CheckinAnswer[] = ['yes', 'not-yet', 'stuck'];

/** Discord nonces are at most 25 characters. */
function checkinNonce(pairId: number, scheduledAt: Date): string {
  return createHash('sha256').update(`checkin|${pairId}|${scheduledAt.toISOString()}`).digest('base64url').slice(0, 25);
}

/** The check-in message: the question, the latest answer if any, and the three answer buttons. */
export function checkinMessage(
  pair: Pick<Pair, 'userA' | 'userB'>,
  checkinId: number,
  answer: CheckinAnswer | null = null,
): {
  content: string;
  components: APIActionRowComponent<APIComponentInMessageActionRow>[];
  allowed_mentions: APIAllowedMentions;
} {
  return {
    content:
      `${userMention(pair.userA)} ${userMention(pair.userB)} mid-week check-in: **${CHECKIN_QUESTION}**` +
      (answer ? `\nAnswered **${CHECKIN_ANSWERS[answer].label}**. ${CHECKIN_ANSWERS[answer].said}` : ''),
    components: [
      {
        type: ComponentType.ActionRow,
        components: ANSWER_ORDER.map((a) => ({
          type: ComponentType.Button,
          custom_id: `pair:checkin:${checkinId}:${a}`,
          label: `${answer === a ? '✓ ' : ''}${CHECKIN_ANSWERS[a].label}`,
          style: CHECKIN_ANSWERS[a].style,
        })),
      },
    ],
    allowed_mentions: { parse: [], users: [pair.userA, pair.userB] },
  };
}

export interface CheckinTickResult {
  guildId: string;
  outcome: 'posted' | 'nothing-due' | 'busy' | 'not-due' | 'late' | 'disabled';
  /** The scheduled time the check-ins belong to. */
  scheduledAt?: Date;
  posted: number;
  /** Check-ins Discord refused for good (thread gone, permission missing): not retried. */
  failed?: number;
}

export interface CheckinRunOptions {
  runnerId: string;
  graceMs?: number;
  leaseMs?: number;
  guildIds?: string[];
  /** Test hook: called after a claim, before posting (simulate a crash by throwing). */
  afterClaim?: () => Promise<void>;
}

function refusedForGood(err: unknown): boolean {
  const status = (err as { status?: unknown }).status;
  return status === 403 || status === 404;
}

async function guildsToCheck(ctx: AppContext, guildIds: string[] | undefined): Promise<GuildSettings[]> {
  if (guildIds) return Promise.all(guildIds.map((g) => getGuildSettings(ctx.db, g)));
  const configured = await activeGuildSettings(ctx.db);
  const known = new Set(configured.map((s) => s.guildId));
  // Guilds that never changed a setting have no settings row, and their pairs are owed check-ins too.
  const others = (await guildsWithPairThreads(ctx.db)).filter((g) => !known.has(g));
  return [...configured, ...(await Promise.all(others.map((g) => getGuildSettings(ctx.db, g))))];
}

/**
 * What the scheduler runs: for every guild with check-ins on, the latest scheduled check-in time is owed to
 * each active pair with a thread that formed CHECKIN_MIN_PAIR_AGE_MS before it; each is claimed, posted in
 * the pair's thread and marked, once. Past the grace window, that time's check-ins are not posted.
 */
export async function runDueCheckins(ctx: AppContext, opts: CheckinRunOptions): Promise<CheckinTickResult[]> {
  const now = ctx.clock.now();
  const grace = opts.graceMs ?? DEFAULT_GRACE_MS;
  const results: CheckinTickResult[] = [];
  for (const s of await guildsToCheck(ctx, opts.guildIds)) {
    try {
      if (!s.checkinsEnabled || s.leftAt) {
        results.push({ guildId: s.guildId, outcome: 'disabled', posted: 0 });
        continue;
      }
      const at = previousFire(s.checkinCron, s.timezone, now);
      if (!at) {
        results.push({ guildId: s.guildId, outcome: 'not-due', posted: 0 });
        continue;
      }
      if (now.getTime() - at.getTime() > grace) {
        results.push({ guildId: s.guildId, outcome: 'late', scheduledAt: at, posted: 0 });
        continue;
      }
      results.push(await checkInGuild(ctx, s.guildId, at, opts, now));
    } catch (err) {
      // One guild's failure never stops the others; its claims' leases let a later tick retry.
      ctx.log.error({ err, guildId: s.guildId }, 'check-in tick failed for a guild');
    }
  }
  return results;
}

async function checkInGuild(
  ctx: AppContext,
  guildId: string,
  at: Date,
  opts: CheckinRunOptions,
  now: Date,
): Promise<CheckinTickResult> {
  const due = await pairsDueForCheckin(ctx.db, guildId, at, new Date(at.getTime() - CHECKIN_MIN_PAIR_AGE_MS));
  let posted = 0;
  let busy = 0;
  let failed = 0;
  for (const pair of due) {
    const claimed = await claimCheckin(ctx.db, {
      guildId,
      pairId: pair.id,
      scheduledAt: at,
      runnerId: opts.runnerId,
      now,
      leaseMs: opts.leaseMs ?? DEFAULT_LEASE_MS,
    });
    if (!claimed) {
      busy++; // another runner holds it, or has just posted it
      continue;
    }
    await opts.afterClaim?.();
    let messageId: string;
    try {
      const msg = await ctx.discord.postMessage(pair.threadId!, {
        ...checkinMessage(pair, claimed.id),
        nonce: checkinNonce(pair.id, at),
        enforce_nonce: true,
      });
      messageId = msg.id;
    } catch (err) {
      ctx.log.warn({ err, guildId, pairId: pair.id, threadId: pair.threadId }, 'could not post a check-in');
      if (refusedForGood(err)) {
        await markCheckinFailed(ctx.db, claimed.id, opts.runnerId);
        failed++;
      }
      continue; // otherwise the claim's lease expires and a later tick retries
    }
    if (await markCheckinPosted(ctx.db, claimed.id, opts.runnerId, pair.threadId!, messageId, ctx.clock.now()))
      posted++;
  }
  if (posted)
    ctx.log.info({ guildId, scheduledAt: at.toISOString(), posted, failed }, 'check-ins posted in pair threads');
  return {
    guildId,
    outcome: posted ? 'posted' : busy ? 'busy' : 'nothing-due',
    scheduledAt: at,
    posted,
    ...(failed ? { failed } : {}),
  };
}
