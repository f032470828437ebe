// /challenge log|solve|search|show|mine — the challenges a learner hit and how they solved them.
// One file per subcommand; each file also holds its buttons and forms (challenge:solve in solve.ts, …).
import type { AppContext } from '../../context.js';
import { guildTags, suggestChallenges } from '../../db/queries/challenges.js';
import { normalizeTag, oneLine, truncate } from '../../domain/text.js';
import {
  defineCommand,
  type AutocompleteInput,
  type Choice,
  type ComponentModule,
  type ModalModule,
} from '../types.js';
import { challengeData } from './definition.js';
import { fixButton } from './forms.js';
import { helpedButton } from './helped.js';
import { log, logForm } from './log.js';
import { mine, minePager } from './mine.js';
import { search, searchPager } from './search.js';
import { openButton, show } from './show.js';
import { solutionButton, solve, solveForm } from './solve.js';

async function autocomplete(input: AutocompleteInput, ctx: AppContext): Promise<Choice[]> {
  const { name, value } = input.focused;
  if (name === 'id') {
    const rows = await suggestChallenges(
      ctx.db,
      input.guildId,
      value,
      input.path[0] === 'solve' ? { authorId: input.user.id } : {},
    );
    return rows.map((c) => ({ name: truncate(`#${c.id} · ${oneLine(c.title)} (${c.status})`, 100), value: c.id }));
  }
  if (name === 'tag') {
    const tags = await guildTags(ctx.db, input.guildId, normalizeTag(value));
    return tags.filter((t) => t.length <= 100).map((t) => ({ name: t, value: t }));
  }
  return [];
}

export const challengeCommand = defineCommand({
  data: challengeData,
  subcommands: {
    log: { run: log },
    solve: { run: solve },
    search: { run: search },
    show: { run: show },
    mine: { run: mine },
  },
  autocomplete,
});

export const challengeComponents: ComponentModule[] = [
  helpedButton,
  solutionButton,
  fixButton,
  openButton,
  searchPager,
  minePager,
];
export const challengeModals: ModalModule[] = [logForm, solveForm];
