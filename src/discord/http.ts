// HTTP transport: Discord's interactions endpoint (POST /interactions), plus /healthz and /metrics.
// Stateless: every request is verified, routed and answered on its own, and all state lives in the
// database, so any number of replicas can run behind a load balancer. The signature is checked before
// anything else touches the request.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIInteraction, APIInteractionResponse } from 'discord-api-types/v10';
import type { ReplyFile } from '../commands/types.js';
import { attachmentsOf } from './attachments.js';
import { beforeDeadline } from './deadline.js';
import { interactionTypeLabel } from './invocation.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { HandledInteraction, Router } from './router.js';
import { verifyDiscordSignature } from './signature.js';

export interface HttpServerOptions {
  router: Router;
  /** DISCORD_PUBLIC_KEY: the application's Ed25519 public key, 64 hex characters. */
  publicKey: string;
  /** 0 picks a free port (tests). */
  port: number;
  /** Default 0.0.0.0 (all interfaces), as a container behind a load balancer needs. */
  host?: string;
  log: Logger;
  /** Throws when the database is unreachable (Database.ping). */
  ping: () => Promise<void>;
  metrics: Metrics;
  /** Milliseconds since the epoch, for the signature's timestamp window. */
  clock?: () => number;
  /** Larger request bodies get 413. Default 1 MiB (Discord's interaction payloads are a few KB). */
  maxBodyBytes?: number;
}

export interface HttpServerHandle {
  url: string;
  port: number;
  /** Stops accepting requests, waits for in-flight ones (and their deferred replies), then resolves. */
  close(): Promise<void>;
}

const DEFAULT_MAX_BODY = 1024 * 1024;
const HEALTH_TIMEOUT_MS = 3000;

/** The metrics label for an interaction type: ping | command | autocomplete | component | modal | other. */

type Route = 'interactions' | 'healthz' | 'metrics';

const ROUTES: Record<string, { route: Route; methods: string[] }> = {
  '/interactions': { route: 'interactions', methods: ['POST'] },
  '/': { route: 'interactions', methods: ['POST'] },
  '/healthz': { route: 'healthz', methods: ['GET', 'HEAD'] },
  '/metrics': { route: 'metrics', methods: ['GET', 'HEAD'] },
};

class BodyTooLarge extends Error {}

function header(req: http.IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(header(req, 'content-length'));
    if (Number.isFinite(declared) && declared > limit) {
      reject(new BodyTooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        cleanup();
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(c);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (err: Error) => {
      cleanup();
      reject(err);
    };
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('aborted', onAborted);
    };
    const onAborted = () => onError(new Error('request aborted'));
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('aborted', onAborted);
  });
}

function quoteFilename(name: string): string {
  // As browsers encode form-data filenames: no raw quotes or line breaks inside the quoted string.
  return name.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** The interaction response as multipart/form-data: payload_json + files[i], as Discord accepts it. */
export function multipartResponse(
  response: APIInteractionResponse,
  files: ReplyFile[],
): { body: Buffer; contentType: string } {
  let payload: APIInteractionResponse = response;
  if ((response.type === 4 || response.type === 7) && response.data && !response.data.attachments) {
    payload = {
      ...response,
      data: { ...response.data, attachments: attachmentsOf(files) },
    };
  }
  const boundary = `nexus-${randomBytes(16).toString('hex')}`;
  const parts: Buffer[] = [
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="payload_json"\r\nContent-Type: application/json\r\n\r\n${JSON.stringify(payload)}\r\n`,
    ),
  ];
  files.forEach((f, i) => {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="files[${i}]"; filename="${quoteFilename(f.name)}"\r\n` +
          `Content-Type: ${f.contentType ?? 'application/octet-stream'}\r\n\r\n`,
      ),
      typeof f.data === 'string' ? Buffer.from(f.data, 'utf8') : f.data,
      Buffer.from('\r\n'),
    );
  });
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

export async function startHttpServer(opts: HttpServerOptions): Promise<HttpServerHandle> {
  const log = opts.log.child({ module: 'http' });
  const clock = opts.clock ?? Date.now;
  const maxBody = opts.maxBodyBytes ?? DEFAULT_MAX_BODY;
  const inFlight = new Set<Promise<unknown>>();
  let closing = false;

  const track = <T>(p: Promise<T>): Promise<T> => {
    const tracked = p.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
    // The caller handles the result; this copy only keeps close() waiting.
    tracked.catch(() => {});
    return tracked;
  };

  const send = (
    res: http.ServerResponse,
    route: string,
    status: number,
    body: string | Buffer,
    contentType: string,
    extra: http.OutgoingHttpHeaders = {},
  ) => {
    opts.metrics.recordHttpRequest(route, status);
    if (res.headersSent || res.destroyed) return;
    const buf = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    res.writeHead(status, {
      'content-type': contentType,
      'content-length': buf.length,
      ...(closing ? { connection: 'close' } : {}),
      ...extra,
    });
    res.end(buf);
  };
  const sendJson = (
    res: http.ServerResponse,
    route: string,
    status: number,
    value: unknown,
    extra: http.OutgoingHttpHeaders = {},
  ) => send(res, route, status, JSON.stringify(value), 'application/json', extra);

  async function interactions(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const signature = header(req, 'x-signature-ed25519');
    const timestamp = header(req, 'x-signature-timestamp');
    if (!signature || !timestamp) {
      req.resume();
      sendJson(res, 'interactions', 401, { error: 'invalid request signature' });
      return;
    }
    let raw: Buffer;
    try {
      raw = await readBody(req, maxBody);
    } catch (err) {
      if (err instanceof BodyTooLarge) {
        // Answer now and drop the connection: the rest of the body is not worth reading.
        sendJson(
          res,
          'interactions',
          413,
          { error: `request body larger than ${maxBody} bytes` },
          { connection: 'close' },
        );
        req.resume();
        return;
      }
      log.debug({ err }, 'request body could not be read');
      res.destroy();
      return;
    }
    if (!verifyDiscordSignature(opts.publicKey, signature, timestamp, raw, clock())) {
      sendJson(res, 'interactions', 401, { error: 'invalid request signature' });
      return;
    }
    let interaction: APIInteraction;
    try {
      const parsed: unknown = JSON.parse(raw.toString('utf8'));
      if (!parsed || typeof parsed !== 'object' || typeof (parsed as { type?: unknown }).type !== 'number')
        throw new Error('not an interaction');
      interaction = parsed as APIInteraction;
    } catch {
      sendJson(res, 'interactions', 400, { error: 'body is not an interaction (JSON object with a numeric type)' });
      return;
    }

    const type = interactionTypeLabel(interaction.type);
    const started = performance.now();
    let handled: HandledInteraction;
    try {
      handled = await opts.router.handle(interaction);
    } catch (err) {
      log.error({ err, interactionId: interaction.id, type }, 'router failed on an interaction');
      opts.metrics.recordInteraction(type, 'error', (performance.now() - started) / 1000);
      sendJson(res, 'interactions', 500, { error: 'internal error' });
      return;
    }

    if (handled.files.length) {
      const { body, contentType } = multipartResponse(handled.response, handled.files);
      send(res, 'interactions', 200, body, contentType);
    } else {
      sendJson(res, 'interactions', 200, handled.response);
    }

    if (!handled.later) {
      opts.metrics.recordInteraction(type, handled.outcome, (performance.now() - started) / 1000);
      return;
    }
    // Deferred: Discord already has "thinking…"; the router edits the real reply in when it is ready.
    // This request stays in flight until then, so close() waits for it.
    let outcome = 'deferred';
    try {
      await handled.later;
    } catch {
      outcome = 'error'; // the router already logged why
    }
    opts.metrics.recordInteraction(type, outcome, (performance.now() - started) / 1000);
  }

  async function healthz(res: http.ServerResponse): Promise<void> {
    try {
      if ((await beforeDeadline(opts.ping(), performance.now() + HEALTH_TIMEOUT_MS)) === 'deadline')
        throw new Error(`database did not answer within ${HEALTH_TIMEOUT_MS} ms`);
      sendJson(res, 'healthz', 200, { status: 'ok' }, { 'cache-control': 'no-store' });
    } catch (err) {
      log.warn({ err }, 'health check failed: database unreachable');
      sendJson(
        res,
        'healthz',
        503,
        { status: 'unavailable', reason: 'database unreachable' },
        { 'cache-control': 'no-store' },
      );
    }
  }

  async function handleRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0]!;
    const method = req.method ?? 'GET';
    const entry = ROUTES[path];
    if (closing) {
      req.resume();
      sendJson(res, entry?.route ?? 'other', 503, { error: 'shutting down' }, { connection: 'close' });
      return;
    }
    if (!entry) {
      req.resume();
      sendJson(res, 'other', 404, { error: 'not found' });
      return;
    }
    if (!entry.methods.includes(method)) {
      req.resume();
      sendJson(res, entry.route, 405, { error: 'method not allowed' }, { allow: entry.methods.join(', ') });
      return;
    }
    switch (entry.route) {
      case 'interactions':
        return interactions(req, res);
      case 'healthz':
        req.resume();
        return healthz(res);
      case 'metrics':
        req.resume();
        return send(res, 'metrics', 200, await opts.metrics.render(), opts.metrics.contentType);
    }
  }

  const server = http.createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
    void track(
      handleRequest(req, res).catch((err) => {
        log.error({ err, url: req.url }, 'request failed');
        if (!res.headersSent) sendJson(res, 'other', 500, { error: 'internal error' });
        else res.destroy();
      }),
    );
  });
  // Load balancers keep connections open longer than node's 5 s default; headers must outlast that.
  server.headersTimeout = 66_000;
  server.requestTimeout = 30_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host ?? '0.0.0.0', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost =
    !opts.host || opts.host === '0.0.0.0' || opts.host === '::'
      ? '127.0.0.1'
      : opts.host.includes(':')
        ? `[${opts.host}]`
        : opts.host;
  const url = `http://${shownHost}:${address.port}`;
  log.info({ url, port: address.port }, 'HTTP interactions endpoint listening');

  let closed: Promise<void> | undefined;
  const close = () =>
    (closed ??= (async () => {
      closing = true;
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      while (inFlight.size) await Promise.allSettled([...inFlight]);
      // Every response has been sent: nothing left worth keeping a connection open for.
      server.closeIdleConnections();
      const straggler = setTimeout(() => server.closeAllConnections(), 1000);
      await stopped;
      clearTimeout(straggler);
      log.info('HTTP interactions endpoint stopped');
    })());

  return { url, port: address.port, close };
}
