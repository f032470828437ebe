// The HTTP interactions endpoint over a real socket: signature first, then the real router and database.
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import http from 'node:http';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { InteractionType, type APIInteraction } from 'discord-api-types/v10';
import { commandDefinitions } from '../src/commands/index.js';
import type { CommandModule } from '../src/commands/types.js';
import { fixedClock, type AppContext } from '../src/context.js';
import type { Database } from '../src/db/client.js';
import { members } from '../src/db/schema.js';
import { startHttpServer, type HttpServerHandle, type HttpServerOptions } from '../src/discord/http.js';
import { chatInputInteraction, parseCommandLine, type Actor } from '../src/discord/payloads.js';
import { DiscordPort, RecordingRestCaller } from '../src/discord/port.js';
import { Router } from '../src/discord/router.js';
import { verifyDiscordSignature } from '../src/discord/signature.js';
import { createLogger } from '../src/logger.js';
import { HANDLER_BUCKETS, Metrics } from '../src/metrics.js';
import { openPgliteClone } from './helpers/db.js';
import { ALICE, createHarness, GUILD, type Harness } from './helpers/harness.js';

function keyPair() {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  // The raw 32-byte key is the tail of the SPKI DER, which is what the Developer Portal shows (in hex).
  const hex = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex');
  return { hex, privateKey };
}

const discord = keyPair();
const stranger = keyPair();
/** The server's clock (ms); requests are signed relative to it. */
const NOW_MS = Date.parse('2026-12-01T12:00:00Z');
const NOW_S = Math.floor(NOW_MS / 1000);
const log = createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

function signatureHeaders(
  body: string | Buffer,
  opts: { key?: KeyObject; timestamp?: number } = {},
): Record<string, string> {
  const timestamp = String(opts.timestamp ?? NOW_S);
  const signature = sign(
    null,
    Buffer.concat([Buffer.from(timestamp), Buffer.from(body)]),
    opts.key ?? discord.privateKey,
  ).toString('hex');
  return { 'x-signature-ed25519': signature, 'x-signature-timestamp': timestamp, 'content-type': 'application/json' };
}

function post(url: string, body: string | Buffer, headers: Record<string, string>, path = '/interactions') {
  return fetch(url + path, { method: 'POST', body, headers });
}

function signedPost(url: string, payload: unknown, opts: { key?: KeyObject; timestamp?: number; path?: string } = {}) {
  const body = JSON.stringify(payload);
  return post(url, body, signatureHeaders(body, opts), opts.path);
}

const PING = {
  type: InteractionType.Ping,
  id: '1200000000000000001',
  application_id: '1000000000000000001',
  token: 'ping-token',
  version: 1,
};

async function serve(
  router: Router,
  over: Partial<HttpServerOptions> = {},
): Promise<HttpServerHandle & { metrics: Metrics }> {
  const metrics = over.metrics ?? new Metrics();
  const handle = await startHttpServer({
    router,
    publicKey: discord.hex,
    port: 0,
    host: '127.0.0.1',
    log,
    ping: async () => {},
    metrics,
    clock: () => NOW_MS,
    ...over,
  });
  onTestFinished(() => handle.close());
  return { ...handle, metrics };
}

/** `name{b="2",a="1"}` → `name{a="1",b="2"}`: Prometheus does not order labels, so neither do these tests. */
function canonical(sample: string): string {
  const brace = sample.indexOf('{');
  if (brace < 0) return sample;
  const pairs = [...sample.slice(brace).matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => `${m[1]}="${m[2]}"`);
  return `${sample.slice(0, brace)}{${pairs.sort().join(',')}}`;
}

class Samples extends Map<string, number> {
  override get(sample: string): number | undefined {
    return super.get(canonical(sample));
  }
}

function parseSamples(text: string): Samples {
  const out = new Samples();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^(\S+?(?:\{[^}]*\})?) (\S+)$/.exec(line);
    expect(m, `malformed sample line: ${line}`).not.toBeNull();
    out.set(canonical(m![1]!), m![2] === '+Inf' ? Infinity : Number(m![2]));
  }
  return out;
}

describe('verifyDiscordSignature', () => {
  const body = '{"type":1}';
  const h = signatureHeaders(body);
  const sig = h['x-signature-ed25519']!;

  it('accepts a valid signature inside the window, and refuses it just outside either way', () => {
    expect(verifyDiscordSignature(discord.hex, sig, String(NOW_S), body, NOW_MS)).toBe(true);
    expect(
      verifyDiscordSignature(discord.hex.toUpperCase(), sig.toUpperCase(), String(NOW_S), Buffer.from(body), NOW_MS),
    ).toBe(true);
    expect(verifyDiscordSignature(discord.hex, sig, String(NOW_S), body, NOW_MS + 300_000)).toBe(true);
    expect(verifyDiscordSignature(discord.hex, sig, String(NOW_S), body, NOW_MS + 301_000)).toBe(false);
    expect(verifyDiscordSignature(discord.hex, sig, String(NOW_S), body, NOW_MS - 301_000)).toBe(false);
    expect(verifyDiscordSignature(discord.hex, sig, String(NOW_S), body, NOW_MS + 3_600_000, 7200)).toBe(true);
  });

  it.each([
    ['another key', stranger.hex, sig, String(NOW_S), body],
    ['a changed body', discord.hex, sig, String(NOW_S), '{"type":2}'],
    ['a changed timestamp', discord.hex, sig, String(NOW_S + 1), body],
    ['a missing signature', discord.hex, undefined, String(NOW_S), body],
    ['a missing timestamp', discord.hex, sig, undefined, body],
    ['a short signature', discord.hex, sig.slice(0, 126), String(NOW_S), body],
    ['a non-hex signature', discord.hex, 'z'.repeat(128), String(NOW_S), body],
    ['a non-numeric timestamp', discord.hex, sig, `${NOW_S}x`, body],
    ['a malformed key', 'not-a-key', sig, String(NOW_S), body],
    ['a short key', discord.hex.slice(2), sig, String(NOW_S), body],
    ['an all-zero key', '0'.repeat(64), sig, String(NOW_S), body],
  ])('refuses %s', (_what, key, s, ts, b) => {
    expect(verifyDiscordSignature(key, s, ts, b, NOW_MS)).toBe(false);
  });
});

describe('Metrics', () => {
  it('renders counters and a cumulative histogram in the text format, escaping label values', async () => {
    const m = new Metrics({ processMetrics: false });
    m.recordInteraction('command', 'ok', 0.003);
    m.recordInteraction('command', 'ok', 0.2);
    m.recordInteraction('command', 'error', 20);
    m.recordDigestRun('posted');
    m.recordDigestRun('we"ird\\\n');
    const text = await m.render();
    expect(text).toMatch(/^# TYPE nexus_interactions_total counter$/m);
    expect(text).toMatch(/^# TYPE nexus_handler_seconds histogram$/m);
    expect(text).toMatch(/^# TYPE nexus_digest_runs_total counter$/m);
    const s = parseSamples(text);
    expect(s.get('nexus_interactions_total{type="command",outcome="ok"}')).toBe(2);
    expect(s.get('nexus_interactions_total{type="command",outcome="error"}')).toBe(1);
    expect(s.get('nexus_handler_seconds_bucket{type="command",le="0.005"}')).toBe(1);
    expect(s.get('nexus_handler_seconds_bucket{type="command",le="0.1"}')).toBe(1);
    expect(s.get('nexus_handler_seconds_bucket{type="command",le="0.25"}')).toBe(2);
    expect(s.get('nexus_handler_seconds_bucket{type="command",le="10"}')).toBe(2);
    expect(s.get('nexus_handler_seconds_bucket{type="command",le="+Inf"}')).toBe(3);
    expect(s.get('nexus_handler_seconds_count{type="command"}')).toBe(3);
    expect(s.get('nexus_handler_seconds_sum{type="command"}')).toBeCloseTo(20.203, 6);
    expect(s.get('nexus_digest_runs_total{status="posted"}')).toBe(1);
    expect(text).toContain('nexus_digest_runs_total{status="we\\"ird\\\\\\n"} 1');
    expect(text.endsWith('\n')).toBe(true);
  });

  it("keeps each instance's counters to itself", async () => {
    const a = new Metrics({ processMetrics: false });
    const b = new Metrics({ processMetrics: false });
    a.recordHttpRequest('interactions', 200);
    expect(parseSamples(await a.render()).get('nexus_http_requests_total{route="interactions",status="200"}')).toBe(1);
    expect(parseSamples(await b.render()).get('nexus_http_requests_total{route="interactions",status="200"}')).toBe(
      undefined,
    );
    expect(await a.render()).not.toMatch(/^nodejs_/m);
  });
});

describe('HTTP interactions endpoint (real router, PGlite)', () => {
  let database: Database;
  let h: Harness;

  beforeAll(async () => {
    database = await openPgliteClone();
    h = await createHarness(database);
  });
  afterAll(async () => {
    await database?.close();
  });

  it('answers a signed PING with PONG (on /interactions and on /)', async () => {
    const s = await serve(h.app.router);
    const r = await signedPost(s.url, PING);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await r.json()).toEqual({ type: 1 });
    const root = await signedPost(s.url, PING, { path: '/' });
    expect(await root.json()).toEqual({ type: 1 });
  });

  it('refuses a tampered body with 401 and never calls the router', async () => {
    const s = await serve(h.app.router);
    const spy = vi.spyOn(h.app.router, 'handle');
    onTestFinished(() => spy.mockRestore());
    const body = JSON.stringify(PING);
    const headers = signatureHeaders(body);
    const tampered = body.replace('"type":1', '"type":2');
    expect(tampered).not.toBe(body);
    const r = await post(s.url, tampered, headers);
    expect(r.status).toBe(401);
    expect(spy).not.toHaveBeenCalled();
    // The same request, untampered, does reach it (the spy works).
    expect((await post(s.url, body, headers)).status).toBe(200);
    expect(spy).toHaveBeenCalledTimes(1);
  });

  it.each([
    ['signed by another key', () => signatureHeaders(JSON.stringify(PING), { key: stranger.privateKey })],
    ['without the signature headers', () => ({ 'content-type': 'application/json' })],
    [
      'without the timestamp header',
      () => ({ 'x-signature-ed25519': signatureHeaders(JSON.stringify(PING))['x-signature-ed25519']! }),
    ],
    ['with a 6-minute-old timestamp', () => signatureHeaders(JSON.stringify(PING), { timestamp: NOW_S - 360 })],
    [
      'with a timestamp 6 minutes in the future',
      () => signatureHeaders(JSON.stringify(PING), { timestamp: NOW_S + 360 }),
    ],
    ['with a garbage signature', () => ({ ...signatureHeaders(JSON.stringify(PING)), 'x-signature-ed25519': 'abc' })],
  ])('refuses a request %s with 401', async (_what, headers) => {
    const s = await serve(h.app.router);
    const spy = vi.spyOn(h.app.router, 'handle');
    onTestFinished(() => spy.mockRestore());
    const r = await post(s.url, JSON.stringify(PING), headers());
    expect(r.status).toBe(401);
    expect(spy).not.toHaveBeenCalled();
  });

  it('runs a signed /profile set and stores the row', async () => {
    const s = await serve(h.app.router);
    const parsed = parseCommandLine('/profile set role:backend', commandDefinitions());
    const interaction = chatInputInteraction(h.actor(), parsed.name, parsed.options, parsed.resolved);
    const r = await signedPost(s.url, interaction);
    expect(r.status).toBe(200);
    const body = (await r.json()) as {
      type: number;
      data: { content?: string; flags?: number; allowed_mentions?: unknown };
    };
    expect(body.type).toBe(4);
    expect(body.data.flags).toBe(64);
    expect(body.data.allowed_mentions).toEqual({ parse: [] });
    expect(JSON.stringify(body.data)).toMatch(/Profile (created|updated)/);
    const [row] = await database.db.select().from(members).where(eq(members.userId, ALICE));
    expect(row).toMatchObject({ guildId: GUILD, role: 'backend' });
  });

  it('runs a signed /nexus help', async () => {
    const s = await serve(h.app.router);
    const parsed = parseCommandLine('/nexus help', commandDefinitions());
    const r = await signedPost(s.url, chatInputInteraction(h.actor(), parsed.name, parsed.options));
    expect(r.status).toBe(200);
    const body = (await r.json()) as { type: number; data: unknown };
    expect(body.type).toBe(4);
    expect(JSON.stringify(body.data)).toContain('/profile set');
  });

  it('answers 400 to a validly signed body that is not an interaction', async () => {
    const s = await serve(h.app.router);
    for (const body of ['{not json', '[1,2]', '{"type":"1"}']) {
      const r = await post(s.url, body, signatureHeaders(body));
      expect(r.status, body).toBe(400);
    }
  });

  it('reports health: 200 when the database answers, 503 when it does not', async () => {
    let down = false;
    const s = await serve(h.app.router, {
      ping: async () => {
        if (down) throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
        await database.ping();
      },
    });
    const ok = await fetch(s.url + '/healthz');
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ status: 'ok' });
    down = true;
    const bad = await fetch(s.url + '/healthz');
    expect(bad.status).toBe(503);
    expect(((await bad.json()) as { status: string }).status).not.toBe('ok');
  });

  it('exposes interaction counters and a well-formed latency histogram on /metrics', async () => {
    const s = await serve(h.app.router);
    await signedPost(s.url, PING);
    await signedPost(s.url, PING);
    const help = parseCommandLine('/nexus help', commandDefinitions());
    await signedPost(s.url, chatInputInteraction(h.actor(), help.name, help.options));
    await post(s.url, JSON.stringify(PING), signatureHeaders(JSON.stringify(PING), { key: stranger.privateKey }));
    const r = await fetch(s.url + '/metrics');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await r.text();
    const samples = parseSamples(text);
    expect(samples.get('nexus_interactions_total{type="ping",outcome="ok"}')).toBe(2);
    expect(samples.get('nexus_interactions_total{type="command",outcome="ok"}')).toBe(1);
    expect(samples.get('nexus_http_requests_total{route="interactions",status="401"}')).toBe(1);
    expect(text).toMatch(/^# TYPE nexus_digest_runs_total counter$/m);
    // prom-client's process metrics beside ours: event-loop lag, heap, GC.
    expect(samples.get('nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
    expect(samples.get('nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
    expect(text).toMatch(/^# TYPE nodejs_gc_duration_seconds histogram$/m);
    for (const type of ['ping', 'command']) {
      const buckets = [...HANDLER_BUCKETS.map(String), '+Inf'].map((le) =>
        samples.get(`nexus_handler_seconds_bucket{type="${type}",le="${le}"}`),
      );
      expect(buckets.every((b) => typeof b === 'number')).toBe(true);
      for (let i = 1; i < buckets.length; i++) expect(buckets[i]!).toBeGreaterThanOrEqual(buckets[i - 1]!);
      const count = samples.get(`nexus_handler_seconds_count{type="${type}"}`);
      expect(buckets.at(-1)).toBe(count);
      expect(count).toBe(type === 'ping' ? 2 : 1);
      expect(samples.get(`nexus_handler_seconds_sum{type="${type}"}`)).toBeGreaterThanOrEqual(0);
    }
  });

  it('answers 404 to unknown paths and 405 to wrong methods', async () => {
    const s = await serve(h.app.router);
    expect((await fetch(s.url + '/nope')).status).toBe(404);
    expect((await fetch(s.url + '/interactions/extra', { method: 'POST', body: '{}' })).status).toBe(404);
    const get = await fetch(s.url + '/interactions');
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    expect((await fetch(s.url + '/healthz', { method: 'POST', body: '' })).status).toBe(405);
    expect((await fetch(s.url + '/metrics', { method: 'DELETE' })).status).toBe(405);
  });

  it('refuses an oversized body with 413 without calling the router', async () => {
    const s = await serve(h.app.router, { maxBodyBytes: 64 * 1024 });
    const spy = vi.spyOn(h.app.router, 'handle');
    onTestFinished(() => spy.mockRestore());
    const body = JSON.stringify({ ...PING, padding: 'x'.repeat(200 * 1024) });
    const r = await post(s.url, body, signatureHeaders(body));
    expect(r.status).toBe(413);
    expect(spy).not.toHaveBeenCalled();
    // A chunked upload (no Content-Length) is cut off too.
    const chunked = await rawRequest(s.port, body, signatureHeaders(body));
    expect(chunked).toBe(413);
    // The server still serves afterwards.
    expect((await signedPost(s.url, PING)).status).toBe(200);
  });
});

/** POSTs with Transfer-Encoding: chunked (fetch always sends a length for a string body). */
function rawRequest(port: number, body: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: '/interactions', method: 'POST', headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    for (let i = 0; i < body.length; i += 16 * 1024) req.write(body.slice(i, i + 16 * 1024));
    req.end();
  });
}

describe('HTTP interactions endpoint: files, deadline and shutdown (custom registry)', () => {
  const actor: Actor = {
    guildId: GUILD,
    channelId: '800000000000000001',
    userId: ALICE,
    name: 'alice',
    moderator: false,
  };
  let database: Awaited<ReturnType<typeof openPgliteClone>>;
  beforeAll(async () => {
    database = await openPgliteClone();
  });
  afterAll(async () => {
    await database.close();
  });

  function gate() {
    let open!: () => void;
    const opened = new Promise<void>((r) => (open = r));
    return { open, opened };
  }

  function setup(deadlineMs: number) {
    const recorder = new RecordingRestCaller();
    const ctx: AppContext = {
      db: database.db, // the router records interaction ids; these handlers never touch the database
      dbKind: 'pglite',
      log,
      clock: fixedClock(new Date(NOW_MS)),
      discord: new DiscordPort(recorder),
      applicationId: '1000000000000000001',
    };
    const started = gate();
    const release = gate();
    const slow: CommandModule = {
      data: { name: 'slow', description: 'waits until the test releases it' },
      async execute() {
        started.open();
        await release.opened;
        return { content: 'finally done' };
      },
    };
    const file: CommandModule = {
      data: { name: 'file', description: 'replies with two files' },
      async execute() {
        return {
          content: 'here are your files',
          files: [
            { name: 'README.md', data: '# Hello\r\n\r\n--not-a-boundary--\n', contentType: 'text/markdown' },
            { name: 'blob.bin', data: Buffer.from([0, 1, 2, 255]) },
          ],
        };
      },
    };
    const router = new Router(
      {
        commands: new Map([
          ['slow', slow],
          ['file', file],
        ]),
        components: [],
        modals: [],
      },
      ctx,
      { deadlineMs },
    );
    return { router, recorder, started, release };
  }

  const slash = (name: string) => chatInputInteraction(actor, name, [] as never) as APIInteraction;

  it('answers with multipart/form-data (payload_json + files[i]) when the reply has files', async () => {
    const { router } = setup(60_000);
    const s = await serve(router);
    const r = await signedPost(s.url, slash('file'));
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^multipart\/form-data; boundary=/);
    const form = await r.formData();
    const payload = JSON.parse(form.get('payload_json') as string);
    expect(payload).toMatchObject({
      type: 4,
      data: {
        content: 'here are your files',
        allowed_mentions: { parse: [] },
        attachments: [
          { id: '0', filename: 'README.md' },
          { id: '1', filename: 'blob.bin' },
        ],
      },
    });
    const readme = form.get('files[0]') as File;
    expect(readme.name).toBe('README.md');
    expect(await readme.text()).toBe('# Hello\r\n\r\n--not-a-boundary--\n');
    const blob = form.get('files[1]') as File;
    expect(blob.name).toBe('blob.bin');
    expect([...new Uint8Array(await blob.arrayBuffer())]).toEqual([0, 1, 2, 255]);
  });

  it('close() waits for an in-flight slow request, then refuses new connections', async () => {
    const { router, started, release } = setup(60_000);
    const s = await serve(router);
    const pending = signedPost(s.url, slash('slow'));
    await started.opened;
    let closed = false;
    const closing = s.close().then(() => (closed = true));
    await new Promise((r) => setTimeout(r, 150));
    expect(closed).toBe(false);
    release.open();
    const r = await pending;
    expect(r.status).toBe(200);
    expect(((await r.json()) as { data: { content: string } }).data.content).toBe('finally done');
    await closing;
    expect(closed).toBe(true);
    await expect(signedPost(s.url, PING)).rejects.toThrow();
  });

  it('defers a handler slower than the deadline, finishes it in the background, and close() waits for that too', async () => {
    const { router, recorder, started, release } = setup(50);
    const s = await serve(router);
    const r = await signedPost(s.url, slash('slow'));
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ type: 5, data: { flags: 64 } });
    await started.opened;
    expect(recorder.calls).toHaveLength(0);
    let closed = false;
    const closing = s.close().then(() => (closed = true));
    await new Promise((res) => setTimeout(res, 150));
    expect(closed).toBe(false);
    release.open();
    await closing;
    const edit = recorder.take();
    expect(edit).toHaveLength(1);
    expect(edit[0]).toMatchObject({ method: 'PATCH', body: { content: 'finally done' } });
    expect(edit[0]!.path).toMatch(/\/webhooks\/1000000000000000001\/.+\/messages\/(@|%40)original$/);
    const text = await s.metrics.render();
    expect(text).toContain('nexus_interactions_total{type="command",outcome="deferred"} 1');
  });
});
