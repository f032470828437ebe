// Small builders for message components and embeds, so handlers stay plain data. Mentions and timestamps
// come from @discordjs/formatters (Discord's own markup helpers).
import {
  channelMention,
  roleMention,
  time,
  TimestampStyles,
  userMention,
  type TimestampStylesString,
} from '@discordjs/formatters';
import {
  ButtonStyle,
  ComponentType,
  type APIActionRowComponent,
  type APIButtonComponentWithCustomId,
  type APIComponentInMessageActionRow,
} from 'discord-api-types/v10';
import { stackName } from '../domain/technologies.js';
import { escapeMarkdown } from '../domain/text.js';

export const COLORS = {
  brand: 0x5865f2,
  success: 0x3ba55d,
  warning: 0xfaa61a,
  danger: 0xed4245,
  muted: 0x99aab5,
} as const;

export function button(
  customId: string,
  label: string,
  style: ButtonStyle.Primary | ButtonStyle.Secondary | ButtonStyle.Success | ButtonStyle.Danger = ButtonStyle.Secondary,
  disabled = false,
): APIButtonComponentWithCustomId {
  return { type: ComponentType.Button, custom_id: customId.slice(0, 100), label: label.slice(0, 80), style, disabled };
}

export function row(
  ...components: APIComponentInMessageActionRow[]
): APIActionRowComponent<APIComponentInMessageActionRow> {
  return { type: ComponentType.ActionRow, components: components.slice(0, 5) };
}

/** `<t:…:R>` etc.: Discord renders it in each reader's own timezone and locale. */
export function discordTimestamp(d: Date, style: TimestampStylesString = TimestampStyles.RelativeTime): string {
  return time(d, style);
}

export { channelMention, roleMention, userMention };

/** A stack on a card: known technologies by their proper names, escaped, comma-separated ('' when empty). */
export function stackList(tags: readonly string[]): string {
  return tags.map((t) => escapeMarkdown(stackName(t))).join(', ');
}
