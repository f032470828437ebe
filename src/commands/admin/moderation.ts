// /nexus-admin remove|restore|block|unblock — hide or bring back an entry; pause or give back a member's
// access. Every action is audited; public messages follow (after the commit).
import type { AppContext } from '../../context.js';
import {
  ENTRY_TARGET,
  getEntryForModeration,
  getMemberForUpdate,
  setEntryRemoved,
  setMemberBlock,
  type EntryType,
  type ModerationEntry,
} from '../../db/queries/moderation.js';
import { writeAudit } from '../../db/queries/audit.js';
import { getChallenge } from '../../db/queries/challenges.js';
import { getProject } from '../../db/queries/projects.js';
import { isUniqueViolation } from '../../errors.js';
import { escapeMarkdown, oneLine, truncate } from '../../domain/text.js';
import { challengeButtons, challengeCard } from '../challenge/render.js';
import { argsParser } from '../options.js';
import { trackOf } from '../project/own.js';
import { announcementBody, messageLink } from '../project/render.js';
import { trimmed } from '../rules.js';
import { UserError, type CommandInput, type Effect, type Reply } from '../types.js';
import { discordTimestamp, userMention } from '../ui.js';
import { adminData, ENTRY_LABEL } from './definition.js';

const parseRemove = argsParser(adminData, 'remove');
const parseRestore = argsParser(adminData, 'restore');
const parseBlock = argsParser(adminData, 'block', { reason: trimmed });
const parseUnblock = argsParser(adminData, 'unblock');

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** "project #3 **Name** by @owner": for the moderator's ephemeral reply (user text escaped). */
function describeEntry(e: ModerationEntry): string {
  const quoted = (t: string) => `“${escapeMarkdown(truncate(oneLine(t), 80))}”`;
  switch (e.type) {
    case 'project':
      return `project #${e.id} **${escapeMarkdown(truncate(oneLine(e.summary), 80))}** by ${userMention(e.authorId)}`;
    case 'challenge':
      return `challenge #${e.id} **${escapeMarkdown(truncate(oneLine(e.summary), 80))}** by ${userMention(e.authorId)}`;
    case 'takeaway':
      return `takeaway #${e.id} by ${userMention(e.authorId)} (${quoted(e.summary)})`;
    case 'request':
      return `pair request #${e.id} from ${userMention(e.authorId)} to ${userMention(String(e.snapshot.addresseeId))}`;
  }
}

function notFoundMessage(type: EntryType, id: number): string {
  return `There is no ${ENTRY_LABEL[type]} #${id} in this server. Check the number on its card (or in \`/nexus-admin export\`).`;
}

export async function removeEntry(input: CommandInput, ctx: AppContext): Promise<Reply> {
  const o = parseRemove(input.options);
  const now = ctx.clock.now();
  const e = await getEntryForModeration(ctx.db, input.guildId, o.type, o.id);
  if (!e) throw new UserError(notFoundMessage(o.type, o.id));
  if (e.removedAt) {
    throw new UserError(
      `${capitalize(describeEntry(e))} was already removed ${discordTimestamp(e.removedAt)}${e.removedReason ? ` (reason: ${escapeMarkdown(truncate(oneLine(e.removedReason), 200))})` : ''}. \`/nexus-admin restore type:${o.type} id:${o.id}\` brings it back.`,
    );
  }
  await setEntryRemoved(ctx.db, input.guildId, o.type, o.id, { at: now, reason: o.reason });
  await writeAudit(
    ctx.db,
    {
      guildId: input.guildId,
      actorId: input.user.id,
      action: `${o.type}.remove`,
      targetType: ENTRY_TARGET[o.type],
      targetId: o.id,
      reason: o.reason,
      before: { ...e.snapshot, removedAt: null },
      after: { removedAt: now.toISOString(), removedReason: o.reason },
    },
    now,
  );
  const reply = (publicNote: string): Reply => ({
    ephemeral: true,
    content: `Removed ${describeEntry(e)}. It is hidden everywhere and kept for the audit trail.${publicNote}\nUndo with \`/nexus-admin restore type:${o.type} id:${o.id}\`.`,
  });
  if (!e.channelId || !e.messageId) return reply('');
  return {
    ...reply(' Its public message now says it was removed by a moderator.'),
    effects: [
      {
        kind: 'edit',
        channelId: e.channelId,
        messageId: e.messageId,
        // No user text: the removed content must not stay visible in the notice.
        body: { content: `This ${ENTRY_LABEL[o.type]} was removed by a moderator.`, embeds: [], components: [] },
        replyIfFailed: reply(
          ` Its public message could not be updated (Discord refused); delete it by hand: ${messageLink(input.guildId, e.channelId, e.messageId)}`,
        ),
      },
    ],
  };
}

export async function restoreEntry(input: CommandInput, ctx: AppContext): Promise<Reply> {
  const o = parseRestore(input.options);
  const now = ctx.clock.now();
  const e = await getEntryForModeration(ctx.db, input.guildId, o.type, o.id);
  if (!e) throw new UserError(notFoundMessage(o.type, o.id));
  if (!e.removedAt) throw new UserError(`${capitalize(describeEntry(e))} is not removed: there is nothing to restore.`);
  try {
    await setEntryRemoved(ctx.db, input.guildId, o.type, o.id, null);
  } catch (err) {
    // Uniqueness ignores removed rows: since the removal, the author may have reused the name, or the two
    // members may have another pending request.
    if (isUniqueViolation(err)) {
      throw new UserError(
        o.type === 'request'
          ? `Pair request #${o.id} cannot come back: the two members have another pending request now. Remove that one first.`
          : `${capitalize(ENTRY_LABEL[o.type])} #${o.id} cannot come back: its author has since created one with the same name. Remove or rename that one first.`,
      );
    }
    throw err;
  }
  await writeAudit(
    ctx.db,
    {
      guildId: input.guildId,
      actorId: input.user.id,
      action: `${o.type}.restore`,
      targetType: ENTRY_TARGET[o.type],
      targetId: o.id,
      before: { ...e.snapshot, removedAt: e.removedAt.toISOString(), removedReason: e.removedReason },
      after: { removedAt: null, removedReason: null },
    },
    now,
  );
  const reply = (publicNote: string): Reply => ({
    ephemeral: true,
    content: `Restored ${describeEntry(e)}: it is visible again.${publicNote}`,
  });
  const { note, effect } = await rerender(ctx, input.guildId, e);
  if (!effect) return reply(note);
  const link = messageLink(input.guildId, e.channelId, e.messageId);
  return {
    ...reply(note),
    effects: [
      { ...effect, replyIfFailed: reply(` Its public message could not be updated (Discord refused): ${link}`) },
    ],
  };
}

/** The edit that puts a restored entry's public card back, and what to tell the moderator. */
async function rerender(
  ctx: AppContext,
  guildId: string,
  e: ModerationEntry,
): Promise<{ note: string; effect?: Extract<Effect, { kind: 'edit' }> }> {
  if (!e.channelId || !e.messageId) return { note: '' };
  const at = { kind: 'edit' as const, channelId: e.channelId, messageId: e.messageId };
  if (e.type === 'project') {
    const p = await getProject(ctx.db, guildId, e.id);
    if (!p) return { note: '' };
    const body = { content: '', ...announcementBody(p, ctx.clock.now(), await trackOf(ctx, p)) };
    return { note: ' Its public announcement shows it again.', effect: { ...at, body } };
  }
  if (e.type === 'challenge') {
    const c = await getChallenge(ctx.db, guildId, e.id);
    if (!c) return { note: '' };
    const body = { content: '', embeds: [challengeCard(c)], components: challengeButtons(c) };
    return { note: ' Its public card shows it again.', effect: { ...at, body } };
  }
  const link = messageLink(guildId, e.channelId, e.messageId);
  return { note: ` Its public message still says it was removed (${link}); the request itself works again.` };
}

export async function blockMember(input: CommandInput, ctx: AppContext): Promise<Reply> {
  const o = parseBlock(input.options);
  if (o.user === input.user.id) throw new UserError('You cannot block yourself.');
  if (input.users[o.user]?.bot)
    throw new UserError('That is a bot: bots do not use Nexus, so there is nothing to block.');
  const reason = o.reason || null;
  const now = ctx.clock.now();
  const m = await getMemberForUpdate(ctx.db, input.guildId, o.user);
  if (m?.blockedAt) {
    throw new UserError(
      `${userMention(o.user)} is already blocked (since ${discordTimestamp(m.blockedAt)}${m.blockedReason ? `, reason: ${escapeMarkdown(truncate(oneLine(m.blockedReason), 200))}` : ''}). \`/nexus-admin unblock\` gives access back.`,
    );
  }
  await setMemberBlock(ctx.db, input.guildId, o.user, input.users[o.user]?.name ?? '', { at: now, reason }, now);
  await writeAudit(
    ctx.db,
    {
      guildId: input.guildId,
      actorId: input.user.id,
      action: 'member.block',
      targetType: 'member',
      targetId: o.user,
      reason,
      before: { blockedAt: null, hadProfile: !!m },
      after: { blockedAt: now.toISOString(), blockedReason: reason },
    },
    now,
  );
  return {
    ephemeral: true,
    content:
      `Blocked ${userMention(o.user)}${reason ? ` (reason: ${escapeMarkdown(truncate(oneLine(reason), 200))})` : ''}. ` +
      'They can no longer announce, change or archive projects, log challenges or takeaways, or send, accept or receive pair requests, and they are never suggested as a collaborator. ' +
      'They can still read, decline or cancel pending requests, end a pairing (without a public notice) and delete their data with `/nexus forget-me` (the block itself is kept). ' +
      'What they already posted stays visible: hide entries with `/nexus-admin remove`. Undo with `/nexus-admin unblock`.',
  };
}

export async function unblockMember(input: CommandInput, ctx: AppContext): Promise<Reply> {
  const o = parseUnblock(input.options);
  const now = ctx.clock.now();
  const m = await getMemberForUpdate(ctx.db, input.guildId, o.user);
  if (!m?.blockedAt) throw new UserError(`${userMention(o.user)} is not blocked: there is nothing to undo.`);
  await setMemberBlock(ctx.db, input.guildId, o.user, m.displayName, null, now);
  await writeAudit(
    ctx.db,
    {
      guildId: input.guildId,
      actorId: input.user.id,
      action: 'member.unblock',
      targetType: 'member',
      targetId: o.user,
      before: { blockedAt: m.blockedAt.toISOString(), blockedReason: m.blockedReason },
      after: { blockedAt: null },
    },
    now,
  );
  return {
    ephemeral: true,
    content: `Unblocked ${userMention(o.user)} (blocked since ${discordTimestamp(m.blockedAt)}). They can use Nexus again.`,
  };
}
