import { and, desc, eq, ilike, or, type SQL } from 'drizzle-orm';
import type { Db } from '../client.js';
import { auditLog, type AuditEntry } from '../schema.js';

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

export interface AuditFilter {
  /** Entries this user did, or that were done to them (block/unblock). */
  userId?: string | undefined;
  action?: string | undefined;
}

/** The latest audit entries, newest first. */
export async function listAudit(db: Db, guildId: string, f: AuditFilter, limit: number): Promise<AuditEntry[]> {
  const conds: SQL[] = [eq(auditLog.guildId, guildId)];
  if (f.userId)
    conds.push(
      or(eq(auditLog.actorId, f.userId), and(eq(auditLog.targetType, 'member'), eq(auditLog.targetId, f.userId)))!,
    );
  if (f.action) conds.push(eq(auditLog.action, f.action));
  return db
    .select()
    .from(auditLog)
    .where(and(...conds))
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .limit(limit);
}

/** Distinct audit actions in the guild containing the typed text (autocomplete). */
export async function auditActions(db: Db, guildId: string, typed: string, limit = 25): Promise<string[]> {
  const pattern = `%${typed.replace(/[\\%_]/g, (ch) => '\\' + ch)}%`;
  const rows = await db
    .selectDistinct({ action: auditLog.action })
    .from(auditLog)
    .where(and(eq(auditLog.guildId, guildId), typed ? ilike(auditLog.action, pattern) : undefined))
    .orderBy(auditLog.action)
    .limit(limit);
  return rows.map((r) => r.action);
}
