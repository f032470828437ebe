import { ButtonStyle } from 'discord-api-types/v10';
import type { AppContext } from '../../context.js';
import { listOwnProjects } from '../../db/queries/projects.js';
import { truncate } from '../../domain/text.js';
import type { CommandInput, Reply } from '../types.js';
import { button, COLORS, row } from '../ui.js';
import { projectLine } from './render.js';

export async function mine(input: CommandInput, ctx: AppContext): Promise<Reply> {
  const rows = await listOwnProjects(ctx.db, input.guildId, input.user.id);
  if (!rows.length)
    return {
      ephemeral: true,
      content: 'You have no projects yet. Announce one with `/project announce name:… summary:…`.',
    };
  const now = ctx.clock.now();
  const renewable = rows.filter((p) => p.status === 'active' && p.seekingRole).slice(0, 5);
  return {
    ephemeral: true,
    embeds: [
      {
        title: 'Your projects',
        color: COLORS.brand,
        description: truncate(
          rows.map((p) => `${projectLine(p, now)}${p.status === 'archived' ? ' *(archived)*' : ''}`).join('\n\n'),
          4000,
        ),
        footer: { text: 'Seeking lapses after a while: renew it with one click to stay in /pair find.' },
      },
    ],
    components: renewable.length
      ? [row(...renewable.map((p) => button(`project:renew:${p.id}`, `Renew seeking #${p.id}`, ButtonStyle.Secondary)))]
      : [],
  };
}
