// What a member typed into a form that did not validate, kept for "Fix it" (an hour, one per form).
import { and, eq, gt, lt, or } from 'drizzle-orm';
import type { Db } from '../client.js';
import { formDrafts, type FormDraft } from '../schema.js';

/**
 * Keeps what a member typed into `form` until `expiresAt`, replacing their earlier draft of the same form;
 * drops the guild's expired drafts on the way (the table stays as small as the forms in flight).
 */
export async function saveFormDraft(
  db: Db,
  guildId: string,
  d: Pick<FormDraft, 'id' | 'userId' | 'form' | 'fields' | 'expiresAt'>,
  now: Date,
): Promise<void> {
  await db
    .delete(formDrafts)
    .where(
      and(
        eq(formDrafts.guildId, guildId),
        or(lt(formDrafts.expiresAt, now), and(eq(formDrafts.userId, d.userId), eq(formDrafts.form, d.form))),
      ),
    );
  await db.insert(formDrafts).values({ ...d, guildId, createdAt: now });
}

/** The member's own draft with this id in this guild, unless it expired. */
export async function getFormDraft(
  db: Db,
  guildId: string,
  userId: string,
  id: string,
  now: Date,
): Promise<FormDraft | undefined> {
  const [row] = await db
    .select()
    .from(formDrafts)
    .where(
      and(
        eq(formDrafts.id, id),
        eq(formDrafts.guildId, guildId),
        eq(formDrafts.userId, userId),
        gt(formDrafts.expiresAt, now),
      ),
    )
    .limit(1);
  return row;
}

/** The form went through: its draft is no longer needed (its "Fix it" button then says it expired). */
export async function deleteFormDrafts(db: Db, guildId: string, userId: string, form: string): Promise<void> {
  await db
    .delete(formDrafts)
    .where(and(eq(formDrafts.guildId, guildId), eq(formDrafts.userId, userId), eq(formDrafts.form, form)));
}

/** Every form draft of a member (forget-me). */
export async function deleteMemberFormDrafts(db: Db, guildId: string, userId: string): Promise<void> {
  await db.delete(formDrafts).where(and(eq(formDrafts.guildId, guildId), eq(formDrafts.userId, userId)));
}
