// The hostile-input corpus through EVERY string/integer/user/channel option of every (sub)command, generated
// from commandDefinitions(): each answer is a clear ephemeral error (naming the field when it is too long)
// or a safe store; nothing pings anyone but the intended addressee; nothing crashes; stored hostile text
// renders safely afterwards; the tables, Bob's rows and the other guild's rows are untouched.
import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import { expect, it } from 'vitest';
import { commandDefinitions, createRegistry } from '../../../src/commands/index.js';
import { chatInputInteraction } from '../../../src/discord/payloads.js';
import { describeEachDatabase } from '../../helpers/db.js';
import { createTestApp, errorLogs, MOD } from './app.js';
import { autocompleteFor, autocompleteProblems, FIXTURE_USERS, readerProblems, verdict } from './check.js';
import { buildOptions, corpusFor, LONG, optionSites, validValue } from './corpus.js';
import { expectTablesIntact, seed, untouchableRows } from './fixtures.js';

const allSites = optionSites(commandDefinitions());
const registry = createRegistry();

/** Runs the corpus through the sites whose index modulo `of` is `part` (files split the work to run in parallel). */
export function hostileOptionSuite(part: number, of: number): void {
  const sites = allSites.filter((_, i) => i % of === part);

  if (part === 0) {
    it('covers every option of every command (the list is generated, not hand-written)', () => {
      const labels = allSites.map((s) => s.label);
      // A few known ones, so an empty or broken generator cannot pass silently.
      for (const l of [
        '/project announce name',
        '/profile set timezone',
        '/pair request user',
        '/nexus-admin config set nexus_channel',
        '/challenge search query',
        '/takeaway add text',
      ]) {
        expect(labels).toContain(l);
      }
      expect(labels.length).toBeGreaterThan(40);
    });
  }

  describeEachDatabase(`hostile input through every command option (part ${part + 1}/${of})`, (use) => {
    it.each(sites.map((s) => [s.label, s] as const))('%s', async (_label, site) => {
      const t = await createTestApp(use());
      const f = await seed(t);
      const before = await untouchableRows(use());
      const moderator = site.moderator ? { userId: MOD, name: 'mod', moderator: true } : {};
      const problems: string[] = [];
      let stored = false;
      for (const h of corpusFor(site.option)) {
        const built = buildOptions(site, h.value, (o) => validValue(site.command, o, f), {
          ...(h.user ? { user: true } : {}),
          ...(h.channelType !== undefined ? { channelType: h.channelType } : {}),
        });
        const e = await t.send(
          chatInputInteraction(
            t.actor(moderator),
            site.command,
            built.options,
            built.resolved,
            t.clock.now().getTime(),
          ),
        );
        // The fixture members may be named in replies; a user option's value is its intended addressee.
        const allowed = new Set(FIXTURE_USERS);
        if (
          site.option.type === ApplicationCommandOptionType.User &&
          typeof h.value === 'string' &&
          /^\d{17,20}$/.test(h.value)
        )
          allowed.add(h.value);
        const tooLong =
          h.value === LONG && site.option.max_length !== undefined && site.option.max_length < LONG.length;
        problems.push(
          ...verdict(e, {
            label: `${site.label} = ${h.label}`,
            allowedUsers: allowed,
            ...(tooLong ? { tooLongField: site.option.name } : {}),
          }),
        );
        if (e.handled.outcome === 'ok') stored = true;
        // Autocomplete of this option with the same text: a (possibly empty) list, never an error.
        if ((site.option as { autocomplete?: boolean }).autocomplete) {
          const ac = await t.send(
            autocompleteFor(t, site.command, site.chain, site.option.name, site.option.type, h.value, moderator),
          );
          problems.push(...autocompleteProblems(ac, `${site.label} autocomplete = ${h.label}`));
        }
      }
      // What was stored must render safely wherever it is shown.
      const path = site.chain.map((c) => c.name).join(' ');
      if (stored && registry.commands.get(site.command)?.writes?.includes(path))
        problems.push(...(await readerProblems(t, site.label)));
      expect(problems).toEqual([]);
      expect(errorLogs(t.logs)).toEqual([]);
      await expectTablesIntact(use());
      const after = await untouchableRows(use());
      if (site.label === '/nexus-admin track remove name') {
        // A spelling that folds to the fixture's track ("Air\u200bbnb clo\ufeffne" is "Airbnb clone") removes
        // it, by design: Bob's project then leaves the track, and nothing else of his changes.
        const unlinked = (rows: string) => rows.replace(/"track_id":("\d+"|\d+)/g, '"track_id":null');
        expect(unlinked(after)).toBe(unlinked(before));
      } else expect(after).toBe(before);
    });
  });
}
