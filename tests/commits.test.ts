// One commit per writing interaction: the interaction's record, its checks and its writes are one
// transaction. A public post then records where its message is (one small commit after Discord answered).
import { expect, it } from 'vitest';
import { describeEachDatabase } from './helpers/db.js';
import { BOB, createHarness, MOD } from './helpers/harness.js';

describeEachDatabase('commits per interaction', (use) => {
  async function commitsOf(run: () => Promise<unknown>) {
    const c = use().commits;
    const before = { ...c };
    await run();
    return {
      transactions: c.transactions - before.transactions,
      autocommitWrites: c.autocommitWrites - before.autocommitWrites,
    };
  }

  it('a writing interaction commits once; a public post adds one record of its message; a read commits nothing', async () => {
    const h = await createHarness(use());
    await h.run('/profile set role:backend timezone:Africa/Lagos');
    expect(await commitsOf(() => h.run('/takeaway add text:"pin image versions" tags:docker'))).toEqual({
      transactions: 1,
      autocommitWrites: 0,
    });
    expect(await commitsOf(() => h.run('/profile set availability:"weekdays 18-22"'))).toEqual({
      transactions: 1,
      autocommitWrites: 0,
    });
    expect(
      await commitsOf(() => h.run('/project announce name:"Airbnb clone" summary:"Bookings API" seeking:frontend')),
    ).toEqual({ transactions: 1, autocommitWrites: 1 });
    expect(await commitsOf(() => h.run('click pair:request:1', { userId: BOB, name: 'bob' }))).toEqual({
      transactions: 1,
      autocommitWrites: 1,
    });
    expect(
      await commitsOf(() => h.run('/nexus-admin config set timezone:UTC', { userId: MOD, moderator: true })),
    ).toEqual({ transactions: 1, autocommitWrites: 0 });
    expect(await commitsOf(() => h.run('/project list'))).toEqual({ transactions: 0, autocommitWrites: 0 });
    expect(await commitsOf(() => h.run('/takeaway list'))).toEqual({ transactions: 0, autocommitWrites: 0 });
    // A refused write begins its transaction and rolls it back.
    expect(await commitsOf(() => h.run('/takeaway add text:" "'))).toEqual({ transactions: 1, autocommitWrites: 0 });
  });
});
