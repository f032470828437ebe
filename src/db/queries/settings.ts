import { eq, isNull } from 'drizzle-orm';
import type { Db } from '../client.js';
import { guildSettings, type GuildSettings } from '../schema.js';

/** The guild's settings; the product defaults when moderators never changed anything (nothing is written). */
export async function getGuildSettings(db: Db, guildId: string): Promise<GuildSettings> {
  const [row] = await db.select().from(guildSettings).where(eq(guildSettings.guildId, guildId)).limit(1);
  return row ?? defaultGuildSettings(guildId);
}

export function defaultGuildSettings(guildId: string): GuildSettings {
  const epoch = new Date(0);
  return {
    guildId,
    nexusChannelId: null,
    digestChannelId: null,
    digestCron: '0 9 * * 1',
    timezone: 'UTC',
    digestEnabled: true,
    checkinCron: '0 17 * * 4',
    checkinsEnabled: true,
    quietWeekNote: true,
    publicChallenges: true,
    maxActiveProjects: 3,
    maxPendingRequests: 5,
    seekingExpiryDays: 14,
    requestExpiryDays: 7,
    coolingOffDays: 14,
    retentionDays: 30,
    leftAt: null,
    createdAt: epoch,
    updatedAt: epoch,
  };
}

export type SettingsPatch = Partial<Omit<GuildSettings, 'guildId' | 'createdAt' | 'updatedAt'>>;

export async function updateGuildSettings(
  db: Db,
  guildId: string,
  patch: SettingsPatch,
  now: Date,
): Promise<GuildSettings> {
  const [row] = await db
    .insert(guildSettings)
    .values({ guildId, ...patch, createdAt: now, updatedAt: now })
    .onConflictDoUpdate({ target: guildSettings.guildId, set: { ...patch, updatedAt: now } })
    .returning();
  return row!;
}

/** The settings of every guild Nexus is still in (the scheduler's list). */
export async function activeGuildSettings(db: Db): Promise<GuildSettings[]> {
  return db.select().from(guildSettings).where(isNull(guildSettings.leftAt));
}
