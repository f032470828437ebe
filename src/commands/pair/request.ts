import { ButtonStyle } from 'discord-api-types/v10';
import type { AppContext } from '../../context.js';
import { getMember } from '../../db/queries/members.js';
import {
  countPendingFrom,
  insertPairRequest,
  pendingBetween,
  recentDecline,
  settleLapsedBetween,
} from '../../db/queries/pair-requests.js';
import { activePairBetween, activePairsOnProject, type ProjectKey } from '../../db/queries/pairs.js';
import { getProject, listOwnProjects } from '../../db/queries/projects.js';
import type { GuildSettings, PairRequest, Project } from '../../db/schema.js';
import { seekingIsActive } from '../../domain/seeking.js';
import { escapeMarkdown, oneLine, truncate } from '../../domain/text.js';
import { DAY } from '../../domain/time.js';
import { requireNotBlocked } from '../guards.js';
import { argsParser } from '../options.js';
import { trimmed } from '../rules.js';
import { UserError, type CommandInput, type ComponentModule, type Effect, type Reply, type UserRef } from '../types.js';
import { button, discordTimestamp, row, userMention } from '../ui.js';
import { pairData, PAIR_LIMITS } from './definition.js';
import { REQUEST_PREFIX } from './request-button.js';
import { otherSide, partnerLabel } from './people.js';

type RequestProject = Pick<Project, 'id' | 'name'> & ProjectKey;

export interface PairRequestArgs {
  guildId: string;
  /** Where the command ran (the request is posted there when no Nexus channel is set). */
  channelId: string;
  settings: GuildSettings;
  requester: UserRef;
  addresseeId: string;
  project: RequestProject | null;
  message: string | null;
  /** The moderator whose matching round proposed it: both members then answer it. */
  proposedBy?: string;
}

const projectName = (p: Pick<Project, 'name'>) => `**${escapeMarkdown(truncate(oneLine(p.name), 80))}**`;

/** Who else the member is paired with on this project, as a reason to refuse (undefined: nobody). */
async function pairedOnProjectWith(
  ctx: AppContext,
  guildId: string,
  userId: string,
  project: RequestProject,
): Promise<string | undefined> {
  const [p] = await activePairsOnProject(ctx.db, guildId, userId, project);
  if (!p) return undefined;
  return otherSide(p, userId);
}

/**
 * Checks and saves a pair request (or a matching round's proposal), and the effects that post it where the
 * addressee sees it, pinging only the members who must answer. Runs in the interaction's transaction: the
 * requester's earlier requests are already counted (their write-rate row serialises their interactions).
 */
export async function proposePairRequest(
  ctx: AppContext,
  a: PairRequestArgs,
): Promise<{ request: PairRequest; effects: Effect[] }> {
  const now = ctx.clock.now();
  const { settings } = a;
  const proposal = a.proposedBy !== undefined;
  if (a.addresseeId === a.requester.id)
    throw new UserError('You cannot pair with yourself. `/pair find` shows who fits you.');
  const addressee = await getMember(ctx.db, a.guildId, a.addresseeId);
  if (addressee?.blockedAt) throw new UserError('That member cannot receive pair requests right now.');
  if (await activePairBetween(ctx.db, a.guildId, a.requester.id, a.addresseeId)) {
    throw new UserError(`You are already paired with ${userMention(a.addresseeId)}. \`/pair list\` shows your pairs.`);
  }
  if (a.project) {
    const mine = await pairedOnProjectWith(ctx, a.guildId, a.requester.id, a.project);
    if (mine)
      throw new UserError(
        `You are already paired on ${projectName(a.project)} (with ${partnerLabel(mine)}). End that pairing first (\`/pair list\`), or ask about another project.`,
      );
    if (await pairedOnProjectWith(ctx, a.guildId, a.addresseeId, a.project))
      throw new UserError(
        `${userMention(a.addresseeId)} is already paired on ${projectName(a.project)}, so they are not looking for a partner there. \`/pair find\` shows who is free.`,
      );
  }
  // Lapsed requests still marked pending must not hold the pair's one pending slot.
  const lapsed = await settleLapsedBetween(ctx.db, a.guildId, a.requester.id, a.addresseeId, now);
  const effects: Effect[] = lapsed
    .filter((r) => r.channelId && r.messageId)
    .map((r) => ({
      kind: 'edit',
      channelId: r.channelId!,
      messageId: r.messageId!,
      body: { content: 'This pair request expired.', embeds: [], components: [] },
    }));
  const pending = await pendingBetween(ctx.db, a.guildId, a.requester.id, a.addresseeId, now);
  if (pending) {
    throw new UserError(
      pending.requesterId === a.requester.id
        ? `You already asked ${userMention(a.addresseeId)} (request #${pending.id}, expires ${discordTimestamp(pending.expiresAt)}).`
        : `${userMention(a.addresseeId)} already asked you: accept it with the button on their request, or \`/pair list\`.`,
    );
  }
  const declined = await recentDecline(
    ctx.db,
    a.guildId,
    a.requester.id,
    a.addresseeId,
    new Date(now.getTime() - settings.coolingOffDays * DAY),
  );
  if (declined) {
    const until = new Date(declined.respondedAt!.getTime() + settings.coolingOffDays * DAY);
    throw new UserError(
      `A request between you two was declined recently. You can ask again ${discordTimestamp(until)}; meanwhile \`/pair find\` shows others.`,
    );
  }
  if (!proposal) {
    const n = await countPendingFrom(ctx.db, a.guildId, a.requester.id, now);
    if (n >= settings.maxPendingRequests) {
      throw new UserError(
        `You have ${n} pending requests, the most this server allows. Wait for answers, or cancel one in \`/pair list\`.`,
      );
    }
  }
  const request = await insertPairRequest(ctx.db, {
    guildId: a.guildId,
    requesterId: a.requester.id,
    addresseeId: a.addresseeId,
    projectId: a.project?.id ?? null,
    message: a.message,
    expiresAt: new Date(now.getTime() + settings.requestExpiryDays * DAY),
    createdAt: now,
    proposedBy: a.proposedBy ?? null,
  });
  if (request === 'clash') {
    // The other one's request committed at the same moment (the unique index allows one per pair).
    throw new UserError(
      `${userMention(a.addresseeId)} sent you a request at the same moment: accept it with the button on their request, or in \`/pair list\`.`,
    );
  }
  const pinged = proposal ? [a.requester.id, a.addresseeId] : [a.addresseeId];
  effects.push({
    kind: 'post',
    channelId: settings.nexusChannelId ?? a.channelId,
    body: { ...requestMessage(request, a.requester.name, a.project), allowed_mentions: { parse: [], users: pinged } },
    record: { entity: 'request', id: request.id },
  });
  return { request, effects };
}

/** The public request (or proposal) with its buttons: who may answer, and when it expires. */
export function requestMessage(req: PairRequest, requesterName: string, project: Pick<Project, 'name'> | null) {
  const on = project ? ` on ${projectName(project)}` : '';
  const buttons = [
    row(
      button(`pair:accept:${req.id}`, 'Accept', ButtonStyle.Success),
      button(`pair:decline:${req.id}`, 'Decline', ButtonStyle.Danger),
    ),
  ];
  if (req.proposedBy) {
    const a = userMention(req.requesterId);
    const b = userMention(req.addresseeId);
    const status = (at: Date | null, who: string) => `${who}: ${at ? 'accepted ✅' : 'not answered yet'}`;
    return {
      content:
        `${a} and ${b}, Nexus matched you${on}. Want to pair up? Each of you answers with the buttons: the pair forms when both accept.\n` +
        `${status(req.requesterAcceptedAt, a)} · ${status(req.addresseeAcceptedAt, b)} · expires ${discordTimestamp(req.expiresAt)}.`,
      components: buttons,
    };
  }
  const lead = `${userMention(req.addresseeId)}, ${escapeMarkdown(truncate(oneLine(requesterName), 80))} (${userMention(req.requesterId)}) would like to pair with you${on}.`;
  const note = req.message ? `\n> ${escapeMarkdown(truncate(oneLine(req.message), PAIR_LIMITS.message))}` : '';
  return {
    content: `${lead}${note}\nOnly ${userMention(req.addresseeId)} can answer; the request expires ${discordTimestamp(req.expiresAt)}.`,
    components: buttons,
  };
}

/** The caller asks `addresseeId`: the request is saved and posted; the reply confirms it privately. */
async function requestFromCaller(
  ctx: AppContext,
  input: CommandInput | Parameters<ComponentModule['handle']>[0],
  addresseeId: string,
  project: RequestProject | null,
  message: string | null,
): Promise<Reply> {
  const { settings } = requireNotBlocked(input);
  const { request, effects } = await proposePairRequest(ctx, {
    guildId: input.guildId,
    channelId: input.channelId,
    settings,
    requester: input.user,
    addresseeId,
    project,
    message,
  });
  return {
    ephemeral: true,
    content: `Request sent to ${userMention(addresseeId)}${project ? ` for ${projectName(project)}` : ''}. It expires ${discordTimestamp(request.expiresAt)}; \`/pair list\` shows it.`,
    effects,
  };
}

const parse = argsParser(pairData, 'request', { message: trimmed });

/** /pair request user [project] [message] */
export async function request(input: CommandInput, ctx: AppContext): Promise<Reply> {
  const o = parse(input.options);
  const target = input.users[o.user];
  if (target?.bot) throw new UserError('Bots cannot pair. Pick a learner.');
  requireNotBlocked(input);
  let project: Project | null;
  if (o.project) {
    project = (await getProject(ctx.db, input.guildId, o.project)) ?? null;
    if (!project) throw new UserError(`Project #${o.project} was not found.`);
    if (project.ownerId !== input.user.id && project.ownerId !== o.user)
      throw new UserError(`Project #${o.project} is neither yours nor theirs.`);
  } else {
    // The project you share, else theirs that is seeking, else your latest.
    const [mine, theirs] = await Promise.all([
      listOwnProjects(ctx.db, input.guildId, input.user.id),
      listOwnProjects(ctx.db, input.guildId, o.user),
    ]);
    const shared = theirs.find(
      (t) =>
        t.status === 'active' &&
        mine.some((m) => m.normalizedName === t.normalizedName || (m.trackId && m.trackId === t.trackId)),
    );
    project =
      shared ??
      theirs.find((t) => seekingIsActive(t, ctx.clock.now())) ??
      mine.find((m) => m.status === 'active') ??
      null;
  }
  return requestFromCaller(ctx, input, o.user, project, o.message || null);
}

/** pair:request:<projectId> — the button on an announcement or a suggestion: ask the project's builder. */
export const requestButton: ComponentModule = {
  prefix: REQUEST_PREFIX,
  writes: true,
  async handle(input, ctx) {
    requireNotBlocked(input);
    const p = await getProject(ctx.db, input.guildId, Number(input.args[0]));
    if (!p || p.status !== 'active') throw new UserError('This project is no longer active.');
    if (p.ownerId === input.user.id)
      throw new UserError('This is your own project: others use this button to ask you.');
    return requestFromCaller(ctx, input, p.ownerId, p, null);
  },
};
