import { answerPairRequest } from '../../db/queries/pair-requests.js';
import { UserError, type ComponentModule } from '../types.js';
import { userMention } from '../ui.js';
import { loadRequest } from './respond.js';

/** pair:cancel:<id> — the requester withdraws a pending request; its public message says so. */
export const cancelButton: ComponentModule = {
  prefix: 'pair:cancel',
  writes: true,
  async handle(input, ctx) {
    const req = await loadRequest(ctx, input, input.args[0]);
    if (req.requesterId !== input.user.id)
      throw new UserError('This is not for you: only the person who sent a request can cancel it.');
    if (req.proposedBy) throw new UserError('This is a matching proposal: answer it with its Decline button.');
    const done = await answerPairRequest(ctx.db, input.guildId, req.id, 'cancelled', ctx.clock.now());
    if (!done) throw new UserError(`This request was already ${req.status}.`);
    return {
      ephemeral: true,
      content: `Cancelled your request to ${userMention(req.addresseeId)}.`,
      effects:
        req.channelId && req.messageId
          ? [
              {
                kind: 'edit',
                channelId: req.channelId,
                messageId: req.messageId,
                body: { content: `${userMention(req.requesterId)} withdrew this pair request.`, components: [] },
              },
            ]
          : [],
    };
  },
};
