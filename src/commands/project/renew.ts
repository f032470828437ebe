import { updateProject } from '../../db/queries/projects.js';
import { seekingIsActive } from '../../domain/seeking.js';
import { escapeMarkdown } from '../../domain/text.js';
import { DAY } from '../../domain/time.js';
import { requireNotBlocked } from '../guards.js';
import { UserError, type ComponentModule } from '../types.js';
import { discordTimestamp } from '../ui.js';
import { ownProject, trackOf } from './own.js';
import { publishAnnouncement } from './render.js';

/** project:renew:<id> — the owner keeps seeking for another expiry period. */
export const renewButton: ComponentModule = {
  prefix: 'project:renew',
  writes: true,
  async handle(input, ctx) {
    requireNotBlocked(input);
    const id = Number(input.args[0]);
    const p = await ownProject(ctx, input, id);
    if (!p.seekingRole || p.status !== 'active')
      throw new UserError(
        `Project #${id} is not looking for a collaborator. Use \`/project update id:${id} seeking:…\`.`,
      );
    const now = ctx.clock.now();
    const { settings } = input.actor;
    const expires = new Date(now.getTime() + settings.seekingExpiryDays * DAY);
    const saved = (await updateProject(ctx.db, input.guildId, p.id, {
      seekingExpiresAt: expires,
      seekingSince: seekingIsActive(p, now) ? p.seekingSince : now,
      updatedAt: now,
    }))!;
    return {
      ephemeral: true,
      content: `Renewed: **${escapeMarkdown(p.name)}** is looking for a ${p.seekingRole} until ${discordTimestamp(expires, 'D')}.`,
      effects: [
        publishAnnouncement(saved, now, {
          settings,
          fallbackChannelId: input.channelId,
          track: await trackOf(ctx, saved),
        }),
      ],
    };
  },
};
