// A request or a pair points at one side's project; each learner sees it by their own name for that project.
import { expect, it } from 'vitest';
import { describeEachDatabase } from './helpers/db.js';
import { ALICE, BOB, createHarness, replyText } from './helpers/harness.js';

const ada = { userId: ALICE, name: 'ada' };
const bola = { userId: BOB, name: 'bola' };

describeEachDatabase('project names in /pair list, accept and /pair end', (use) => {
  it('each side sees the project by their own spelling', async () => {
    const h = await createHarness(use());
    await h.run('/project announce name:"Todo app" summary:"API" role:backend seeking:frontend', ada);
    await h.run('/project announce name:"todo-app" summary:"UI" role:frontend seeking:backend', bola);
    await h.run('click pair:request:1', bola); // the request points at Ada's project
    expect(replyText(await h.run('/pair list', bola))).toMatch(/#1 to <@100000000000000001> on \*\*todo-app\*\*/);
    expect(replyText(await h.run('/pair list', ada))).toMatch(/#1 from <@100000000000000002> on \*\*Todo app\*\*/);
    // Accepting from /pair list: the reply speaks to the one who clicked, in their own words for the project.
    expect(replyText(await h.run('click pair:accept:1', ada))).toMatch(
      /^You and <@100000000000000002> are now a pair on \*\*Todo app\*\*\. 🎉/,
    );
    expect(replyText(await h.run('/pair list', bola))).toMatch(/<@100000000000000001> on \*\*todo-app\*\* since/);
    expect(replyText(await h.run('/pair list', ada))).toMatch(/<@100000000000000002> on \*\*Todo app\*\* since/);
    expect(replyText(await h.run(`/pair end user:<@${ALICE}>`, bola))).toMatch(
      /^Ended your pairing with <@100000000000000001> on \*\*todo-app\*\*\./,
    );
  });
});
