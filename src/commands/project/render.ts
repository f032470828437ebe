// How a project looks: its embed, its public announcement, its line in lists, and the effect that
// publishes (posts or edits) the announcement.
import type { APIEmbed } from 'discord-api-types/v10';
import type { GuildSettings, Project, Track } from '../../db/schema.js';
import { seekingIsActive } from '../../domain/seeking.js';
import { defuseMentions, escapeMarkdown, oneLine, truncate } from '../../domain/text.js';
import { requestButton } from '../pair/request-button.js';
import { URL_MARKUP } from '../rules.js';
import type { Effect, Reply } from '../types.js';
import { COLORS, discordTimestamp, row, stackList, userMention } from '../ui.js';

export function messageLink(guildId: string, channelId: string | null, messageId: string | null): string | undefined {
  return channelId && messageId ? `https://discord.com/channels/${guildId}/${channelId}/${messageId}` : undefined;
}

function seekingText(p: Project, now: Date): string {
  if (p.status === 'archived') return 'archived';
  if (!p.seekingRole) return 'not looking';
  if (seekingIsActive(p, now))
    return `a **${p.seekingRole}** collaborator (until ${discordTimestamp(p.seekingExpiresAt!, 'D')})`;
  return `lapsed ${discordTimestamp(p.seekingExpiresAt!, 'R')} — the owner can renew it`;
}

/**
 * A repository URL as shown: a plain (autolinked) URL; one stored before such URLs were refused, with
 * characters that would make markdown of it (a masked link "[x](https://…)"), as inline code, never a link.
 */
export function repoText(url: string): string {
  if (!URL_MARKUP.test(url)) return truncate(defuseMentions(url), 1024);
  return `\`${truncate(defuseMentions(oneLine(url)).replace(/`/g, "'"), 1000)}\``;
}

export function projectEmbed(p: Project, now: Date, track?: Track | null): APIEmbed {
  const fields = [
    { name: 'Builder', value: userMention(p.ownerId), inline: true },
    { name: 'Role', value: p.role ?? '—', inline: true },
    { name: 'Looking for', value: seekingText(p, now), inline: true },
    {
      name: 'Stack',
      value: p.stack.length ? truncate(stackList(p.stack), 1024) : '—',
    },
  ];
  if (p.repoUrl) fields.push({ name: 'Repository', value: repoText(p.repoUrl), inline: false });
  if (track) fields.push({ name: 'Track', value: truncate(escapeMarkdown(track.name), 1024), inline: true });
  return {
    title: truncate(escapeMarkdown(oneLine(p.name)), 256),
    description: truncate(escapeMarkdown(p.summary), 1000),
    color: p.status === 'archived' ? COLORS.muted : seekingIsActive(p, now) ? COLORS.success : COLORS.brand,
    fields,
    footer: { text: `Project #${p.id} · /project show id:${p.id}` },
    timestamp: p.createdAt.toISOString(),
  };
}

/** The public announcement: embed plus a pair button while the owner is seeking. */
export function announcementBody(p: Project, now: Date, track?: Track | null) {
  const components = seekingIsActive(p, now) ? [row(requestButton(p.id, 'Request to pair with the builder'))] : [];
  return { embeds: [projectEmbed(p, now, track)], components };
}

/**
 * Posts the announcement (first time) or edits it in place. The project is saved before this runs: a post
 * that fails changes only the reply, never the project.
 */
export function publishAnnouncement(
  p: Project,
  now: Date,
  opts: {
    settings: Pick<GuildSettings, 'nexusChannelId'>;
    fallbackChannelId: string;
    track?: Track | null;
    replyIfPosted?: Reply;
    replyIfFailed?: Reply;
  },
): Effect {
  const body = announcementBody(p, now, opts.track);
  if (p.channelId && p.messageId) return { kind: 'edit', channelId: p.channelId, messageId: p.messageId, body };
  return {
    kind: 'post',
    channelId: opts.settings.nexusChannelId ?? opts.fallbackChannelId,
    body,
    record: { entity: 'project', id: p.id },
    ...(opts.replyIfPosted ? { replyIfPosted: opts.replyIfPosted } : {}),
    ...(opts.replyIfFailed ? { replyIfFailed: opts.replyIfFailed } : {}),
  };
}

/** One project in a list: name, builder, role, what they seek, stack, summary. */
export function projectLine(p: Project, now: Date): string {
  const seeking = seekingIsActive(p, now)
    ? ` · looking for **${p.seekingRole}**`
    : p.seekingRole && p.status === 'active'
      ? ' · seeking lapsed'
      : '';
  const stack = p.stack.length ? ` · ${truncate(stackList(p.stack), 120)}` : '';
  return `**#${p.id} ${escapeMarkdown(truncate(oneLine(p.name), 80))}** by ${userMention(p.ownerId)} — ${p.role ?? 'role not set'}${seeking}${stack}\n${escapeMarkdown(truncate(oneLine(p.summary), 160))}`;
}
