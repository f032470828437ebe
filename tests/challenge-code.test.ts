// What learners write is kept: inline code and fenced blocks render as code in challenge cards, `show`,
// lists and the digest; everything around them is still escaped and mentions defused; cuts never leave an
// open fence.
import { describe, expect, it } from 'vitest';
import type { APIEmbed } from 'discord-api-types/v10';
import { modalSubmitInteraction } from '../src/discord/payloads.js';
import { escapeTruncatedKeepCode, splitCode, splitMessageKeepCode } from '../src/domain/markdown.js';
import { describeEachDatabase } from './helpers/db.js';
import { createHarness, type Harness } from './helpers/harness.js';

const NOW = new Date('2026-12-01T12:00:00Z');

/** Fence lines (``` at a line start) come in pairs: every block opened is closed. */
function fencesBalanced(md: string): boolean {
  const opens = md.split('\n').filter((l) => /^`{3,}/.test(l)).length;
  return opens % 2 === 0;
}

/** Submits a form with real line breaks in its fields (a `try` LINE cannot carry them). */
async function submit(h: Harness, customId: string, fields: Record<string, string>) {
  const handled = await h.handle(modalSubmitInteraction(h.actor(), customId, fields, h.clock.now().getTime()));
  const posted = h.recorder.take();
  return { response: handled.response as { data?: { content?: string; embeds?: APIEmbed[] } }, posted };
}

const PROBLEM = [
  'Running `npm run build` fails with **this** @everyone:',
  '```ts',
  "import x from './x.js'; // a *comment* with __underscores__",
  '```',
  '# not a heading <@&123456789012345678>',
].join('\n');

describe('escapeTruncatedKeepCode / splitMessageKeepCode', () => {
  it('cuts before escaping: a cut inside a fence closes it, with the "…" after it', () => {
    const text =
      'intro\n```js\n' + Array.from({ length: 50 }, (_, i) => `line ${i} *x*`).join('\n') + '\n```\nafter **b**';
    for (const max of [30, 60, 100, 200, 333]) {
      const out = escapeTruncatedKeepCode(text, max);
      expect(out.length, `max ${max}`).toBeLessThanOrEqual(max);
      expect(out.endsWith('…')).toBe(true);
      expect(fencesBalanced(out), out).toBe(true);
      // Whatever follows the cut text is outside any code block.
      const last = splitCode(out + '\n**next**').at(-1);
      expect(last?.kind === 'text' ? last.text : '').toContain('**next**');
    }
    expect(escapeTruncatedKeepCode(text, 10_000)).toContain('```js\nline 0 *x*');
    expect(escapeTruncatedKeepCode(text, 10_000)).toContain('after \\*\\*b\\*\\*');
  });

  it('cuts prose without splitting an inline span or an escape', () => {
    const out = escapeTruncatedKeepCode('see `npm run build` then **bold** '.repeat(10), 50, { inline: true });
    expect(out.length).toBeLessThanOrEqual(50);
    expect(out).toContain('`npm run build`');
    expect(out).not.toMatch(/(^|[^\\])\\…$/);
  });

  it('splits a long fence between lines, each part closed and reopened with its language', () => {
    const code = Array.from({ length: 300 }, (_, i) => `console.log(${i}); // \`tick\``).join('\n');
    const text = `Before\n\`\`\`js\n${code}\n\`\`\`\nAfter *this*`;
    const chunks = splitMessageKeepCode(text, 1800);
    expect(chunks.length).toBeGreaterThan(2);
    for (const c of chunks) {
      expect(c.length).toBeLessThanOrEqual(1800);
      expect(fencesBalanced(c), c.slice(0, 80)).toBe(true);
    }
    expect(chunks.slice(1, -1).every((c) => c.startsWith('```js\n'))).toBe(true);
    // Nothing lost: the code lines, in order.
    const lines = chunks.join('\n').split('\n');
    const logged = lines.filter((l) => l.startsWith('console.log('));
    expect(logged).toEqual(code.split('\n'));
    expect(chunks.at(-1)).toMatch(/After \*this\*$/);
  });
});

describeEachDatabase('challenge text keeps its code', (use) => {
  it('card, show, mine and the digest keep inline code and fenced blocks; the rest stays escaped', async () => {
    const h = await createHarness(use(), { now: NOW });
    await h.run('/nexus-admin config set digest_channel:<#800000000000000050>', {
      userId: '100000000000000009',
      moderator: true,
    });
    const r = await submit(h, 'challenge:log', {
      title: 'Build fails on `npm run build`',
      problem: PROBLEM,
      solution: 'Pin the version: `"typescript": "5.9.2"` then\n```sh\nnpm ci\n```',
      tags: 'npm',
    });
    const card = (r.posted[0]!.body as { embeds: APIEmbed[] }).embeds[0]!;
    expect(card.title).toBe('#1 · Build fails on `npm run build`');
    expect(card.description).toContain('Running `npm run build` fails with \\*\\*this\\*\\* @\u200beveryone:');
    expect(card.description).toContain("```ts\nimport x from './x.js'; // a *comment* with __underscores__\n```");
    expect(card.description).toContain('\\# not a heading \\<@\u200b&123456789012345678>');
    expect(card.fields![0]!.value).toBe('Pin the version: `"typescript": "5.9.2"` then\n```sh\nnpm ci\n```');

    const show = (await h.run('/challenge show id:1')).response as { data: { embeds: APIEmbed[] } };
    const shown = show.data.embeds.map((e) => e.description ?? '').join('\n');
    expect(shown).toContain("```ts\nimport x from './x.js'; // a *comment* with __underscores__\n```");
    expect(shown).toContain('```sh\nnpm ci\n```');

    const mine = JSON.stringify((await h.run('/challenge mine')).response);
    expect(mine).toContain('Build fails on `npm run build`');

    await h.run('/takeaway add text:"Run `npm ci` in CI, not `npm install`"');
    const preview = JSON.stringify(
      (await h.run('/nexus-admin digest preview', { userId: '100000000000000009', moderator: true })).response,
    );
    expect(preview).toContain('Run `npm ci` in CI, not `npm install`');
    expect(preview).toContain('Build fails on `npm run build`');
  });

  it('a long fenced block cut on the card stays closed, and show gives every line in closed parts', async () => {
    const h = await createHarness(use(), { now: NOW });
    const code = Array.from({ length: 120 }, (_, i) => `RUN step-${i} && echo "*${i}*"`).join('\n');
    const r = await submit(h, 'challenge:log', {
      title: 'Dockerfile too long',
      problem: `My Dockerfile:\n\`\`\`dockerfile\n${code}\n\`\`\`\nand then **it** fails`,
    });
    const card = (r.posted[0]!.body as { embeds: APIEmbed[] }).embeds[0]!;
    expect(card.description!.length).toBeLessThanOrEqual(4096);
    expect(fencesBalanced(card.description!)).toBe(true);
    expect(card.description!.endsWith('```\n…')).toBe(true);

    const first = (await h.run('/challenge show id:1')).response as { data: { content?: string; embeds: APIEmbed[] } };
    const parts = Number(/Part 1 of (\d+)/.exec(first.data.content ?? '')?.[1] ?? 1);
    let all = '';
    for (let p = 1; p <= parts; p++) {
      const d = ((await h.run(`/challenge show id:1 part:${p}`)).response as { data: { embeds: APIEmbed[] } }).data;
      for (const e of d.embeds) {
        expect(fencesBalanced(e.description ?? ''), e.title).toBe(true);
        all += (e.description ?? '') + '\n';
      }
    }
    for (const line of code.split('\n')) expect(all).toContain(line);
    expect(all).toContain('and then \\*\\*it\\*\\* fails');
  });
});
