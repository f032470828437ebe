// /nexus-admin audit [user] [action] — the latest moderator actions: who, what, target, reason, when.
import type { AppContext } from '../../context.js';
import { listAudit } from '../../db/queries/audit.js';
import type { AuditEntry } from '../../db/schema.js';
import { escapeMarkdown, fitLines, oneLine, truncate } from '../../domain/text.js';
import { argsParser } from '../options.js';
import { trimmed } from '../rules.js';
import type { CommandInput, Reply } from '../types.js';
import { COLORS, discordTimestamp, userMention } from '../ui.js';
import { adminData, MODERATION_LIMITS } from './definition.js';

const parseAudit = argsParser(adminData, 'audit', { action: trimmed });

function auditTarget(a: AuditEntry): string {
  if (!a.targetType) return '';
  if (a.targetType === 'member') return ` → ${userMention(a.targetId ?? '0')}`;
  if (a.targetType === 'settings') return ' → settings';
  if (a.targetType === 'guild') return ' → server data';
  return ` → ${a.targetType.replace(/_/g, ' ')}${a.targetId ? ` #${a.targetId}` : ''}`;
}

export async function auditList(input: CommandInput, ctx: AppContext): Promise<Reply> {
  const o = parseAudit(input.options);
  const rows = await listAudit(
    ctx.db,
    input.guildId,
    { userId: o.user, action: o.action || undefined },
    MODERATION_LIMITS.auditEntries,
  );
  const filter = [
    o.user ? `by or about ${userMention(o.user)}` : '',
    o.action ? `action \`${o.action.replace(/`/g, '')}\`` : '',
  ]
    .filter(Boolean)
    .join(', ');
  if (!rows.length) {
    return {
      ephemeral: true,
      content: filter
        ? `No audit entries ${filter}.`
        : 'No audit entries yet: moderator actions (config, tracks, removals, blocks, exports) are listed here.',
    };
  }
  const lines = rows.map((a) => {
    const head = `${discordTimestamp(a.createdAt, 'f')} ${userMention(a.actorId)} \`${a.action.replace(/`/g, '')}\`${auditTarget(a)}`;
    return a.reason ? `${head}\n> ${escapeMarkdown(truncate(oneLine(a.reason), 150))}` : head;
  });
  const header = filter ? `Filtered: ${filter}\n\n` : '';
  return {
    ephemeral: true,
    embeds: [
      {
        title: `Audit log: latest ${rows.length} (newest first)`,
        color: COLORS.brand,
        description: header + fitLines(lines, 4000 - header.length),
        footer: {
          text: 'Narrow with user: or action:. Full details (before/after) are in /nexus-admin export what:audit.',
        },
      },
    ],
  };
}
