import { ButtonStyle } from 'discord-api-types/v10';
import type { AppContext } from '../../context.js';
import { listProjects, type ProjectFilter } from '../../db/queries/projects.js';
import { findTrackByName, getTrack, listTracks } from '../../db/queries/tracks.js';
import { ROLES, type Role } from '../../domain/roles.js';
import { escapeMarkdown, parseTags, plural, truncate } from '../../domain/text.js';
import { argsParser } from '../options.js';
import { UserError, type CommandInput, type ComponentModule, type Reply } from '../types.js';
import { button, COLORS, row } from '../ui.js';
import { projectData } from './definition.js';
import { projectLine } from './render.js';

const PAGE_SIZE = 5;

const parse = argsParser(projectData, 'list');

/** Filters travel in the page buttons' custom ids: project:page:<offset>:<trackId>:<seeking>:<tag>. */
function pageCustomId(offset: number, f: { trackId?: number; seeking?: string; tag?: string }): string {
  return `project:page:${offset}:${f.trackId ?? ''}:${f.seeking ?? ''}:${f.tag ?? ''}`;
}

async function renderProjectPage(
  ctx: AppContext,
  guildId: string,
  filter: Omit<ProjectFilter, 'now'>,
  offset: number,
  describe: string,
): Promise<Reply> {
  const now = ctx.clock.now();
  const { rows, total } = await listProjects(ctx.db, guildId, { ...filter, now }, offset, PAGE_SIZE);
  if (total === 0) {
    return {
      ephemeral: true,
      content: `No projects${describe ? ` ${describe}` : ''} yet. Announce yours with \`/project announce name:… summary:…\`.`,
    };
  }
  const page = Math.floor(offset / PAGE_SIZE) + 1;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const f = {
    ...(filter.trackId !== undefined ? { trackId: filter.trackId } : {}),
    ...(filter.seeking ? { seeking: filter.seeking } : {}),
    ...(filter.tag ? { tag: filter.tag } : {}),
  };
  const nav =
    pages > 1
      ? [
          row(
            button(pageCustomId(Math.max(0, offset - PAGE_SIZE), f), '◀ Previous', ButtonStyle.Secondary, offset === 0),
            button(pageCustomId(offset + PAGE_SIZE, f), 'Next ▶', ButtonStyle.Secondary, offset + PAGE_SIZE >= total),
          ),
        ]
      : [];
  return {
    ephemeral: true,
    embeds: [
      {
        title: truncate(`Projects${describe ? ` ${describe}` : ''}`, 256),
        color: COLORS.brand,
        description: truncate(rows.map((p) => projectLine(p, now)).join('\n\n'), 4000),
        footer: { text: `Page ${page} of ${pages} · ${plural(total, 'project')} · /project show id:… for details` },
      },
    ],
    components: nav,
  };
}

function describeSeeking(seeking: Role | 'any'): string {
  return seeking === 'any' ? 'looking for a collaborator' : `looking for a ${seeking}`;
}

export async function list(input: CommandInput, ctx: AppContext): Promise<Reply> {
  const o = parse(input.options);
  const filter: Omit<ProjectFilter, 'now'> = {};
  const describe: string[] = [];
  if (o.track) {
    const track = await findTrackByName(ctx.db, input.guildId, o.track);
    if (!track) {
      const names = (await listTracks(ctx.db, input.guildId)).map((t) => escapeMarkdown(t.name));
      throw new UserError(
        `There is no track named "${escapeMarkdown(truncate(o.track, 100))}".${names.length ? ` Tracks: ${truncate(names.join(', '), 1500)}.` : ' Moderators have not added tracks yet.'}`,
      );
    }
    filter.trackId = track.id;
    describe.push(`in ${escapeMarkdown(track.name)}`);
  }
  if (o.tag) {
    const [tag] = parseTags(o.tag);
    if (tag) {
      filter.tag = tag;
      describe.push(`using ${escapeMarkdown(tag)}`);
    }
  }
  if (o.seeking) {
    filter.seeking = o.seeking;
    describe.push(describeSeeking(o.seeking));
  }
  return renderProjectPage(ctx, input.guildId, filter, 0, describe.join(', '));
}

export const projectPageButton: ComponentModule = {
  prefix: 'project:page',
  async handle(input, ctx) {
    const [offsetRaw = '0', trackRaw = '', seekingRaw = '', tag = ''] = input.args;
    // Custom ids can be forged: only a sane whole offset reaches SQL.
    const n = Number(offsetRaw);
    const offset = Number.isSafeInteger(n) && n >= 0 ? Math.min(n, 100_000) : 0;
    const filter: Omit<ProjectFilter, 'now'> = {};
    const describe: string[] = [];
    if (trackRaw) {
      const trackId = Number(trackRaw);
      const track = Number.isSafeInteger(trackId) ? await getTrack(ctx.db, input.guildId, trackId) : undefined;
      if (!track) throw new UserError('That track no longer exists. Run `/project list` again.');
      filter.trackId = track.id;
      describe.push(`in ${escapeMarkdown(track.name)}`);
    }
    if (tag) {
      filter.tag = tag;
      describe.push(`using ${escapeMarkdown(tag)}`);
    }
    if (seekingRaw === 'any' || (ROLES as readonly string[]).includes(seekingRaw)) {
      filter.seeking = seekingRaw as Role | 'any';
      describe.push(describeSeeking(filter.seeking));
    }
    return { ...(await renderProjectPage(ctx, input.guildId, filter, offset, describe.join(', '))), update: true };
  },
};
