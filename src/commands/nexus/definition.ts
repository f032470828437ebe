// /nexus's definition, exactly as `npm run register` sends it; handlers derive their typed options from it.
import {
  ApplicationCommandOptionType,
  InteractionContextType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';

export const nexusData = {
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
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;
