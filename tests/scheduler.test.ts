// The node-cron scheduler: one task per guild in its timezone, rescheduled live when moderators change it.
import { afterEach, expect, it } from 'vitest';
import { DigestScheduler } from '../src/jobs/scheduler.js';
import { describeEachDatabase } from './helpers/db.js';
import { createHarness, GUILD, MOD, OTHER_GUILD } from './helpers/harness.js';
import { captureLogs } from './helpers/logs.js';

const mod = { userId: MOD, moderator: true };
let scheduler: DigestScheduler | undefined;
afterEach(async () => {
  await scheduler?.stop();
  scheduler = undefined;
});

describeEachDatabase('digest scheduler', (use) => {
  it('schedules each enabled guild at start, catches up once, and follows live setting changes', async () => {
    const h = await createHarness(use(), { now: new Date('2026-12-01T10:00:00Z') });
    await h.run('/nexus-admin config set digest_channel:<#800000000000000050> timezone:Africa/Lagos', mod);
    await h.run('/nexus-admin config set digest_enabled:false', { ...mod, guildId: OTHER_GUILD });
    h.clock.set(new Date('2026-12-07T10:00:00Z')); // the bot was down at Monday 09:00 Lagos
    const ticks: string[] = [];
    scheduler = new DigestScheduler(h.app.ctx, {
      runnerId: 'test',
      onTick: (r) => ticks.push(...r.map((x) => `${x.guildId}:${x.outcome}`)),
    });
    h.app.ctx.events = scheduler;
    await scheduler.start();
    expect(scheduler.scheduled()).toEqual([GUILD]);
    expect(ticks).toContain(`${GUILD}:posted`); // caught up at start
    expect(h.recorder.calls.filter((c) => c.path === '/channels/800000000000000050/messages')).toHaveLength(1);
    // a moderator turns the other guild on: it is scheduled without a restart
    await h.run('/nexus-admin config set digest_enabled:true digest_channel:<#800000000000000051>', {
      ...mod,
      guildId: OTHER_GUILD,
    });
    expect(scheduler.scheduled().sort()).toEqual([GUILD, OTHER_GUILD].sort());
    await h.run('/nexus-admin config set digest_enabled:false', mod);
    expect(scheduler.scheduled()).toEqual([OTHER_GUILD]);
  });

  it('vacuums the embedded database once a day, starting 10 minutes after start (PostgreSQL vacuums itself)', async () => {
    const { log, lines } = captureLogs('info');
    const h = await createHarness(use(), { now: new Date('2026-12-01T10:00:00Z'), log });
    scheduler = new DigestScheduler(h.app.ctx, { runnerId: 'test' });
    const vacuums = () => lines.filter((l) => l.includes('embedded database vacuumed')).length;
    await scheduler.start();
    expect(vacuums(), 'not at start').toBe(0);
    h.clock.set(new Date('2026-12-01T10:11:00Z'));
    await scheduler.tick();
    const once = use().kind === 'pglite' ? 1 : 0;
    expect(vacuums()).toBe(once);
    h.clock.set(new Date('2026-12-01T20:00:00Z'));
    await scheduler.tick();
    expect(vacuums(), 'not twice a day').toBe(once);
    h.clock.set(new Date('2026-12-02T10:12:00Z'));
    await scheduler.tick();
    expect(vacuums()).toBe(2 * once);
  });
});
