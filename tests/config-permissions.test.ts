// /nexus-admin config show names each permission Nexus lacks in the channel (from the interaction's
// app_permissions), and says so plainly when none is missing.
import { PermissionFlagsBits } from 'discord-api-types/v10';
import { expect, it } from 'vitest';
import { chatInputInteraction } from '../src/discord/payloads.js';
import { describeEachDatabase } from './helpers/db.js';
import { createHarness, MOD, replyText } from './helpers/harness.js';

const mod = { userId: MOD, moderator: true, name: 'mod' };
const ALL = 2n ** 51n - 1n - PermissionFlagsBits.Administrator;

describeEachDatabase('config show: permissions', (use) => {
  it('lists Attach Files (the digest chart) when it is missing, and nothing when all are granted', async () => {
    const h = await createHarness(use());
    const show = async (perms: bigint) => {
      const i = chatInputInteraction(
        h.actor(mod),
        'nexus-admin',
        [{ type: 2, name: 'config', options: [{ type: 1, name: 'show', options: [] }] }],
        {},
        h.clock.now().getTime(),
      );
      const r = await h.handle({ ...i, app_permissions: perms.toString() });
      return replyText({ line: '', response: r.response, posted: [], files: [] });
    };
    const without = await show(ALL & ~PermissionFlagsBits.AttachFiles);
    expect(without).toMatch(/Missing permissions \(in this channel\): \*\*Attach Files\*\*: the digest's weekly chart/);
    const all = await show(ALL);
    expect(all).toMatch(/Missing permissions \(in this channel\): none\. Nexus has every permission it needs here/);
    expect(all).toContain('Attach Files');
  });
});
