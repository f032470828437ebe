// The whole product's tables. Snowflakes are text; every row carries guild_id; times are timestamptz.
import { sql, type SQL } from 'drizzle-orm';
import {
  bigint,
  boolean,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import type { Role } from '../domain/roles.js';

export type { Role };

const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const createdAt = () => tstz('created_at').notNull().defaultNow();
const id = () => bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity();

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/** One row per guild: moderators' settings. Defaults are the product's defaults. */
export const guildSettings = pgTable('guild_settings', {
  guildId: text('guild_id').primaryKey(),
  nexusChannelId: text('nexus_channel_id'),
  digestChannelId: text('digest_channel_id'),
  digestCron: text('digest_cron').notNull().default('0 9 * * 1'),
  timezone: text('timezone').notNull().default('UTC'),
  digestEnabled: boolean('digest_enabled').notNull().default(true),
  /** The mid-week check-in in each active pair's thread (at most once a day), in `timezone`. */
  checkinCron: text('checkin_cron').notNull().default('0 17 * * 4'),
  checkinsEnabled: boolean('checkins_enabled').notNull().default(true),
  quietWeekNote: boolean('quiet_week_note').notNull().default(true),
  publicChallenges: boolean('public_challenges').notNull().default(true),
  maxActiveProjects: integer('max_active_projects').notNull().default(3),
  maxPendingRequests: integer('max_pending_requests').notNull().default(5),
  seekingExpiryDays: integer('seeking_expiry_days').notNull().default(14),
  requestExpiryDays: integer('request_expiry_days').notNull().default(7),
  coolingOffDays: integer('cooling_off_days').notNull().default(14),
  retentionDays: integer('retention_days').notNull().default(30),
  /** Set when the bot was removed from the guild (GUILD_DELETE); data is purged after retentionDays. */
  leftAt: tstz('left_at'),
  createdAt: createdAt(),
  updatedAt: tstz('updated_at').notNull().defaultNow(),
});

/** A learner's pairing profile in one guild. */
export const members = pgTable(
  'members',
  {
    guildId: text('guild_id').notNull(),
    userId: text('user_id').notNull(),
    displayName: text('display_name').notNull().default(''),
    role: text('role').$type<Role>(),
    stack: text('stack')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    timezone: text('timezone'),
    availability: text('availability'),
    blockedAt: tstz('blocked_at'),
    blockedReason: text('blocked_reason'),
    createdAt: createdAt(),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.guildId, t.userId] })],
);

/** The moderators' catalog of project tracks ("Airbnb clone", "E-commerce API", …). */
export const tracks = pgTable(
  'tracks',
  {
    id: id(),
    guildId: text('guild_id').notNull(),
    name: text('name').notNull(),
    normalizedName: text('normalized_name').notNull(),
    description: text('description'),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('tracks_guild_name_uq').on(t.guildId, t.normalizedName)],
);

export const projects = pgTable(
  'projects',
  {
    id: id(),
    guildId: text('guild_id').notNull(),
    ownerId: text('owner_id').notNull(),
    name: text('name').notNull(),
    normalizedName: text('normalized_name').notNull(),
    trackId: bigint('track_id', { mode: 'number' }),
    summary: text('summary').notNull(),
    stack: text('stack')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    repoUrl: text('repo_url'),
    role: text('role').$type<Role>(),
    /** The role the owner is looking for; null = not seeking. */
    seekingRole: text('seeking_role').$type<Role>(),
    seekingSince: tstz('seeking_since'),
    seekingExpiresAt: tstz('seeking_expires_at'),
    status: text('status').$type<'active' | 'archived'>().notNull().default('active'),
    channelId: text('channel_id'),
    messageId: text('message_id'),
    createdAt: createdAt(),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
    removedAt: tstz('removed_at'),
    removedReason: text('removed_reason'),
  },
  (t) => [
    // Removed projects (moderation) do not block announcing the same project again.
    uniqueIndex('projects_owner_name_uq')
      .on(t.guildId, t.ownerId, t.normalizedName)
      .where(sql`removed_at is null`),
    index('projects_guild_name_idx').on(t.guildId, t.normalizedName),
    index('projects_guild_created_idx').on(t.guildId, t.createdAt),
    index('projects_stack_gin').using('gin', t.stack).with({ fastupdate: false }),
    // Who is seeking right now (digest, /project list seeking:, /pair find): a small partial index.
    index('projects_guild_seeking_idx')
      .on(t.guildId, t.seekingExpiresAt)
      .where(sql`seeking_role is not null and removed_at is null and status = 'active'`),
    index('projects_guild_name_seeking_idx')
      .on(t.guildId, t.normalizedName, t.seekingExpiresAt)
      .where(sql`seeking_role is not null and removed_at is null and status = 'active'`),
  ],
);

/**
 * An announce waiting for its author's answer to "Did you mean <a similar project>?": what they typed, kept
 * until they click Yes/No (or it expires), so nothing is lost and nothing user-written rides in a custom id.
 */
export const pendingAnnounces = pgTable(
  'pending_announces',
  {
    id: id(),
    guildId: text('guild_id').notNull(),
    userId: text('user_id').notNull(),
    /** Where the announce was typed: the announcement's channel when no Nexus channel is set. */
    channelId: text('channel_id').notNull(),
    /** The announce's options as given (name, summary, stack, repo, role, seeking). */
    options: jsonb('options').$type<Record<string, string>>().notNull(),
    /** The similar project's name: "Yes, join it" announces under it (same key, same track). */
    suggestedName: text('suggested_name').notNull(),
    createdAt: createdAt(),
    expiresAt: tstz('expires_at').notNull(),
  },
  (t) => [index('pending_announces_user_idx').on(t.guildId, t.userId)],
);

export const pairRequests = pgTable(
  'pair_requests',
  {
    id: id(),
    guildId: text('guild_id').notNull(),
    requesterId: text('requester_id').notNull(),
    addresseeId: text('addressee_id').notNull(),
    projectId: bigint('project_id', { mode: 'number' }),
    message: text('message'),
    status: text('status')
      .$type<'pending' | 'accepted' | 'declined' | 'expired' | 'cancelled'>()
      .notNull()
      .default('pending'),
    expiresAt: tstz('expires_at').notNull(),
    respondedAt: tstz('responded_at'),
    channelId: text('channel_id'),
    messageId: text('message_id'),
    /** The moderator whose matching round proposed it: then both members must accept (each side's time below). */
    proposedBy: text('proposed_by'),
    requesterAcceptedAt: tstz('requester_accepted_at'),
    addresseeAcceptedAt: tstz('addressee_accepted_at'),
    /** Who declined it (a matching proposal's other side is told in /pair list). */
    declinedBy: text('declined_by'),
    /** The pair whose forming closed it (status cancelled): one of its members paired with someone else. */
    closedByPairId: bigint('closed_by_pair_id', { mode: 'number' }),
    createdAt: createdAt(),
    removedAt: tstz('removed_at'),
    removedReason: text('removed_reason'),
  },
  (t) => [
    index('pair_requests_requester_idx').on(t.guildId, t.requesterId, t.status),
    index('pair_requests_addressee_idx').on(t.guildId, t.addresseeId, t.status),
    // One pending request per pair of members, whoever asked: A→B and B→A at the same moment cannot both stay.
    uniqueIndex('pair_requests_pending_pair_uq')
      .on(t.guildId, sql`least(${t.requesterId}, ${t.addresseeId})`, sql`greatest(${t.requesterId}, ${t.addresseeId})`)
      .where(sql`status = 'pending' and removed_at is null`),
  ],
);

/** Pairs are never deleted: ended pairs are history (digest, README export). */
export const pairs = pgTable(
  'pairs',
  {
    id: id(),
    guildId: text('guild_id').notNull(),
    userA: text('user_a').notNull(),
    userB: text('user_b').notNull(),
    projectId: bigint('project_id', { mode: 'number' }),
    requestId: bigint('request_id', { mode: 'number' }),
    startedAt: tstz('started_at').notNull().defaultNow(),
    endedAt: tstz('ended_at'),
    endedBy: text('ended_by'),
    endReason: text('end_reason'),
    /** The pair's public message (the confirmation, then the notice that it ended): edited or deleted later. */
    channelId: text('channel_id'),
    messageId: text('message_id'),
    /** The pair's private thread (archived and locked when the pairing ends) and its kickoff message. */
    threadId: text('thread_id'),
    kickoffMessageId: text('kickoff_message_id'),
  },
  (t) => [
    index('pairs_user_a_idx').on(t.guildId, t.userA),
    index('pairs_user_b_idx').on(t.guildId, t.userB),
    index('pairs_guild_started_idx').on(t.guildId, t.startedAt),
  ],
);

/** The week-1 checklist of a pair's kickoff: one row per ticked item (either member ticks or unticks it). */
export const pairTicks = pgTable(
  'pair_ticks',
  {
    guildId: text('guild_id').notNull(),
    pairId: bigint('pair_id', { mode: 'number' }).notNull(),
    item: text('item').notNull(),
    tickedBy: text('ticked_by').notNull(),
    tickedAt: tstz('ticked_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.pairId, t.item] }), index('pair_ticks_guild_by_idx').on(t.guildId, t.tickedBy)],
);

export const challenges = pgTable(
  'challenges',
  {
    id: id(),
    guildId: text('guild_id').notNull(),
    authorId: text('author_id').notNull(),
    projectId: bigint('project_id', { mode: 'number' }),
    title: text('title').notNull(),
    problem: text('problem').notNull(),
    solution: text('solution'),
    tags: text('tags')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    status: text('status').$type<'open' | 'solved'>().notNull().default('open'),
    solvedAt: tstz('solved_at'),
    channelId: text('channel_id'),
    messageId: text('message_id'),
    createdAt: createdAt(),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
    removedAt: tstz('removed_at'),
    removedReason: text('removed_reason'),
    /**
     * Weighted full-text document: title and tags (A) outrank problem (B) and solution (C). Tags go in through
     * nexus_tags_text, an immutable wrapper of array_to_string (migration 0011); synonyms are folded on the
     * query side (queries/challenges.ts), so no stored text depends on the dictionary.
     */
    search: tsvector('search').generatedAlwaysAs(
      (): SQL =>
        sql`setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A') || setweight(to_tsvector('english'::regconfig, nexus_tags_text(tags)), 'A') || setweight(to_tsvector('english'::regconfig, coalesce(problem, '')), 'B') || setweight(to_tsvector('english'::regconfig, coalesce(solution, '')), 'C')`,
    ),
  },
  (t) => [
    // GIN indexes without the pending list (fastupdate off, here and on projects.stack): entries go straight
    // into the index. With it, rows inserted since the last VACUUM sit in a list every search scans, and
    // the embedded database (PGlite) has no autovacuum: rare-word searches read every challenge (0004).
    index('challenges_search_gin').using('gin', t.search).with({ fastupdate: false }),
    index('challenges_tags_gin').using('gin', t.tags).with({ fastupdate: false }),
    index('challenges_guild_created_idx').on(t.guildId, t.createdAt),
    index('challenges_guild_solved_idx').on(t.guildId, t.solvedAt),
    index('challenges_author_idx').on(t.guildId, t.authorId),
  ],
);

export const challengeHelped = pgTable(
  'challenge_helped',
  {
    guildId: text('guild_id').notNull(),
    challengeId: bigint('challenge_id', { mode: 'number' }).notNull(),
    userId: text('user_id').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.challengeId, t.userId] }),
    index('challenge_helped_user_idx').on(t.guildId, t.userId),
    // The digest's "most helped this week" reads one week of marks, not the guild's history.
    index('challenge_helped_guild_created_idx').on(t.guildId, t.createdAt),
  ],
);

export const takeaways = pgTable(
  'takeaways',
  {
    id: id(),
    guildId: text('guild_id').notNull(),
    authorId: text('author_id').notNull(),
    text: text('text').notNull(),
    tags: text('tags')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    createdAt: createdAt(),
    removedAt: tstz('removed_at'),
    removedReason: text('removed_reason'),
  },
  (t) => [
    index('takeaways_guild_created_idx').on(t.guildId, t.createdAt),
    index('takeaways_author_idx').on(t.guildId, t.authorId),
  ],
);

/**
 * What a member typed into a form that did not validate, kept for a short while so "Fix it" can reopen the
 * form pre-filled (a button's custom id holds 100 characters; a form, up to 4 000 per field). Found only by
 * its random id together with its guild and member, and only until it expires.
 */
export const formDrafts = pgTable(
  'form_drafts',
  {
    id: text('id').primaryKey(),
    guildId: text('guild_id').notNull(),
    userId: text('user_id').notNull(),
    /** The form's custom id, e.g. 'challenge:log' or 'challenge:solve:12'. */
    form: text('form').notNull(),
    fields: jsonb('fields').$type<Record<string, string>>().notNull(),
    createdAt: createdAt(),
    expiresAt: tstz('expires_at').notNull(),
  },
  (t) => [
    index('form_drafts_member_idx').on(t.guildId, t.userId, t.form),
    index('form_drafts_guild_expires_idx').on(t.guildId, t.expiresAt),
  ],
);

/**
 * One row per digest posted (or claimed, or skipped): the exactly-once claim of a digest. A scheduled digest
 * is identified by the scheduled time that closes its period (period_end, unique per guild); a manual one
 * (/nexus-admin digest post) ends at the moment it was posted. Either covers [period_start, period_end):
 * from where the guild's previous digest of the period ended (or the period's start) — see jobs/digest.ts.
 */
export const digestRuns = pgTable(
  'digest_runs',
  {
    id: id(),
    guildId: text('guild_id').notNull(),
    periodStart: tstz('period_start').notNull(),
    periodEnd: tstz('period_end').notNull(),
    /** 'scheduled' (the cron's digest) or 'manual' (posted by a moderator before the period ended). */
    kind: text('kind').$type<'scheduled' | 'manual'>().notNull().default('scheduled'),
    /** 'nothing-new': nothing happened since an earlier digest of the period, so nothing was posted. */
    status: text('status').$type<'claimed' | 'posted' | 'skipped' | 'nothing-new'>().notNull(),
    claimedBy: text('claimed_by'),
    leaseUntil: tstz('lease_until'),
    attempts: integer('attempts').notNull().default(0),
    channelId: text('channel_id'),
    messageIds: text('message_ids')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    createdAt: createdAt(),
    postedAt: tstz('posted_at'),
  },
  (t) => [uniqueIndex('digest_runs_guild_period_end_uq').on(t.guildId, t.periodEnd)],
);

/**
 * One row per (pair, scheduled time): the exactly-once claim of a check-in ("Did you two work together this
 * week?"), then the pair's answer. Claimed with a lease like digest_runs; a crashed claimer's lease expires.
 */
export const pairCheckins = pgTable(
  'pair_checkins',
  {
    id: id(),
    guildId: text('guild_id').notNull(),
    pairId: bigint('pair_id', { mode: 'number' }).notNull(),
    scheduledAt: tstz('scheduled_at').notNull(),
    status: text('status').$type<'claimed' | 'posted' | 'failed'>().notNull(),
    claimedBy: text('claimed_by'),
    leaseUntil: tstz('lease_until'),
    attempts: integer('attempts').notNull().default(0),
    channelId: text('channel_id'),
    messageId: text('message_id'),
    postedAt: tstz('posted_at'),
    answer: text('answer').$type<'yes' | 'not-yet' | 'stuck'>(),
    answeredBy: text('answered_by'),
    answeredAt: tstz('answered_at'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('pair_checkins_pair_scheduled_uq').on(t.pairId, t.scheduledAt),
    index('pair_checkins_guild_answered_idx').on(t.guildId, t.answer, t.answeredAt),
  ],
);

export const auditLog = pgTable(
  'audit_log',
  {
    id: id(),
    guildId: text('guild_id').notNull(),
    actorId: text('actor_id').notNull(),
    action: text('action').notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    reason: text('reason'),
    before: jsonb('before'),
    after: jsonb('after'),
    createdAt: createdAt(),
  },
  (t) => [
    index('audit_log_guild_created_idx').on(t.guildId, t.createdAt),
    // The learners the last auto-matching round left unmatched (priority next time, read by /pair find):
    // a handful of rows, found without reading the guild's whole audit log.
    index('audit_log_unmatched_idx')
      .on(t.guildId, t.targetId)
      .where(sql`action = 'pair.auto.unmatched'`),
  ],
);

/** Interaction ids already handled: a duplicate delivery of the same interaction is answered once. */
export const processedInteractions = pgTable(
  'processed_interactions',
  {
    interactionId: text('interaction_id').primaryKey(),
    guildId: text('guild_id').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('processed_interactions_created_idx').on(t.createdAt)],
);

/**
 * Each member's writing interactions of the last minute: the write rate limit, shared by every process on
 * the database. The row also serialises one member's concurrent writing interactions (it stays locked until
 * the interaction's transaction ends), so limits counted after it hold under concurrent clicks.
 */
export const writeRates = pgTable(
  'write_rates',
  {
    guildId: text('guild_id').notNull(),
    userId: text('user_id').notNull(),
    hits: tstz('hits')
      .array()
      .notNull()
      .default(sql`'{}'::timestamptz[]`),
  },
  (t) => [primaryKey({ columns: [t.guildId, t.userId] })],
);

export type GuildSettings = typeof guildSettings.$inferSelect;
export type Member = typeof members.$inferSelect;
export type Track = typeof tracks.$inferSelect;
export type Project = typeof projects.$inferSelect;
export type PendingAnnounce = typeof pendingAnnounces.$inferSelect;
export type PairRequest = typeof pairRequests.$inferSelect;
export type Pair = typeof pairs.$inferSelect;
export type PairTick = typeof pairTicks.$inferSelect;
export type PairCheckin = typeof pairCheckins.$inferSelect;
export type Challenge = typeof challenges.$inferSelect;
export type Takeaway = typeof takeaways.$inferSelect;
export type DigestRun = typeof digestRuns.$inferSelect;
export type FormDraft = typeof formDrafts.$inferSelect;
export type AuditEntry = typeof auditLog.$inferSelect;
