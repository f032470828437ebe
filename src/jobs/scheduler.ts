// node-cron per guild, in the guild's timezone: the digest and the pairs' mid-week check-in; plus a periodic
// catch-up tick. The exactly-once guarantees live in PostgreSQL (the digest's and each check-in's claim), so
// any number of processes may run this scheduler.
import { schedule, type ScheduledTask } from 'node-cron';
import type { AppContext } from '../context.js';
import { vacuumAnalyze } from '../db/maintenance.js';
import { activeGuildSettings, getGuildSettings } from '../db/queries/settings.js';
import type { GuildSettings } from '../db/schema.js';
import { runDueCheckins, type CheckinTickResult } from './checkins.js';
import { runDueDigests, type TickResult } from './digest.js';
import { purgeLeftGuilds } from './retention.js';
import { pruneProcessedInteractions } from '../db/queries/interactions.js';
import { DAY } from '../domain/time.js';
import { reconcileGuilds } from './guilds.js';

export interface SchedulerOptions {
  runnerId: string;
  /** How often to look for periods missed while down (catch-up). */
  catchUpCron?: string;
  onTick?: (results: TickResult[]) => void;
  /** What each tick's check-ins did per guild. */
  onCheckins?: (results: CheckinTickResult[]) => void;
  /**
   * Compare the bot's guild list with the database's guilds every hour (marks guilds that removed the bot,
   * unmarks ones it is back in). Needs Discord credentials: off for local runs.
   */
  reconcileGuilds?: boolean;
}

const RECONCILE_EVERY_MS = 60 * 60_000;
/** The first maintenance of the embedded database waits this long after start (not to delay readiness). */
const FIRST_VACUUM_AFTER_MS = 10 * 60_000;

/** The cron jobs a guild has, by task name, with what the log says when one is scheduled. */
const SCHEDULED = { digest: 'digest scheduled', checkin: 'pair check-ins scheduled' } as const;

export class DigestScheduler {
  private readonly tasks = new Map<string, ScheduledTask>();
  private readonly checkinTasks = new Map<string, ScheduledTask>();
  private catchUp: ScheduledTask | undefined;
  private stopped = false;
  private nextVacuumAt: number;
  private nextReconcileAt = 0;

  constructor(
    private readonly ctx: AppContext,
    private readonly opts: SchedulerOptions,
  ) {
    this.nextVacuumAt = ctx.clock.now().getTime() + FIRST_VACUUM_AFTER_MS;
  }

  async start(): Promise<void> {
    const rows = await activeGuildSettings(this.ctx.db);
    for (const s of rows) this.scheduleGuild(s);
    this.catchUp = schedule(this.opts.catchUpCron ?? '*/10 * * * *', () => this.tick(), {
      name: 'nexus:catch-up',
      noOverlap: true,
    });
    // At start: anything due while we were down is posted now (once), within the grace window.
    await this.tick();
  }

  /** Re-reads a guild's schedule: called when a moderator changes settings, so changes apply live. */
  async settingsChanged(guildId: string): Promise<void> {
    if (this.stopped) return;
    this.scheduleGuild(await getGuildSettings(this.ctx.db, guildId));
  }

  private scheduleGuild(s: GuildSettings): void {
    for (const tasks of [this.tasks, this.checkinTasks]) {
      const old = tasks.get(s.guildId);
      if (old) {
        void old.destroy();
        tasks.delete(s.guildId);
      }
    }
    if (s.leftAt) return;
    if (s.digestEnabled)
      this.scheduleJob(this.tasks, 'digest', s.guildId, s.digestCron, s.timezone, () => this.tick([s.guildId]));
    if (s.checkinsEnabled)
      this.scheduleJob(this.checkinTasks, 'checkin', s.guildId, s.checkinCron, s.timezone, () =>
        this.checkIn([s.guildId]),
      );
  }

  /** One guild's cron job in its timezone (never overlapping itself), logged with its next run. */
  private scheduleJob(
    tasks: Map<string, ScheduledTask>,
    name: keyof typeof SCHEDULED,
    guildId: string,
    cron: string,
    timezone: string,
    run: () => Promise<unknown>,
  ): void {
    const task = schedule(cron, run, {
      name: `${name}:${guildId}`,
      timezone,
      noOverlap: true,
    });
    tasks.set(guildId, task);
    this.ctx.log.info({ guildId, cron, timezone, next: task.getNextRun()?.toISOString() }, SCHEDULED[name]);
  }

  /** Posts the check-ins due now (on time, or caught up within the grace window), once each. */
  async checkIn(guildIds?: string[]): Promise<CheckinTickResult[]> {
    try {
      const results = await runDueCheckins(this.ctx, {
        runnerId: this.opts.runnerId,
        ...(guildIds ? { guildIds } : {}),
      });
      this.opts.onCheckins?.(results);
      return results;
    } catch (err) {
      this.ctx.log.error({ err }, 'check-in tick failed');
      return [];
    }
  }

  async tick(guildIds?: string[]): Promise<TickResult[]> {
    try {
      if (!guildIds) {
        await this.reconcile();
        // Data of guilds that removed the bot is purged after their retention period.
        for (const p of await purgeLeftGuilds(this.ctx))
          this.ctx.log.info(p, 'purged the data of a guild that removed Nexus');
        await pruneProcessedInteractions(this.ctx.db, new Date(this.ctx.clock.now().getTime() - DAY));
        await this.maintainEmbedded();
      }
      const results = await runDueDigests(this.ctx, {
        runnerId: this.opts.runnerId,
        ...(guildIds ? { guildIds } : {}),
      });
      this.opts.onTick?.(results);
      // The catch-up tick also catches up check-ins missed while down.
      if (!guildIds) await this.checkIn();
      return results;
    } catch (err) {
      this.ctx.log.error({ err }, 'digest tick failed');
      return [];
    }
  }

  private async reconcile(): Promise<void> {
    const now = this.ctx.clock.now().getTime();
    if (!this.opts.reconcileGuilds || now < this.nextReconcileAt) return;
    this.nextReconcileAt = now + RECONCILE_EVERY_MS;
    try {
      await reconcileGuilds(this.ctx);
    } catch (err) {
      // Discord unreachable or the list incomplete: nothing was marked; try again next hour.
      this.ctx.log.warn({ err }, 'could not reconcile the guild list with Discord');
    }
  }

  /**
   * PGlite runs no autovacuum: without this, rows pruned or updated would never be reclaimed and the
   * planner's statistics never refreshed. Once a day (the first 10 minutes after start), VACUUM (ANALYZE).
   * PostgreSQL does this itself.
   */
  private async maintainEmbedded(): Promise<void> {
    if (this.ctx.dbKind !== 'pglite') return;
    const now = this.ctx.clock.now().getTime();
    if (now < this.nextVacuumAt) return;
    this.nextVacuumAt = now + DAY;
    const started = performance.now();
    await vacuumAnalyze(this.ctx.db);
    this.ctx.log.info({ ms: Math.round(performance.now() - started) }, 'embedded database vacuumed and analyzed');
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.catchUp?.destroy();
    for (const t of [...this.tasks.values(), ...this.checkinTasks.values()]) await t.destroy();
    this.tasks.clear();
    this.checkinTasks.clear();
  }

  /** Guilds with a scheduled digest. */
  scheduled(): string[] {
    return [...this.tasks.keys()];
  }

  /** Guilds with scheduled pair check-ins. */
  scheduledCheckins(): string[] {
    return [...this.checkinTasks.keys()];
  }
}
