// A TCP proxy between the app and PostgreSQL, to simulate a database that restarts or crawls without
// touching the real server (other test files use it at the same time).
//   cut()      drops every open connection after a short freeze (see below)
//   refuse()   stops listening: new connections get ECONNREFUSED, as from a server that is down
//   accept()   listens again on the same port
//   latencyMs  delays every chunk in both directions (an artificially slow database)
import net from 'node:net';

export interface TcpProxy {
  port: number;
  /** `url` with its host and port replaced by the proxy's. */
  proxied(url: string): string;
  latencyMs: number;
  /** How many client connections were accepted so far. */
  readonly accepted: number;
  cut(): Promise<void>;
  refuse(): Promise<void>;
  accept(): Promise<void>;
  close(): Promise<void>;
}

interface Pair {
  client: net.Socket;
  upstream: net.Socket;
  frozen: boolean;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const pairs = new Set<Pair>();
  let accepted = 0;
  let server: net.Server | undefined;
  let port = 0;
  const proxy: TcpProxy = {
    port: 0,
    latencyMs: 0,
    get accepted() {
      return accepted;
    },
    proxied(url) {
      const u = new URL(url);
      u.hostname = '127.0.0.1';
      u.port = String(port);
      return u.toString();
    },
    /**
     * Drops every connection, as a database restart does. First it stops forwarding what clients send and
     * waits for replies already on their way, then closes: a statement is then either answered or never ran,
     * so the test knows exactly what the database holds (a real crash can also lose a reply to a commit;
     * no client can tell that case apart, so a test could not either).
     */
    async cut() {
      for (const p of pairs) p.frozen = true;
      await sleep(400 + proxy.latencyMs * 2);
      for (const p of pairs) {
        p.client.destroy();
        p.upstream.destroy();
      }
      pairs.clear();
    },
    async refuse() {
      const s = server;
      server = undefined;
      if (s) await new Promise<void>((r) => s.close(() => r()));
    },
    async accept() {
      if (server) return;
      server = listen();
      await new Promise<void>((resolve, reject) => {
        server!.once('error', reject);
        server!.listen(port, '127.0.0.1', () => {
          server!.off('error', reject);
          resolve();
        });
      });
      port = (server.address() as net.AddressInfo).port;
      proxy.port = port;
    },
    async close() {
      await proxy.refuse();
      for (const p of pairs) {
        p.client.destroy();
        p.upstream.destroy();
      }
      pairs.clear();
    },
  };

  function forward(from: net.Socket, to: net.Socket, pair: Pair, direction: 'up' | 'down') {
    // Chunks keep their order; each is delivered latencyMs after it arrived.
    let chain = Promise.resolve();
    from.on('data', (chunk: Buffer) => {
      if (pair.frozen && direction === 'up') return; // what clients send during a cut never reaches the server
      const due = Date.now() + proxy.latencyMs;
      chain = chain.then(async () => {
        const wait = due - Date.now();
        if (wait > 0) await sleep(wait);
        if (!to.destroyed) to.write(chunk);
      });
    });
  }

  function listen(): net.Server {
    return net.createServer((client) => {
      accepted++;
      const upstream = net.connect(target.port, target.host);
      const pair: Pair = { client, upstream, frozen: false };
      pairs.add(pair);
      const drop = () => {
        client.destroy();
        upstream.destroy();
        pairs.delete(pair);
      };
      client.on('error', drop).on('close', drop);
      upstream.on('error', drop).on('close', drop);
      forward(client, upstream, pair, 'up');
      forward(upstream, client, pair, 'down');
    });
  }

  await proxy.accept();
  return proxy;
}
