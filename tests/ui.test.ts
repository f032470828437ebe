import { describe, expect, it } from 'vitest';
import { channelMention, discordTimestamp, roleMention, userMention } from '../src/commands/ui.js';

describe('Discord markup helpers', () => {
  it('timestamps are whole seconds, relative by default', () => {
    const d = new Date('2026-12-07T09:00:00.900Z');
    expect(discordTimestamp(d)).toBe('<t:1796634000:R>');
    expect(discordTimestamp(d, 'D')).toBe('<t:1796634000:D>');
    expect(discordTimestamp(d, 'f')).toBe('<t:1796634000:f>');
  });

  it('mentions', () => {
    expect(userMention('100000000000000001')).toBe('<@100000000000000001>');
    expect(channelMention('800000000000000050')).toBe('<#800000000000000050>');
    expect(roleMention('700000000000000001')).toBe('<@&700000000000000001>');
  });
});
