// /nexus-admin moderation: remove/restore, block/unblock, stats, export, audit — on PGlite and PostgreSQL.
import { and, eq, sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import type { APIEmbed } from 'discord-api-types/v10';
import { adminCommand } from '../src/commands/admin/index.js';
import { EXPORT_MAX_BYTES } from '../src/commands/admin/definition.js';
import { parse } from 'csv-parse/sync';
import { csvCell, toCsv } from '../src/domain/csv.js';
import { EXPORT_TABLES, exportTable, type ExportTable } from '../src/db/queries/export.js';
import { auditLog, challenges, members, pairRequests, pairs, projects, takeaways, tracks } from '../src/db/schema.js';
import { fileText, type LineResult } from '../src/cli/try.js';
import { describeEachDatabase } from './helpers/db.js';
import {
  ALICE,
  BOB,
  CAROL,
  CHANNEL,
  createHarness,
  GUILD,
  isEphemeral,
  MOD,
  OTHER_GUILD,
  replyText,
  type Harness,
} from './helpers/harness.js';

const mod = { userId: MOD, name: 'mod', moderator: true };

const NEW_LINES = [
  '/nexus-admin remove type:project id:1 reason:spam',
  '/nexus-admin restore type:project id:1',
  `/nexus-admin block user:<@${BOB}> reason:spam`,
  `/nexus-admin unblock user:<@${BOB}>`,
  '/nexus-admin stats',
  '/nexus-admin export format:json',
  '/nexus-admin export format:csv what:projects',
  '/nexus-admin audit',
];

function embeds(r: LineResult): APIEmbed[] {
  return (r.response as { data?: { embeds?: APIEmbed[] } } | null)?.data?.embeds ?? [];
}

/** Discord's embed limits: 25 fields, 256 title/field name, 1024 field value, 4096 description, 6000 total. */
function expectWithinEmbedLimits(e: APIEmbed): void {
  expect(e.fields?.length ?? 0).toBeLessThanOrEqual(25);
  expect(e.title?.length ?? 0).toBeLessThanOrEqual(256);
  expect(e.description?.length ?? 0).toBeLessThanOrEqual(4096);
  let total = (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0);
  for (const f of e.fields ?? []) {
    expect(f.name.length).toBeLessThanOrEqual(256);
    expect(f.value.length).toBeLessThanOrEqual(1024);
    expect(f.value.length).toBeGreaterThan(0);
    total += f.name.length + f.value.length;
  }
  expect(total).toBeLessThanOrEqual(6000);
}

/** A small RFC 4180 parser (quotes, doubled quotes, commas and line breaks inside quotes). */
/** A real CSV parser (RFC 4180), splitting on the given delimiter. */
function parseCsv(text: string, delimiter = ','): string[][] {
  // Read with another delimiter, the commas' quotes sit mid-cell: taken as text, as spreadsheet apps do.
  return parse(text, { delimiter, relax_column_count: true, relax_quotes: delimiter !== ',' }) as string[][];
}

/** What a cell should read once parsed back, by the export's rules. */
function expectedCell(col: string, v: unknown): string {
  if (v === null) return '';
  const defuse = (s: string) => {
    const inner = s.replace(/([,;\t\r\n][ \t]*)(?=[=+\-@])/g, "$1'");
    return /^(?:[\t\r]|\s*[=+\-@])/.test(inner) ? `'${inner}` : inner;
  };
  if (Array.isArray(v)) return defuse(v.map(String).join(', '));
  if (typeof v === 'string') return defuse(v);
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v as number | boolean);
}

async function seed(h: Harness) {
  await h.run('/profile set role:backend stack:django timezone:Africa/Lagos', { userId: ALICE, name: 'alice' });
  await h.run('/project announce name:"Airbnb clone" summary:"Bookings API" role:backend seeking:frontend', {
    userId: ALICE,
    name: 'alice',
  });
  await h.run('/profile set role:frontend stack:react timezone:Africa/Lagos', { userId: BOB, name: 'bob' });
  await h.run('/project announce name:"airbnb clone" summary:"UI" role:frontend seeking:backend', {
    userId: BOB,
    name: 'bob',
  });
  await h.run('modal challenge:log title:"Docker networking" problem:"web cannot reach db" tags:docker', {
    userId: ALICE,
  });
  await h.run('/takeaway add text:"Pin image versions"', { userId: BOB });
  await h.run(`/pair request user:<@${BOB}> message:"Let us build it"`, { userId: ALICE });
  await h.run('/project announce name:"Other guild" summary:"elsewhere"', { userId: CAROL, guildId: OTHER_GUILD });
}

describeEachDatabase('/nexus-admin moderation', (use) => {
  it('refuses every new subcommand to a member without Manage Server and writes nothing', async () => {
    const h = await createHarness(use());
    await seed(h);
    const auditBefore = await use().db.select().from(auditLog);
    for (const line of NEW_LINES) {
      const r = await h.run(line, { userId: BOB });
      expect(isEphemeral(r), line).toBe(true);
      expect(replyText(r), line).toMatch(/Manage Server/);
      expect(r.files, line).toHaveLength(0);
    }
    expect(await use().db.select().from(auditLog)).toEqual(auditBefore);
    expect((await use().db.select().from(projects)).every((p) => p.removedAt === null)).toBe(true);
    expect((await use().db.select().from(members)).every((m) => m.blockedAt === null)).toBe(true);
    expect(replyText(await h.run('complete /nexus-admin audit action:', { userId: BOB }))).toBe('');
  });

  it('lists every data-changing subcommand as a write (rate limited)', () => {
    for (const w of ['remove', 'restore', 'block', 'unblock', 'export']) expect(adminCommand.writes).toContain(w);
    expect(adminCommand.writes).not.toContain('stats');
  });

  it('removes a project: hidden everywhere, public message replaced without user text, audited; restore undoes it', async () => {
    const h = await createHarness(use());
    await seed(h);
    const [p2] = await use().db.select().from(projects).where(eq(projects.id, 2));
    const r = await h.run('/nexus-admin remove type:project id:2 reason:"Spam link in the summary"', mod);
    expect(isEphemeral(r)).toBe(true);
    expect(replyText(r)).toMatch(/Removed project #2 \*\*airbnb clone\*\* by <@100000000000000002>/);
    const [edit] = r.posted;
    expect(edit).toMatchObject({ method: 'PATCH', path: `/channels/${p2!.channelId}/messages/${p2!.messageId}` });
    expect(edit!.body).toMatchObject({
      content: 'This project was removed by a moderator.',
      embeds: [],
      components: [],
      allowed_mentions: { parse: [] },
    });
    expect(JSON.stringify(edit!.body)).not.toMatch(/UI|Spam/);

    const [row] = await use().db.select().from(projects).where(eq(projects.id, 2));
    expect(row!.removedAt).toEqual(h.clock.now());
    expect(row!.removedReason).toBe('Spam link in the summary');
    expect(replyText(await h.run('/project show id:2', { userId: ALICE }))).toMatch(/not found/);
    expect(replyText(await h.run('/project list', { userId: ALICE }))).not.toMatch(/#2\b/);
    expect(replyText(await h.run('/pair find', { userId: ALICE }))).not.toContain(`<@${BOB}>`);

    const [a] = await use().db.select().from(auditLog).where(eq(auditLog.action, 'project.remove'));
    expect(a).toMatchObject({
      guildId: GUILD,
      actorId: MOD,
      targetType: 'project',
      targetId: '2',
      reason: 'Spam link in the summary',
    });
    expect(a!.before).toMatchObject({ ownerId: BOB, name: 'airbnb clone', removedAt: null });
    expect(a!.after).toMatchObject({ removedReason: 'Spam link in the summary' });

    const again = await h.run('/nexus-admin remove type:project id:2 reason:again', mod);
    expect(isEphemeral(again)).toBe(true);
    expect(replyText(again)).toMatch(/already removed .*Spam link in the summary.*restore type:project id:2/s);
    expect(await use().db.select().from(auditLog).where(eq(auditLog.action, 'project.remove'))).toHaveLength(1);

    const restored = await h.run('/nexus-admin restore type:project id:2', mod);
    expect(replyText(restored)).toMatch(/Restored project #2/);
    const [rerender] = restored.posted;
    expect(rerender!.method).toBe('PATCH');
    expect(JSON.stringify(rerender!.body)).toMatch(/Project #2/);
    const [back] = await use().db.select().from(projects).where(eq(projects.id, 2));
    expect(back).toMatchObject({ removedAt: null, removedReason: null });
    expect(replyText(await h.run('/project show id:2', { userId: ALICE }))).toMatch(/airbnb clone/);
    expect(replyText(await h.run('/nexus-admin restore type:project id:2', mod))).toMatch(/is not removed/);
    const restoreAudit = await use().db.select().from(auditLog).where(eq(auditLog.action, 'project.restore'));
    expect(restoreAudit).toHaveLength(1);
    expect(restoreAudit[0]!.before).toMatchObject({ removedReason: 'Spam link in the summary' });
  });

  it('removes challenges, takeaways and pair requests; another guild’s id is not found', async () => {
    const h = await createHarness(use());
    await seed(h);
    const [c] = await use().db.select().from(challenges);
    const [t] = await use().db.select().from(takeaways);
    const [q] = await use().db.select().from(pairRequests);

    const rc = await h.run(`/nexus-admin remove type:challenge id:${c!.id} reason:"off topic"`, mod);
    expect(replyText(rc)).toMatch(/Removed challenge/);
    expect(c!.messageId).not.toBeNull();
    expect(rc.posted[0]!.body).toMatchObject({
      content: 'This challenge was removed by a moderator.',
      embeds: [],
      components: [],
    });
    expect(replyText(await h.run(`/challenge show id:${c!.id}`))).toMatch(/not found|no challenge/i);

    const rt = await h.run(`/nexus-admin remove type:takeaway id:${t!.id} reason:"rude"`, mod);
    expect(replyText(rt)).toMatch(/Removed takeaway/);
    expect(rt.posted).toHaveLength(0); // takeaways have no public message
    expect(replyText(await h.run('/takeaway list'))).not.toMatch(/Pin image versions/);

    const rq = await h.run(`/nexus-admin remove type:request id:${q!.id} reason:"harassment"`, mod);
    expect(replyText(rq)).toMatch(/Removed pair request/);
    expect(rq.posted[0]!.body).toMatchObject({
      content: 'This pair request was removed by a moderator.',
      components: [],
    });
    expect(replyText(await h.run('/pair list', { userId: BOB }))).not.toMatch(new RegExp(`#${q!.id}\\b`));

    const [other] = await use().db.select().from(projects).where(eq(projects.guildId, OTHER_GUILD));
    const nf = await h.run(`/nexus-admin remove type:project id:${other!.id} reason:x`, mod);
    expect(isEphemeral(nf)).toBe(true);
    expect(replyText(nf)).toMatch(new RegExp(`no project #${other!.id} in this server`));
    expect(replyText(await h.run(`/nexus-admin restore type:project id:${other!.id}`, mod))).toMatch(/no project/);
    const [untouched] = await use().db.select().from(projects).where(eq(projects.id, other!.id));
    expect(untouched!.removedAt).toBeNull();

    expect(replyText(await h.run('/nexus-admin remove type:project id:1 reason:"   "', mod))).toMatch(
      /`reason` cannot be empty/,
    );
    expect(replyText(await h.run(`/nexus-admin remove type:project id:1 reason:"${'x'.repeat(301)}"`, mod))).toMatch(
      /reason/,
    );
    expect(
      (
        await use()
          .db.select()
          .from(auditLog)
          .where(sql`${auditLog.action} like '%.remove'`)
      )
        .map((a) => a.action)
        .sort(),
    ).toEqual(['challenge.remove', 'request.remove', 'takeaway.remove']);
  });

  it('a failed public edit is logged and never fails the removal', async () => {
    const h = await createHarness(use());
    await seed(h);
    h.recorder.failWith = new Error('Missing Access');
    const r = await h.run('/nexus-admin remove type:project id:1 reason:spam', mod);
    h.recorder.failWith = undefined;
    expect(replyText(r)).toMatch(/Removed project #1/);
    expect(replyText(r)).toMatch(/could not be updated.*https:\/\/discord\.com\/channels\//s);
    const [p] = await use().db.select().from(projects).where(eq(projects.id, 1));
    expect(p!.removedAt).not.toBeNull();
  });

  it('blocks and unblocks: blocked members cannot announce, are never suggested, and a profile-less member gets a row', async () => {
    const h = await createHarness(use());
    await seed(h);
    // Bob is suggested to Alice before the block.
    expect(replyText(await h.run('/pair find', { userId: ALICE }))).toContain(`<@${BOB}>`);

    const b = await h.run(`/nexus-admin block user:<@${BOB}> reason:"spamming requests"`, mod);
    expect(isEphemeral(b)).toBe(true);
    expect(replyText(b)).toMatch(/Blocked <@100000000000000002>/);
    const [bob] = await use()
      .db.select()
      .from(members)
      .where(and(eq(members.guildId, GUILD), eq(members.userId, BOB)));
    expect(bob).toMatchObject({ blockedReason: 'spamming requests', role: 'frontend' });
    expect(bob!.blockedAt).toEqual(h.clock.now());

    const announce = await h.run('/project announce name:"New thing" summary:"x"', { userId: BOB });
    expect(replyText(announce)).toMatch(/paused your Nexus access/);
    expect(await use().db.select().from(projects).where(eq(projects.name, 'New thing'))).toHaveLength(0);
    expect(replyText(await h.run('/pair find', { userId: ALICE }))).not.toContain(`<@${BOB}>`);
    expect(replyText(await h.run('/pair find', { userId: BOB }))).toMatch(/paused your Nexus access/);
    expect(replyText(await h.run(`/nexus-admin block user:<@${BOB}>`, mod))).toMatch(
      /already blocked.*spamming requests/s,
    );

    // A member with no profile yet: a bare row is created.
    const c = await h.run(`/nexus-admin block user:<@${CAROL}>`, mod);
    expect(replyText(c)).toMatch(/Blocked <@100000000000000003>/);
    const [carol] = await use()
      .db.select()
      .from(members)
      .where(and(eq(members.guildId, GUILD), eq(members.userId, CAROL)));
    expect(carol!.blockedAt).not.toBeNull();
    expect(carol!.blockedReason).toBeNull();
    expect(replyText(await h.run('/project announce name:"Carol" summary:"x"', { userId: CAROL }))).toMatch(/paused/);
    // Only this guild: Carol's membership elsewhere is untouched.
    expect(await use().db.select().from(members).where(eq(members.guildId, OTHER_GUILD))).toHaveLength(0);

    expect(replyText(await h.run(`/nexus-admin block user:<@${MOD}>`, mod))).toMatch(/cannot block yourself/);

    const u = await h.run(`/nexus-admin unblock user:<@${BOB}>`, mod);
    expect(replyText(u)).toMatch(/Unblocked <@100000000000000002>/);
    expect(replyText(await h.run(`/nexus-admin unblock user:<@${BOB}>`, mod))).toMatch(/is not blocked/);
    expect(replyText(await h.run('/pair find', { userId: ALICE }))).toContain(`<@${BOB}>`);
    expect(replyText(await h.run('/project announce name:"New thing" summary:"x"', { userId: BOB }))).toMatch(
      /Announced/,
    );

    const audit = await use()
      .db.select()
      .from(auditLog)
      .where(sql`${auditLog.action} like 'member.%'`)
      .orderBy(auditLog.id);
    expect(audit.map((a) => [a.action, a.targetId, a.reason])).toEqual([
      ['member.block', BOB, 'spamming requests'],
      ['member.block', CAROL, null],
      ['member.unblock', BOB, null],
    ]);
    expect(audit[2]!.before).toMatchObject({ blockedReason: 'spamming requests' });
  });

  it('shows stats within embed limits, counting only this guild and only visible entries', async () => {
    const h = await createHarness(use());
    await seed(h);
    await h.run('/nexus-admin track add name:"Airbnb clone"', mod);
    await h.run('/nexus-admin remove type:takeaway id:1 reason:x', mod);
    const [q] = await use().db.select().from(pairRequests);
    await h.run(`click pair:accept:${q!.id}`, { userId: BOB, name: 'bob' });
    // Last week's activity for the comparison.
    h.clock.advance(-8 * 86_400_000);
    await h.run('/project announce name:"Job board" summary:"old" role:backend', { userId: CAROL });
    h.clock.advance(8 * 86_400_000);
    const r = await h.run('/nexus-admin stats', mod);
    expect(isEphemeral(r)).toBe(true);
    const [e] = embeds(r);
    expectWithinEmbedLimits(e!);
    const text = replyText(r);
    expect(text).toMatch(/Learners with profiles: 2\b/);
    expect(text).toMatch(/Projects: 3 active · 0 archived/);
    expect(text).toMatch(/Challenges: 1 open · 0 solved/);
    expect(text).toMatch(/Takeaways: 0\b/);
    expect(text).toMatch(/Removed by moderators: 1 entry/);
    expect(text).toMatch(/Pairs: 1 active · 0 pending requests/);
    expect(text).toMatch(/\*\*Airbnb clone\*\*: 2 active · \d seeking · 2 paired/);
    expect(text).toMatch(/\*\*Job board\*\* \(no track\): 1 active · 0 seeking/);
    expect(text).toMatch(/New projects: \*\*2\*\* \(▲1 from 1\)/);
    expect(text).toMatch(/New pairs: \*\*1\*\* \(▲1 from 0\)/);
    expect(text).toMatch(/Takeaways: \*\*0\*\* \(same as before\)/);

    // Many long track names still fit.
    for (let i = 0; i < 80; i++) {
      await use()
        .db.insert(tracks)
        .values({
          guildId: GUILD,
          name: `Track ${i} ${'long name '.repeat(20)}`,
          normalizedName: `t${i}`,
          createdBy: MOD,
        });
    }
    const big = await h.run('/nexus-admin stats', mod);
    expectWithinEmbedLimits(embeds(big)[0]!);
    expect(replyText(big)).toMatch(/… and \d+ more/);
  });

  it('exports JSON matching the database: this guild only, removed rows included', async () => {
    const h = await createHarness(use());
    await seed(h);
    await h.run('/nexus-admin remove type:project id:2 reason:"spam"', mod);
    await h.run(`/nexus-admin block user:<@${CAROL}> reason:"x"`, mod);
    const r = await h.run('/nexus-admin export format:json', mod);
    expect(isEphemeral(r)).toBe(true);
    expect(r.files).toHaveLength(1);
    expect(r.files[0]!.name).toBe(`nexus-export-${GUILD}-2026-12-01.json`);
    const doc = JSON.parse(fileText(r.files[0]!)) as {
      guild_id: string;
      tables: Record<string, Array<Record<string, unknown>>>;
    };
    expect(doc.guild_id).toBe(GUILD);
    expect(Object.keys(doc.tables).sort()).toEqual(Object.keys(EXPORT_TABLES).sort());
    for (const name of Object.keys(EXPORT_TABLES) as ExportTable[]) {
      const expected = await exportTable(use().db, GUILD, name);
      // The export's own audit row is written after the export is built.
      const rows = name === 'audit_log' ? expected.rows.filter((a) => a.action !== 'data.export') : expected.rows;
      expect(doc.tables[name], name).toEqual(JSON.parse(JSON.stringify(rows)));
      for (const row of doc.tables[name]!) expect(row.guild_id, name).toBe(GUILD);
    }
    // Spot-check against the raw tables.
    const dbProjects = await use().db.select().from(projects).where(eq(projects.guildId, GUILD)).orderBy(projects.id);
    expect(doc.tables.projects!.map((p) => [p.id, p.name, p.summary, p.removed_reason])).toEqual(
      dbProjects.map((p) => [p.id, p.name, p.summary, p.removedReason]),
    );
    expect(doc.tables.projects!.find((p) => p.id === 2)).toMatchObject({
      removed_reason: 'spam',
      removed_at: h.clock.now().toISOString(),
    });
    expect(doc.tables.members!.find((m) => m.user_id === CAROL)).toMatchObject({ blocked_reason: 'x' });
    expect(JSON.stringify(doc)).not.toMatch(/Other guild|elsewhere|search/);
    expect(JSON.stringify(doc)).not.toMatch(/token/i);

    const [a] = await use().db.select().from(auditLog).where(eq(auditLog.action, 'data.export'));
    expect(a).toMatchObject({ actorId: MOD, targetType: 'guild', targetId: GUILD });
    expect(a!.after).toMatchObject({ format: 'json', what: 'all', files: [r.files[0]!.name] });

    const one = await h.run('/nexus-admin export format:json what:pairs', mod);
    const pairsDoc = JSON.parse(fileText(one.files[0]!)) as { tables: Record<string, unknown[]> };
    expect(Object.keys(pairsDoc.tables).sort()).toEqual(['pair_requests', 'pairs']);
    expect(pairsDoc.tables.pair_requests).toHaveLength(
      (await use().db.select().from(pairRequests).where(eq(pairRequests.guildId, GUILD))).length,
    );
    expect(pairsDoc.tables.pairs).toHaveLength(
      (await use().db.select().from(pairs).where(eq(pairs.guildId, GUILD))).length,
    );
  });

  it('exports CSV per table: quoted where a spreadsheet could split, formulas defused after any delimiter, ids as text, lists as "a, b"', async () => {
    const h = await createHarness(use());
    await seed(h);
    const nasty = '=HYPERLINK("http://evil","click"), then\nnew line;=1+1';
    await h.run(`/project announce name:"@SUM(A1)" summary:"${nasty.replace(/"/g, '\\"')}" stack:"x;=1+1, react"`, {
      userId: CAROL,
    });
    const all = await h.run('/nexus-admin export format:csv', mod);
    expect(all.files.length).toBeGreaterThan(1);
    expect(all.files.length).toBeLessThanOrEqual(10);
    expect(all.files.map((f) => f.name)).toContain(`nexus-export-${GUILD}-2026-12-01-projects.csv`);
    const r = await h.run('/nexus-admin export format:csv what:projects', mod);
    expect(r.files.map((f) => f.name)).toEqual([`nexus-export-${GUILD}-2026-12-01.csv`]);
    const text = fileText(r.files[0]!);
    expect(text.endsWith('\r\n')).toBe(true);
    const [header, ...rows] = parseCsv(text);
    const expected = await exportTable(use().db, GUILD, 'projects');
    expect(header).toEqual(expected.columns);
    expect(rows).toHaveLength(expected.rows.length);
    expected.rows.forEach((row, i) => {
      expected.columns.forEach((col, j) => {
        expect(rows[i]![j], `${col} of row ${i}`).toBe(expectedCell(col, row[col]));
      });
    });
    const carol = rows.find((row) => row[header!.indexOf('owner_id')] === CAROL)!;
    expect(carol[header!.indexOf('name')]).toBe("'@SUM(A1)");
    expect(carol[header!.indexOf('summary')]).toBe(`'=HYPERLINK("http://evil","click"), then\nnew line;'=1+1`);
    // Lists read "a, b", not JSON; ids are quoted text.
    expect(carol[header!.indexOf('stack')]).toBe("x, '=1+1, react");
    expect(text).not.toContain('["');
    expect(text).toContain(`"${CAROL}"`);
    expect(text).not.toContain(`,${CAROL},`);

    // A spreadsheet that splits on ";" (or on ",") never sees a cell starting with a formula.
    for (const delimiter of [';', ',', '\t']) {
      const naive = text.split(/\r?\n/).flatMap((line) => line.split(delimiter));
      for (const cell of naive)
        expect(cell.replace(/^"/, '').trimStart(), `split on ${JSON.stringify(delimiter)}`).not.toMatch(/^[=+@]/);
      // And one that honours quotes reads the same cells.
      if (delimiter !== '\t') {
        const parsed = parseCsv(text, delimiter);
        for (const cells of parsed) for (const cell of cells) expect(cell).not.toMatch(/^\s*[=+@]/);
      }
    }
    expect(text).not.toContain(',=HYPERLINK');
    expect(text).not.toMatch(/Other guild/);

    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('x;=1+1')).toBe(`"x;'=1+1"`);
    expect(csvCell('a\tb')).toBe('"a\tb"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('line1\r\nline2')).toBe('"line1\r\nline2"');
    expect(csvCell('line1\n=cmd')).toBe(`"line1\n'=cmd"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-1+2')).toBe("'-1+2");
    expect(csvCell('@cmd')).toBe("'@cmd");
    expect(csvCell(' =cmd')).toBe("' =cmd");
    expect(csvCell('a - b')).toBe('a - b');
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell(null)).toBe('');
    expect(csvCell(['a', 'b'])).toBe('"a, b"');
    expect(csvCell(['=x'])).toBe("'=x");
    // A JSON cell (an audit snapshot) is free text too.
    const snapshot = csvCell({ text: 'note;=HYPERLINK("http://evil","x")' });
    expect(snapshot).toContain(";'=HYPERLINK");
    expect(snapshot).not.toContain(';=');
    expect(csvCell(12, { id: true })).toBe('"12"');
    expect(csvCell('100000000000000001')).toBe('"100000000000000001"');
    expect(csvCell({ a: 1 })).toBe('"{""a"":1}"');
    expect(toCsv({ columns: ['a', 'b'], rows: [{ a: 'x', b: null }] })).toBe('a,b\r\nx,\r\n');
    expect(toCsv({ columns: ['id', 'tags'], rows: [{ id: 7, tags: ['docker', 'postgres'] }] })).toBe(
      'id,tags\r\n"7","docker, postgres"\r\n',
    );
  });

  it('refuses an export over 8 MiB with advice and no attachment', async () => {
    const h = await createHarness(use());
    await use().db.execute(
      sql`insert into takeaways (guild_id, author_id, text, created_at) select ${GUILD}, ${ALICE}, repeat('x', 4000), now() from generate_series(1, ${Math.ceil(EXPORT_MAX_BYTES / 4000) + 10})`,
    );
    const r = await h.run('/nexus-admin export format:json', mod);
    expect(isEphemeral(r)).toBe(true);
    expect(r.files).toHaveLength(0);
    expect(replyText(r)).toMatch(/over the 8\.0 MiB.*what:projects.*format:csv/s);
    expect(await use().db.select().from(auditLog)).toHaveLength(0);
    // Other parts still export.
    const small = await h.run('/nexus-admin export format:csv what:projects', mod);
    expect(small.files).toHaveLength(1);
  });

  it('shows the latest 20 audit entries newest first, filtered by user and action, within embed limits', async () => {
    const h = await createHarness(use());
    await seed(h);
    for (let i = 0; i < 25; i++) {
      h.clock.advance(60_000);
      await use()
        .db.insert(auditLog)
        .values({
          guildId: GUILD,
          actorId: i % 2 ? MOD : CAROL,
          action: i % 2 ? 'project.remove' : 'config.set',
          targetType: 'project',
          targetId: String(i),
          reason: `${'**bold** reason '.repeat(30)} ${i}`,
          createdAt: h.clock.now(),
        });
    }
    await use()
      .db.insert(auditLog)
      .values({ guildId: OTHER_GUILD, actorId: MOD, action: 'other.guild', createdAt: h.clock.now() });
    const r = await h.run('/nexus-admin audit', mod);
    expect(isEphemeral(r)).toBe(true);
    const [e] = embeds(r);
    expectWithinEmbedLimits(e!);
    expect(e!.title).toMatch(/latest 20/);
    const ids = [...e!.description!.matchAll(/project #(\d+)/g)].map((m) => Number(m[1]));
    expect(ids[0]).toBe(24);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(e!.description).toMatch(/<t:\d+:f>/);
    expect(e!.description).not.toMatch(/other\.guild/);
    expect(e!.description).toContain('\\*\\*bold\\*\\*');

    const byMod = replyText(await h.run(`/nexus-admin audit user:<@${CAROL}> action:config.set`, mod));
    expect(byMod).toMatch(/config\.set/);
    expect(byMod).not.toMatch(/project\.remove/);
    expect(replyText(await h.run('/nexus-admin audit action:nothing.here', mod))).toMatch(/No audit entries/);

    const complete = await h.run('complete /nexus-admin audit action:proj', mod);
    expect(
      (complete.response as { data: { choices: Array<{ value: string }> } }).data.choices.map((c) => c.value),
    ).toEqual(['project.remove']);
    const every = await h.run('complete /nexus-admin audit action:', mod);
    expect(
      (every.response as { data: { choices: Array<{ value: string }> } }).data.choices.map((c) => c.value),
    ).toEqual(['config.set', 'project.remove']);
  });

  it('answers in the channel where it was asked, never posting publicly', async () => {
    const h = await createHarness(use());
    await seed(h);
    h.recorder.take();
    for (const line of ['/nexus-admin stats', '/nexus-admin audit', '/nexus-admin export format:json']) {
      const r = await h.run(line, mod);
      expect(isEphemeral(r), line).toBe(true);
      expect(
        r.posted.filter((c) => c.path.startsWith(`/channels/${CHANNEL}`)),
        line,
      ).toHaveLength(0);
    }
  });
});
