import { describe, expect, it } from 'vitest';
import { fixedClock } from '../src/context.js';
import { MemberCache } from '../src/discord/member-cache.js';

/** A port that counts questions and answers from a table (undefined = Discord could not be asked). */
function fakePort(answers: Record<string, boolean | undefined> = {}) {
  const asked: string[] = [];
  let release: (() => void) | undefined;
  let gate: Promise<void> | undefined;
  return {
    asked,
    hold() {
      gate = new Promise<void>((r) => (release = r));
    },
    release: () => release?.(),
    async isGuildMember(guildId: string, userId: string): Promise<boolean | undefined> {
      asked.push(`${guildId}:${userId}`);
      if (gate) await gate;
      return userId in answers ? answers[userId] : true;
    },
  };
}

const G = '900000000000000001';

describe('MemberCache', () => {
  it('asks Discord once per member within the TTL, again after it', async () => {
    const clock = fixedClock(new Date('2026-12-01T12:00:00Z'));
    const port = fakePort({ gone: false });
    const cache = new MemberCache(port, clock, { ttlMs: 10 * 60_000 });
    expect(await cache.isGuildMember(G, 'a')).toBe(true);
    expect(await cache.isGuildMember(G, 'gone')).toBe(false);
    expect(cache.has(G, 'a')).toBe(true);
    clock.advance(9 * 60_000);
    expect(await cache.isGuildMember(G, 'a')).toBe(true);
    expect(await cache.isGuildMember(G, 'gone')).toBe(false);
    expect(port.asked).toEqual([`${G}:a`, `${G}:gone`]);
    clock.advance(60_000);
    expect(cache.has(G, 'a')).toBe(false);
    expect(await cache.isGuildMember(G, 'a')).toBe(true);
    expect(port.asked).toHaveLength(3);
    // Another guild is another member.
    expect(await cache.isGuildMember('900000000000000002', 'a')).toBe(true);
    expect(port.asked).toHaveLength(4);
  });

  it('does not cache "could not ask": the next call asks again', async () => {
    const port = fakePort({ flaky: undefined });
    const cache = new MemberCache(port, fixedClock(new Date(0)));
    expect(await cache.isGuildMember(G, 'flaky')).toBeUndefined();
    expect(cache.has(G, 'flaky')).toBe(false);
    expect(await cache.isGuildMember(G, 'flaky')).toBeUndefined();
    expect(port.asked).toHaveLength(2);
  });

  it('lets concurrent questions share one request', async () => {
    const port = fakePort();
    port.hold();
    const cache = new MemberCache(port, fixedClock(new Date(0)));
    const answers = Promise.all([1, 2, 3, 4, 5].map(() => cache.isGuildMember(G, 'a')));
    expect(cache.has(G, 'a')).toBe(true);
    port.release();
    expect(await answers).toEqual([true, true, true, true, true]);
    expect(port.asked).toHaveLength(1);
  });

  it('keeps at most maxEntries answers, dropping the oldest', async () => {
    const port = fakePort();
    const cache = new MemberCache(port, fixedClock(new Date(0)), { maxEntries: 3 });
    for (const u of ['a', 'b', 'c', 'd']) await cache.isGuildMember(G, u);
    expect(cache.size).toBe(3);
    expect(cache.has(G, 'a')).toBe(false);
    expect(cache.has(G, 'd')).toBe(true);
    await cache.isGuildMember(G, 'a');
    expect(port.asked).toHaveLength(5);
  });
});
