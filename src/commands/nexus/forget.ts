// /nexus forget-me — after a confirmation, everything Nexus holds about the member in this server goes: their
// rows, what they wrote (audit snapshots included) and the bot's public messages for them. A moderator's
// block stays, reduced to a moderation record. Allowed while blocked.
import { ButtonStyle } from 'discord-api-types/v10';
import { forgetLearner } from '../../db/queries/learner.js';
import { forgetPairWork, pairsWithKickoff } from '../../db/queries/pair-threads.js';
import { getPair } from '../../db/queries/pairs.js';
import { kickoffMessage } from '../pair/kickoff.js';
import { UserError, type CommandInput, type ComponentModule, type Effect, type Reply } from '../types.js';
import { button, row } from '../ui.js';

const BLOCK_KEPT =
  "A moderator's block on you stays as a moderation record (this server, your user id, when and why); nothing else of yours does.";

export function forgetPrompt(input: CommandInput): Reply {
  const blocked = !!input.actor.member?.blockedAt;
  return {
    ephemeral: true,
    content:
      '**This deletes everything Nexus holds about you in this server:** your profile, projects, challenges (and the "helped me too" marks on them), takeaways, pair requests, your marks on others\' challenges, ' +
      'your words in the moderation log, and the messages Nexus posted for you (announcements, challenge cards, requests, pair notices). ' +
      "Your pair threads stay (Discord keeps them), but Nexus's kickoff in each loses your details. " +
      "Your past pairs stay in your partners' history without your name. " +
      (blocked ? `${BLOCK_KEPT} ` : '') +
      'This cannot be undone.',
    components: [
      row(
        button(`nexus:forget:${input.user.id}`, 'Delete my data', ButtonStyle.Danger),
        button(`nexus:forget-cancel:${input.user.id}`, 'Keep it', ButtonStyle.Secondary),
      ),
    ],
  };
}

export const forgetButton: ComponentModule = {
  prefix: 'nexus:forget',
  writes: true,
  async handle(input, ctx) {
    if (input.args[0] !== input.user.id)
      throw new UserError('This is not for you: only the person who asked can confirm deleting their data.');
    // Pair threads stay (Discord keeps them as it keeps any message), but Nexus's kickoff in each is rewritten
    // without them, and their checklist ticks and check-in answers stay for the partner without their id.
    const kickoffs = await pairsWithKickoff(ctx.db, input.guildId, input.user.id);
    await forgetPairWork(ctx.db, input.guildId, input.user.id);
    const { counts: n, messages, blockKept } = await forgetLearner(ctx.db, input.guildId, input.user.id);
    const rewrites: Effect[] = [];
    for (const k of kickoffs) {
      const pair = await getPair(ctx.db, input.guildId, k.id);
      if (!pair) continue;
      const body = await kickoffMessage(ctx, input.guildId, pair);
      rewrites.push({
        kind: 'thread-edit',
        threadId: k.threadId!,
        messageId: k.kickoffMessageId!,
        // An ended pair's checklist is over: its rewritten kickoff has no buttons left to click.
        body: { ...body, ...(k.endedAt ? { components: [] } : {}), allowed_mentions: { parse: [] } },
        reopen: !!k.endedAt,
      });
    }
    ctx.log.info(
      { guildId: input.guildId, counts: n, messages: messages.length, blockKept },
      'learner data deleted on request',
    );
    const lines = [
      `profile: ${n.profile}${blockKept ? ' (the block record stays, see below)' : ''}`,
      `projects: ${n.projects}`,
      `challenges: ${n.challenges}`,
      `"helped me too" marks: ${n.helpedMarks}`,
      `takeaways: ${n.takeaways}`,
      `pair requests: ${n.pairRequests}`,
      // The runner fills in how many are gone once it has deleted them (after the commit).
      messages.length ? `public messages: {deleted} of ${messages.length} deleted` : 'public messages: none to delete',
      `moderation log entries with your words or id removed: ${n.auditEntriesRedacted}`,
      `pairs kept for your partners without your name: ${n.pairsAnonymised}`,
      `pair thread kickoffs rewritten without your details: ${rewrites.length} (the threads stay, as Discord keeps them)`,
    ];
    const effects: Effect[] = [...messages.map((m): Effect => ({ kind: 'delete', ...m })), ...rewrites];
    return {
      update: true,
      content:
        `Done. Deleted from this server:\n${lines.map((l) => `• ${l}`).join('\n')}` +
        (blockKept ? `\n${BLOCK_KEPT}` : ''),
      components: [],
      effects,
    };
  },
};

export const forgetCancelButton: ComponentModule = {
  prefix: 'nexus:forget-cancel',
  async handle(input) {
    if (input.args[0] !== input.user.id) throw new UserError('This is not for you.');
    return { update: true, content: 'Nothing was deleted.', components: [] };
  },
};
