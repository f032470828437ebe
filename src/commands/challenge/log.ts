// /challenge log opens the form; its submit (challenge:log) saves the challenge and posts its card.
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { getOwnActiveProject, insertChallenge, type ChallengeView } from '../../db/queries/challenges.js';
import { deleteFormDrafts } from '../../db/queries/drafts.js';
import { oneLine } from '../../domain/text.js';
import { parseInput, text, validateTags } from '../../domain/validate.js';
import { requireNotBlocked } from '../guards.js';
import {
  UserError,
  type CommandInput,
  type ModalInput,
  type ModalModule,
  type ModalReply,
  type Reply,
} from '../types.js';
import { CHALLENGE_LIMITS } from './definition.js';
import { fixItReply, logModal } from './forms.js';
import { channelMention } from '../ui.js';
import { challengeButtons, challengeCard } from './render.js';

const LogFields = z.object({
  title: text(CHALLENGE_LIMITS.title),
  problem: text(CHALLENGE_LIMITS.problem),
  solution: z.string().trim().max(CHALLENGE_LIMITS.solution),
  tags: z.string().max(CHALLENGE_LIMITS.tags),
  project: z.string().trim().max(CHALLENGE_LIMITS.project),
});

/** /challenge log — the form. */
export async function log(input: CommandInput, ctx: AppContext): Promise<ModalReply> {
  requireNotBlocked(input);
  return logModal(ctx, input.guildId, input.user.id);
}

/** The form's fields, checked; a UserError names what to fix. */
async function validateLog(ctx: AppContext, input: ModalInput) {
  const f = input.fields;
  const o = parseInput(LogFields, {
    title: f.title ?? '',
    problem: f.problem ?? '',
    solution: f.solution ?? '',
    tags: f.tags ?? '',
    project: f.project ?? '',
  });
  const tags = validateTags(o.tags, 'tags') ?? [];
  let project: { id: number; name: string } | null = null;
  if (o.project) {
    const m = /^#?(\d{1,15})$/.exec(o.project);
    if (!m) throw new UserError('`project` must be the id (a number) of one of your projects, or empty.');
    const p = await getOwnActiveProject(ctx.db, input.guildId, input.user.id, Number(m[1]));
    if (!p)
      throw new UserError(
        `\`project\`: you have no active project #${m[1]} in this server. Leave it empty or give the id of one of your own projects.`,
      );
    project = p;
  }
  return { ...o, tags, project };
}

/**
 * The form's submit: the challenge is saved; its card is posted after (a failed post loses nothing). A form
 * that does not validate is answered with what to fix and a "Fix it" button that reopens it pre-filled.
 */
export const logForm: ModalModule = {
  prefix: 'challenge:log',
  async handle(input, ctx): Promise<Reply> {
    const { settings } = requireNotBlocked(input);
    let o: Awaited<ReturnType<typeof validateLog>>;
    try {
      o = await validateLog(ctx, input);
    } catch (err) {
      if (err instanceof UserError) return fixItReply(ctx, input, err.message);
      throw err;
    }
    const saved = await insertChallenge(
      ctx.db,
      input.guildId,
      {
        authorId: input.user.id,
        title: oneLine(o.title),
        problem: o.problem,
        solution: o.solution || null,
        tags: o.tags,
        projectId: o.project?.id ?? null,
      },
      ctx.clock.now(),
    );
    await deleteFormDrafts(ctx.db, input.guildId, input.user.id, input.customId);
    const projectName = o.project?.name ?? null;
    const c: ChallengeView = { ...saved, helpedCount: 0, projectName };
    const state =
      c.status === 'solved'
        ? 'as solved'
        : 'as open — add the solution later with the button or `/challenge solve id:' + c.id + '`';
    const logged = `Logged challenge #${c.id} ${state}.`;
    // The private reply carries the card and its buttons unless the public card does.
    const withCard = { embeds: [challengeCard(c)], components: challengeButtons(c) };
    if (!settings.publicChallenges) {
      return {
        ephemeral: true,
        content: `${logged} Public posts of challenges are off in this server; it is searchable with \`/challenge search\`.`,
        ...withCard,
      };
    }
    const channelId = settings.nexusChannelId ?? input.channelId;
    return {
      ephemeral: true,
      content: logged,
      effects: [
        {
          kind: 'post',
          channelId,
          body: withCard,
          record: { entity: 'challenge', id: c.id },
          replyIfPosted: { ephemeral: true, content: `${logged} Shared in ${channelMention(channelId)}.` },
          replyIfFailed: {
            ephemeral: true,
            content: channelId
              ? `${logged} It is saved, but Nexus could not post it in ${channelMention(channelId)} (missing permission?); it is still searchable.`
              : `${logged} It is saved and searchable; it was not posted, as no Nexus channel is set (a moderator can set one with \`/nexus-admin config set\`).`,
            ...withCard,
          },
        },
      ],
    };
  },
};
