import type { AppContext } from '../../context.js';
import { findOwnProjectByName, updateProject, type ProjectValues } from '../../db/queries/projects.js';
import { findTrackByName } from '../../db/queries/tracks.js';
import { seekingFields } from '../../domain/seeking.js';
import { normalizeProjectName } from '../../domain/text.js';
import { validateTags } from '../../domain/validate.js';
import { requireNotBlocked } from '../guards.js';
import { argsParser } from '../options.js';
import { UserError, type CommandInput, type Reply } from '../types.js';
import { projectData } from './definition.js';
import { ownProject, trackOf } from './own.js';
import { projectEmbed, publishAnnouncement } from './render.js';
import { nonBlank, oneLineName, webUrl } from '../rules.js';

const parse = argsParser(projectData, 'update', { name: oneLineName, summary: nonBlank, repo: webUrl });

export async function update(input: CommandInput, ctx: AppContext): Promise<Reply> {
  const o = parse(input.options);
  const stack = validateTags(o.stack);
  const { settings } = requireNotBlocked(input);
  const p = await ownProject(ctx, input, o.id);
  const now = ctx.clock.now();
  const patch: ProjectValues = { updatedAt: now };
  if (o.name !== undefined) {
    if (!normalizeProjectName(o.name)) throw new UserError('`name` needs at least one letter or digit.');
    const clash = await findOwnProjectByName(ctx.db, input.guildId, input.user.id, o.name);
    if (clash && clash.id !== p.id) throw new UserError(`You already have a project with that name (#${clash.id}).`);
    const track = await findTrackByName(ctx.db, input.guildId, o.name);
    Object.assign(patch, { name: o.name, trackId: track?.id ?? null });
  }
  if (o.summary !== undefined) patch.summary = o.summary;
  if (stack) patch.stack = stack;
  if (o.repo) patch.repoUrl = o.repo;
  if (o.role) patch.role = o.role;
  Object.assign(patch, seekingFields(o.seeking, now, settings.seekingExpiryDays, p));
  if (Object.keys(patch).length === 1)
    throw new UserError('Give at least one thing to change, e.g. `/project update id:1 seeking:frontend`.');
  if (p.status === 'archived')
    throw new UserError(`Project #${p.id} is archived. Announce it again with \`/project announce\` to reactivate it.`);
  const saved = (await updateProject(ctx.db, input.guildId, p.id, patch))!;
  return {
    ephemeral: true,
    content: `Updated project #${saved.id}.`,
    embeds: [projectEmbed(saved, now)],
    effects: [
      publishAnnouncement(saved, now, {
        settings,
        fallbackChannelId: input.channelId,
        track: await trackOf(ctx, saved),
      }),
    ],
  };
}
