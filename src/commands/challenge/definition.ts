// /challenge's definition, exactly as `npm run register` sends it; handlers derive their typed options from it.
import {
  ApplicationCommandOptionType as Option,
  InteractionContextType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { option } from '../options.js';

/** Modal text is accepted up to Discord's own text-input limit. */
export const CHALLENGE_LIMITS = {
  title: 200,
  problem: 4000,
  solution: 4000,
  tags: 600,
  project: 20,
  query: 200,
} as const;
const STATUSES = ['open', 'solved'] as const;

const idOption = (description: string) =>
  option({
    type: Option.Integer,
    name: 'id',
    description,
    required: true,
    autocomplete: true,
    min_value: 1,
  });
const pageOption = option({
  type: Option.Integer,
  name: 'page',
  description: 'Page number (default 1)',
  min_value: 1,
  max_value: 10_000,
});

export const challengeData = {
  name: 'challenge',
  description: 'Log the challenges you hit and how you solved them; search what the cohort learned',
  contexts: [InteractionContextType.Guild],
  options: [
    {
      type: Option.Subcommand,
      name: 'log',
      description: 'Log a challenge (opens a form: title, what went wrong, the solution, tags)',
    },
    {
      type: Option.Subcommand,
      name: 'solve',
      description: 'Add or edit the solution of one of your challenges',
      options: [idOption('Your challenge')],
    },
    {
      type: Option.Subcommand,
      name: 'search',
      description: "Search the server's challenges: titles, problems and solutions",
      options: [
        {
          type: Option.String,
          name: 'query',
          description: 'Words to look for, e.g. docker network',
          required: true,
          max_length: CHALLENGE_LIMITS.query,
        },
        {
          type: Option.String,
          name: 'tag',
          description: 'Only challenges with this tag',
          autocomplete: true,
          max_length: 32,
        },
        {
          type: Option.String,
          name: 'status',
          description: 'Only open or only solved challenges',
          choices: STATUSES.map((s) => ({ name: s, value: s })),
        },
        pageOption,
      ],
    },
    {
      type: Option.Subcommand,
      name: 'show',
      description: 'Show a challenge in full',
      options: [
        idOption('Which challenge'),
        {
          type: Option.Integer,
          name: 'part',
          description: 'Part of a long challenge (default 1)',
          min_value: 1,
        },
      ],
    },
    {
      type: Option.Subcommand,
      name: 'mine',
      description: 'The challenges you logged',
      options: [pageOption],
    },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;
