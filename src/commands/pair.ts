// /pair find|request|list|end|auto — backend and frontend learners on the same project team up.
import {
  ApplicationCommandOptionType,
  ButtonStyle,
  InteractionContextType,
  type APIEmbed,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { and, eq, inArray, isNull, or } from 'drizzle-orm';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { writeAudit } from '../db/queries/audit.js';
import { getMember } from '../db/queries/members.js';
import {
  activePairBetween,
  countPendingFrom,
  getRequest,
  pairsOf,
  pendingBetween,
  pendingFor,
  recentDecline,
  matchHistory,
  seekingOnProject,
  seekingOnProjects,
  seekingMemberColumns,
  seekingProjectColumns,
  type SeekingMember,
  type SeekingProject,
  type SeekingRow,
} from '../db/queries/pairs.js';
import { getProject, listOwnProjects, searchProjectNames } from '../db/queries/projects.js';
import {
  auditLog,
  members,
  pairRequests,
  pairs,
  projects,
  type GuildSettings,
  type PairRequest,
  type Project,
} from '../db/schema.js';
import { assignRound, findCollaborators, pairKey, type MatchContext, type Seeker } from '../domain/matching.js';
import { defuseMentions, escapeMarkdown, oneLine, truncate } from '../domain/text.js';
import { parseInput } from '../domain/validate.js';
import { button, COLORS, discordTimestamp, row, userMention } from '../discord/ui.js';
import { actorOf, requireNotBlocked } from './guards.js';
import { seekingIsActive } from './project.js';
import {
  defineCommand,
  UserError,
  type Choice,
  type CommandInput,
  type ComponentModule,
  type Invocation,
  type Reply,
} from './types.js';

const DAY = 86_400_000;
export const PAIR_LIMITS = { message: 500, reason: 300 } as const;

const projectOption = (description: string) =>
  ({
    type: ApplicationCommandOptionType.Integer,
    name: 'project',
    description,
    autocomplete: true,
    min_value: 1,
  }) as const;

const data = {
  name: 'pair',
  description: 'Find a collaborator on your project and team up',
  contexts: [InteractionContextType.Guild],
  options: [
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'find',
      description: 'Collaborators who fit you, best first',
      options: [projectOption('Which of your projects (default: all)')],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'request',
      description: 'Ask a learner to pair with you',
      options: [
        { type: ApplicationCommandOptionType.User, name: 'user', description: 'Who', required: true },
        projectOption('The project you would pair on'),
        {
          type: ApplicationCommandOptionType.String,
          name: 'message',
          description: 'A short note to them',
          max_length: PAIR_LIMITS.message,
        },
      ],
    },
    { type: ApplicationCommandOptionType.Subcommand, name: 'list', description: 'Your pairs and pending requests' },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'end',
      description: 'End a pairing',
      options: [
        { type: ApplicationCommandOptionType.User, name: 'user', description: 'Your partner', required: true },
        {
          type: ApplicationCommandOptionType.String,
          name: 'reason',
          description: 'Why (kept in the history)',
          max_length: PAIR_LIMITS.reason,
        },
      ],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'auto',
      description: 'Moderators: one matching round over everyone still seeking',
      options: [projectOption('Only this project (default: every project)')],
    },
  ],
} satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

const RequestOptions = z.object({
  user: z.string().regex(/^\d{17,20}$/, 'must be a member of this server'),
  project: z.number().int().positive().optional(),
  message: z.string().trim().max(PAIR_LIMITS.message).optional(),
});
const EndOptions = z.object({
  user: z.string().regex(/^\d{17,20}$/, 'must be a member of this server'),
  reason: z.string().trim().max(PAIR_LIMITS.reason).optional(),
});
const ProjectOnly = z.object({ project: z.number().int().positive().optional() });

function projectKeyOf(p: Pick<Project, 'trackId' | 'normalizedName'>): string {
  return p.trackId ? `track:${p.trackId}` : p.normalizedName;
}

export function toSeeker(p: SeekingProject, m: SeekingMember | null, now: Date): Seeker {
  return {
    userId: p.ownerId,
    name: m?.displayName || `member ${p.ownerId.slice(-4)}`,
    role: p.role ?? m?.role ?? null,
    projectKey: projectKeyOf(p),
    projectName: p.name,
    stack: [...new Set([...p.stack, ...(m?.stack ?? [])])],
    timezone: m?.timezone ?? null,
    availability: m?.availability ?? null,
    seeking: seekingIsActive(p, now),
    waitingSince: p.seekingSince,
    blocked: !!m?.blockedAt,
  };
}

async function matchContext(
  ctx: AppContext,
  guildId: string,
  userIds: string[],
  settings: GuildSettings,
  now: Date,
): Promise<MatchContext> {
  const h = await matchHistory(ctx.db, guildId, userIds, new Date(now.getTime() - settings.coolingOffDays * DAY));
  return {
    now,
    activePairs: new Set(h.pairs.filter((p) => !p.ended).map((p) => pairKey(p.a, p.b))),
    pastPairs: new Set(h.pairs.filter((p) => p.ended).map((p) => pairKey(p.a, p.b))),
    coolingOff: new Set(h.declines.map((d) => pairKey(d.a, d.b))),
    priority: new Set(h.priority.filter(Boolean)),
  };
}

// ---- find ---------------------------------------------------------------------------------------------

async function find(input: CommandInput, ctx: AppContext): Promise<Reply> {
  const o = parseInput(ProjectOnly, input.options);
  const now = ctx.clock.now();
  // Four statements in two rounds: who I am (and the settings) with my projects, then my pairing history
  // with everyone seeking on those projects.
  const [{ member: me, settings }, own] = await Promise.all([
    requireNotBlocked(ctx, input),
    listOwnProjects(ctx.db, input.guildId, input.user.id),
  ]);
  let mine = own.filter((p) => p.status === 'active');
  if (o.project) {
    mine = mine.filter((p) => p.id === o.project);
    if (!mine.length)
      throw new UserError(`Project #${o.project} is not one of your active projects. \`/project mine\` lists them.`);
  }
  if (!mine.length) {
    throw new UserError(
      'Announce your project first, so Nexus knows what you build: `/project announce name:"Airbnb clone" summary:"…" role:backend seeking:frontend`.',
    );
  }
  mine = mine.slice(0, 5);
  const [mc, seeking] = await Promise.all([
    matchContext(ctx, input.guildId, [input.user.id], settings, now),
    seekingOnProjects(ctx.db, input.guildId, mine, now),
  ]);
  const others = seeking.filter((r) => r.project.ownerId !== input.user.id);
  const suggestions: Array<{ s: ReturnType<typeof findCollaborators>[number]; project: SeekingProject }> = [];
  for (const p of mine) {
    const rows = others.filter(
      (r) => r.project.normalizedName === p.normalizedName || (p.trackId !== null && r.project.trackId === p.trackId),
    );
    if (!rows.length) continue;
    const byUser = new Map<string, SeekingRow>();
    for (const r of rows) if (!byUser.has(r.project.ownerId)) byUser.set(r.project.ownerId, r);
    const meSeeker = { ...toSeeker(p, me ?? null, now), seeking: true, name: input.user.name };
    const candidates = [...byUser.values()].map((r) => toSeeker(r.project, r.member, now));
    for (const s of findCollaborators(meSeeker, candidates, mc, 10)) {
      suggestions.push({ s, project: byUser.get(s.seeker.userId)!.project });
    }
  }
  suggestions.sort((a, b) => b.s.score - a.s.score);
  const seen = new Set<string>();
  const top = suggestions
    .filter((x) => (seen.has(x.s.seeker.userId) ? false : (seen.add(x.s.seeker.userId), true)))
    .slice(0, 5);
  if (!top.length) {
    const roles = [...new Set(mine.map((p) => p.role).filter(Boolean))].join('/') || 'role not set';
    return {
      ephemeral: true,
      content:
        `Nobody fits yet on ${mine.map((p) => `**${escapeMarkdown(p.name)}**`).join(', ')} (you: ${roles}). ` +
        'Suggestions need someone on the same project with a complementary role who is seeking. ' +
        (mine.some((p) => seekingIsActive(p, now))
          ? 'You are listed as seeking, so they can find you too.'
          : 'Mark yourself as seeking with `/project update id:… seeking:frontend` so others can find you.'),
    };
  }
  const embed: APIEmbed = {
    title: 'Collaborators who fit you',
    color: COLORS.brand,
    description: top
      .map(
        ({ s, project }, i) =>
          `**${i + 1}. ${userMention(s.seeker.userId)}** — ${escapeMarkdown(truncate(oneLine(project.name), 80))} (#${project.id})\n${escapeMarkdown(s.reason)}`,
      )
      .join('\n\n'),
    footer: { text: 'Best first: timezone overlap, shared stack, time waiting. Requests expire after a week.' },
  };
  return {
    ephemeral: true,
    embeds: [embed],
    components: [
      row(
        ...top.map(({ s, project }, i) =>
          button(`pair:request:${project.id}`, `Request #${i + 1} ${truncate(s.seeker.name, 60)}`, ButtonStyle.Primary),
        ),
      ),
    ],
  };
}

// ---- request ------------------------------------------------------------------------------------------

interface RequestArgs {
  addresseeId: string;
  project: Pick<Project, 'id' | 'name'> | null;
  message: string | null;
  proposedBy?: string;
}

/** Creates a pair request and posts it where the addressee sees it, pinging only them. */
export async function createPairRequest(ctx: AppContext, inv: Invocation, args: RequestArgs): Promise<Reply> {
  const now = ctx.clock.now();
  if (args.addresseeId === inv.user.id)
    throw new UserError('You cannot pair with yourself. `/pair find` shows who fits you.');
  await requireNotBlocked(ctx, inv);
  const addressee = await getMember(ctx.db, inv.guildId, args.addresseeId);
  if (addressee?.blockedAt) throw new UserError('That member cannot receive pair requests right now.');
  const settings = (await actorOf(ctx, inv)).settings;
  if (await activePairBetween(ctx.db, inv.guildId, inv.user.id, args.addresseeId)) {
    throw new UserError(
      `You are already paired with ${userMention(args.addresseeId)}. \`/pair list\` shows your pairs.`,
    );
  }
  const pending = await pendingBetween(ctx.db, inv.guildId, inv.user.id, args.addresseeId, now);
  if (pending) {
    throw new UserError(
      pending.requesterId === inv.user.id
        ? `You already asked ${userMention(args.addresseeId)} (request #${pending.id}, expires ${discordTimestamp(pending.expiresAt)}).`
        : `${userMention(args.addresseeId)} already asked you: accept it with the button on their request, or \`/pair list\`.`,
    );
  }
  const declined = await recentDecline(
    ctx.db,
    inv.guildId,
    inv.user.id,
    args.addresseeId,
    new Date(now.getTime() - settings.coolingOffDays * DAY),
  );
  if (declined) {
    const until = new Date(declined.respondedAt!.getTime() + settings.coolingOffDays * DAY);
    throw new UserError(
      `A request between you two was declined recently. You can ask again ${discordTimestamp(until)}; meanwhile \`/pair find\` shows others.`,
    );
  }
  const n = await countPendingFrom(ctx.db, inv.guildId, inv.user.id, now);
  if (n >= settings.maxPendingRequests) {
    throw new UserError(
      `You have ${n} pending requests, the most this server allows. Wait for answers, or cancel one in \`/pair list\`.`,
    );
  }
  const expiresAt = new Date(now.getTime() + settings.requestExpiryDays * DAY);
  const [req] = await ctx.db
    .insert(pairRequests)
    .values({
      guildId: inv.guildId,
      requesterId: inv.user.id,
      addresseeId: args.addresseeId,
      projectId: args.project?.id ?? null,
      message: args.message,
      expiresAt,
      createdAt: now,
    })
    .returning();
  const channelId = settings.nexusChannelId ?? inv.channelId;
  const body = requestMessage(req!, inv.user.name, args.project, args.proposedBy);
  try {
    const msg = await ctx.discord.postMessage(channelId, {
      ...body,
      allowed_mentions: { parse: [], users: [args.addresseeId] },
    });
    await ctx.db
      .update(pairRequests)
      .set({ channelId, messageId: msg.id })
      .where(and(eq(pairRequests.guildId, inv.guildId), eq(pairRequests.id, req!.id)));
  } catch (err) {
    ctx.log.warn({ err, requestId: req!.id }, 'could not post the pair request');
  }
  return {
    ephemeral: true,
    content: `Request sent to ${userMention(args.addresseeId)}${args.project ? ` for **${escapeMarkdown(args.project.name)}**` : ''}. It expires ${discordTimestamp(expiresAt)}; \`/pair list\` shows it.`,
  };
}

function requestMessage(
  req: PairRequest,
  requesterName: string,
  project: Pick<Project, 'name'> | null,
  proposedBy?: string,
) {
  const on = project ? ` on **${escapeMarkdown(oneLine(project.name))}**` : '';
  const lead = proposedBy
    ? `${userMention(req.addresseeId)}, Nexus matched you with ${userMention(req.requesterId)}${on}. Want to pair up?`
    : `${userMention(req.addresseeId)}, ${escapeMarkdown(requesterName)} (${userMention(req.requesterId)}) would like to pair with you${on}.`;
  const note = req.message ? `\n> ${escapeMarkdown(truncate(oneLine(req.message), PAIR_LIMITS.message))}` : '';
  return {
    content: `${lead}${note}\nOnly ${userMention(req.addresseeId)} can answer; the request expires ${discordTimestamp(req.expiresAt)}.`,
    components: [
      row(
        button(`pair:accept:${req.id}`, 'Accept', ButtonStyle.Success),
        button(`pair:decline:${req.id}`, 'Decline', ButtonStyle.Danger),
      ),
    ],
  };
}

async function requestCommand(input: CommandInput, ctx: AppContext): Promise<Reply> {
  const o = parseInput(RequestOptions, input.options);
  const target = input.users[o.user];
  if (target?.bot) throw new UserError('Bots cannot pair. Pick a learner.');
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
  return createPairRequest(ctx, input, { addresseeId: o.user, project, message: o.message ?? null });
}

// ---- accept / decline / cancel ------------------------------------------------------------------------

function stateMessage(text: string) {
  return { content: text, components: [], update: true as const, mentionUsers: [] };
}

async function loadRequestFor(ctx: AppContext, input: Invocation, idRaw: string | undefined): Promise<PairRequest> {
  const req = await getRequest(ctx.db, input.guildId, Number(idRaw));
  if (!req) throw new UserError('This request no longer exists.');
  return req;
}

async function respond(input: Invocation & { args: string[] }, ctx: AppContext, accept: boolean): Promise<Reply> {
  const req = await loadRequestFor(ctx, input, input.args[0]);
  if (req.addresseeId !== input.user.id) {
    throw new UserError(`This is not for you: only ${userMention(req.addresseeId)} can answer this request.`);
  }
  const now = ctx.clock.now();
  if (req.status !== 'pending') throw new UserError(`This request was already ${req.status}.`);
  if (req.expiresAt <= now) {
    await ctx.db
      .update(pairRequests)
      .set({ status: 'expired' })
      .where(and(eq(pairRequests.id, req.id), eq(pairRequests.status, 'pending')));
    return stateMessage(
      `This request from ${userMention(req.requesterId)} expired ${discordTimestamp(req.expiresAt)}. Send a new one with \`/pair request\`.`,
    );
  }
  if (!accept) {
    const [done] = await ctx.db
      .update(pairRequests)
      .set({ status: 'declined', respondedAt: now })
      .where(
        and(eq(pairRequests.guildId, input.guildId), eq(pairRequests.id, req.id), eq(pairRequests.status, 'pending')),
      )
      .returning();
    if (!done) throw new UserError('This request was already answered.');
    return stateMessage(
      `${userMention(req.addresseeId)} declined the request from ${userMention(req.requesterId)}. No hard feelings: \`/pair find\` shows others.`,
    );
  }
  const project = req.projectId ? ((await getProject(ctx.db, input.guildId, req.projectId)) ?? null) : null;
  const created = await ctx.db.transaction(async (tx) => {
    // Conditional update: a double click (or two racing clicks) accepts once.
    const [done] = await tx
      .update(pairRequests)
      .set({ status: 'accepted', respondedAt: now })
      .where(
        and(eq(pairRequests.guildId, input.guildId), eq(pairRequests.id, req.id), eq(pairRequests.status, 'pending')),
      )
      .returning();
    if (!done) return null;
    if (await activePairBetween(tx, input.guildId, req.requesterId, req.addresseeId)) return 'already';
    const [pair] = await tx
      .insert(pairs)
      .values({
        guildId: input.guildId,
        userA: req.requesterId,
        userB: req.addresseeId,
        projectId: req.projectId,
        requestId: req.id,
        startedAt: now,
      })
      .returning();
    // Other pending requests between the same two people are settled by this one.
    await tx
      .update(pairRequests)
      .set({ status: 'cancelled', respondedAt: now })
      .where(
        and(
          eq(pairRequests.guildId, input.guildId),
          eq(pairRequests.status, 'pending'),
          or(
            and(eq(pairRequests.requesterId, req.requesterId), eq(pairRequests.addresseeId, req.addresseeId)),
            and(eq(pairRequests.requesterId, req.addresseeId), eq(pairRequests.addresseeId, req.requesterId)),
          ),
        ),
      );
    // Both stop "seeking" on this project: the digest and /pair find should not list them as still looking.
    if (project) {
      await tx
        .update(projects)
        .set({ seekingRole: null, seekingSince: null, seekingExpiresAt: null, updatedAt: now })
        .where(
          and(
            eq(projects.guildId, input.guildId),
            inArray(projects.ownerId, [req.requesterId, req.addresseeId]),
            project.trackId
              ? or(eq(projects.normalizedName, project.normalizedName), eq(projects.trackId, project.trackId))
              : eq(projects.normalizedName, project.normalizedName),
          ),
        );
    }
    return pair!;
  });
  if (created === null) throw new UserError('This request was already answered.');
  const confirmation = await pairConfirmation(ctx, input.guildId, req.requesterId, req.addresseeId, project);
  try {
    const settings = (await actorOf(ctx, input)).settings;
    await ctx.discord.postMessage(settings.nexusChannelId ?? input.channelId, {
      ...confirmation,
      allowed_mentions: { parse: [], users: [req.requesterId, req.addresseeId] },
    });
  } catch (err) {
    ctx.log.warn({ err, requestId: req.id }, 'could not post the pair confirmation');
  }
  return stateMessage(
    `${userMention(req.addresseeId)} accepted ${userMention(req.requesterId)}'s request${project ? ` on **${escapeMarkdown(project.name)}**` : ''}. 🎉`,
  );
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
        value: truncate(
          [...new Set([...(p?.stack ?? []), ...(m?.stack ?? [])])].map(escapeMarkdown).join(', ') || '—',
          1024,
        ),
      },
      { name: 'Repository', value: p?.repoUrl ? truncate(defuseMentions(p.repoUrl), 1024) : '—' },
    ];
    if (m?.availability)
      fields.push({ name: 'Availability', value: truncate(escapeMarkdown(m.availability), 1024), inline: false });
    return {
      title: m?.displayName ? truncate(escapeMarkdown(m.displayName), 256) : `Member ${userId.slice(-4)}`,
      color: COLORS.success,
      fields,
    };
  };
  return {
    content: `${userMention(a)} and ${userMention(b)} are now a pair${project ? ` on **${escapeMarkdown(oneLine(project.name))}**` : ''}. Here is each other's info: say hi!`,
    embeds: [await card(a), await card(b)],
  };
}

async function cancel(input: Invocation & { args: string[] }, ctx: AppContext): Promise<Reply> {
  const req = await loadRequestFor(ctx, input, input.args[0]);
  if (req.requesterId !== input.user.id)
    throw new UserError('This is not for you: only the person who sent a request can cancel it.');
  const [done] = await ctx.db
    .update(pairRequests)
    .set({ status: 'cancelled', respondedAt: ctx.clock.now() })
    .where(
      and(eq(pairRequests.guildId, input.guildId), eq(pairRequests.id, req.id), eq(pairRequests.status, 'pending')),
    )
    .returning();
  if (!done) throw new UserError(`This request was already ${req.status}.`);
  if (req.channelId && req.messageId) {
    await ctx.discord
      .editMessage(req.channelId, req.messageId, {
        content: `${userMention(req.requesterId)} withdrew this pair request.`,
        components: [],
      })
      .catch((err) => ctx.log.warn({ err }, 'could not update the request message'));
  }
  return { ephemeral: true, content: `Cancelled your request to ${userMention(req.addresseeId)}.` };
}

// ---- list / end ---------------------------------------------------------------------------------------

async function list(input: CommandInput, ctx: AppContext): Promise<Reply> {
  const now = ctx.clock.now();
  const [active, { incoming, outgoing }] = await Promise.all([
    pairsOf(ctx.db, input.guildId, input.user.id, true),
    pendingFor(ctx.db, input.guildId, input.user.id, now),
  ]);
  const projectIds = [
    ...new Set([...active, ...incoming, ...outgoing].map((x) => x.projectId).filter((x): x is number => !!x)),
  ];
  const names = new Map<number, string>();
  if (projectIds.length) {
    const rows = await ctx.db
      .select({ id: projects.id, name: projects.name })
      .from(projects)
      .where(and(eq(projects.guildId, input.guildId), inArray(projects.id, projectIds), isNull(projects.removedAt)));
    for (const r of rows) names.set(r.id, r.name);
  }
  const on = (id: number | null) =>
    id && names.has(id) ? ` on **${escapeMarkdown(truncate(oneLine(names.get(id)!), 80))}**` : '';
  if (!active.length && !incoming.length && !outgoing.length) {
    return { ephemeral: true, content: 'No pairs or pending requests yet. `/pair find` shows who fits you.' };
  }
  const fields = [];
  if (active.length)
    fields.push({
      name: `Paired with (${active.length})`,
      value: truncate(
        active
          .map(
            (p) =>
              `${userMention(p.userA === input.user.id ? p.userB : p.userA)}${on(p.projectId)} since ${discordTimestamp(p.startedAt, 'D')}`,
          )
          .join('\n'),
        1024,
      ),
    });
  if (incoming.length)
    fields.push({
      name: `Waiting for your answer (${incoming.length})`,
      value: truncate(
        incoming
          .map(
            (r) =>
              `#${r.id} from ${userMention(r.requesterId)}${on(r.projectId)} · expires ${discordTimestamp(r.expiresAt)}`,
          )
          .join('\n'),
        1024,
      ),
    });
  if (outgoing.length)
    fields.push({
      name: `You asked (${outgoing.length})`,
      value: truncate(
        outgoing
          .map(
            (r) =>
              `#${r.id} to ${userMention(r.addresseeId)}${on(r.projectId)} · expires ${discordTimestamp(r.expiresAt)}`,
          )
          .join('\n'),
        1024,
      ),
    });
  const buttons = [
    ...incoming
      .slice(0, 2)
      .flatMap((r) => [
        button(`pair:accept:${r.id}`, `Accept #${r.id}`, ButtonStyle.Success),
        button(`pair:decline:${r.id}`, `Decline #${r.id}`, ButtonStyle.Danger),
      ]),
    ...outgoing
      .slice(0, 5 - Math.min(2, incoming.length) * 2)
      .map((r) => button(`pair:cancel:${r.id}`, `Cancel #${r.id}`, ButtonStyle.Secondary)),
  ];
  return {
    ephemeral: true,
    embeds: [{ title: 'Your pairs', color: COLORS.brand, fields }],
    components: buttons.length ? [row(...buttons)] : [],
  };
}

async function end(input: CommandInput, ctx: AppContext): Promise<Reply> {
  const o = parseInput(EndOptions, input.options);
  const pair = await activePairBetween(ctx.db, input.guildId, input.user.id, o.user);
  if (!pair) throw new UserError(`You are not paired with ${userMention(o.user)}. \`/pair list\` shows your pairs.`);
  const now = ctx.clock.now();
  const [done] = await ctx.db
    .update(pairs)
    .set({ endedAt: now, endedBy: input.user.id, endReason: o.reason ?? null })
    .where(and(eq(pairs.guildId, input.guildId), eq(pairs.id, pair.id), isNull(pairs.endedAt)))
    .returning();
  if (!done) throw new UserError('This pairing has already ended.');
  const settings = (await actorOf(ctx, input)).settings;
  await ctx.discord
    .postMessage(settings.nexusChannelId ?? input.channelId, {
      content: `${userMention(o.user)}, ${escapeMarkdown(input.user.name)} ended your pairing. It stays in your history.`,
      allowed_mentions: { parse: [], users: [o.user] },
    })
    .catch((err) => ctx.log.warn({ err }, 'could not post the pair end notice'));
  return {
    ephemeral: true,
    content: `Ended your pairing with ${userMention(o.user)}. It stays in both histories (and READMEs). \`/pair find\` when you are ready for another.`,
  };
}

// ---- auto ---------------------------------------------------------------------------------------------

async function auto(input: CommandInput, ctx: AppContext): Promise<Reply> {
  const o = parseInput(ProjectOnly, input.options);
  const now = ctx.clock.now();
  const settings = (await actorOf(ctx, input)).settings;
  let all: SeekingRow[];
  if (o.project) {
    const p = await getProject(ctx.db, input.guildId, o.project);
    if (!p) throw new UserError(`Project #${o.project} was not found.`);
    all = await seekingOnProject(ctx.db, input.guildId, p.normalizedName, p.trackId, now);
  } else {
    all = await ctx.db
      .select({ project: seekingProjectColumns, member: seekingMemberColumns })
      .from(projects)
      .leftJoin(members, and(eq(members.guildId, projects.guildId), eq(members.userId, projects.ownerId)))
      .where(and(eq(projects.guildId, input.guildId), isNull(projects.removedAt), eq(projects.status, 'active')))
      .then((rows) => rows.filter((r) => seekingIsActive(r.project, now)));
  }
  const groups = new Map<string, Seeker[]>();
  const projectByUserKey = new Map<string, SeekingProject>();
  for (const r of all) {
    const s = toSeeker(r.project, r.member, now);
    const list = groups.get(s.projectKey) ?? [];
    if (!list.some((x) => x.userId === s.userId)) list.push(s);
    groups.set(s.projectKey, list);
    projectByUserKey.set(`${s.projectKey}|${s.userId}`, r.project);
  }
  if (!groups.size)
    return { ephemeral: true, content: 'Nobody is seeking a collaborator right now, so there is nothing to match.' };
  const userIds = [...new Set(all.map((r) => r.project.ownerId))];
  const mc = await matchContext(ctx, input.guildId, userIds, settings, now);
  let proposed = 0;
  const unmatchedAll: Array<{ s: Seeker }> = [];
  const proposedUsers = new Set<string>();
  for (const [key, seekers] of groups) {
    // Nobody is proposed twice in one round, even across projects.
    const round = assignRound(
      seekers.filter((s) => !proposedUsers.has(s.userId)),
      mc,
    );
    for (const { a, b } of round.pairs) {
      const project = projectByUserKey.get(`${key}|${b.userId}`) ?? null;
      try {
        await createPairRequest(
          ctx,
          { ...input, user: { id: a.userId, name: a.name } },
          { addresseeId: b.userId, project, message: null, proposedBy: input.user.id },
        );
        proposed++;
        proposedUsers.add(a.userId);
        proposedUsers.add(b.userId);
      } catch (err) {
        if (!(err instanceof UserError)) throw err;
        // Already asked / limits: they are in touch already; not an odd one out.
      }
    }
    for (const s of round.unmatched) if (!proposedUsers.has(s.userId)) unmatchedAll.push({ s });
  }
  const channelId = settings.nexusChannelId ?? input.channelId;
  if (unmatchedAll.length) {
    const ids = [...new Set(unmatchedAll.map((u) => u.s.userId))];
    await ctx.db.transaction(async (tx) => {
      // The odd ones out of this round get priority in the next one.
      await tx
        .delete(auditLog)
        .where(and(eq(auditLog.guildId, input.guildId), eq(auditLog.action, 'pair.auto.unmatched')));
      for (const id of ids)
        await writeAudit(
          tx,
          {
            guildId: input.guildId,
            actorId: input.user.id,
            action: 'pair.auto.unmatched',
            targetType: 'member',
            targetId: id,
          },
          now,
        );
    });
    await ctx.discord
      .postMessage(channelId, {
        content: `${ids.map(userMention).join(' ')} — no match for you in this round (no one on your project with a complementary role is free yet). You get priority in the next round; \`/pair find\` keeps looking meanwhile.`,
        allowed_mentions: { parse: [], users: ids.slice(0, 100) },
      })
      .catch((err) => ctx.log.warn({ err }, 'could not post the unmatched notice'));
  }
  await writeAudit(
    ctx.db,
    {
      guildId: input.guildId,
      actorId: input.user.id,
      action: 'pair.auto',
      after: { proposed, unmatched: unmatchedAll.length, projects: groups.size },
    },
    now,
  );
  return {
    ephemeral: true,
    content: `Matching round done over ${groups.size} project${groups.size === 1 ? '' : 's'}: ${proposed} pair${proposed === 1 ? '' : 's'} proposed, ${unmatchedAll.length} left unmatched (told, with priority next round).`,
  };
}

// ---- wiring -------------------------------------------------------------------------------------------

async function autocomplete(
  input: CommandInput & { focused: { name: string; value: string } },
  ctx: AppContext,
): Promise<Choice[]> {
  if (input.focused.name !== 'project') return [];
  const sub = input.path[0];
  const typed = input.focused.value.trim().replace(/^#/, '');
  const rows = await searchProjectNames(
    ctx.db,
    input.guildId,
    /^\d+$/.test(typed) ? '' : typed,
    25,
    sub === 'find' ? input.user.id : undefined,
  );
  return rows
    .filter((p) => p.status === 'active' && (!/^\d+$/.test(typed) || String(p.id).startsWith(typed)))
    .map((p) => ({ name: truncate(`#${p.id} ${oneLine(p.name)}`, 100), value: p.id }));
}

export const pairCommand = defineCommand({
  data,
  writes: ['request', 'end', 'auto'],
  async execute(input, ctx) {
    switch (input.path[0]) {
      case 'find':
        return find(input, ctx);
      case 'request':
        return requestCommand(input, ctx);
      case 'list':
        return list(input, ctx);
      case 'end':
        return end(input, ctx);
      case 'auto':
        if (!input.isModerator)
          throw new UserError('This is for moderators: you need the **Manage Server** permission.');
        return auto(input, ctx);
      default:
        throw new UserError('Unknown subcommand.');
    }
  },
  autocomplete,
});

export const pairComponents: ComponentModule[] = [
  {
    prefix: 'pair:request',
    writes: true,
    async handle(input, ctx) {
      const p = await getProject(ctx.db, input.guildId, Number(input.args[0]));
      if (!p || p.status !== 'active') throw new UserError('This project is no longer active.');
      if (p.ownerId === input.user.id)
        throw new UserError('This is your own project: others use this button to ask you.');
      return createPairRequest(ctx, input, { addresseeId: p.ownerId, project: p, message: null });
    },
  },
  { prefix: 'pair:accept', writes: true, handle: (input, ctx) => respond(input, ctx, true) },
  { prefix: 'pair:decline', writes: true, handle: (input, ctx) => respond(input, ctx, false) },
  { prefix: 'pair:cancel', writes: true, handle: (input, ctx) => cancel(input, ctx) },
];
