import type { Db } from '../client.js';
import { auditLog } from '../schema.js';

export interface AuditRecord {
  guildId: string;
  actorId: string;
  action: string;
  targetType?: string;
  targetId?: string | number;
  reason?: string | null;
  before?: unknown;
  after?: unknown;
}

/** Writes one audit row (inside the caller's transaction when given one). */
export async function writeAudit(db: Db, rec: AuditRecord, now: Date): Promise<void> {
  await db.insert(auditLog).values({
    guildId: rec.guildId,
    actorId: rec.actorId,
    action: rec.action,
    targetType: rec.targetType ?? null,
    targetId: rec.targetId === undefined ? null : String(rec.targetId),
    reason: rec.reason ?? null,
    before: rec.before === undefined ? null : toJson(rec.before),
    after: rec.after === undefined ? null : toJson(rec.after),
    createdAt: now,
  });
}

function toJson(v: unknown): unknown {
  return JSON.parse(JSON.stringify(v));
}
