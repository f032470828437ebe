import type { AppContext } from '../../context.js';
import { archiveProject } from '../../db/queries/projects.js';
import { escapeMarkdown } from '../../domain/text.js';
import { requireNotBlocked } from '../guards.js';
import { argsParser } from '../options.js';
import type { CommandInput, Reply } from '../types.js';
import { projectData } from './definition.js';
import { ownProject, trackOf } from './own.js';
import { publishAnnouncement } from './render.js';

const parse = argsParser(projectData, 'archive');

export async function archive(input: CommandInput, ctx: AppContext): Promise<Reply> {
  const { id } = parse(input.options);
  requireNotBlocked(input);
  const p = await ownProject(ctx, input, id);
  if (p.status === 'archived') return { ephemeral: true, content: `Project #${p.id} is already archived.` };
  const now = ctx.clock.now();
  const saved = (await archiveProject(ctx.db, input.guildId, p.id, now))!;
  return {
    ephemeral: true,
    content: `Archived **${escapeMarkdown(saved.name)}** (#${saved.id}). It stays in your history and your README.`,
    effects: [
      publishAnnouncement(saved, now, {
        settings: input.actor.settings,
        fallbackChannelId: input.channelId,
        track: await trackOf(ctx, saved),
      }),
    ],
  };
}
