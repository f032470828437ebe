import { expect, it } from 'vitest';
import { members, takeaways } from '../src/db/schema.js';
import { describeEachDatabase } from './helpers/db.js';
import { ALICE, BOB, createHarness, GUILD, isEphemeral, OTHER_GUILD, replyText } from './helpers/harness.js';

const NOW = new Date('2026-12-01T12:00:00Z');

describeEachDatabase('/takeaway', (use) => {
  it('saves a takeaway with normalised tags and lists it', async () => {
    const h = await createHarness(use(), { now: NOW });
    const r = await h.run(
      '/takeaway add text:"Pin image versions in docker-compose" tags:"Docker, PostgreSQL, docker, drf"',
    );
    expect(isEphemeral(r)).toBe(true);
    expect(replyText(r)).toMatch(/Saved takeaway #1/);
    const [row] = await use().db.select().from(takeaways);
    expect(row).toMatchObject({
      guildId: GUILD,
      authorId: ALICE,
      text: 'Pin image versions in docker-compose',
      tags: ['docker', 'postgres', 'django-rest-framework'],
    });
    expect(row!.createdAt.toISOString()).toBe(NOW.toISOString());
    const list = replyText(await h.run('/takeaway list'));
    expect(list).toMatch(/#1[\s\S]*Pin image versions in docker-compose[\s\S]*docker, postgres, django-rest-framework/);
  });

  it('filters by user and tag (aliases apply), and keeps guilds apart', async () => {
    const h = await createHarness(use(), { now: NOW });
    await h.run('/takeaway add text:"Alice on postgres" tags:postgres');
    await h.run('/takeaway add text:"Bob on docker" tags:docker', { userId: BOB });
    await h.run('/takeaway add text:"Other guild" tags:postgres', { guildId: OTHER_GUILD });
    const byBob = replyText(await h.run(`/takeaway list user:<@${BOB}>`));
    expect(byBob).toMatch(/Bob on docker/);
    expect(byBob).not.toMatch(/Alice on postgres/);
    const pg = replyText(await h.run('/takeaway list tag:PostgreSQL'));
    expect(pg).toMatch(/Alice on postgres/);
    expect(pg).not.toMatch(/Bob on docker|Other guild/);
    expect(replyText(await h.run('/takeaway list tag:kubernetes'))).toMatch(/No takeaways tagged kubernetes yet/);
  });

  it('autocompletes tags from the guild, completing the last of several', async () => {
    const h = await createHarness(use(), { now: NOW });
    await h.run('/takeaway add text:"a" tags:"docker, django"');
    await h.run('modal challenge:log title:"t" problem:"p" tags:"postgres"');
    await h.run('/takeaway add text:"x" tags:"dotnet"', { guildId: OTHER_GUILD });
    const one = (await h.run('complete /takeaway list tag:d')).response as {
      data: { choices: Array<{ value: string }> };
    };
    expect(one.data.choices.map((c) => c.value).sort()).toEqual(['django', 'docker']);
    const many = (await h.run('complete /takeaway add text:x tags:"docker, p"')).response as {
      data: { choices: Array<{ value: string }> };
    };
    expect(many.data.choices.map((c) => c.value)).toEqual(['docker, postgres']);
  });

  it('pages the list', async () => {
    const h = await createHarness(use(), { now: NOW });
    for (let i = 1; i <= 7; i++) {
      h.clock.advance(1000);
      await h.run(`/takeaway add text:"Takeaway number ${i}"`);
    }
    const p1 = await h.run('/takeaway list');
    expect(replyText(p1)).toMatch(/Takeaway number 7[\s\S]*Page 1 of 2 · 7 in all/);
    const next = JSON.stringify(p1.response).match(/"(takeaway:list:2:[^"]*)"/)![1]!;
    const p2 = await h.run(`click ${next}`);
    expect(p2.response?.type).toBe(7);
    expect(replyText(p2)).toMatch(/Takeaway number 1[\s\S]*Page 2 of 2/);
    expect(replyText(p2)).not.toMatch(/Takeaway number 7/);
  });

  it.each([
    [`/takeaway add text:"${'x'.repeat(10_000)}"`, /`text` is too long: at most 500 characters \(you sent 10000\)/],
    ['/takeaway add text:"   "', /`text` cannot be empty/],
    [`/takeaway add text:"ok" tags:"${'a'.repeat(40)}"`, /`tags`: each tag can have at most 32 characters/],
  ])('refuses %s with a clear ephemeral error and stores nothing', async (line, message) => {
    const h = await createHarness(use(), { now: NOW });
    const r = await h.run(line);
    expect(isEphemeral(r)).toBe(true);
    expect(replyText(r)).toMatch(message);
    expect(await use().db.select().from(takeaways)).toHaveLength(0);
  });

  it('renders hostile text escaped without pings', async () => {
    const h = await createHarness(use(), { now: NOW });
    await h.run('/takeaway add text:"@everyone **always** <@&123456789012345678> test"');
    const r = await h.run('/takeaway list');
    expect((r.response as { data: { allowed_mentions: unknown } }).data.allowed_mentions).toEqual({ parse: [] });
    const text = replyText(r);
    expect(text).not.toMatch(/@everyone|<@&\d/);
    expect(text).toContain('\\*\\*always\\*\\*');
    const [row] = await use().db.select().from(takeaways);
    expect(row!.text).toBe('@everyone **always** <@&123456789012345678> test');
  });

  it('hides removed takeaways and refuses blocked members', async () => {
    const h = await createHarness(use(), { now: NOW });
    await h.run('/takeaway add text:"Soon removed"');
    await use().db.update(takeaways).set({ removedAt: NOW });
    expect(replyText(await h.run('/takeaway list'))).toMatch(/No takeaways yet/);
    await use()
      .db.insert(members)
      .values({ guildId: GUILD, userId: ALICE, blockedAt: NOW, createdAt: NOW, updatedAt: NOW });
    const r = await h.run('/takeaway add text:"blocked"');
    expect(isEphemeral(r)).toBe(true);
    expect(replyText(r)).toMatch(/paused your Nexus access/);
    expect(await use().db.select().from(takeaways)).toHaveLength(1);
  });
});
