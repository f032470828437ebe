// /project's definition, exactly as `npm run register` sends it; handlers derive their typed options from it.
import {
  ApplicationCommandOptionType as Option,
  InteractionContextType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { ROLES } from '../../domain/roles.js';
import { option } from '../options.js';

export const PROJECT_LIMITS = { name: 100, summary: 1000, stack: 300, repo: 300 } as const;

const roleChoices = ROLES.map((r) => ({ name: r, value: r }));

const idOption = (description: string) =>
  option({ type: Option.Integer, name: 'id', description, required: true, autocomplete: true, min_value: 1 });

const editableOptions = [
  option({
    type: Option.String,
    name: 'stack',
    description: 'Comma-separated, e.g. django, postgres, docker',
    max_length: PROJECT_LIMITS.stack,
    autocomplete: true,
  }),
  option({
    type: Option.String,
    name: 'repo',
    description: 'Repository URL (http or https)',
    max_length: PROJECT_LIMITS.repo,
  }),
  option({ type: Option.String, name: 'role', description: 'Your role on it', choices: roleChoices }),
  option({
    type: Option.String,
    name: 'seeking',
    description: 'Which collaborator you are looking for',
    choices: [...roleChoices, { name: 'none (not looking)', value: 'none' }],
  }),
];

export const projectData = {
  name: 'project',
  description: 'Announce what you build and browse the cohort’s projects',
  contexts: [InteractionContextType.Guild],
  options: [
    {
      type: Option.Subcommand,
      name: 'announce',
      description: 'Announce your project (announcing the same project again updates it)',
      options: [
        {
          type: Option.String,
          name: 'name',
          description: 'Project or track, e.g. Airbnb clone',
          required: true,
          max_length: PROJECT_LIMITS.name,
          autocomplete: true,
        },
        {
          type: Option.String,
          name: 'summary',
          description: 'What it does, in a sentence or two',
          required: true,
          max_length: PROJECT_LIMITS.summary,
        },
        ...editableOptions,
      ],
    },
    {
      type: Option.Subcommand,
      name: 'update',
      description: 'Change one of your projects (only the options you give change)',
      options: [
        idOption('Which of your projects'),
        { type: Option.String, name: 'name', description: 'New name', max_length: PROJECT_LIMITS.name },
        { type: Option.String, name: 'summary', description: 'New summary', max_length: PROJECT_LIMITS.summary },
        ...editableOptions,
      ],
    },
    {
      type: Option.Subcommand,
      name: 'archive',
      description: 'Archive one of your projects',
      options: [idOption('Which of your projects')],
    },
    { type: Option.Subcommand, name: 'show', description: 'Show a project', options: [idOption('Which project')] },
    {
      type: Option.Subcommand,
      name: 'list',
      description: 'Browse the cohort’s projects',
      options: [
        {
          type: Option.String,
          name: 'track',
          description: 'Only this track',
          autocomplete: true,
          max_length: PROJECT_LIMITS.name,
        },
        {
          type: Option.String,
          name: 'tag',
          description: 'Only projects using this tag',
          autocomplete: true,
          max_length: 32,
        },
        {
          type: Option.String,
          name: 'seeking',
          description: 'Only projects looking for this role',
          choices: [{ name: 'any role', value: 'any' }, ...roleChoices],
        },
      ],
    },
    { type: Option.Subcommand, name: 'mine', description: 'Your projects, with their seeking status' },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;
