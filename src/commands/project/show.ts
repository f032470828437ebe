import { ButtonStyle } from 'discord-api-types/v10';
import type { AppContext } from '../../context.js';
import { getProject } from '../../db/queries/projects.js';
import { seekingIsActive } from '../../domain/seeking.js';
import { argsParser } from '../options.js';
import { UserError, type CommandInput, type Reply } from '../types.js';
import { button, row } from '../ui.js';
import { projectData } from './definition.js';
import { requestButton } from '../pair/request-button.js';
import { trackOf } from './own.js';
import { messageLink, projectEmbed } from './render.js';

const parse = argsParser(projectData, 'show');

export async function show(input: CommandInput, ctx: AppContext): Promise<Reply> {
  const { id } = parse(input.options);
  const p = await getProject(ctx.db, input.guildId, id);
  if (!p) throw new UserError(`Project #${id} was not found.`);
  const now = ctx.clock.now();
  const buttons = [];
  if (input.actor.member?.blockedAt) {
    // Read-only: no buttons that would change anything.
  } else if (p.ownerId === input.user.id) {
    if (p.seekingRole && p.status === 'active')
      buttons.push(button(`project:renew:${p.id}`, 'Renew seeking', ButtonStyle.Secondary));
  } else if (seekingIsActive(p, now)) {
    buttons.push(requestButton(p.id));
  }
  const link = messageLink(input.guildId, p.channelId, p.messageId);
  return {
    ephemeral: true,
    ...(link ? { content: `Announced here: ${link}` } : {}),
    embeds: [projectEmbed(p, now, await trackOf(ctx, p))],
    components: buttons.length ? [row(...buttons)] : [],
  };
}
