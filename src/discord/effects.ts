// Carries out a reply's effects (posts, edits, deletions) once the interaction's writes are committed. A
// Discord failure is logged and, where the handler said so, changes the reply; it never undoes a saved row.
import { THREAD_STEP_PERMISSION, type ThreadStep } from '../commands/pair/permissions.js';
import type { Effect, Reply } from '../commands/types.js';
import type { AppContext } from '../context.js';
import { recordPostedMessage } from '../db/queries/messages.js';
import { getPair } from '../db/queries/pairs.js';
import { recordKickoffMessage, recordPairThread } from '../db/queries/pair-threads.js';
import { SNOWFLAKE } from '../domain/validate.js';

export function messageLink(guildId: string, channelId: string, messageId: string): string {
  return `https://discord.com/channels/${guildId}/${channelId}/${messageId}`;
}

function withLink(reply: Reply, link: string): Reply {
  return reply.content === undefined ? reply : { ...reply, content: reply.content.replaceAll('{link}', link) };
}

/** The reply chosen when a thread step failed: `{permission}` names what that step needs. */
function withPermission(reply: Reply | undefined, step: ThreadStep): Reply | undefined {
  if (reply?.content === undefined) return reply;
  return { ...reply, content: reply.content.replaceAll('{permission}', THREAD_STEP_PERMISSION[step]) };
}

function isGone(err: unknown): boolean {
  return (err as { status?: unknown }).status === 404;
}

/**
 * Runs the effects in order; returns the reply to send (the handler's, or one an effect chose). `{deleted}` in
 * its content becomes how many of the messages to delete are gone now (deleted, or already gone).
 */
export async function runEffects(ctx: AppContext, guildId: string, reply: Reply): Promise<Reply> {
  const { effects, ...rest } = reply;
  let out: Reply = rest;
  const tally = { deleted: 0 };
  for (const e of effects ?? []) {
    const chosen = await runEffect(ctx, guildId, e, tally);
    if (chosen) out = chosen;
  }
  return out.content?.includes('{deleted}')
    ? { ...out, content: out.content.replaceAll('{deleted}', String(tally.deleted)) }
    : out;
}

async function runEffect(
  ctx: AppContext,
  guildId: string,
  e: Effect,
  tally: { deleted: number },
): Promise<Reply | undefined> {
  switch (e.kind) {
    case 'post': {
      if (!SNOWFLAKE.test(e.channelId)) {
        // No channel to post in (none configured, and Discord did not say where the command ran).
        ctx.log.warn({ guildId, channelId: e.channelId, record: e.record }, 'no channel to post a message in');
        return e.replyIfFailed;
      }
      let messageId: string;
      try {
        messageId = (await ctx.discord.postMessage(e.channelId, e.body, e.files)).id;
      } catch (err) {
        ctx.log.warn({ err, guildId, channelId: e.channelId, record: e.record }, 'could not post a message');
        return e.replyIfFailed;
      }
      if (e.record) {
        let kept = true;
        try {
          kept = await recordPostedMessage(ctx.db, guildId, e.record.entity, e.record.id, e.channelId, messageId);
        } catch (err) {
          ctx.log.warn({ err, guildId, record: e.record }, 'posted, but could not keep the message id');
        }
        if (!kept) {
          // Its entry went while the post was in flight (forget-me): nothing may stay in the channel for it.
          await ctx.discord.deleteMessage(e.channelId, messageId).catch((err: unknown) => {
            ctx.log.warn({ err, guildId, record: e.record }, 'could not delete a post whose entry is gone');
          });
          return undefined;
        }
      }
      return e.replyIfPosted && withLink(e.replyIfPosted, messageLink(guildId, e.channelId, messageId));
    }
    case 'edit':
      try {
        await ctx.discord.editMessage(e.channelId, e.messageId, e.body);
      } catch (err) {
        ctx.log.warn({ err, guildId, channelId: e.channelId, messageId: e.messageId }, 'could not edit a message');
        return e.replyIfFailed;
      }
      return undefined;
    case 'delete':
      try {
        await ctx.discord.deleteMessage(e.channelId, e.messageId);
        tally.deleted++;
      } catch (err) {
        // Already deleted by someone: what was asked holds.
        if (isGone(err)) tally.deleted++;
        else
          ctx.log.warn({ err, guildId, channelId: e.channelId, messageId: e.messageId }, 'could not delete a message');
      }
      return undefined;
    case 'pair-thread':
      return openPairThread(ctx, guildId, e);
    case 'archive-thread': {
      try {
        await ctx.discord.postMessage(e.threadId, { content: e.closingLine, allowed_mentions: { parse: [] } });
      } catch (err) {
        // An archived thread that cannot take the line (or one deleted): still archive and lock it.
        ctx.log.warn({ err, guildId, threadId: e.threadId }, 'could not post the closing line in a pair thread');
      }
      try {
        await ctx.discord.editThread(e.threadId, { archived: true, locked: true });
      } catch (err) {
        if (isGone(err)) return undefined; // deleted by someone: nothing left to close
        ctx.log.warn({ err, guildId, threadId: e.threadId }, 'could not archive a pair thread');
        return withPermission(e.replyIfFailed, 'archive');
      }
      return undefined;
    }
    case 'thread-edit':
      try {
        if (e.reopen) await ctx.discord.editThread(e.threadId, { archived: false });
        await ctx.discord.editMessage(e.threadId, e.messageId, e.body);
        if (e.reopen) await ctx.discord.editThread(e.threadId, { archived: true, locked: true });
      } catch (err) {
        if (!isGone(err))
          ctx.log.warn(
            { err, guildId, threadId: e.threadId, messageId: e.messageId },
            'could not edit a thread message',
          );
      }
      return undefined;
    case 'settings-changed':
      await ctx.events?.settingsChanged(e.guildId);
      return undefined;
  }
}

/** Whether the pair still has these members (none of them forgotten since it formed). */
async function pairStillHas(ctx: AppContext, guildId: string, pairId: number, members: readonly string[]) {
  const pair = await getPair(ctx.db, guildId, pairId);
  return !!pair && members.every((m) => m === pair.userA || m === pair.userB);
}

/**
 * Opens a pair's private thread, adds both members and posts the kickoff. The thread id is kept as soon as
 * it exists (ending the pair archives it even if a later step failed); a refused step stops there.
 */
async function openPairThread(
  ctx: AppContext,
  guildId: string,
  e: Extract<Effect, { kind: 'pair-thread' }>,
): Promise<Reply | undefined> {
  const log = { guildId, pairId: e.pairId, parentChannelId: e.parentChannelId };
  if (!SNOWFLAKE.test(e.parentChannelId)) {
    ctx.log.warn(log, 'no channel to open a pair thread in');
    return withPermission(e.replyIfFailed, 'create');
  }
  // A member who asked to be forgotten since the pair formed is not added, and their details are not posted.
  if (!(await pairStillHas(ctx, guildId, e.pairId, e.members))) return undefined;
  let threadId: string;
  try {
    threadId = (
      await ctx.discord.createThread(e.parentChannelId, {
        name: e.name,
        type: 12, // a private thread: only its members (and moderators) see it
        invitable: false,
        auto_archive_duration: 10080,
      })
    ).id;
  } catch (err) {
    ctx.log.warn({ err, ...log }, 'could not open a pair thread');
    return withPermission(e.replyIfFailed, 'create');
  }
  try {
    await recordPairThread(ctx.db, guildId, e.pairId, threadId);
  } catch (err) {
    ctx.log.warn({ err, ...log, threadId }, 'opened a pair thread, but could not keep its id');
  }
  try {
    for (const userId of e.members) await ctx.discord.addThreadMember(threadId, userId);
  } catch (err) {
    ctx.log.warn({ err, ...log, threadId }, 'could not add the pair to its thread');
    return withPermission(e.replyIfFailed, 'members');
  }
  if (!(await pairStillHas(ctx, guildId, e.pairId, e.members))) return undefined;
  let messageId: string;
  try {
    messageId = (await ctx.discord.postMessage(threadId, e.kickoff)).id;
  } catch (err) {
    ctx.log.warn({ err, ...log, threadId }, 'could not post the kickoff in a pair thread');
    return withPermission(e.replyIfFailed, 'post');
  }
  try {
    await recordKickoffMessage(ctx.db, guildId, e.pairId, messageId);
  } catch (err) {
    ctx.log.warn({ err, ...log, threadId }, 'posted the kickoff, but could not keep its id');
  }
  return undefined;
}
