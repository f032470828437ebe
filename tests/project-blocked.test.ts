// A blocked member's projects are read-only: no Renew button is offered and a Renew click (an old message's
// button) is refused with the block message, so the public announcement is not edited.
import { expect, it } from 'vitest';
import { BLOCKED_MESSAGE } from '../src/commands/guards.js';
import { projects } from '../src/db/schema.js';
import { describeEachDatabase } from './helpers/db.js';
import { BOB, createHarness, MOD, replyText } from './helpers/harness.js';
import type { LineResult } from '../src/cli/try.js';

const bob = { userId: BOB, name: 'bob' };
const mod = { userId: MOD, moderator: true, name: 'mod' };

function customIds(r: LineResult): string[] {
  type Component = { custom_id?: string; components?: Component[] };
  const rows = (r.response as { data?: { components?: Component[] } } | null)?.data?.components ?? [];
  return rows.flatMap((row) => row.components ?? []).flatMap((c) => (c.custom_id ? [c.custom_id] : []));
}

describeEachDatabase('a blocked member and their projects', (use) => {
  it('sees no Renew button and cannot renew seeking', async () => {
    const h = await createHarness(use());
    await h.run('/project announce name:"Job board" summary:"Jobs UI" role:frontend seeking:backend', bob);
    expect(customIds(await h.run('/project mine', bob))).toContain('project:renew:1');
    expect(customIds(await h.run('/project show id:1', bob))).toContain('project:renew:1');
    const [before] = await use().db.select().from(projects);

    await h.run(`/nexus-admin block user:<@${BOB}> reason:spam`, mod);
    h.clock.advance(60_000);
    expect(customIds(await h.run('/project mine', bob))).toEqual([]);
    expect(customIds(await h.run('/project show id:1', bob))).toEqual([]);
    const click = await h.run('click project:renew:1', bob);
    expect(replyText(click)).toBe(BLOCKED_MESSAGE);
    expect(click.posted).toEqual([]);
    const [after] = await use().db.select().from(projects);
    expect(after!.seekingExpiresAt).toEqual(before!.seekingExpiresAt);
    expect(after!.updatedAt).toEqual(before!.updatedAt);
  });
});
