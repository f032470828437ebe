// The real REST port (@discordjs/rest) against a local server standing in for Discord's API.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiscordPort, DiscordRestCaller } from '../src/discord/port.js';

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

describe('DiscordPort over @discordjs/rest', () => {
  const seen: Seen[] = [];
  let server: http.Server;
  let base: string;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        seen.push({
          method: req.method!,
          url: req.url!,
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        });
        if (req.url?.includes('/members/100000000000000404')) {
          res.statusCode = 404;
          res.setHeader('content-type', 'application/json');
          res.end(JSON.stringify({ message: 'Unknown Member', code: 10007 }));
          return;
        }
        if (req.url?.endsWith('/callback')) {
          res.statusCode = 204;
          res.end();
          return;
        }
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ id: '555555555555555555', channel_id: '800000000000000001' }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('posts messages to /api/v10/channels/:id/messages with the bot token and no pings by default', async () => {
    const port = new DiscordPort(new DiscordRestCaller({ token: 'test-token', apiBase: base }));
    const msg = await port.postMessage('800000000000000001', { content: 'hello @everyone' });
    expect(msg.id).toBe('555555555555555555');
    const req = seen.at(-1)!;
    expect(req.method).toBe('POST');
    expect(req.url).toBe('/api/v10/channels/800000000000000001/messages');
    expect(req.headers.authorization).toBe('Bot test-token');
    expect(JSON.parse(req.body)).toEqual({ content: 'hello @everyone', allowed_mentions: { parse: [] } });
  });

  it('keeps explicit user pings and nothing else', async () => {
    const port = new DiscordPort(new DiscordRestCaller({ token: 'test-token', apiBase: base }));
    await port.postMessage('800000000000000001', {
      content: '<@1>',
      allowed_mentions: { parse: [], users: ['100000000000000001'] },
    });
    expect(JSON.parse(seen.at(-1)!.body).allowed_mentions).toEqual({ parse: [], users: ['100000000000000001'] });
  });

  it('answers interactions without the bot token, uploading files as multipart', async () => {
    const port = new DiscordPort(new DiscordRestCaller({ token: 'test-token', apiBase: base }));
    await port.respond('123', 'interaction-token', { type: 4, data: { content: 'here' } }, [
      { name: 'README.md', data: '# Hi' },
    ]);
    const req = seen.at(-1)!;
    expect(req.url).toBe('/api/v10/interactions/123/interaction-token/callback');
    expect(req.headers.authorization).toBeUndefined();
    expect(req.headers['content-type']).toMatch(/^multipart\/form-data/);
    expect(req.body).toContain('name="payload_json"');
    expect(req.body).toContain('filename="README.md"');
    expect(req.body).toContain('# Hi');
    const payload = JSON.parse(/name="payload_json"\r\n(?:.*\r\n)*?\r\n(.*)\r\n/.exec(req.body)![1]!);
    expect(payload).toEqual({
      type: 4,
      data: { content: 'here', allowed_mentions: { parse: [] }, attachments: [{ id: '0', filename: 'README.md' }] },
    });
  });

  it('asks whether a user is still a member: 200 → true, Unknown Member (404) → false', async () => {
    const port = new DiscordPort(new DiscordRestCaller({ token: 'test-token', apiBase: base }));
    expect(await port.isGuildMember('900000000000000001', '100000000000000001')).toBe(true);
    expect(seen.at(-1)!.url).toBe('/api/v10/guilds/900000000000000001/members/100000000000000001');
    expect(await port.isGuildMember('900000000000000001', '100000000000000404')).toBe(false);
  });
});
