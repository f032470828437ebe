import { expect, it } from 'vitest';
import { auditLog, guildSettings, projects, tracks } from '../src/db/schema.js';
import { describeEachDatabase } from './helpers/db.js';
import { createHarness, isEphemeral, MOD, replyText } from './helpers/harness.js';

const ADMIN_LINES = [
  '/nexus-admin config show',
  '/nexus-admin config set timezone:Africa/Lagos',
  '/nexus-admin track add name:"Airbnb clone"',
  '/nexus-admin track remove name:"Airbnb clone"',
  '/nexus-admin track list',
];

describeEachDatabase('/nexus-admin', (use) => {
  it('refuses every subcommand to a member without Manage Server and writes nothing', async () => {
    const h = await createHarness(use());
    for (const line of ADMIN_LINES) {
      const r = await h.run(line);
      expect(isEphemeral(r), line).toBe(true);
      expect(replyText(r), line).toMatch(/Manage Server/);
    }
    expect(await use().db.select().from(guildSettings)).toHaveLength(0);
    expect(await use().db.select().from(tracks)).toHaveLength(0);
    expect(await use().db.select().from(auditLog)).toHaveLength(0);
  });

  it('refuses a digest schedule that fires more often than once a day, and stores nothing', async () => {
    const h = await createHarness(use());
    const mod = { userId: MOD, moderator: true };
    for (const cron of ['* * * * *', '0 */6 * * *', '0 9,18 * * 1', '*/30 9 * * 1']) {
      const r = await h.run(`/nexus-admin config set digest_cron:"${cron}"`, mod);
      expect(isEphemeral(r), cron).toBe(true);
      expect(replyText(r), cron).toMatch(/times a day; it can run at most once a day/);
    }
    expect(await use().db.select().from(guildSettings)).toHaveLength(0);
    expect(await use().db.select().from(auditLog)).toHaveLength(0);
    for (const cron of ['0 9 * * 1', '30 8 * * *', '0 9 1 * *'])
      expect(replyText(await h.run(`/nexus-admin config set digest_cron:"${cron}"`, mod)), cron).toMatch(/Saved/);
  });

  it('declares Manage Server as the default permission', async () => {
    const { adminCommand } = await import('../src/commands/admin/index.js');
    expect(adminCommand.data.default_member_permissions).toBe('32');
  });

  it('sets and shows config, validating cron, timezone and channel type; audits changes', async () => {
    const h = await createHarness(use());
    const mod = { userId: MOD, moderator: true };
    const set = await h.run(
      '/nexus-admin config set digest_cron:"30 18 * * 5" timezone:Africa/Lagos max_active_projects:5 digest_enabled:false',
      mod,
    );
    expect(replyText(set)).toMatch(/4 settings changed/);
    expect(replyText(set)).toMatch(/off · `30 18 \* \* 5` · Africa\/Lagos/);
    expect(replyText(await h.run('/nexus-admin config set digest_cron:"61 9 * * *"', mod))).toMatch(/5-field cron/);
    expect(replyText(await h.run('/nexus-admin config set digest_cron:"0 0 9 * * 1"', mod))).toMatch(/5-field cron/);
    expect(replyText(await h.run('/nexus-admin config set timezone:Mars/Olympus', mod))).toMatch(/IANA/);
    expect(replyText(await h.run('/nexus-admin config set', mod))).toMatch(/at least one setting/);
    const { chatInputInteraction } = await import('../src/discord/payloads.js');
    const voice = chatInputInteraction(
      h.actor(mod),
      'nexus-admin',
      [
        {
          type: 2,
          name: 'config',
          options: [
            { type: 1, name: 'set', options: [{ type: 7, name: 'nexus_channel', value: '800000000000000099' }] },
          ],
        },
      ] as never,
      {
        channels: {
          '800000000000000099': { id: '800000000000000099', type: 2, name: 'voice', permissions: '0' } as never,
        },
      },
    );
    const r = await h.handle(voice);
    expect(JSON.stringify(r.response)).toMatch(/must be a text or announcement channel/);
    const [s] = await use().db.select().from(guildSettings);
    expect(s).toMatchObject({
      digestCron: '30 18 * * 5',
      timezone: 'Africa/Lagos',
      maxActiveProjects: 5,
      digestEnabled: false,
      nexusChannelId: null,
    });
    const audit = await use().db.select().from(auditLog);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actorId: MOD,
      action: 'config.set',
      before: { timezone: 'UTC', digestCron: '0 9 * * 1' },
      after: { timezone: 'Africa/Lagos' },
    });
  });

  it('adds, lists and removes tracks; projects link and unlink; each action audited', async () => {
    const h = await createHarness(use());
    const mod = { userId: MOD, moderator: true };
    await h.run('/project announce name:"airbnb-clone" summary:x');
    expect(
      replyText(await h.run('/nexus-admin track add name:"Airbnb Clone" description:"Bookings backend"', mod)),
    ).toMatch(/1 existing project linked/);
    expect(replyText(await h.run('/nexus-admin track add name:"AIRBNB clone"', mod))).toMatch(/already exists/);
    expect(replyText(await h.run('/nexus-admin track list', mod))).toMatch(/Airbnb Clone\*\* — Bookings backend/);
    const [p] = await use().db.select().from(projects);
    expect(p!.trackId).not.toBeNull();
    expect(replyText(await h.run('/nexus-admin track remove name:"airbnb clone"', mod))).toMatch(/Removed/);
    expect(replyText(await h.run('/nexus-admin track remove name:"airbnb clone"', mod))).toMatch(/no track named/);
    const [p2] = await use().db.select().from(projects);
    expect(p2!.trackId).toBeNull();
    expect((await use().db.select().from(auditLog)).map((a) => a.action)).toEqual(['track.add', 'track.remove']);
  });
});
