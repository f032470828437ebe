// /pair find|request|list|end|auto — backend and frontend learners on the same project team up.
// One file per subcommand; the buttons (request, accept/decline/cancel, end, seek again) live beside them,
// and those of a pair's thread: the kickoff's checklist (kickoff.ts) and the check-in answers (checkin.ts).
import type { AppContext } from '../../context.js';
import { searchProjectNames } from '../../db/queries/projects.js';
import { oneLine, truncate } from '../../domain/text.js';
import { defineCommand, type AutocompleteInput, type Choice, type ComponentModule } from '../types.js';
import { auto } from './auto.js';
import { cancelButton } from './cancel.js';
import { checkinButton, stuckLogButton } from './checkin.js';
import { pairData } from './definition.js';
import { end, endButton, endConfirmButton, endKeepButton } from './end.js';
import { find } from './find.js';
import { tickButton } from './kickoff.js';
import { list } from './list.js';
import { request, requestButton } from './request.js';
import { acceptButton, declineButton } from './respond.js';
import { seekButton } from './seek.js';

async function autocomplete(input: AutocompleteInput, ctx: AppContext): Promise<Choice[]> {
  if (input.focused.name !== 'project') return [];
  const sub = input.path[0];
  const typed = input.focused.value.trim().replace(/^#/, '');
  const rows = await searchProjectNames(
    ctx.db,
    input.guildId,
    /^\d+$/.test(typed) ? '' : typed,
    25,
    sub === 'find' ? input.user.id : undefined,
  );
  return rows
    .filter((p) => p.status === 'active' && (!/^\d+$/.test(typed) || String(p.id).startsWith(typed)))
    .map((p) => ({ name: truncate(`#${p.id} ${oneLine(p.name)}`, 100), value: p.id }));
}

export const pairCommand = defineCommand({
  data: pairData,
  subcommands: {
    find: { run: find },
    request: { run: request, writes: true },
    list: { run: list },
    end: { run: end, writes: true },
    auto: { run: auto, writes: true },
  },
  autocomplete,
});

export const pairComponents: ComponentModule[] = [
  requestButton,
  acceptButton,
  declineButton,
  cancelButton,
  endButton,
  endConfirmButton,
  endKeepButton,
  seekButton,
  tickButton,
  checkinButton,
  stuckLogButton,
];
