// What pairing shows of learners' own text: display names without bidi controls (they make a name render as
// something else) and repository URLs stored before the URL rule shown as code, never as a masked link.
import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { projects } from '../src/db/schema.js';
import { buttonInteraction } from '../src/discord/payloads.js';
import type { RecordedCall } from '../src/discord/port.js';
import { describeEachDatabase } from './helpers/db.js';
import { ALICE, BOB, createHarness, type Harness } from './helpers/harness.js';

const BIDI = /[\u202a-\u202e\u2066-\u2069]/;
const alice = { userId: ALICE, name: 'Ada\u202Egnp.exe' };
const bob = { userId: BOB, name: '\u2067Bola\u2069' };
const MASKED = '[github.com/ada/todo](https://phish.example/login)';

async function twoLearners(h: Harness) {
  await h.run('/profile set role:backend timezone:Africa/Lagos', alice);
  await h.run('/project announce name:"Todo app" summary:"API" role:backend seeking:frontend', alice);
  await h.run('/profile set role:frontend timezone:Europe/Berlin', bob);
  await h.run('/project announce name:"todo-app" summary:"UI" role:frontend seeking:backend', bob);
  // A repository link stored before links with markdown characters were refused.
  await h.app.ctx.db.update(projects).set({ repoUrl: MASKED }).where(eq(projects.ownerId, ALICE));
}

type Embed = { title?: string; fields?: Array<{ name: string; value: string }> };
const embedsOf = (body: unknown) => ((body as { embeds?: Embed[] }).embeds ?? []) as Embed[];
const repoValues = (embeds: Embed[]) =>
  embeds
    .flatMap((e) => e.fields ?? [])
    .filter((f) => f.name === 'Repository')
    .map((f) => f.value);

describeEachDatabase('pairing renders learners’ text safely', (use) => {
  it('the public request strips bidi controls from the requester’s name', async () => {
    const h = await createHarness(use());
    await twoLearners(h);
    const r = await h.run('click pair:request:2', alice);
    const post = r.posted.find((c) => c.method === 'POST')!;
    const content = (post.body as { content: string }).content;
    expect(content).toContain('Adagnp.exe (<@100000000000000001>) would like to pair with you');
    expect(content).not.toMatch(BIDI);
  });

  it('the kickoff: names without bidi controls, an old masked repository link as code', async () => {
    const h = await createHarness(use());
    await twoLearners(h);
    await h.run('click pair:request:1', bob);
    const r = await h.run('click pair:accept:1', alice);
    const kickoff = r.posted.find((c: RecordedCall) => c.method === 'POST' && embedsOf(c.body).length === 4)!;
    const embeds = embedsOf(kickoff.body);
    expect(embeds.map((e) => e.title).slice(0, 2)).toEqual(['Bola', 'Adagnp.exe']);
    expect(JSON.stringify(kickoff.body)).not.toMatch(BIDI);
    expect(repoValues(embeds)).toEqual(['—', '`[github.com/ada/todo](https://phish.example/login)`']);
  });

  it('the pair confirmation without a thread: the same names and repository text', async () => {
    const h = await createHarness(use());
    await twoLearners(h);
    await h.run('click pair:request:1', bob);
    // No permission to open private threads here: the confirmation carries the profile cards.
    const perms = (2n ** 51n - 1n) & ~(1n << 3n) & ~(1n << 36n) & ~(1n << 38n);
    const i = buttonInteraction(h.actor(alice), 'pair:accept:1', undefined, h.clock.now().getTime());
    h.recorder.take();
    await h.handle({ ...i, app_permissions: perms.toString() });
    const post = h.recorder.take().find((c) => c.method === 'POST' && embedsOf(c.body).length === 2)!;
    const embeds = embedsOf(post.body);
    expect(embeds.map((e) => e.title)).toEqual(['Bola', 'Adagnp.exe']);
    expect(JSON.stringify(post.body)).not.toMatch(BIDI);
    expect(repoValues(embeds)).toEqual(['—', '`[github.com/ada/todo](https://phish.example/login)`']);
  });
});
