// The challenge forms (modals): log a challenge, add or edit a solution.
import { ComponentType, TextInputStyle, type APIModalInteractionResponseCallbackData } from 'discord-api-types/v10';
import type { AppContext } from '../../context.js';
import { listOwnActiveProjects, type ChallengeView } from '../../db/queries/challenges.js';
import { oneLine, truncate } from '../../domain/text.js';
import type { ModalReply } from '../types.js';
import { CHALLENGE_LIMITS } from './definition.js';

export function textInput(
  customId: string,
  label: string,
  style: TextInputStyle,
  max: number,
  required: boolean,
  extra: { placeholder?: string; value?: string } = {},
) {
  return {
    type: ComponentType.ActionRow as const,
    components: [
      {
        type: ComponentType.TextInput as const,
        custom_id: customId,
        label,
        style,
        max_length: max,
        required,
        ...(extra.placeholder ? { placeholder: truncate(extra.placeholder, 100) } : {}),
        ...(extra.value ? { value: extra.value.slice(0, max) } : {}),
      },
    ],
  };
}

/** The log form; `prefill.project` fills in the project id (a pair's check-in offers it when they are stuck). */
export async function logModal(
  ctx: AppContext,
  guildId: string,
  userId: string,
  prefill: { project?: number } = {},
): Promise<ModalReply> {
  const own = await listOwnActiveProjects(ctx.db, guildId, userId, 3);
  const projectHint = own.length
    ? `Optional: one of your project ids, e.g. ${own.map((p) => `${p.id} (${oneLine(p.name)})`).join(', ')}`
    : 'Optional: the id of one of your projects';
  const modal: APIModalInteractionResponseCallbackData = {
    custom_id: 'challenge:log',
    title: 'Log a challenge',
    components: [
      textInput('title', 'Title', TextInputStyle.Short, CHALLENGE_LIMITS.title, true, {
        placeholder: 'e.g. Docker container cannot reach Postgres',
      }),
      textInput('problem', 'What went wrong', TextInputStyle.Paragraph, CHALLENGE_LIMITS.problem, true, {
        placeholder: 'The error, what you expected, what you were doing',
      }),
      textInput(
        'solution',
        'What you tried / the solution',
        TextInputStyle.Paragraph,
        CHALLENGE_LIMITS.solution,
        false,
        {
          placeholder: 'Optional: leave empty while it is still open, add it later with /challenge solve',
        },
      ),
      textInput('tags', 'Tags (comma-separated)', TextInputStyle.Short, CHALLENGE_LIMITS.tags, false, {
        placeholder: 'e.g. docker, postgres, django',
      }),
      textInput('project', 'Project id', TextInputStyle.Short, CHALLENGE_LIMITS.project, false, {
        placeholder: projectHint,
        ...(prefill.project ? { value: String(prefill.project) } : {}),
      }),
    ],
  };
  return { modal };
}

export function solveModal(c: Pick<ChallengeView, 'id' | 'solution'>): ModalReply {
  return {
    modal: {
      custom_id: `challenge:solve:${c.id}`,
      title: `${c.solution ? 'Edit' : 'Add'} the solution of #${c.id}`.slice(0, 45),
      components: [
        textInput(
          'solution',
          'What you tried / the solution',
          TextInputStyle.Paragraph,
          CHALLENGE_LIMITS.solution,
          true,
          {
            placeholder: 'What fixed it (commands, config, the root cause)',
            ...(c.solution ? { value: c.solution } : {}),
          },
        ),
      ],
    },
  };
}
