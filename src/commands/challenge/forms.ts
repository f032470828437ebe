// The challenge forms (modals): log a challenge, add or edit a solution; and "Fix it", which reopens a form
// that did not validate with what was typed.
import { randomBytes } from 'node:crypto';
import {
  ButtonStyle,
  ComponentType,
  TextInputStyle,
  type APIModalInteractionResponseCallbackData,
} from 'discord-api-types/v10';
import type { AppContext } from '../../context.js';
import { getChallenge, listOwnActiveProjects, type ChallengeView } from '../../db/queries/challenges.js';
import { getFormDraft, saveFormDraft } from '../../db/queries/drafts.js';
import { oneLine, truncate } from '../../domain/text.js';
import { requireNotBlocked } from '../guards.js';
import { UserError, type ComponentModule, type ModalInput, type ModalReply, type Reply } from '../types.js';
import { button, row } from '../ui.js';
import { CHALLENGE_LIMITS } from './definition.js';
import { notFound } from './ids.js';

function textInput(
  customId: string,
  label: string,
  style: TextInputStyle,
  max: number,
  required: boolean,
  extra: { placeholder?: string; value?: string | undefined } = {},
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

/** The log form; `values` pre-fills it (what was typed before, from "Fix it"; a stuck pair's project). */
export async function logModal(
  ctx: AppContext,
  guildId: string,
  userId: string,
  values: Record<string, string> = {},
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
        value: values.title,
      }),
      textInput('problem', 'What went wrong', TextInputStyle.Paragraph, CHALLENGE_LIMITS.problem, true, {
        placeholder: 'The error, what you expected, what you were doing',
        value: values.problem,
      }),
      textInput(
        'solution',
        'What you tried / the solution',
        TextInputStyle.Paragraph,
        CHALLENGE_LIMITS.solution,
        false,
        {
          placeholder: 'Optional: leave empty while it is still open, add it later with /challenge solve',
          value: values.solution,
        },
      ),
      textInput('tags', 'Tags (comma-separated)', TextInputStyle.Short, CHALLENGE_LIMITS.tags, false, {
        placeholder: 'e.g. docker, postgres, django',
        value: values.tags,
      }),
      textInput('project', 'Project id', TextInputStyle.Short, CHALLENGE_LIMITS.project, false, {
        placeholder: projectHint,
        value: values.project,
      }),
    ],
  };
  return { modal };
}

/** The solve form, pre-filled with the current solution (or with what was typed before, from "Fix it"). */
export function solveModal(c: Pick<ChallengeView, 'id' | 'solution'>, typed?: string): ModalReply {
  const value = typed ?? c.solution;
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
            ...(value ? { value } : {}),
          },
        ),
      ],
    },
  };
}

/** How long what was typed into a form that did not validate is kept for "Fix it". */
const DRAFT_TTL_MS = 60 * 60_000;

/** The fields each form has, with their limits: only these are kept, never longer than the form accepts. */
const FORM_FIELDS: Record<'log' | 'solve', Record<string, number>> = {
  log: {
    title: CHALLENGE_LIMITS.title,
    problem: CHALLENGE_LIMITS.problem,
    solution: CHALLENGE_LIMITS.solution,
    tags: CHALLENGE_LIMITS.tags,
    project: CHALLENGE_LIMITS.project,
  },
  solve: { solution: CHALLENGE_LIMITS.solution },
};

function formKind(form: string): 'log' | 'solve' | undefined {
  if (form === 'challenge:log') return 'log';
  if (/^challenge:solve:\d{1,15}$/.test(form)) return 'solve';
  return undefined;
}

/**
 * The reply to a form that did not validate: the problem, and a "Fix it" button that reopens the form with
 * what was typed. The typed values are kept server-side (a draft owned by the member and the guild, for an
 * hour); the button carries only the draft's random id.
 */
export async function fixItReply(ctx: AppContext, input: ModalInput, problem: string): Promise<Reply> {
  const kind = formKind(input.customId);
  if (!kind) throw new UserError(problem);
  const fields: Record<string, string> = {};
  for (const [name, max] of Object.entries(FORM_FIELDS[kind])) {
    const v = input.fields[name];
    if (v) fields[name] = v.slice(0, max);
  }
  const id = randomBytes(12).toString('base64url');
  const now = ctx.clock.now();
  await saveFormDraft(
    ctx.db,
    input.guildId,
    { id, userId: input.user.id, form: input.customId, fields, expiresAt: new Date(now.getTime() + DRAFT_TTL_MS) },
    now,
  );
  return {
    ephemeral: true,
    userError: true,
    content: truncate(
      `${problem}\nNothing was saved. What you typed is kept for an hour: **Fix it** reopens the form with it.`,
      2000,
    ),
    components: [row(button(`challenge:fix:${id}`, 'Fix it', ButtonStyle.Primary))],
  };
}

/** challenge:fix:<draft id> — reopens a form that did not validate, pre-filled with what was typed. */
export const fixButton: ComponentModule = {
  prefix: 'challenge:fix',
  async handle(input, ctx): Promise<ModalReply> {
    requireNotBlocked(input);
    const id = input.args.join(':');
    const draft = /^[A-Za-z0-9_-]{16}$/.test(id)
      ? await getFormDraft(ctx.db, input.guildId, input.user.id, id, ctx.clock.now())
      : undefined;
    const kind = draft && formKind(draft.form);
    if (!draft || !kind) {
      throw new UserError(
        'This form has expired (what was typed is kept for an hour). Open it again with `/challenge log` or `/challenge solve`.',
      );
    }
    if (kind === 'log') return logModal(ctx, input.guildId, input.user.id, draft.fields);
    const challengeId = Number(draft.form.slice('challenge:solve:'.length));
    const c = await getChallenge(ctx.db, input.guildId, challengeId);
    if (!c || c.authorId !== input.user.id) throw notFound(challengeId);
    return solveModal(c, draft.fields.solution ?? '');
  },
};
