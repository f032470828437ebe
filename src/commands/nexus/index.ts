// /nexus help | readme | forget-me — the front door, the learner's README, and leaving. One file per
// subcommand: help.ts, readme.ts, forget.ts.
import { defineCommand, type CommandModule, type ComponentModule } from '../types.js';
import { forgetButton, forgetCancelButton, forgetPrompt } from './forget.js';
import { helpEmbed } from './help.js';
import { nexusData as data } from './definition.js';
import { readme } from './readme.js';

export function createNexusCommand(registry: () => readonly CommandModule[]) {
  return defineCommand({
    data,
    subcommands: {
      help: { run: async (input) => ({ ephemeral: true, embeds: [helpEmbed(registry(), input.isModerator)] }) },
      readme: { run: readme },
      'forget-me': { run: async (input) => forgetPrompt(input), writes: true },
    },
  });
}

export const nexusComponents: ComponentModule[] = [forgetButton, forgetCancelButton];
