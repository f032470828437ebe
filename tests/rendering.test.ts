// Text that renders as something else (issue: trust, item 8): names with markdown or bidi overrides, and
// learners' code in takeaways.
import { expect, it } from 'vitest';
import { describeEachDatabase } from './helpers/db.js';
import { BOB, createHarness, MOD, replyText } from './helpers/harness.js';

describeEachDatabase('rendering user text', (use) => {
  it('escapes a display name in the profile title and drops bidi overrides', async () => {
    const h = await createHarness(use());
    const r = await h.run('/profile set role:backend', { userId: BOB, name: '**Bob** [x](https://evil) \u202egnp' });
    const title = (r.response as { data: { embeds: Array<{ title: string }> } }).data.embeds[0]!.title;
    expect(title).toBe("\\*\\*Bob\\*\\* \\[x\\](https://evil) gnp's profile");
  });

  it('escapes track names where they head digest sections', async () => {
    const h = await createHarness(use());
    const mod = { userId: MOD, moderator: true };
    await h.run('/nexus-admin track add name:"**Shop** _API_"', mod);
    await h.run('/project announce name:"**Shop** _API_" summary:"x" role:backend');
    const preview = await h.run('/nexus-admin digest preview', mod);
    const names = JSON.stringify(preview.response);
    expect(names).toContain('New in \\\\*\\\\*Shop\\\\*\\\\* \\\\_API\\\\_');
  });

  it('keeps inline code in takeaways as written', async () => {
    const h = await createHarness(use());
    const r = await h.run('/takeaway add text:"Pin versions with `.nvmrc` and *always* run `npm ci`"');
    expect(replyText(r)).toContain('Pin versions with `.nvmrc` and \\*always\\* run `npm ci`');
  });
});
