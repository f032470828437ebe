import type { AppContext } from '../../context.js';
import { getProject, projectTags, searchProjectNames, suggestProjectNames } from '../../db/queries/projects.js';
import type { Project } from '../../db/schema.js';
import { normalizeProjectName, oneLine, parseTags, truncate } from '../../domain/text.js';
import type { AutocompleteInput, Choice } from '../types.js';

export async function autocomplete(input: AutocompleteInput, ctx: AppContext): Promise<Choice[]> {
  const [sub] = input.path;
  const typed = input.focused.value.trim();
  switch (input.focused.name) {
    case 'id': {
      const mineOnly = sub === 'update' || sub === 'archive';
      const byId = /^#?(\d+)$/.exec(typed);
      const rows = byId
        ? [await getProject(ctx.db, input.guildId, Number(byId[1]))].filter(
            (p): p is Project => !!p && (!mineOnly || p.ownerId === input.user.id),
          )
        : await searchProjectNames(ctx.db, input.guildId, typed, 25, mineOnly ? input.user.id : undefined);
      return rows.map((p) => ({
        name: truncate(`#${p.id} ${oneLine(p.name)}${p.status === 'archived' ? ' (archived)' : ''}`, 100),
        value: p.id,
      }));
    }
    case 'name':
    case 'track': {
      // Tracks first, then projects once per key, then (for a new name) what was typed as it is.
      const found = await suggestProjectNames(ctx.db, input.guildId, typed, {
        tracksOnly: input.focused.name === 'track',
      });
      const names = found.map((s) => s.name);
      if (input.focused.name === 'name' && typed) {
        const key = normalizeProjectName(typed);
        if (!names.some((n) => normalizeProjectName(n) === key)) {
          const tracks = found.filter((s) => s.track).length;
          names.splice(tracks, 0, typed);
        }
      }
      return names.slice(0, 25).map((n) => ({ name: truncate(oneLine(n), 100), value: truncate(n, 100) }));
    }
    case 'stack':
    case 'tag': {
      // Complete the last comma-separated part, keeping what was typed before it.
      const parts = input.focused.value.split(',');
      const last = (parts.pop() ?? '').trim().toLowerCase();
      const before = parseTags(parts.join(','));
      const prefix = before.length ? before.join(', ') + ', ' : '';
      const tags = (await projectTags(ctx.db, input.guildId, last, 25)).filter((t) => !before.includes(t));
      const choices = tags.map((t) => prefix + t);
      if (last && !tags.includes(last)) choices.unshift(prefix + last);
      return choices
        .filter((c) => c.length <= 100)
        .slice(0, 25)
        .map((c) => ({ name: c, value: c }));
    }
    default:
      return [];
  }
}
