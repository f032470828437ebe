// pair:accept:<id> / pair:decline:<id> — only the addressee answers; a double click answers once.
import type { APIEmbed } from 'discord-api-types/v10';
import type { AppContext } from '../../context.js';
import { getMember } from '../../db/queries/members.js';
import { acceptPairRequest, answerPairRequest, getRequest } from '../../db/queries/pairs.js';
import { getProject, listOwnProjects } from '../../db/queries/projects.js';
import type { PairRequest, Project } from '../../db/schema.js';
import { defuseMentions, escapeMarkdown, oneLine, truncate } from '../../domain/text.js';
import { UserError, type ComponentInput, type ComponentModule, type Invocation, type Reply } from '../types.js';
import { COLORS, discordTimestamp, userMention } from '../ui.js';

/** The request message, replaced in place by its outcome (no buttons left, nobody pinged). */
export function stateMessage(text: string): Reply {
  return { content: text, components: [], update: true, mentionUsers: [] };
}

export async function loadRequest(ctx: AppContext, inv: Invocation, idRaw: string | undefined): Promise<PairRequest> {
  const req = await getRequest(ctx.db, inv.guildId, Number(idRaw));
  if (!req) throw new UserError('This request no longer exists.');
  return req;
}

async function respond(input: ComponentInput, ctx: AppContext, accept: boolean): Promise<Reply> {
  const req = await loadRequest(ctx, input, input.args[0]);
  if (req.addresseeId !== input.user.id) {
    throw new UserError(`This is not for you: only ${userMention(req.addresseeId)} can answer this request.`);
  }
  const now = ctx.clock.now();
  if (req.status === 'accepted') throw new UserError('This request was already answered: you two are paired.');
  if (req.status !== 'pending') throw new UserError(`This request was already ${req.status}.`);
  if (req.expiresAt <= now) {
    await answerPairRequest(ctx.db, input.guildId, req.id, 'expired', now);
    return stateMessage(
      `This request from ${userMention(req.requesterId)} expired ${discordTimestamp(req.expiresAt)}. Send a new one with \`/pair request\`.`,
    );
  }
  if (!accept) {
    const done = await answerPairRequest(ctx.db, input.guildId, req.id, 'declined', now);
    if (!done) throw new UserError('This request was already answered.');
    return stateMessage(
      `${userMention(req.addresseeId)} declined the request from ${userMention(req.requesterId)}. No hard feelings: \`/pair find\` shows others.`,
    );
  }
  const project = req.projectId ? ((await getProject(ctx.db, input.guildId, req.projectId)) ?? null) : null;
  const created = await acceptPairRequest(ctx.db, req, project, now);
  if (created === 'answered') throw new UserError('This request was already answered.');
  const confirmation = await pairConfirmation(ctx, input.guildId, req.requesterId, req.addresseeId, project);
  return {
    ...stateMessage(
      `${userMention(req.addresseeId)} accepted ${userMention(req.requesterId)}'s request${project ? ` on **${escapeMarkdown(project.name)}**` : ''}. 🎉`,
    ),
    effects: [
      {
        kind: 'post',
        channelId: input.actor.settings.nexusChannelId ?? input.channelId,
        body: { ...confirmation, allowed_mentions: { parse: [], users: [req.requesterId, req.addresseeId] } },
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
