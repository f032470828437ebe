// /nexus-admin track add|remove|list — the catalog of project tracks ("Airbnb clone", "E-commerce API").
import type { AppContext } from '../../context.js';
import { writeAudit } from '../../db/queries/audit.js';
import { isUniqueViolation } from '../../errors.js';
import { addTrack, findTrackByName, listTracks, removeTrack } from '../../db/queries/tracks.js';
import { escapeMarkdown, normalizeProjectName, oneLine, plural, truncate } from '../../domain/text.js';
import { argsParser } from '../options.js';
import { oneLineName, trimmed } from '../rules.js';
import { UserError, type CommandInput, type Reply } from '../types.js';
import { COLORS } from '../ui.js';
import { adminData } from './definition.js';

const parseAdd = argsParser(adminData, 'track add', {
  name: oneLineName,
  description: trimmed,
});
const parseRemove = argsParser(adminData, 'track remove', { name: oneLineName });

export async function trackAdd(input: CommandInput, ctx: AppContext): Promise<Reply> {
  const o = parseAdd(input.options);
  if (!normalizeProjectName(o.name)) throw new UserError('`name` needs at least one letter or digit.');
  const now = ctx.clock.now();
  const existing = await findTrackByName(ctx.db, input.guildId, o.name);
  if (existing) throw new UserError(`The track **${escapeMarkdown(existing.name)}** already exists.`);
  const { track, linked } = await addTrack(
    ctx.db,
    { guildId: input.guildId, name: o.name, description: o.description ?? null, createdBy: input.user.id },
    now,
  ).catch((err: unknown) => {
    // Another moderator added it at the same moment (the unique key on guild + key).
    if (isUniqueViolation(err)) throw new UserError(`The track **${escapeMarkdown(o.name)}** already exists.`);
    throw err;
  });
  await writeAudit(
    ctx.db,
    {
      guildId: input.guildId,
      actorId: input.user.id,
      action: 'track.add',
      targetType: 'track',
      targetId: track.id,
      after: { name: o.name, description: o.description ?? null },
    },
    now,
  );
  return {
    ephemeral: true,
    content: `Added the track **${escapeMarkdown(o.name)}**.${linked ? ` ${plural(linked, 'existing project')} linked to it.` : ''} Learners see it when they type \`/project announce name:\`.`,
  };
}

export async function trackRemove(input: CommandInput, ctx: AppContext): Promise<Reply> {
  const o = parseRemove(input.options);
  const t = await findTrackByName(ctx.db, input.guildId, o.name);
  if (!t)
    throw new UserError(
      `There is no track named "${escapeMarkdown(truncate(o.name, 100))}". \`/nexus-admin track list\` shows them.`,
    );
  const now = ctx.clock.now();
  await removeTrack(ctx.db, input.guildId, t.id);
  await writeAudit(
    ctx.db,
    {
      guildId: input.guildId,
      actorId: input.user.id,
      action: 'track.remove',
      targetType: 'track',
      targetId: t.id,
      before: { name: t.name, description: t.description },
    },
    now,
  );
  return {
    ephemeral: true,
    content: `Removed the track **${escapeMarkdown(t.name)}**. Projects that used it keep their names.`,
  };
}

export async function trackList(input: CommandInput, ctx: AppContext): Promise<Reply> {
  const rows = await listTracks(ctx.db, input.guildId);
  if (!rows.length)
    return {
      ephemeral: true,
      content: 'No tracks yet. Add one with `/nexus-admin track add name:"Airbnb clone" description:"…"`.',
    };
  return {
    ephemeral: true,
    embeds: [
      {
        title: `Project tracks (${rows.length})`,
        color: COLORS.brand,
        description: truncate(
          rows
            .map(
              (t) =>
                `**${escapeMarkdown(t.name)}**${t.description ? ` — ${escapeMarkdown(truncate(oneLine(t.description), 200))}` : ''}`,
            )
            .join('\n'),
          4000,
        ),
      },
    ],
  };
}
