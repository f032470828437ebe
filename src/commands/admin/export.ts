// /nexus-admin export format:json|csv [what] — this server's data as attachments (personal data: audited).
import type { AppContext } from '../../context.js';
import { exportTable, type ExportedTable } from '../../db/queries/export.js';
import { writeAudit } from '../../db/queries/audit.js';
import { toCsv } from '../../domain/csv.js';
import { truncate } from '../../domain/text.js';
import { argsParser } from '../options.js';
import type { CommandInput, Reply, ReplyFile } from '../types.js';
import { adminData, EXPORT_MAX_BYTES, EXPORT_SETS, EXPORT_WHAT } from './definition.js';

const parseExport = argsParser(adminData, 'export');

function mib(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(1);
}

export async function exportData(input: CommandInput, ctx: AppContext): Promise<Reply> {
  const parsed = parseExport(input.options);
  const o = { ...parsed, what: parsed.what ?? 'all' };
  const now = ctx.clock.now();
  const tables: ExportedTable[] = [];
  for (const name of EXPORT_SETS[o.what]) tables.push(await exportTable(ctx.db, input.guildId, name));
  const base = `nexus-export-${input.guildId}-${now.toISOString().slice(0, 10)}`;
  let files: ReplyFile[];
  if (o.format === 'json') {
    const doc = {
      guild_id: input.guildId,
      exported_at: now.toISOString(),
      what: o.what,
      tables: Object.fromEntries(tables.map((t) => [t.table, t.rows])),
    };
    files = [
      { name: `${base}.json`, data: Buffer.from(JSON.stringify(doc, null, 2) + '\n'), contentType: 'application/json' },
    ];
  } else {
    files = tables.map((t) => ({
      name: tables.length === 1 ? `${base}.csv` : `${base}-${t.table}.csv`,
      data: Buffer.from(toCsv(t)),
      contentType: 'text/csv',
    }));
  }
  const bytes = files.reduce((sum, f) => sum + Buffer.byteLength(f.data), 0);
  if (bytes > EXPORT_MAX_BYTES) {
    const parts = EXPORT_WHAT.filter((w) => w !== 'all')
      .map((w) => `\`what:${w}\``)
      .join(', ');
    return {
      ephemeral: true,
      content:
        `This export would be ${mib(bytes)} MiB, over the ${mib(EXPORT_MAX_BYTES)} MiB a bot can upload to Discord, so nothing was sent. ` +
        (o.what === 'all' ? `Export one part at a time with ${parts}` : `This part alone is too big`) +
        (o.format === 'json'
          ? `${o.what === 'all' ? ', or' : ';'} try \`format:csv\` (smaller than JSON).`
          : o.what === 'all'
            ? '.'
            : '; ask the bot host for a database dump.'),
    };
  }
  const rows = Object.fromEntries(tables.map((t) => [t.table, t.rows.length]));
  await writeAudit(
    ctx.db,
    {
      guildId: input.guildId,
      actorId: input.user.id,
      action: 'data.export',
      targetType: 'guild',
      targetId: input.guildId,
      after: { format: o.format, what: o.what, files: files.map((f) => f.name), bytes, rows },
    },
    now,
  );
  const counts = tables.map((t) => `${t.table} ${t.rows.length}`).join(' · ');
  const size =
    bytes < 1024 ? `${bytes} bytes` : bytes < 1024 * 1024 ? `${Math.round(bytes / 1024)} KiB` : `${mib(bytes)} MiB`;
  const softDeleted = tables.some((t) => t.columns.includes('removed_at'));
  return {
    ephemeral: true,
    content: truncate(
      `Export of this server’s Nexus data (${o.what}, ${o.format}, ${files.length === 1 ? '1 file' : `${files.length} files`}, ${size}). Rows: ${counts}. ` +
        (softDeleted ? 'Entries removed by moderators are included, with removed_at and removed_reason. ' : '') +
        `Treat ${files.length === 1 ? 'the file' : 'the files'} as personal data: share only with people who need ${files.length === 1 ? 'it' : 'them'}.`,
      2000,
    ),
    files,
  };
}
