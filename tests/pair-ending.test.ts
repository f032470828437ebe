// Ending a pairing tells the partner as privately as Nexus can: in the pair's thread when it has one (nothing
// public), else in one neutral public line that mentions only the partner, never who ended it.
import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { pairs } from '../src/db/schema.js';
import { RecordingRestCaller, type RecordedCall } from '../src/discord/port.js';
import { describeEachDatabase } from './helpers/db.js';
import { checkCall } from './helpers/discord-spec.js';
import { ALICE, BOB, createHarness, type Harness } from './helpers/harness.js';

const ada = { userId: ALICE, name: 'ada' };
const bola = { userId: BOB, name: 'bola' };

async function pairUp(h: Harness) {
  await h.run('/project announce name:"Todo app" summary:"API" role:backend seeking:frontend', ada);
  await h.run('/project announce name:"todo-app" summary:"UI" role:frontend seeking:backend', bola);
  await h.run('click pair:request:2', ada);
  await h.run('click pair:accept:1', bola);
  const [p] = await h.app.ctx.db.select().from(pairs).where(eq(pairs.id, 1));
  return p!;
}

const body = (c: RecordedCall) => c.body as { content?: string; allowed_mentions?: unknown; components?: unknown[] };
const posts = (calls: RecordedCall[]) => calls.filter((c) => c.method === 'POST');

describeEachDatabase('ending a pairing', (use) => {
  it('with a thread: the partner is told there only, nothing is posted publicly', async () => {
    const h = await createHarness(use());
    const p = await pairUp(h);
    expect(p.threadId).not.toBeNull();
    const end = await h.run(`/pair end user:<@${BOB}> reason:"schedules"`, ada);
    const [told, closing, ...rest] = posts(end.posted);
    expect(rest).toEqual([]);
    expect(told!.path).toBe(`/channels/${p.threadId}/messages`);
    expect(body(told!).content).toBe(
      `<@${BOB}>, your pairing on **todo-app** has ended. It stays in your history. Ready for a new partner? The button marks your project as looking again.`,
    );
    expect(body(told!).allowed_mentions).toEqual({ parse: [], users: [BOB] });
    expect(JSON.stringify(told!.body)).toContain('pair:seek:2');
    expect(closing!.path).toBe(`/channels/${p.threadId}/messages`);
    expect(body(closing!).content).toBe('This thread is now archived and locked; it stays here for you both to read.');
    for (const c of end.posted) {
      expect(JSON.stringify(c.body)).not.toContain(ALICE);
      expect(JSON.stringify(c.body)).not.toContain('schedules');
      expect(checkCall(c)).toEqual([]);
    }
  });

  it('without a thread: one neutral public line that mentions only the partner', async () => {
    const h = await createHarness(use());
    h.recorder.refuse = (c) => (c.path.endsWith('/threads') ? RecordingRestCaller.missingPermissions() : undefined);
    const p = await pairUp(h);
    expect(p.threadId).toBeNull();
    h.recorder.refuse = undefined;
    const end = await h.run(`/pair end user:<@${ALICE}>`, bola);
    const [line, ...rest] = posts(end.posted);
    expect(rest).toEqual([]);
    expect(body(line!).content).toBe(
      `<@${ALICE}>, your pairing on **Todo app** has ended. It stays in your history. Ready for a new partner? The button marks your project as looking again.`,
    );
    expect(body(line!).allowed_mentions).toEqual({ parse: [], users: [ALICE] });
    expect(JSON.stringify(line!.body)).not.toContain(BOB);
    expect(checkCall(line!)).toEqual([]);
  });
});
