import { describe, expect, it } from 'vitest';
import { tracks } from '../src/db/schema.js';
import { describeEachDatabase } from './helpers/db.js';
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

describeEachDatabase('logged database errors', (use) => {
  it('keep the statement and the SQLSTATE but never the values (user text)', async () => {
    const { log, text } = capture();
    const row = {
      guildId: '900000000000000001',
      name: 'my secret project name',
      normalizedName: 'my secret project name',
      createdBy: '100000000000000001',
    };
    await use().db.insert(tracks).values(row);
    const err = await use()
      .db.insert(tracks)
      .values(row)
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(err).toBeInstanceOf(Error);
    log.error({ err }, 'handler failed');
    const out = text();
    expect(out).not.toContain('secret project');
    expect(out).toContain('insert into \\"tracks\\"');
    expect(out).toContain('23505');
    expect(out).toContain('params: [not logged]');
  });
});
