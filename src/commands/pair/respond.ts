// pair:accept:<id> / pair:decline:<id> — only the addressee answers a request; both members answer a matching
// round's proposal (the pair forms on the second accept). A double click answers once. A decline is told
// to the decliner privately and to the requester in /pair list; the public message only says "closed".
// A formed pair gets its private thread after the commit (the kickoff is built in kickoff.ts).
import type { APIEmbed } from 'discord-api-types/v10';
import type { AppContext } from '../../context.js';
import { getMember } from '../../db/queries/members.js';
import {
  acceptPairRequest,
  acceptProposalSide,
  answerPairRequest,
  getRequest,
} from '../../db/queries/pair-requests.js';
import { activePairsOnProject, getPair, isSameProject, lockMembersForPairing } from '../../db/queries/pairs.js';
import { getProject, listOwnProjects } from '../../db/queries/projects.js';
import type { Pair, PairRequest, Project } from '../../db/schema.js';
import { escapeMarkdown, oneLine, truncate } from '../../domain/text.js';
import { requireNotBlocked } from '../guards.js';
import { repoText } from '../project/render.js';
import {
  UserError,
  type ComponentInput,
  type ComponentModule,
  type Effect,
  type Invocation,
  type Reply,
} from '../types.js';
import { channelMention, COLORS, discordTimestamp, stackList, userMention } from '../ui.js';
import { otherSide, partnerLabel } from './people.js';
import { kickoffMessage, threadName } from './kickoff.js';
import { missingPermissions, THREAD_OPENING } from './permissions.js';
import { requestMessage } from './request.js';

const CLOSED_REQUEST = 'This pair request is closed.';

export async function loadRequest(ctx: AppContext, inv: Invocation, idRaw: string | undefined): Promise<PairRequest> {
  const req = await getRequest(ctx.db, inv.guildId, Number(idRaw));
  if (!req) throw new UserError('This request no longer exists.');
  return req;
}

/**
 * Shows `body` on the request's public message: in place when the button clicked is on it, else by an edit
 * after the commit (the click came from /pair list) with `privately` as the reply.
 */
function onRequestMessage(
  input: ComponentInput,
  req: PairRequest,
  body: { content: string; components: NonNullable<Reply['components']> },
  privately: string,
): Reply {
  if (input.messageId && input.messageId === req.messageId)
    return { content: body.content, components: body.components, update: true, mentionUsers: [] };
  return {
    ephemeral: true,
    content: privately,
    effects:
      req.channelId && req.messageId
        ? [{ kind: 'edit', channelId: req.channelId, messageId: req.messageId, body: { ...body, embeds: [] } }]
        : [],
  };
}

/** The public message says only that the request is closed (nobody named); the reply is private. */
function closedPrivately(req: PairRequest, privately: string): Reply {
  return {
    ephemeral: true,
    content: privately,
    effects:
      req.channelId && req.messageId
        ? [
            {
              kind: 'edit',
              channelId: req.channelId,
              messageId: req.messageId,
              body: { content: CLOSED_REQUEST, embeds: [], components: [] },
            },
          ]
        : [],
  };
}

/** Why a request closed when one of its members paired (its pair's id is on it): said to whoever clicks it. */
async function closedByPairing(ctx: AppContext, inv: Invocation, req: PairRequest, pairId: number): Promise<string> {
  const pair = await getPair(ctx.db, inv.guildId, pairId);
  const project = req.projectId ? await getProject(ctx.db, inv.guildId, req.projectId) : undefined;
  const on = project ? ` on **${escapeMarkdown(truncate(oneLine(project.name), 80))}**` : '';
  const inPair = (id: string) => !!pair && (pair.userA === id || pair.userB === id);
  const me = inv.user.id;
  const other = req.requesterId === me ? req.addresseeId : req.requesterId;
  if (inPair(me) && inPair(other)) return 'You two are paired already: `/pair list` shows it.';
  if (inPair(me))
    return `This request was closed when you paired with ${partnerLabel(otherSide(pair!, me))}${on}: one partner per project.`;
  return `This request was closed: ${userMention(other)} paired with someone else${on}. \`/pair find\` shows who else fits.`;
}

async function respond(input: ComponentInput, ctx: AppContext, accept: boolean): Promise<Reply> {
  let req = await loadRequest(ctx, input, input.args[0]);
  const proposal = req.proposedBy !== null;
  const side =
    input.user.id === req.addresseeId
      ? 'addressee'
      : proposal && input.user.id === req.requesterId
        ? 'requester'
        : null;
  if (!side) {
    throw new UserError(
      proposal
        ? `This is not for you: only ${userMention(req.requesterId)} and ${userMention(req.addresseeId)} can answer this proposal.`
        : `This is not for you: only ${userMention(req.addresseeId)} can answer this request.`,
    );
  }
  const other = side === 'addressee' ? req.requesterId : req.addresseeId;
  const now = ctx.clock.now();
  if (accept) {
    // One partner per project: accepts that share a member run one after the other, each seeing what the
    // previous one formed (and closed).
    await lockMembersForPairing(ctx.db, input.guildId, [req.requesterId, req.addresseeId]);
    req = await loadRequest(ctx, input, input.args[0]);
  }
  if (req.status === 'accepted') throw new UserError('This request was already answered: you two are paired.');
  if (req.status === 'cancelled' && req.closedByPairId)
    throw new UserError(await closedByPairing(ctx, input, req, req.closedByPairId));
  if (req.status !== 'pending') throw new UserError(`This request was already ${req.status}.`);
  if (req.expiresAt <= now) {
    await answerPairRequest(ctx.db, input.guildId, req.id, 'expired', now);
    return onRequestMessage(
      input,
      req,
      { content: 'This pair request expired.', components: [] },
      `This request expired ${discordTimestamp(req.expiresAt)}. Send a new one with \`/pair request\`.`,
    );
  }
  const { settings } = input.actor;
  if (!accept) {
    // Declining needs no access: it only closes something.
    const done = await answerPairRequest(ctx.db, input.guildId, req.id, 'declined', now, input.user.id);
    if (!done) throw new UserError('This request was already answered.');
    return closedPrivately(
      req,
      `You declined ${proposal ? 'the proposal to pair with' : 'the request from'} ${userMention(other)}. ` +
        `Nobody is named publicly: the message now says it is closed${proposal ? '' : `, and only ${userMention(other)} sees your answer (in \`/pair list\`)`}. ` +
        `Neither of you can ask the other for ${settings.coolingOffDays} days; \`/pair find\` shows others.`,
    );
  }

  requireNotBlocked(input);
  if ((await getMember(ctx.db, input.guildId, other))?.blockedAt)
    throw new UserError(
      `${userMention(other)} cannot pair right now, so this cannot be accepted. \`/pair find\` shows others.`,
    );
  const project = req.projectId ? ((await getProject(ctx.db, input.guildId, req.projectId)) ?? null) : null;
  if (project) {
    const name = `**${escapeMarkdown(truncate(oneLine(project.name), 80))}**`;
    for (const who of [input.user.id, other]) {
      const [p] = await activePairsOnProject(ctx.db, input.guildId, who, project);
      if (!p) continue;
      throw new UserError(
        who === input.user.id
          ? `You are already paired on ${name} (with ${partnerLabel(otherSide(p, who))}): end that pairing first (\`/pair list\`), then accept.`
          : `${userMention(other)} is now paired on ${name} with someone else, so this cannot be accepted.`,
      );
    }
  }
  let current = req;
  if (proposal) {
    const updated = await acceptProposalSide(ctx.db, req, side, now);
    if (!updated) throw new UserError('This request was already answered.');
    current = updated;
    if (!updated.requesterAcceptedAt || !updated.addresseeAcceptedAt) {
      return onRequestMessage(
        input,
        updated,
        requestMessage(updated, '', project),
        `You accepted. The pair forms when ${userMention(other)} accepts too.`,
      );
    }
  }
  const accepted = await acceptPairRequest(ctx.db, current, project, now);
  if (accepted === 'answered') throw new UserError('This request was already answered.');
  if (accepted === 'already') throw new UserError('You two are paired already: `/pair list` shows it.');
  const created = accepted.pair;
  // The requests this pairing closed say so where they were posted (nobody named).
  const closedMessages: Effect[] = accepted.closed.flatMap((r) =>
    r.channelId && r.messageId
      ? [
          {
            kind: 'edit' as const,
            channelId: r.channelId,
            messageId: r.messageId,
            body: { content: CLOSED_REQUEST, embeds: [], components: [] },
          },
        ]
      : [],
  );
  const on = project ? ` on **${escapeMarkdown(oneLine(project.name))}**` : '';
  const outcome = proposal
    ? `${userMention(req.requesterId)} and ${userMention(req.addresseeId)} both accepted: they are now a pair${on}. 🎉`
    : `${userMention(req.addresseeId)} accepted ${userMention(req.requesterId)}'s request${on}. 🎉`;
  // The clicker's own reply (a click from /pair list) speaks to them, naming the project as they do.
  const mine = project
    ? (await listOwnProjects(ctx.db, input.guildId, input.user.id)).find((p) => isSameProject(p, project))
    : undefined;
  const onMine = project ? ` on **${escapeMarkdown(oneLine((mine ?? project).name))}**` : '';
  const privately = `${proposal ? 'You both accepted: you' : 'You'} and ${userMention(other)} are now a pair${onMine}. 🎉`;
  const reply = onRequestMessage(input, current, { content: outcome, components: [] }, privately);
  const channelId = settings.nexusChannelId ?? input.channelId;
  const withThread = await pairThread(ctx, input, created, project, channelId, reply);
  // With a thread, their details go in its kickoff and the channel gets one line; without, the channel post
  // carries them (each other's project, role, stack, hours).
  const confirmation = withThread.effects.length
    ? {
        content: `${userMention(req.requesterId)} and ${userMention(req.addresseeId)} are now a pair${on}. 🎉 Their private thread has what they need to start.`,
      }
    : await pairConfirmation(ctx, input.guildId, req.requesterId, req.addresseeId, project);
  return {
    ...withThread.reply,
    effects: [
      ...(reply.effects ?? []),
      ...closedMessages,
      {
        kind: 'post',
        channelId,
        body: { ...confirmation, allowed_mentions: { parse: [], users: [req.requesterId, req.addresseeId] } },
        record: { entity: 'pair', id: created.id },
      },
      ...withThread.effects,
    ],
  };
}

/** What the reply says when the pair's thread could not be opened (`{permission}`: what the failed step needs). */
function noThreadNote(parentChannelId: string, permission: string): string {
  return (
    `Nexus could not open your private pair thread: it needs ${permission} in ${channelMention(parentChannelId)}. ` +
    'A moderator can grant it in the channel settings; the pairing itself is saved.'
  );
}

/**
 * The pair's private thread in the Nexus channel (both added, the kickoff posted), opened after the commit.
 * When the interaction's own permissions there show it cannot be opened, nothing is tried and the reply says
 * what to grant; when Discord refuses a step, the reply says so too.
 */
async function pairThread(
  ctx: AppContext,
  input: ComponentInput,
  pair: Pair,
  project: Project | null,
  parentChannelId: string,
  reply: Reply,
): Promise<{ reply: Reply; effects: Effect[] }> {
  const { effects: _e, ...plain } = reply;
  const withNote = (note: string): Reply => ({ ...plain, content: `${plain.content ?? ''}\n${note}`.trim() });
  const known = input.appPermissions !== undefined && input.channelId === parentChannelId;
  const missing = known ? missingPermissions(input.appPermissions!, THREAD_OPENING) : [];
  if (missing.length)
    return {
      reply: withNote(noThreadNote(parentChannelId, missing.map((p) => `**${p.name}**`).join(' and '))),
      effects: [],
    };
  return {
    reply,
    effects: [
      {
        kind: 'pair-thread',
        pairId: pair.id,
        parentChannelId,
        name: threadName(pair, project),
        members: [pair.userA, pair.userB],
        kickoff: await kickoffMessage(ctx, input.guildId, pair),
        replyIfFailed: withNote(noThreadNote(parentChannelId, '{permission}')),
      },
    ],
  };
}

async function pairConfirmation(ctx: AppContext, guildId: string, a: string, b: string, project: Project | null) {
  const card = async (userId: string): Promise<APIEmbed> => {
    const m = await getMember(ctx.db, guildId, userId);
    const theirProjects = (await listOwnProjects(ctx.db, guildId, userId)).filter((p) => p.status === 'active');
    const p = (project && theirProjects.find((x) => x.normalizedName === project.normalizedName)) ?? theirProjects[0];
    const fields = [
      {
        name: 'Project',
        value: p ? `${escapeMarkdown(truncate(oneLine(p.name), 200))} (#${p.id})` : '—',
        inline: true,
      },
      { name: 'Role', value: p?.role ?? m?.role ?? '—', inline: true },
      { name: 'Timezone', value: m?.timezone ? escapeMarkdown(m.timezone) : '—', inline: true },
      {
        name: 'Stack',
        value: truncate(stackList([...new Set([...(p?.stack ?? []), ...(m?.stack ?? [])])]) || '—', 1024),
      },
      { name: 'Repository', value: p?.repoUrl ? repoText(p.repoUrl) : '—' },
    ];
    if (m?.availability)
      fields.push({ name: 'Availability', value: truncate(escapeMarkdown(m.availability), 1024), inline: false });
    return {
      title: m?.displayName ? truncate(escapeMarkdown(oneLine(m.displayName)), 256) : `Member ${userId.slice(-4)}`,
      color: COLORS.success,
      fields,
    };
  };
  return {
    content: `${userMention(a)} and ${userMention(b)} are now a pair${project ? ` on **${escapeMarkdown(oneLine(project.name))}**` : ''}. Here is each other's info: say hi!`,
    embeds: [await card(a), await card(b)],
  };
}

export const acceptButton: ComponentModule = {
  prefix: 'pair:accept',
  writes: true,
  handle: (input, ctx) => respond(input, ctx, true),
};
export const declineButton: ComponentModule = {
  prefix: 'pair:decline',
  writes: true,
  handle: (input, ctx) => respond(input, ctx, false),
};
