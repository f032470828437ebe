// /project announce|update|archive|show|list|mine — learners announce what they build; everyone browses.
// One file per subcommand; the buttons live beside them (project:renew in renew.ts, project:page in list.ts,
// project:near — the answer to announce's "Did you mean …?" — in announce.ts).
import { defineCommand, type ComponentModule } from '../types.js';
import { announce, nearMissButton } from './announce.js';
import { archive } from './archive.js';
import { autocomplete } from './autocomplete.js';
import { projectData } from './definition.js';
import { list, projectPageButton } from './list.js';
import { mine } from './mine.js';
import { renewButton } from './renew.js';
import { show } from './show.js';
import { update } from './update.js';

export const projectCommand = defineCommand({
  data: projectData,
  subcommands: {
    announce: { run: announce, writes: true },
    update: { run: update, writes: true },
    archive: { run: archive, writes: true },
    show: { run: show },
    list: { run: list },
    mine: { run: mine },
  },
  autocomplete,
});

export const projectComponents: ComponentModule[] = [renewButton, projectPageButton, nearMissButton];
