// Three real bot processes (HTTP transport) behind one PostgreSQL database act as one bot: signed requests
// sent round-robin, as a load balancer would. A repeated interaction is carried out once, the write rate
// limit holds across replicas, the digest is posted once although every replica runs the scheduler, and a
// replica killed mid-burst loses nothing it acknowledged. PostgreSQL only (the embedded database is for one
// process); CI sets TEST_DATABASE_URL.
import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, sign } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandDefinitions } from '../../src/commands/index.js';
import { digestRuns, guildSettings, takeaways } from '../../src/db/schema.js';
import { chatInputInteraction, parseCommandLine } from '../../src/discord/payloads.js';
import { createPostgresDatabase, TEST_DATABASE_URL, type PostgresTestDatabase } from '../helpers/db.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const GUILD = '900000000000000001';
const CHANNEL = '800000000000000001';
const DIGEST_CHANNEL = '800000000000000050';
const APPLICATION_ID = '1000000000000000001';

const { publicKey, privateKey } = generateKeyPairSync('ed25519');
const PUBLIC_KEY = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex');

interface Replica {
  child: ChildProcess;
  url: string;
  exited: Promise<number | null>;
}

/** Discord's REST API as the replicas see it: records posts, knows the one guild. */
function restStandIn() {
  const posts: Array<{ path: string; body: unknown }> = [];
  let seq = 1300000000000000000n;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url!, 'http://x');
      res.setHeader('content-type', 'application/json');
      if (req.method === 'GET' && url.pathname === '/api/v10/users/@me/guilds') {
        res.end(JSON.stringify([{ id: GUILD, name: 'cohort' }]));
        return;
      }
      if (req.method === 'POST' && /^\/api\/v10\/channels\/\d+\/messages$/.test(url.pathname)) {
        const raw = Buffer.concat(chunks).toString('utf8');
        posts.push({ path: url.pathname.slice('/api/v10'.length), body: raw.startsWith('{') ? JSON.parse(raw) : raw });
        seq += 1n;
        res.end(JSON.stringify({ id: seq.toString(), channel_id: url.pathname.split('/')[4] }));
        return;
      }
      res.end(JSON.stringify({ id: '1', user: { id: '1' } }));
    });
  });
  return { server, posts };
}

function startReplica(env: Record<string, string>): Promise<Replica> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/index.ts', 'start', '--http', '--port', '0'], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return new Promise((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => reject(new Error(`replica did not start:\n${buf}`)), 60_000);
    const onData = (d: Buffer) => {
      buf += d.toString('utf8');
      const m = /"url":"(http:\/\/[^"]+)"/.exec(buf);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1]!, exited });
      }
    };
    child.stderr!.on('data', onData);
    child.stdout!.on('data', onData);
    void exited.then((code) => reject(new Error(`replica exited (${code}) before listening:\n${buf}`)));
  });
}

function signed(payload: unknown): { body: string; headers: Record<string, string> } {
  const body = JSON.stringify(payload);
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = sign(null, Buffer.concat([Buffer.from(timestamp), Buffer.from(body)]), privateKey).toString('hex');
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'x-signature-ed25519': signature,
      'x-signature-timestamp': timestamp,
    },
  };
}

async function deliver(r: Replica, payload: unknown): Promise<{ status: number; content: string }> {
  const { body, headers } = signed(payload);
  const res = await fetch(`${r.url}/interactions`, { method: 'POST', body, headers });
  const json = (await res.json().catch(() => ({}))) as { data?: { content?: string } };
  return { status: res.status, content: json.data?.content ?? '' };
}

function takeawayAdd(userId: string, text: string) {
  const p = parseCommandLine(`/takeaway add text:"${text}"`, commandDefinitions());
  return chatInputInteraction(
    { guildId: GUILD, channelId: CHANNEL, userId, name: `u${userId.slice(-3)}`, moderator: false },
    p.name,
    p.options,
  );
}

const learner = (n: number) => (100000000000000100n + BigInt(n)).toString();

describe.skipIf(!TEST_DATABASE_URL)('three HTTP replicas on one PostgreSQL database', () => {
  let db: PostgresTestDatabase;
  let replicas: Replica[] = [];
  const rest = restStandIn();

  beforeAll(async () => {
    db = await createPostgresDatabase();
    await new Promise<void>((r) => rest.server.listen(0, '127.0.0.1', r));
    // A digest due 30 minutes ago (daily, UTC): every replica's scheduler catches it up at start.
    const due = new Date(Date.now() - 30 * 60_000);
    await db.db.insert(guildSettings).values({
      guildId: GUILD,
      digestChannelId: DIGEST_CHANNEL,
      digestCron: `${due.getUTCMinutes()} ${due.getUTCHours()} * * *`,
      timezone: 'UTC',
      // Configured before that period closed (periods closed before are not owed).
      createdAt: new Date(Date.now() - 2 * 86_400_000),
    });
    const env = {
      DATABASE_URL: db.url,
      DISCORD_TOKEN: 'x'.repeat(60),
      DISCORD_APPLICATION_ID: APPLICATION_ID,
      DISCORD_PUBLIC_KEY: PUBLIC_KEY,
      DISCORD_API_BASE: `http://127.0.0.1:${(rest.server.address() as AddressInfo).port}/api`,
      NEXUS_RATE_LIMIT_PER_MINUTE: '20',
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
    };
    replicas = await Promise.all([startReplica(env), startReplica(env), startReplica(env)]);
  }, 120_000);

  afterAll(async () => {
    for (const r of replicas) r.child.kill('SIGKILL');
    await Promise.all(replicas.map((r) => r.exited));
    await new Promise<void>((r) => rest.server.close(() => r()));
    await db?.close();
  });

  it('posts the due digest once although every replica runs the scheduler', async () => {
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline && !rest.posts.some((p) => p.path === `/channels/${DIGEST_CHANNEL}/messages`)) {
      await new Promise((r) => setTimeout(r, 200));
    }
    await new Promise((r) => setTimeout(r, 2000)); // time for a second (wrong) post to show up
    expect(rest.posts.filter((p) => p.path === `/channels/${DIGEST_CHANNEL}/messages`)).toHaveLength(1);
    const runs = await db.db.select().from(digestRuns);
    expect(runs.map((r) => r.status)).toEqual(['posted']);
  }, 30_000);

  it('carries out an interaction delivered to two replicas at once exactly once', async () => {
    const payload = takeawayAdd(learner(1), 'delivered twice');
    const [a, b] = await Promise.all([deliver(replicas[0]!, payload), deliver(replicas[1]!, payload)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const texts = [a.content, b.content];
    expect(texts.filter((t) => /Saved takeaway/.test(t))).toHaveLength(1);
    expect(texts.filter((t) => /already handled/.test(t))).toHaveLength(1);
    expect(
      await db.db
        .select()
        .from(takeaways)
        .where(eq(takeaways.authorId, learner(1))),
    ).toHaveLength(1);
  });

  it('holds the write rate limit across replicas', async () => {
    const who = learner(2);
    const results = await Promise.all(
      Array.from({ length: 26 }, (_, i) => deliver(replicas[i % 3]!, takeawayAdd(who, `burst ${i}`))),
    );
    const saved = results.filter((r) => /Saved takeaway/.test(r.content));
    const limited = results.filter((r) => /Slow down/.test(r.content));
    expect(saved).toHaveLength(20);
    expect(limited).toHaveLength(6);
    expect(await db.db.select().from(takeaways).where(eq(takeaways.authorId, who))).toHaveLength(20);
  });

  it('loses nothing it acknowledged when a replica is killed mid-burst', async () => {
    const sent = Array.from({ length: 45 }, (_, i) => ({ who: learner(100 + i), text: `kept ${i}` }));
    const victim = replicas[2]!;
    const burst = sent.map(async (s, i) => {
      const r = replicas[i % 3]!;
      try {
        return { ...s, reply: await deliver(r, takeawayAdd(s.who, s.text)) };
      } catch {
        return { ...s, reply: undefined }; // the connection died: nothing was acknowledged
      }
    });
    setTimeout(() => victim.child.kill('SIGKILL'), 40);
    const results = await Promise.all(burst);
    await victim.exited;
    const acknowledged = results.filter((r) => r.reply && /Saved takeaway/.test(r.reply.content));
    expect(acknowledged.length).toBeGreaterThan(0);
    const rows = await db.db.select().from(takeaways);
    for (const a of acknowledged) {
      expect(
        rows.filter((t) => t.authorId === a.who && t.text === a.text),
        a.text,
      ).toHaveLength(1);
    }
    // Nothing twice, and nothing from a request that was never sent.
    const texts = rows.filter((t) => t.text.startsWith('kept ')).map((t) => t.text);
    expect(new Set(texts).size).toBe(texts.length);
    for (const t of texts) expect(sent.some((s) => s.text === t)).toBe(true);
    // The two survivors go on answering.
    expect((await deliver(replicas[0]!, takeawayAdd(learner(300), 'after the crash'))).content).toMatch(/Saved/);
    expect((await deliver(replicas[1]!, takeawayAdd(learner(301), 'after the crash'))).content).toMatch(/Saved/);
  }, 60_000);
});
