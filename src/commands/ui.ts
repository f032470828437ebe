// Small builders for message components and embeds, so handlers stay plain data.
import {
  ButtonStyle,
  ComponentType,
  type APIActionRowComponent,
  type APIButtonComponentWithCustomId,
  type APIComponentInMessageActionRow,
} from 'discord-api-types/v10';

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

export function discordTimestamp(d: Date, style: 'R' | 'f' | 'D' | 'd' = 'R'): string {
  return `<t:${Math.floor(d.getTime() / 1000)}:${style}>`;
}

export function userMention(id: string): string {
  return `<@${id}>`;
}
