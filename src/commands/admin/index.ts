// /nexus-admin — moderators configure Nexus, keep the track catalog, moderate entries and see the cohort.
// Declared with default_member_permissions = Manage Server AND checked at run time (moderatorOnly).
import type { AppContext } from '../../context.js';
import { auditActions } from '../../db/queries/audit.js';
import { listTracks } from '../../db/queries/tracks.js';
import { normalizeProjectName, truncate } from '../../domain/text.js';
import { matchTimezones } from '../../domain/validate.js';
import { defineCommand, type AutocompleteInput, type Choice } from '../types.js';
import { auditList } from './audit.js';
import { configSet, configShow } from './config.js';
import { adminData } from './definition.js';
import { digestPost, digestPreview } from './digest.js';
import { exportData } from './export.js';
import { blockMember, removeEntry, restoreEntry, unblockMember } from './moderation.js';
import { pairsStalled } from './pairs.js';
import { stats } from './stats.js';
import { trackAdd, trackList, trackRemove } from './tracks.js';

async function autocomplete(input: AutocompleteInput, ctx: AppContext): Promise<Choice[]> {
  const typed = input.focused.value.trim().toLowerCase();
  if (input.focused.name === 'timezone') {
    return matchTimezones(typed).map((t) => ({ name: t, value: t }));
  }
  if (input.focused.name === 'action') {
    return (await auditActions(ctx.db, input.guildId, input.focused.value.trim())).map((a) => ({
      name: truncate(a, 100),
      value: truncate(a, 100),
    }));
  }
  if (input.focused.name === 'name') {
    const key = normalizeProjectName(typed);
    return (await listTracks(ctx.db, input.guildId))
      .filter((t) => t.normalizedName.includes(key))
      .slice(0, 25)
      .map((t) => ({ name: truncate(t.name, 100), value: truncate(t.name, 100) }));
  }
  return [];
}

export const adminCommand = defineCommand({
  data: adminData,
  moderatorOnly: true,
  subcommands: {
    'config show': { run: configShow },
    'config set': { run: configSet, writes: true },
    'digest preview': { run: digestPreview },
    // Claims the period in its own committed steps (jobs/digest.ts), so not one interaction transaction.
    'digest post': { run: digestPost },
    'track add': { run: trackAdd, writes: true },
    'track remove': { run: trackRemove, writes: true },
    'track list': { run: trackList },
    'pairs stalled': { run: pairsStalled },
    remove: { run: removeEntry, writes: true },
    restore: { run: restoreEntry, writes: true },
    block: { run: blockMember, writes: true },
    unblock: { run: unblockMember, writes: true },
    stats: { run: stats },
    export: { run: exportData, writes: true },
    audit: { run: auditList },
  },
  autocomplete,
});
