import { and, eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { members, projects } from '../src/db/schema.js';
import { describeEachDatabase } from './helpers/db.js';
import { ALICE, BOB, createHarness, GUILD, isEphemeral, OTHER_GUILD, replyText } from './helpers/harness.js';

describeEachDatabase('/profile', (use) => {
  it('saves a profile and shows it back', async () => {
    const h = await createHarness(use());
    const set = await h.run(
      '/profile set role:backend stack:Django,PostgreSQL,drf timezone:Africa/Lagos availability:"weekdays 18-22" seeking:true',
    );
    expect(isEphemeral(set)).toBe(true);
    expect(replyText(set)).toMatch(/Profile created/);
    const show = await h.run('/profile show');
    const text = replyText(show);
    expect(text).toMatch(/Role: backend/);
    // Stored as tags (django, postgres, django-rest-framework), shown by their proper names.
    expect(text).toMatch(/Stack: Django, PostgreSQL, Django REST Framework/);
    expect(text).toMatch(/Timezone: Africa/);
    expect(text).toMatch(/weekdays 18-22/);
    // Seeking is per project: with none yet, the profile says so instead of claiming "yes".
    expect(replyText(set)).toMatch(/no active project yet/);
    expect(text).toMatch(/Seeking a collaborator: no/);
    const [row] = await use().db.select().from(members).where(eq(members.userId, ALICE));
    expect(row).toMatchObject({
      guildId: GUILD,
      role: 'backend',
      stack: ['django', 'postgres', 'django-rest-framework'],
      timezone: 'Africa/Lagos',
    });
  });

  it('seeking lives on the projects: seeking:true starts it on each active project, for the complementary role', async () => {
    const h = await createHarness(use());
    await h.run('/project announce name:"Airbnb clone" summary:"API" role:backend');
    await h.run('/project announce name:"Job board" summary:"UI" role:frontend');
    const r = await h.run('/profile set seeking:true');
    expect(replyText(r)).toMatch(/Looking for a \*\*frontend\*\* on \*\*Airbnb clone\*\* \(#1\)/);
    expect(replyText(r)).toMatch(/Looking for a \*\*backend\*\* on \*\*Job board\*\* \(#2\)/);
    expect(r.posted.filter((c) => c.method === 'PATCH')).toHaveLength(2); // the announcements show it
    const show = replyText(await h.run(`/profile show user:<@${ALICE}>`, { userId: BOB }));
    expect(show).toMatch(/Seeking a collaborator: yes: a \*\*frontend\*\* on \*\*Airbnb clone\*\* \(#1\)/);
    const rows = await use().db.select().from(projects);
    expect(rows.map((p) => p.seekingRole).sort()).toEqual(['backend', 'frontend']);
  });

  it('changes only the options given', async () => {
    const h = await createHarness(use());
    await h.run('/profile set role:backend stack:django timezone:UTC');
    const r = await h.run('/profile set role:fullstack');
    expect(replyText(r)).toMatch(/Profile updated/);
    const [row] = await use().db.select().from(members);
    expect(row).toMatchObject({ role: 'fullstack', stack: ['django'], timezone: 'UTC' });
  });

  it.each([
    ['/profile set timezone:Mars/Base', /timezone.*IANA timezone/],
    [`/profile set availability:"${'x'.repeat(101)}"`, /availability.*at most 100 characters \(you sent 101\)/],
    [`/profile set stack:"${'a'.repeat(301)}"`, /stack.*at most 300 characters/],
    [`/profile set stack:"${'a'.repeat(40)}"`, /each tag can have at most 32 characters/],
    ['/profile set stack:"a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p"', /at most 15 tags/],
    ['/profile set', /at least one option/],
  ])('refuses %s with a clear ephemeral error and stores nothing', async (line, message) => {
    const h = await createHarness(use());
    const r = await h.run(line);
    expect(isEphemeral(r)).toBe(true);
    expect(replyText(r)).toMatch(message);
    expect(await use().db.select().from(members)).toHaveLength(0);
  });

  it('refuses a wrongly typed raw option value (a payload the Discord client would never send)', async () => {
    const h = await createHarness(use());
    const { chatInputInteraction } = await import('../src/discord/payloads.js');
    const r = await h.handle(
      chatInputInteraction(h.actor(), 'profile', [
        { type: 1, name: 'set', options: [{ type: 3, name: 'seeking', value: 'yes' }] },
      ] as never),
    );
    expect(JSON.stringify(r.response)).toMatch(/seeking/);
    expect(await use().db.select().from(members)).toHaveLength(0);
  });

  it("shows another learner's profile, and says when there is none", async () => {
    const h = await createHarness(use());
    await h.run('/profile set role:frontend stack:react', { userId: BOB, name: 'bob' });
    expect(replyText(await h.run(`/profile show user:<@${BOB}>`))).toMatch(/bob's profile[\s\S]*Role: frontend/);
    expect(replyText(await h.run('/profile show'))).toMatch(/You have no profile yet/);
  });

  it('keeps guilds apart', async () => {
    const h = await createHarness(use());
    await h.run('/profile set role:backend', { guildId: OTHER_GUILD });
    expect(replyText(await h.run('/profile show'))).toMatch(/no profile yet/);
    const rows = await use()
      .db.select()
      .from(members)
      .where(and(eq(members.guildId, OTHER_GUILD)));
    expect(rows).toHaveLength(1);
  });

  it('stores hostile text as given and renders it escaped without pings', async () => {
    const h = await createHarness(use());
    await h.run('/profile set availability:"@everyone **evenings** <@&123456789012345678>"');
    const r = await h.run('/profile show');
    const data = (r.response as { data: { allowed_mentions: unknown } }).data;
    expect(data.allowed_mentions).toEqual({ parse: [] });
    const text = replyText(r);
    expect(text).not.toMatch(/@everyone/);
    expect(text).toContain('\\*\\*evenings\\*\\*');
    const [row] = await use().db.select().from(members);
    expect(row!.availability).toBe('@everyone **evenings** <@&123456789012345678>');
  });
});
