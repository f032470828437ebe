// Carries out a reply's effects (posts, edits, deletions) once the interaction's writes are committed. A
// Discord failure is logged and, where the handler said so, changes the reply; it never undoes a saved row.
import type { Effect, Reply } from '../commands/types.js';
import type { AppContext } from '../context.js';
import { recordPostedMessage } from '../db/queries/messages.js';

export function messageLink(guildId: string, channelId: string, messageId: string): string {
  return `https://discord.com/channels/${guildId}/${channelId}/${messageId}`;
}

function withLink(reply: Reply, link: string): Reply {
  return reply.content === undefined ? reply : { ...reply, content: reply.content.replaceAll('{link}', link) };
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
      let messageId: string;
      try {
        messageId = (await ctx.discord.postMessage(e.channelId, e.body, e.files)).id;
      } catch (err) {
        ctx.log.warn({ err, guildId, channelId: e.channelId, record: e.record }, 'could not post a message');
        return e.replyIfFailed;
      }
      if (e.record) {
        try {
          await recordPostedMessage(ctx.db, guildId, e.record.entity, e.record.id, e.channelId, messageId);
        } catch (err) {
          ctx.log.warn({ err, guildId, record: e.record }, 'posted, but could not keep the message id');
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
    case 'settings-changed':
      await ctx.events?.settingsChanged(e.guildId);
      return undefined;
  }
}
