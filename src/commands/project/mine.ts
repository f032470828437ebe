import { ButtonStyle } from 'discord-api-types/v10';
import type { AppContext } from '../../context.js';
import { listOwnProjects } from '../../db/queries/projects.js';
import { truncate } from '../../domain/text.js';
import { seekableProjects, seekAgainButton } from '../pair/seek.js';
import type { CommandInput, Reply } from '../types.js';
import { button, COLORS, row } from '../ui.js';
import { projectLine } from './render.js';

/**
 * /project mine — your projects; a Renew button for each one still marked as seeking (it lapses), and a
 * Seek button for each active one looking for nobody while you are not paired on it.
 */
export async function mine(input: CommandInput, ctx: AppContext): Promise<Reply> {
  const rows = await listOwnProjects(ctx.db, input.guildId, input.user.id);
  if (!rows.length)
    return {
      ephemeral: true,
      content: 'You have no projects yet. Announce one with `/project announce name:… summary:…`.',
    };
  const now = ctx.clock.now();
  const blocked = !!input.actor.member?.blockedAt;
  const renewable = blocked ? [] : rows.filter((p) => p.status === 'active' && p.seekingRole).slice(0, 5);
  // A lapsed one has its Renew button already.
  const seekable = blocked
    ? []
    : await seekableProjects(
        ctx,
        input.guildId,
        rows.filter((p) => !p.seekingRole),
        5,
      );
  const footer = [
    renewable.length ? 'Seeking lapses after a while: Renew keeps you in /pair find.' : '',
    seekable.length ? 'Seek marks a project as looking for a partner again.' : '',
  ]
    .filter(Boolean)
    .join(' ');
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
        ...(footer ? { footer: { text: footer } } : {}),
      },
    ],
    components: [
      ...(renewable.length
        ? [
            row(
              ...renewable.map((p) => button(`project:renew:${p.id}`, `Renew seeking #${p.id}`, ButtonStyle.Secondary)),
            ),
          ]
        : []),
      ...(seekable.length ? [row(...seekable.map(seekAgainButton))] : []),
    ],
  };
}
