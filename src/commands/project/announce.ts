import type { AppContext } from '../../context.js';
import { announceLookup, saveProject } from '../../db/queries/projects.js';
import { seekingFields } from '../../domain/seeking.js';
import { escapeMarkdown, normalizeProjectName } from '../../domain/text.js';
import { validateTags } from '../../domain/validate.js';
import { requireNotBlocked } from '../guards.js';
import { argsParser } from '../options.js';
import { UserError, type CommandInput, type Reply } from '../types.js';
import { projectData } from './definition.js';
import { messageLink, projectEmbed, publishAnnouncement } from './render.js';
import { oneLineName, webUrl } from '../rules.js';

const parse = argsParser(projectData, 'announce', { name: oneLineName, repo: webUrl });

/** Announce a project; announcing the same project (however spelled) again updates it. */
export async function announce(input: CommandInput, ctx: AppContext): Promise<Reply> {
  const o = parse(input.options);
  const stack = validateTags(o.stack);
  const key = normalizeProjectName(o.name);
  if (!key) throw new UserError('`name` needs at least one letter or digit.');
  const now = ctx.clock.now();
  const { member: profile, settings } = requireNotBlocked(input);
  // Counted inside the interaction's transaction, after the member's rate row was locked: concurrent
  // announces by the same member are counted one after the other.
  const { existing, track, activeOthers } = await announceLookup(ctx.db, input.guildId, input.user.id, key);
  if (activeOthers >= settings.maxActiveProjects) {
    throw new UserError(
      `You already have ${activeOthers} active projects, the most this server allows (${settings.maxActiveProjects}). Archive one with \`/project archive id:…\` first (\`/project mine\` lists them).`,
    );
  }
  const saved = await saveProject(
    ctx.db,
    input.guildId,
    input.user.id,
    existing?.id,
    {
      name: o.name,
      normalizedName: key,
      trackId: track?.id ?? null,
      summary: o.summary,
      ...(stack ? { stack } : {}),
      ...(o.repo ? { repoUrl: o.repo } : {}),
      role: o.role ?? existing?.role ?? profile?.role ?? null,
      ...seekingFields(o.seeking, now, settings.seekingExpiryDays, existing),
      status: 'active' as const,
      updatedAt: now,
    },
    now,
  );
  const tips: string[] = [];
  if (!saved.seekingRole)
    tips.push('Looking for a partner? Add `seeking:frontend` (or backend/fullstack) with `/project update`.');
  if (!profile) tips.push('Set your timezone and availability with `/profile set` so matches fit your hours.');
  const reply = (where: string): Reply => ({
    ephemeral: true,
    content: [
      existing
        ? `Updated your project **${escapeMarkdown(saved.name)}** (#${saved.id}) instead of announcing it twice.`
        : `Announced **${escapeMarkdown(saved.name)}** (#${saved.id}).`,
      where,
      track ? `Linked to the **${escapeMarkdown(track.name)}** track.` : '',
      ...tips,
    ]
      .filter(Boolean)
      .join('\n'),
    embeds: [projectEmbed(saved, now, track)],
  });
  const effect = publishAnnouncement(saved, now, {
    settings,
    fallbackChannelId: input.channelId,
    track: track ?? null,
    replyIfPosted: reply('Announcement: {link}'),
    replyIfFailed: reply('The announcement could not be posted right now; your project is saved.'),
  });
  // Already announced: the announcement is edited in place and the reply links to it.
  const existingLink = messageLink(input.guildId, saved.channelId, saved.messageId);
  return { ...reply(existingLink ? `Announcement: ${existingLink}` : ''), effects: [effect] };
}
