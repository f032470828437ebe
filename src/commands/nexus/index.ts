// /nexus help | readme | forget-me — the front door, the learner's README, and leaving. One file per
// subcommand: help.ts, readme.ts, forget.ts.
import {
  ApplicationCommandOptionType,
  InteractionContextType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { defineCommand, type CommandModule, type ComponentModule } from '../types.js';
import { forgetButton, forgetCancelButton, forgetPrompt } from './forget.js';
import { helpEmbed } from './help.js';
import { readme } from './readme.js';

const data = {
  name: 'nexus',
  description: 'Nexus: find a collaborator, share what you build and learn',
  contexts: [InteractionContextType.Guild],
  options: [
    { type: ApplicationCommandOptionType.Subcommand, name: 'help', description: 'What Nexus does and how to start' },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'readme',
      description: 'Your alx-project-nexus README, generated from what you logged',
      options: [
        { type: ApplicationCommandOptionType.User, name: 'user', description: 'Whose README (default: yours)' },
        {
          type: ApplicationCommandOptionType.String,
          name: 'sections',
          description: 'objective, overview, learnings, challenges, takeaways, collaboration (default: all)',
          max_length: 200,
        },
        {
          type: ApplicationCommandOptionType.String,
          name: 'format',
          description: 'Challenges as a list or as a table',
          choices: [
            { name: 'markdown (lists)', value: 'markdown' },
            { name: 'table-style', value: 'table-style' },
          ],
        },
        {
          type: ApplicationCommandOptionType.Boolean,
          name: 'detail',
          description: 'Add where each item came from, tags and dates (for your own review)',
        },
      ],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'forget-me',
      description: 'Delete everything Nexus holds about you in this server',
    },
  ],
} satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

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
