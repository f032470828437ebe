// /pair end user [reason] and the End buttons of /pair list: the pairing ends for both and stays in their
// history. The partner is told as privately as Nexus can: in the pair's thread when it has one (nothing is
// posted publicly), else in one public line that mentions only them and not who ended it; nobody is told when
// the one ending it is blocked (it ends quietly) or the partner was forgotten. The pair's old public message
// is neutralised: its profile cards do not outlive the pairing.
import { ButtonStyle } from 'discord-api-types/v10';
import type { AppContext } from '../../context.js';
import { FORGOTTEN } from '../../db/queries/learner.js';
import { activePairBetween, endPair, getPair, isSameProject } from '../../db/queries/pairs.js';
import { getProject, listOwnProjects } from '../../db/queries/projects.js';
import type { Pair, Project } from '../../db/schema.js';
import { escapeMarkdown, oneLine, truncate } from '../../domain/text.js';
import { argsParser } from '../options.js';
import { trimmed } from '../rules.js';
import {
  UserError,
  type CommandInput,
  type ComponentModule,
  type Effect,
  type Invocation,
  type Reply,
} from '../types.js';
import { button, row, userMention } from '../ui.js';
import { pairData } from './definition.js';
import { otherSide, partnerLabel } from './people.js';
import { seekAgainButton } from './seek.js';

const parse = argsParser(pairData, 'end', { reason: trimmed });

const PAIRING_ENDED = 'This pairing has ended.';

/** /pair end user [reason] */
export async function end(input: CommandInput, ctx: AppContext): Promise<Reply> {
  const o = parse(input.options);
  const pair = await activePairBetween(ctx.db, input.guildId, input.user.id, o.user);
  if (!pair)
    throw new UserError(
      `You are not paired with ${userMention(o.user)}. \`/pair list\` shows your pairs, each with a button to end it.`,
    );
  return endPairing(ctx, input, pair, o.reason ?? null);
}

/** The member's active project that is the same project as `p` (track or name), if any. */
async function ownActiveProjectLike(
  ctx: AppContext,
  guildId: string,
  userId: string,
  p: Project | undefined,
): Promise<Project | undefined> {
  if (!p || userId === FORGOTTEN) return undefined;
  const own = await listOwnProjects(ctx.db, guildId, userId);
  return own.find((x) => x.status === 'active' && isSameProject(x, p));
}

async function endPairing(
  ctx: AppContext,
  inv: Invocation,
  pair: Pair,
  reason: string | null,
  opts: { update?: boolean } = {},
): Promise<Reply> {
  const me = inv.user.id;
  if (pair.userA !== me && pair.userB !== me)
    throw new UserError('This is not your pairing: only its two members can end it.');
  if (pair.endedAt) throw new UserError('This pairing has already ended.');
  const done = await endPair(ctx.db, inv.guildId, pair.id, me, reason, ctx.clock.now());
  if (!done) throw new UserError('This pairing has already ended.');
  const partner = otherSide(pair, me);
  const quiet = !!inv.actor.member?.blockedAt;
  const project = pair.projectId ? await getProject(ctx.db, inv.guildId, pair.projectId) : undefined;
  const [mine, theirs] = await Promise.all([
    ownActiveProjectLike(ctx, inv.guildId, me, project),
    ownActiveProjectLike(ctx, inv.guildId, partner, project),
  ]);
  // Each is told the project by their own name for it (the pair points at one side's project).
  const onFor = (own: Project | undefined) =>
    project ? ` on **${escapeMarkdown(truncate(oneLine((own ?? project).name), 80))}**` : '';
  const on = onFor(mine);
  const effects: Effect[] = [];
  if (pair.channelId && pair.messageId)
    effects.push({
      kind: 'edit',
      channelId: pair.channelId,
      messageId: pair.messageId,
      body: { content: PAIRING_ENDED, embeds: [], components: [] },
    });
  const tellPartner = !quiet && partner !== FORGOTTEN;
  if (tellPartner)
    effects.push({
      kind: 'post',
      // The pair's private thread when it has one (only the two see it), else the channel, in one neutral line.
      channelId: pair.threadId ?? inv.actor.settings.nexusChannelId ?? inv.channelId,
      body: {
        content:
          `${userMention(partner)}, your pairing${onFor(theirs)} has ended. It stays in your history.` +
          (theirs ? ' Ready for a new partner? The button marks your project as looking again.' : ''),
        components: theirs ? [row(seekAgainButton(theirs))] : [],
        allowed_mentions: { parse: [], users: [partner] },
      },
      ...(pair.threadId ? {} : { record: { entity: 'pair' as const, id: pair.id } }),
    });
  const seek =
    mine && !quiet
      ? ` Ready for a new partner? **Seek a partner again** marks #${mine.id} as looking for one.`
      : ' `/pair find` when you are ready for another.';
  const reply: Reply = {
    ephemeral: true,
    ...(opts.update ? { update: true } : {}),
    content:
      `Ended your pairing with ${partnerLabel(partner)}${on}. ${partner === FORGOTTEN ? 'It stays in your history (and README).' : 'It stays in both histories (and READMEs).'}` +
      (quiet ? ' It ended quietly: no public notice, as your access is paused.' : '') +
      (quiet ? '' : seek),
    components: mine && !quiet ? [row(seekAgainButton(mine))] : [],
  };
  // The pair's thread closes last (a line saying so, then archived and locked): it stays readable for both.
  if (pair.threadId)
    effects.push({
      kind: 'archive-thread',
      threadId: pair.threadId,
      closingLine: tellPartner ? THREAD_ARCHIVED : THREAD_CLOSED,
      replyIfFailed: {
        ...reply,
        content: `${reply.content} Your pair thread stays open: Nexus needs {permission} there to archive and lock it (a moderator can grant it).`,
      },
    });
  return { ...reply, effects };
}

/** The closing line of a pair's thread: neutral, whoever ended it and why. */
const THREAD_CLOSED = 'This pairing has ended. The thread is archived and locked; it stays here for you both to read.';
/** The closing line after the partner was told in the thread that it ended. */
const THREAD_ARCHIVED = 'This thread is now archived and locked; it stays here for you both to read.';

async function ownPair(ctx: AppContext, inv: Invocation, raw: string | undefined): Promise<Pair> {
  const pair = await getPair(ctx.db, inv.guildId, Number(raw));
  if (!pair || (pair.userA !== inv.user.id && pair.userB !== inv.user.id))
    throw new UserError('This is not one of your pairings. `/pair list` shows yours.');
  if (pair.endedAt) throw new UserError('This pairing has already ended.');
  return pair;
}

/** pair:end:<pairId> — from /pair list: asks first (ending is not undone). */
export const endButton: ComponentModule = {
  prefix: 'pair:end',
  async handle(input, ctx) {
    const pair = await ownPair(ctx, input, input.args[0]);
    const partner = otherSide(pair, input.user.id);
    return {
      ephemeral: true,
      content: `End your pairing with ${partnerLabel(partner)}? ${
        partner === FORGOTTEN
          ? 'It stays in your history; they left Nexus, so nobody is told.'
          : `It stays in both histories; ${input.actor.member?.blockedAt ? 'it ends quietly (no public notice).' : 'they are told in one line.'}`
      }`,
      components: [
        row(
          button(`pair:end-confirm:${pair.id}`, 'End the pairing', ButtonStyle.Danger),
          button('pair:end-keep', 'Keep it', ButtonStyle.Secondary),
        ),
      ],
    };
  },
};

export const endConfirmButton: ComponentModule = {
  prefix: 'pair:end-confirm',
  writes: true,
  async handle(input, ctx) {
    const pair = await ownPair(ctx, input, input.args[0]);
    return endPairing(ctx, input, pair, null, { update: true });
  },
};

export const endKeepButton: ComponentModule = {
  prefix: 'pair:end-keep',
  handle: () => Promise.resolve({ update: true, content: 'Nothing changed: you are still paired.', components: [] }),
};
