// Reply (plain data) → Discord's interaction callback body. Mentions are off unless a handler names users.
import {
  InteractionResponseType,
  MessageFlags,
  type APIInteractionResponse,
  type APIInteractionResponseCallbackData,
  type APIApplicationCommandOptionChoice,
} from 'discord-api-types/v10';
import type { ModalReply, Reply } from '../commands/types.js';
import { attachmentsOf } from './attachments.js';

export function messageData(reply: Reply): APIInteractionResponseCallbackData {
  const data: APIInteractionResponseCallbackData = {
    allowed_mentions: reply.mentionUsers?.length ? { parse: [], users: reply.mentionUsers } : { parse: [] },
  };
  if (reply.content !== undefined) data.content = reply.content;
  if (reply.embeds) data.embeds = reply.embeds;
  if (reply.components) data.components = reply.components;
  if (reply.ephemeral) data.flags = MessageFlags.Ephemeral;
  if (reply.files?.length) data.attachments = attachmentsOf(reply.files);
  return data;
}

export function renderReply(reply: Reply, kind: 'command' | 'component' | 'modal'): APIInteractionResponse {
  if (reply.update && kind !== 'command') {
    const { flags: _flags, ...data } = messageData(reply);
    return { type: InteractionResponseType.UpdateMessage, data };
  }
  return { type: InteractionResponseType.ChannelMessageWithSource, data: messageData(reply) };
}

export function renderModal(m: ModalReply): APIInteractionResponse {
  return { type: InteractionResponseType.Modal, data: m.modal };
}

export function renderChoices(choices: APIApplicationCommandOptionChoice[]): APIInteractionResponse {
  return {
    type: InteractionResponseType.ApplicationCommandAutocompleteResult,
    data: { choices: choices.slice(0, 25) },
  };
}

/** A "thinking…" answer; the real reply replaces it later (edit of @original). */
export function renderDefer(ephemeral: boolean): APIInteractionResponse {
  return {
    type: InteractionResponseType.DeferredChannelMessageWithSource,
    data: ephemeral ? { flags: MessageFlags.Ephemeral } : {},
  };
}

export function errorReply(message: string): Reply {
  return { content: message, ephemeral: true };
}
