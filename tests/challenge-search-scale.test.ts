// The bounded search gives the same page with the recent-weeks first pass as without it.
import { expect, it } from 'vitest';
import { challenges } from '../src/db/schema.js';
import {
  PREFIX_PROBE_ROWS,
  RECENT_SEARCH_WINDOW_MS,
  SEARCH_CANDIDATES,
  searchChallenges,
} from '../src/db/queries/challenge-search.js';
import { describeEachDatabase } from './helpers/db.js';
import { ALICE, GUILD } from './helpers/harness.js';

const NOW = new Date('2026-12-01T12:00:00Z');
const DAY = 86_400_000;

describeEachDatabase('challenge search at scale', (use) => {
  it('ranks the newest matches the same way with and without the recent-weeks pass', async () => {
    const db = use().db;
    const rows = Array.from({ length: SEARCH_CANDIDATES + 300 }, (_, i) => ({
      guildId: GUILD,
      authorId: ALICE,
      // The first SEARCH_CANDIDATES + 100: recent (inside the window); the rest: older than the window.
      title: i % 7 === 0 ? `Docker volume problem ${i}` : `Problem ${i}`,
      problem: `docker compose fails ${i}`,
      createdAt: new Date(
        NOW.getTime() - (i < SEARCH_CANDIDATES + 100 ? i * 60_000 : RECENT_SEARCH_WINDOW_MS + i * DAY),
      ),
    }));
    for (let k = 0; k < rows.length; k += 500) await db.insert(challenges).values(rows.slice(k, k + 500));
    const base = { query: 'docker', limit: 5, offset: 0 };
    const windowed = await searchChallenges(db, GUILD, { ...base, now: NOW });
    const full = await searchChallenges(db, GUILD, base);
    expect(windowed.capped).toBe(true);
    expect(windowed.total).toBe(SEARCH_CANDIDATES);
    expect(windowed.rows.map((r) => r.id)).toEqual(full.rows.map((r) => r.id));
    expect(windowed.rows[0]!.title).toMatch(/^Docker volume problem/); // title hits rank first
    // A rare word found only in old entries still turns up (the pass falls back to the whole history).
    await db.insert(challenges).values({
      guildId: GUILD,
      authorId: ALICE,
      title: 'Kafka offsets',
      problem: 'p',
      createdAt: new Date(NOW.getTime() - 400 * DAY),
    });
    const rare = await searchChallenges(db, GUILD, { query: 'kafka', limit: 5, offset: 0, now: NOW });
    expect(rare.rows.map((r) => r.title)).toEqual(['Kafka offsets']);
    expect(rare.capped).toBe(false);
  });

  it('ranks an old match of all the words above recent matches of one, with and without the recent-weeks pass', async () => {
    const db = use().db;
    // More recent "docker" challenges than the candidates, and two old ones tagged docker + postgres.
    const rows = Array.from({ length: SEARCH_CANDIDATES + 100 }, (_, i) => ({
      guildId: GUILD,
      authorId: ALICE,
      title: `Docker build problem ${i}`,
      problem: `layer ${i}`,
      createdAt: new Date(NOW.getTime() - i * 60_000),
    }));
    for (let k = 0; k < rows.length; k += 500) await db.insert(challenges).values(rows.slice(k, k + 500));
    for (const days of [300, 400])
      await db.insert(challenges).values({
        guildId: GUILD,
        authorId: ALICE,
        title: `Cannot reach the database (${days})`,
        problem: 'connection refused',
        tags: ['docker', 'postgresql'],
        createdAt: new Date(NOW.getTime() - days * DAY),
      });
    const base = { query: 'docker postgres', limit: 5, offset: 0 };
    const windowed = await searchChallenges(db, GUILD, { ...base, now: NOW });
    const full = await searchChallenges(db, GUILD, base);
    expect(windowed.rows.map((r) => r.title).slice(0, 3)).toEqual([
      'Cannot reach the database (300)',
      'Cannot reach the database (400)',
      'Docker build problem 0',
    ]);
    expect(windowed.rows.map((r) => r.id)).toEqual(full.rows.map((r) => r.id));
    expect(windowed.capped).toBe(true);
    expect(windowed.total).toBe(SEARCH_CANDIDATES + 2);
    // Past the first page, the order goes on where it stopped.
    const page2 = await searchChallenges(db, GUILD, { ...base, offset: 5, now: NOW });
    expect(page2.rows[0]!.title).toBe('Docker build problem 3');
  });

  it('finds partial words: a frequent prefix among the newest challenges, a rare one anywhere in the history', async () => {
    const db = use().db;
    // Newest first: every 4th of the newest PREFIX_PROBE_ROWS + 500 challenges mentions a Dockerfile.
    const rows = Array.from({ length: PREFIX_PROBE_ROWS + 500 }, (_, i) => ({
      guildId: GUILD,
      authorId: ALICE,
      title: i % 4 === 0 ? `Dockerfile layer cache ${i}` : `Build fails ${i}`,
      problem: `step ${i}`,
      createdAt: new Date(NOW.getTime() - i * 60_000),
    }));
    // A rare partial word, only in one challenge older than all of those.
    rows.push({
      guildId: GUILD,
      authorId: ALICE,
      title: 'Kubectl rollout stuck',
      problem: 'p',
      createdAt: new Date(NOW.getTime() - 400 * DAY),
    });
    for (let k = 0; k < rows.length; k += 500) await db.insert(challenges).values(rows.slice(k, k + 500));
    const ids = new Map(
      (await db.select({ id: challenges.id, title: challenges.title }).from(challenges)).map((r) => [r.title, r.id]),
    );

    const frequent = await searchChallenges(db, GUILD, { query: 'dock', limit: 5, offset: 0, now: NOW });
    expect(frequent.fallback).toBe(true); // "dock" is no whole word: the prefix search ran
    expect(frequent.capped).toBe(true);
    expect(frequent.total).toBe(SEARCH_CANDIDATES);
    // Equal ranks: the newest matches first.
    expect(frequent.rows.map((r) => r.id)).toEqual(
      [0, 4, 8, 12, 16].map((i) => ids.get(`Dockerfile layer cache ${i}`)),
    );

    const rare = await searchChallenges(db, GUILD, { query: 'kubect', limit: 5, offset: 0, now: NOW });
    expect(rare.fallback).toBe(true);
    expect(rare.rows.map((r) => r.title)).toEqual(['Kubectl rollout stuck']);
    expect(rare.capped).toBe(false);
  });
});
