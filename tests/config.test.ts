import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, missingDiscordCredentials } from '../src/config.js';

describe('config', () => {
  it('defaults to the embedded database under .nexus', () => {
    const c = loadConfig({});
    expect(c.databaseUrl).toBeUndefined();
    expect(c.dataDir).toBe('.nexus');
    expect(c.logLevel).toBe('info');
    expect(c.transport).toBe('gateway');
  });

  it('treats empty values as unset (as .env.example leaves them)', () => {
    const c = loadConfig({ DISCORD_TOKEN: '', DATABASE_URL: '  ', DISCORD_GUILD_ID: '' });
    expect(c.discordToken).toBeUndefined();
    expect(c.databaseUrl).toBeUndefined();
    expect(c.guildId).toBeUndefined();
  });

  it('names each bad variable and what it expects', () => {
    try {
      loadConfig({ DISCORD_APPLICATION_ID: 'abc', LOG_LEVEL: 'loud', DISCORD_API_BASE: 'not a url', PORT: '99999' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const msg = (err as Error).message;
      expect(msg).toMatch(/DISCORD_APPLICATION_ID: expected a Discord id/);
      expect(msg).toMatch(/LOG_LEVEL/);
      expect(msg).toMatch(/DISCORD_API_BASE: expected an http\(s\) URL/);
      expect(msg).toMatch(/PORT/);
    }
  });

  it('never prints a secret value', () => {
    const token = 'short-secret-token-value';
    const url = 'mysql://user:hunter2@db/x';
    try {
      loadConfig({ DISCORD_TOKEN: token, DATABASE_URL: url });
      expect.unreachable();
    } catch (err) {
      const msg = (err as Error).message;
      expect(msg).toMatch(/DISCORD_TOKEN/);
      expect(msg).toMatch(/DATABASE_URL/);
      expect(msg).not.toContain(token);
      expect(msg).not.toContain('hunter2');
    }
  });

  it('parses a full configuration', () => {
    const c = loadConfig({
      DISCORD_TOKEN: 'x'.repeat(72),
      DISCORD_APPLICATION_ID: '123456789012345678',
      DISCORD_PUBLIC_KEY: 'a'.repeat(64),
      DISCORD_GUILD_ID: '223456789012345678',
      DISCORD_API_BASE: 'http://127.0.0.1:9999/api',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test',
      NEXUS_DATA_DIR: '/tmp/nexus',
      LOG_LEVEL: 'debug',
    });
    expect(c.applicationId).toBe('123456789012345678');
    expect(c.apiBase).toBe('http://127.0.0.1:9999/api');
    expect(missingDiscordCredentials(c)).toEqual([]);
  });

  it('says which credentials are missing and where to find them', () => {
    const missing = missingDiscordCredentials(loadConfig({}));
    expect(missing.join('\n')).toMatch(/DISCORD_TOKEN \(Developer Portal/);
    expect(missing.join('\n')).toMatch(/DISCORD_APPLICATION_ID/);
  });
});
