// /pair's definition, exactly as `npm run register` sends it; handlers derive their typed options from it.
import {
  ApplicationCommandOptionType as Option,
  InteractionContextType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';

export const PAIR_LIMITS = { message: 500, reason: 300 } as const;

const projectOption = (description: string) =>
  ({
    type: Option.Integer,
    name: 'project',
    description,
    autocomplete: true,
    min_value: 1,
  }) as const;

export const pairData = {
  name: 'pair',
  description: 'Find a collaborator on your project and team up',
  contexts: [InteractionContextType.Guild],
  options: [
    {
      type: Option.Subcommand,
      name: 'find',
      description: 'Collaborators who fit you, best first',
      options: [projectOption('Which of your projects (default: all)')],
    },
    {
      type: Option.Subcommand,
      name: 'request',
      description: 'Ask a learner to pair with you',
      options: [
        { type: Option.User, name: 'user', description: 'Who', required: true },
        projectOption('The project you would pair on'),
        {
          type: Option.String,
          name: 'message',
          description: 'A short note to them',
          max_length: PAIR_LIMITS.message,
        },
      ],
    },
    { type: Option.Subcommand, name: 'list', description: 'Your pairs and pending requests' },
    {
      type: Option.Subcommand,
      name: 'end',
      description: 'End a pairing',
      options: [
        { type: Option.User, name: 'user', description: 'Your partner', required: true },
        {
          type: Option.String,
          name: 'reason',
          description: 'Why (kept in the history)',
          max_length: PAIR_LIMITS.reason,
        },
      ],
    },
    {
      type: Option.Subcommand,
      name: 'auto',
      description: 'Moderators: one matching round over everyone still seeking',
      options: [projectOption('Only this project (default: every project)')],
    },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;
