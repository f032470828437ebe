import { describe, expect, it } from 'vitest';
import { captureLogs } from './helpers/logs.js';

function capture() {
  const { log, lines } = captureLogs();
  return { log, text: () => lines.join('') };
}

describe('logger', () => {
  it('redacts the bot token, authorization headers, interaction tokens and the database URL', () => {
    const { log, text } = capture();
    log.info({ token: 'interaction-token-1', interaction: { id: '1', token: 'interaction-token-2' } }, 'a');
    log.info({ headers: { authorization: 'Bot secret-bot-token' }, discordToken: 'secret-bot-token-2' }, 'b');
    log.info({ config: { databaseUrl: 'postgres://u:hunter2@db/x' } }, 'c');
    const err = Object.assign(new Error('Unknown interaction'), {
      url: 'https://discord.com/api/v10/interactions/1/interaction-token-3/callback',
      requestBody: { json: { type: 4 } },
    });
    log.error({ err }, 'd');
    const out = text();
    for (const secret of [
      'interaction-token-1',
      'interaction-token-2',
      'secret-bot-token',
      'hunter2',
      'interaction-token-3',
    ]) {
      expect(out).not.toContain(secret);
    }
    expect(out).toContain('[redacted]');
    expect(out).toContain('Unknown interaction');
  });
});
