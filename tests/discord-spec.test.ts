// Every body the bot sends, checked against Discord's official OpenAPI spec (the pinned `discord-api-spec`
// package's zod schemas, through tests/helpers/discord-spec.ts): the command definitions `npm run register`
// PUTs, every interaction callback, every message post and edit, the deferred replies' webhook edits, and
// every other REST call of DiscordPort. The bodies come from real journeys through the router.
import { sql } from 'drizzle-orm';
import { InteractionType, type APIInteraction, type APIInteractionResponse } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { commandDefinitions, components, modals } from '../src/commands/index.js';
import type { ReplyFile } from '../src/commands/types.js';
import { lineToInteraction, type LineResult } from '../src/cli/try.js';
import { multipartResponse } from '../src/discord/http.js';
import { DiscordPort, RecordingRestCaller } from '../src/discord/port.js';
import { describeEachDatabase } from './helpers/db.js';
import { checkCall, checkCallback, checkCommandDefinition, ROUTES, routeOf } from './helpers/discord-spec.js';
import { ALICE, BOB, CAROL, createHarness, MOD, type Harness } from './helpers/harness.js';

const APPLICATION_ID = '1000000000000000001';

describe('command definitions vs the Discord spec', () => {
  it('every definition is a valid ApplicationCommandCreateRequest', () => {
    const defs = commandDefinitions();
    expect(defs.length).toBeGreaterThan(0);
    for (const def of defs) expect(checkCommandDefinition(def), `/${def.name}`).toEqual([]);
  });

  it('the checker refuses what Discord refuses', () => {
    const ok = { name: 'x', description: 'd' };
    expect(checkCommandDefinition(ok)).toEqual([]);
    expect(checkCommandDefinition({ ...ok, name: 'x'.repeat(33) }).join()).toMatch(/\$\.name: too_big/);
    expect(checkCommandDefinition({ ...ok, description: 'd'.repeat(101) }).join()).toMatch(/\$\.description: too_big/);
    const options = Array.from({ length: 26 }, (_, i) => ({ type: 5, name: `o${i}`, description: 'd' }));
    expect(checkCommandDefinition({ ...ok, options }).join()).toMatch(/\$\.options: too_big/);
    expect(checkCommandDefinition({ ...ok, options: options.slice(0, 25) })).toEqual([]);
    // A field the spec does not define, and a wrong type.
    expect(checkCommandDefinition({ ...ok, nsfw_typo: true }).join()).toMatch(/\$\.nsfw_typo: not a field/);
    expect(checkCommandDefinition({ ...ok, dm_permission: 'no' }).join()).toMatch(/dm_permission: invalid_type/);
  });

  it("enforces patterns: Discord's command naming rule and the spec's snowflake pattern", () => {
    const ok = { name: 'x', description: 'd' };
    expect(checkCommandDefinition({ ...ok, name: 'Project' }).join()).toMatch(/must use lowercase/);
    expect(checkCommandDefinition({ ...ok, name: 'my project' }).join()).toMatch(/naming rule/);
    expect(checkCommandDefinition({ ...ok, name: 'proj/ect' }).join()).toMatch(/naming rule/);
    const option = { type: 3, name: 'Repo URL', description: 'd' };
    expect(checkCommandDefinition({ ...ok, options: [option] }).join()).toMatch(/options\[0\]\.name: .*naming rule/);
    expect(checkCommandDefinition({ ...ok, name: 'nexus-admin_2' })).toEqual([]);
    // The spec's own pattern (snowflakes are decimal strings without leading zeros).
    const post = (users: string[]) => ({
      method: 'POST',
      path: '/channels/800000000000000001/messages',
      body: { content: 'hi', allowed_mentions: { parse: [], users } },
    });
    expect(checkCall(post(['100000000000000001']))).toEqual([]);
    expect(checkCall(post(['<@100000000000000001>'])).join()).toMatch(/users\[0\]: invalid_format .*regex/);
  });

  it('thread bodies: a private thread, its members, archiving', () => {
    const create = (body: object) => ({ method: 'POST', path: '/channels/800000000000000001/threads', body });
    expect(checkCall(create({ name: 'Pairing #1', type: 12, invitable: false, auto_archive_duration: 10080 }))).toEqual(
      [],
    );
    expect(checkCall(create({ name: 'x'.repeat(101), type: 12 })).join()).toMatch(/\$\.name: too_big/);
    expect(checkCall(create({ name: 'x', type: 12, auto_archive_duration: 5 })).join()).toMatch(
      /auto_archive_duration/,
    );
    expect(checkCall(create({ name: 'x', private: true })).join()).toMatch(/\$\.private: not a field/);
    const member = { method: 'PUT', path: '/channels/1300000000000000002/thread-members/100000000000000002' };
    expect(checkCall(member)).toEqual([]);
    expect(checkCall({ ...member, body: {} }).join()).toMatch(/takes no body/);
    const patch = (body: object) => ({ method: 'PATCH', path: '/channels/1300000000000000002', body });
    expect(checkCall(patch({ archived: true, locked: true }))).toEqual([]);
    expect(checkCall(patch({ archived: 'yes' })).join()).toMatch(/archived: invalid_type/);
  });

  it('default_member_permissions: the documented string bit set is accepted, nothing broader', () => {
    const ok = { name: 'x', description: 'd' };
    expect(checkCommandDefinition({ ...ok, default_member_permissions: '32' })).toEqual([]);
    expect(checkCommandDefinition({ ...ok, default_member_permissions: 32 })).toEqual([]);
    expect(checkCommandDefinition({ ...ok, default_member_permissions: null })).toEqual([]);
    expect(checkCommandDefinition({ ...ok, default_member_permissions: 'ManageGuild' })).not.toEqual([]);
    expect(checkCommandDefinition({ ...ok, default_member_permissions: '-1' })).not.toEqual([]);
    expect(checkCommandDefinition({ ...ok, default_member_permissions: '36028797018963968' })).not.toEqual([]);
    // Only that field: another integer field given as a string is still refused.
    const option = { type: 4, name: 'n', description: 'd', min_value: '1' };
    expect(checkCommandDefinition({ ...ok, options: [option] })).not.toEqual([]);
  });

  it('finds problems at the deepest levels of a body, with their path', () => {
    const choice = (name: string, extra: object = {}) => ({ name, value: 'v', ...extra });
    const deep = (c: object) => ({
      name: 'x',
      description: 'd',
      options: [
        {
          type: 2,
          name: 'group',
          description: 'd',
          options: [
            {
              type: 1,
              name: 'sub',
              description: 'd',
              options: [{ type: 3, name: 'opt', description: 'd', choices: [choice('a'), c] }],
            },
          ],
        },
      ],
    });
    expect(checkCommandDefinition(deep(choice('b')))).toEqual([]);
    expect(checkCommandDefinition(deep(choice('b'.repeat(101)))).join()).toMatch(
      /\$\.options\[0\]\.options\[0\]\.options\[0\]\.choices\[1\]\.name: too_big/,
    );
    expect(checkCommandDefinition(deep(choice('b', { emoji: 'x' }))).join()).toMatch(
      /\$\.options\[0\]\.options\[0\]\.options\[0\]\.choices\[1\]\.emoji: not a field/,
    );
    // A message component inside a container, inside a section, as its accessory.
    const card = (label: string) => ({
      method: 'POST',
      path: '/channels/800000000000000001/messages',
      body: {
        flags: 1 << 15,
        components: [
          {
            type: 17,
            components: [
              {
                type: 9,
                components: [{ type: 10, content: 'text' }],
                accessory: { type: 2, style: 1, custom_id: 'a:b', label },
              },
            ],
          },
        ],
      },
    });
    expect(checkCall(card('ok'))).toEqual([]);
    expect(checkCall(card('l'.repeat(81))).join()).toMatch(
      /components\[0\]\.components\[0\]\.accessory\.label: too_big/,
    );
  });

  it('fails on a call or a callback type it does not know how to check', () => {
    expect(() => checkCall({ method: 'DELETE', path: '/channels/800000000000000001' })).toThrow(
      /no spec schema known for DELETE/,
    );
    expect(() => checkCall({ method: 'POST', path: '/guilds/900000000000000001/bans' })).toThrow(/no spec schema/);
    expect(() => checkCall({ method: 'PUT', path: '/channels/800000000000000001/thread-members/@me' })).toThrow(
      /no spec schema/,
    );
    expect(() => checkCallback({ type: 12 })).toThrow(/callback type 12/);
    expect(() => checkCallback({})).toThrow(/callback type undefined/);
  });
});

/** What the journey checked, to prove it covered every kind of body. */
interface Seen {
  routes: Set<string>;
  callbackTypes: Set<number>;
  commandPaths: Set<string>;
  completed: Set<string>;
  prefixes: Set<string>;
  /** Autocompletes that offered nothing (their choice bodies would go unchecked). */
  noChoices: string[];
  checked: number;
}

function subcommandPath(options: unknown): string[] {
  const path: string[] = [];
  let level = options as Array<{ type: number; name: string; options?: unknown }> | undefined;
  for (;;) {
    const sub = level?.find((o) => o.type === 1 || o.type === 2);
    if (!sub) return path;
    path.push(sub.name);
    level = sub.options as typeof level;
  }
}

function focusedOption(options: unknown): string | undefined {
  let level = options as Array<{ type: number; name: string; focused?: boolean; options?: unknown }> | undefined;
  for (;;) {
    const sub = level?.find((o) => o.type === 1 || o.type === 2);
    if (!sub) return level?.find((o) => o.focused)?.name;
    level = sub.options as typeof level;
  }
}

/** Every command path (`/project announce`) and every autocomplete option (`/project update id`) defined. */
function definedPaths(): { commands: string[]; autocompletes: string[] } {
  const commands: string[] = [];
  const autocompletes: string[] = [];
  type Opt = { type: number; name: string; autocomplete?: boolean; options?: Opt[] };
  const walk = (opts: Opt[] | undefined, at: string) => {
    const subs = (opts ?? []).filter((o) => o.type === 1 || o.type === 2);
    if (!subs.length) {
      commands.push(at);
      for (const o of opts ?? []) if (o.autocomplete) autocompletes.push(`${at} ${o.name}`);
    }
    for (const s of subs) walk(s.options, `${at} ${s.name}`);
  };
  for (const d of commandDefinitions()) walk(d.options as Opt[] | undefined, `/${d.name}`);
  return { commands, autocompletes };
}

/** The custom ids of the buttons and menus in a body that can be used (not disabled). */
function enabledCustomIds(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(enabledCustomIds);
  if (!value || typeof value !== 'object') return [];
  const o = value as { custom_id?: unknown; disabled?: boolean };
  const own = typeof o.custom_id === 'string' && !o.disabled ? [o.custom_id] : [];
  return [...own, ...Object.values(o).flatMap(enabledCustomIds)];
}

/** The interaction callback body as the HTTP transport sends it (payload_json of the multipart response). */
function httpPayload(response: APIInteractionResponse, files: ReplyFile[]): unknown {
  const { body } = multipartResponse(response, files);
  const m = /name="payload_json"\r\nContent-Type: application\/json\r\n\r\n(.*?)\r\n--/s.exec(body.toString('utf8'));
  if (!m) throw new Error('no payload_json in the multipart response');
  return JSON.parse(m[1]!);
}

describeEachDatabase('what the bot sends vs the Discord spec', (use) => {
  async function setup() {
    const h = await createHarness(use(), { now: new Date('2026-12-01T10:00:00Z'), rateLimitPerMinute: 10_000 });
    const seen: Seen = {
      routes: new Set(),
      callbackTypes: new Set(),
      commandPaths: new Set(),
      completed: new Set(),
      prefixes: new Set(),
      noChoices: [],
      checked: 0,
    };
    /** The gateway transport's copy of each callback: POST …/callback through the REST port. */
    const gateway = new RecordingRestCaller();
    const gatewayPort = new DiscordPort(gateway);

    function checkResult(r: { response: APIInteractionResponse | null; posted: LineResult['posted'] }, what: string) {
      if (r.response) {
        expect(checkCallback(r.response, what), what).toEqual([]);
        seen.callbackTypes.add(r.response.type);
        seen.checked++;
      }
      for (const c of r.posted) {
        expect(checkCall(c), `${what} → ${c.method} ${c.path}`).toEqual([]);
        seen.routes.add(routeOf(c).spec + ' ' + c.method);
        seen.checked++;
      }
    }

    async function viaTransports(
      i: APIInteraction,
      response: APIInteractionResponse,
      files: ReplyFile[],
      what: string,
    ) {
      await gatewayPort.respond(i.id, i.token, response, files);
      checkResult({ response: null, posted: gateway.take() }, `${what} (gateway)`);
      if (files.length) expect(checkCallback(httpPayload(response, files), `${what} (http)`)).toEqual([]);
    }

    /** Runs a LINE as `npm run try` does, checks every body it produced, and notes what it covered. */
    async function run(line: string, as?: Parameters<Harness['run']>[1]): Promise<LineResult> {
      // A typo in this journey must fail here, not become a quiet "unknown option" reply.
      const i = line === 'tick' ? undefined : lineToInteraction(line, h.actor(as), h.clock.now().getTime());
      if (i) {
        if (i.type === InteractionType.ApplicationCommand)
          seen.commandPaths.add(
            [`/${i.data.name}`, ...subcommandPath('options' in i.data && i.data.options)].join(' '),
          );
        if (i.type === InteractionType.ApplicationCommandAutocomplete)
          seen.completed.add(
            [`/${i.data.name}`, ...subcommandPath(i.data.options), focusedOption(i.data.options)].join(' '),
          );
        if (i.type === InteractionType.MessageComponent || i.type === InteractionType.ModalSubmit)
          seen.prefixes.add(i.data.custom_id);
      }
      const r = await h.run(line, as);
      if (r.response?.type === 8 && !r.response.data.choices?.length) seen.noChoices.push(line);
      checkResult(r, line);
      if (i && r.response) {
        await viaTransports(
          i,
          r.response,
          r.files.filter((f) => !r.posted.some((c) => c.files.includes(f))),
          line,
        );
      }
      return r;
    }

    /** Clicks the first button of the reply whose custom id starts with `prefix`. */
    async function click(from: LineResult, prefix: string, as?: Parameters<Harness['run']>[1]): Promise<LineResult> {
      const id = enabledCustomIds([from.response, ...from.posted.map((c) => c.body)]).find((c) => c.startsWith(prefix));
      expect(id, `a ${prefix}… button in the reply to ${from.line}`).toBeDefined();
      return run(`click ${id!}`, as);
    }

    return { h, seen, run, click, viaTransports, checkResult };
  }

  it('every command, button, form, autocomplete, post, edit and deferred reply of a full journey', async () => {
    const { h, seen, run, click, viaTransports, checkResult } = await setup();
    const mod = { userId: MOD, moderator: true, name: 'mod' };
    const bob = { userId: BOB, name: 'bola' };
    const carol = { userId: CAROL, name: 'carol' };

    // Moderators: settings, tracks.
    await run(
      '/nexus-admin config set nexus_channel:<#800000000000000040> digest_channel:<#800000000000000050> digest_cron:"0 9 * * 1" timezone:Africa/Lagos max_active_projects:5 max_pending_requests:5 seeking_expiry_days:14 digest_enabled:true public_challenges:true',
      mod,
    );
    await run('/nexus-admin config set timezone:Mars/Base', mod);
    await run('/nexus-admin config set checkin_cron:"0 17 * * 4" checkins_enabled:true', mod);
    await run('/nexus-admin config set checkin_cron:"*/30 17 * * 4"', mod); // more than once a day: refused
    await run('/nexus-admin config show', mod);
    await run('/nexus-admin track add name:"Airbnb clone" description:"Bookings backend + UI"', mod);
    await run('/nexus-admin track add name:"Job board"', mod);
    await run('/nexus-admin track list', mod);
    await run('/nexus-admin track remove name:"Job board"', mod);
    await run('/nexus-admin stats'); // refused: not a moderator

    // Profiles.
    await run(
      '/profile set role:backend stack:django,postgres timezone:Africa/Lagos availability:"weekdays 18-22" seeking:true',
    );
    await run('/profile set role:frontend stack:react,rest timezone:Europe/Berlin availability:"weekdays 19-23"', bob);
    await run('/profile set role:fullstack stack:django,react timezone:Africa/Nairobi seeking:true', carol);
    await run('/profile set timezone:Mars/Base');
    await run('/profile show');
    await run(`/profile show user:<@${BOB}>`);

    // Projects (the announcement is posted; announcing again edits it).
    await run(
      '/project announce name:"Airbnb clone" summary:"**API** @everyone" stack:django,postgres repo:https://github.com/ada/alx-airbnb role:backend seeking:frontend',
    );
    await run(
      '/project announce name:"airbnb-clone" summary:"Booking UI" stack:react role:frontend seeking:backend',
      bob,
    );
    await run('/project announce name:"Job board" summary:"Jobs API" role:backend seeking:frontend', carol);
    for (let n = 0; n < 4; n++) await run(`/project announce name:"Side ${n}" summary:"Small thing ${n}"`, carol);
    await run('/project announce name:"AirBnB-Clone " summary:"Bookings API v2"');
    await run('/project update id:1 stack:"django, postgres, redis" seeking:frontend');
    const list = await run('/project list');
    await run('/project list seeking:frontend tag:django');
    await click(list, 'project:page');
    await run('/project show id:1');
    const mine = await run('/project mine');
    await click(mine, 'project:renew');
    await run('/project archive id:4', carol);
    // A near miss of a track asks "Did you mean …?" first; the answer announces it.
    await click(await run('/project announce name:"Airbn clone" summary:"Booking admin"', mod), 'project:near', mod);

    // Pairing.
    const found = await run('/pair find');
    await click(found, 'pair:request');
    await run('click pair:accept:1', carol); // not for them
    await run('/pair list', bob);
    const accepted = await run('click pair:accept:1', bob);
    expect(accepted.posted.length + (accepted.response ? 1 : 0)).toBeGreaterThan(0);
    // The pair's private thread: the checklist, then Thursday's check-in and its answers.
    await click(accepted, 'pair:tick', bob);
    await run('click pair:tick:1:repos'); // Alice, from /pair list's view (not the kickoff message)
    await run('click pair:tick:1:repos', carol); // not hers
    h.clock.set(new Date('2026-12-03T16:00:30Z')); // Thursday 17:00 in Lagos
    const checkin = await run('tick');
    expect(checkin.checkins).toEqual([expect.objectContaining({ outcome: 'posted', posted: 1 })]);
    await click(checkin, 'pair:checkin:1:not-yet', bob);
    await click(checkin, 'pair:checkin:1:yes');
    const stuck = await click(checkin, 'pair:checkin:1:stuck');
    await click(stuck, 'pair:stuck-log');
    await run('/nexus-admin pairs stalled', mod);
    await run(`/pair request user:<@${CAROL}> message:"Want to build the UI together?"`);
    await run('click pair:decline:2', carol);
    // Ending from /pair list: asked first (kept once), then ended; the reply offers to seek again.
    await click(await click(await run('/pair list', bob), 'pair:end', bob), 'pair:end-keep', bob);
    const ended = await click(await click(await run('/pair list', bob), 'pair:end', bob), 'pair:end-confirm', bob);
    await click(ended, 'pair:seek', bob);
    const again = await run(`/pair request user:<@${CAROL}> project:2 message:"Another try?"`, bob);
    expect(JSON.stringify(again.posted)).toContain('pair:accept'); // the request, posted for Carol
    await click(await run('/pair list', bob), 'pair:cancel', bob);
    await run(`/pair end user:<@${BOB}> reason:"different schedules"`); // already ended: refused
    await run('/pair list');
    await run('/profile set seeking:true', bob);
    await run('/pair auto', mod);
    await run('/pair auto project:1', mod);

    // Challenges: the form, its submit (a card is posted), search with pages, solve, helped.
    await run('/challenge log');
    await run(
      'modal challenge:log title:"Django cannot reach Postgres in Docker" problem:"psycopg2 OperationalError: could not connect to server at localhost:5432" tags:"docker, PostgreSQL, django"',
    );
    for (let n = 0; n < 10; n++)
      await run(
        `modal challenge:log title:"Docker issue ${n}" problem:"container ${n} fails" solution:"restart" tags:docker`,
      );
    // A form that does not validate: the error with "Fix it", which reopens the form pre-filled.
    await click(await run('modal challenge:log title:"Docker" problem:"x" project:"abc"'), 'challenge:fix');
    const search = await run('/challenge search query:docker');
    await click(search, 'challenge:search');
    await click(search, 'challenge:open');
    await run('/challenge search query:"postgres docker" status:open tag:docker');
    await run('/challenge show id:1');
    await run('/challenge show id:1 part:1');
    const myChallenges = await run('/challenge mine');
    await click(myChallenges, 'challenge:mine');
    await run('/challenge solve id:1');
    await run('modal challenge:solve:1 solution:"Inside compose the host is the service name: DATABASE_HOST=db"');
    await run('click challenge:helped:1', bob);
    await run('click challenge:helped:1', bob);
    await run('click challenge:solution:1');

    // Takeaways.
    for (let n = 0; n < 12; n++)
      await run(
        `/takeaway add text:"Use service names, not localhost, between containers (${n})" tags:"docker, compose"`,
      );
    const takeaways = await run('/takeaway list tag:docker');
    await click(takeaways, 'takeaway:list');
    await run(`/takeaway list user:<@${ALICE}>`, bob);

    // READMEs (an attachment with the reply).
    await run('/nexus help');
    await run('/nexus readme');
    await run('/nexus readme format:table-style sections:"overview, challenges"');
    await run(`/nexus readme user:<@${BOB}>`);

    // Autocomplete: every option that has it.
    for (const line of [
      'complete /profile set timezone:Afr',
      'complete /project announce name:air',
      'complete /project announce name:x stack:dj',
      'complete /project update id:',
      'complete /project update id:1 stack:re',
      'complete /project archive id:',
      'complete /project show id:',
      'complete /project list track:air',
      'complete /project list tag:dj',
      'complete /pair find project:',
      'complete /pair request user:<@100000000000000002> project:',
      'complete /pair auto project:',
      'complete /challenge solve id:',
      'complete /challenge search query:x tag:do',
      'complete /challenge show id:',
      'complete /takeaway add text:x tags:do',
      'complete /takeaway list tag:do',
    ])
      await run(line);
    for (const line of [
      'complete /nexus-admin config set timezone:Eur',
      'complete /nexus-admin track remove name:',
      'complete /nexus-admin audit action:',
    ])
      await run(line, mod);

    // The weekly digest: preview, the scheduler's post, a post now; removal and restore edit public posts.
    await run('/nexus-admin digest preview', mod);
    h.clock.set(new Date('2026-12-07T08:00:30Z')); // Monday 09:00 in Lagos
    const tick = await run('tick');
    expect(tick.posted.some((c) => c.method === 'POST' && c.path === '/channels/800000000000000050/messages')).toBe(
      true,
    );
    await run('click challenge:open:1', bob); // the digest's "Can you help?" button
    h.clock.set(new Date('2026-12-08T10:00:00Z'));
    await run('/nexus-admin digest post', mod);
    const removed = await run('/nexus-admin remove type:project id:1 reason:"spam link"', mod);
    expect(removed.posted.some((c) => c.method === 'PATCH')).toBe(true);
    await run('/nexus-admin restore type:project id:1', mod);
    await run('/nexus-admin remove type:challenge id:1 reason:"duplicate"', mod);
    await run('/nexus-admin restore type:challenge id:1', mod);
    await run('/nexus-admin remove type:takeaway id:1 reason:"off topic"', mod);
    await run('/nexus-admin remove type:request id:2 reason:"spam"', mod);
    await run('/nexus-admin stats', mod);
    await run(`/nexus-admin block user:<@${CAROL}> reason:spam`, mod);
    await run('/project announce name:"Blocked" summary:"nope"', carol);
    await run(`/nexus-admin unblock user:<@${CAROL}>`, mod);
    await run('/nexus-admin export format:csv what:projects', mod);
    await run('/nexus-admin export format:json', mod);
    await run('/nexus-admin audit', mod);
    await run(`/nexus-admin audit user:<@${MOD}> action:config.set`, mod);

    // Forget me: the confirmation, cancel, then confirm.
    const forget = await run('/nexus forget-me', carol);
    await click(forget, 'nexus:forget-cancel', carol);
    await click(await run('/nexus forget-me', carol), `nexus:forget:${CAROL}`, carol);

    // PONG: Discord's ping (HTTP transport).
    const ping = { id: '1200000000000000001', application_id: APPLICATION_ID, type: 1, token: 'ping', version: 1 };
    const pong = await h.handle(ping as unknown as APIInteraction);
    checkResult({ response: pong.response, posted: [] }, 'PING');

    // Deferred replies: the database held busy past the router's deadline, so the first answer is "thinking…"
    // and the real reply is an edit of @original: a writing command (deferred before the dedupe answers) and
    // a reading one with an attachment (deferred while its handler runs).
    const slow = await createHarness(use(), { now: new Date('2026-12-08T11:00:00Z'), deadlineMs: 50 });
    for (const [line, as] of [
      ['/project announce name:"Slow clone" summary:"Bookings API" role:backend seeking:frontend', undefined],
      ['/nexus readme', undefined],
      ['/challenge log', undefined], // a form cannot follow a deferral: an edit that says so
    ] as const) {
      const i = lineToInteraction(line, slow.actor(as), slow.clock.now().getTime());
      let release!: () => void;
      const released = new Promise<void>((r) => (release = r));
      let locked!: () => void;
      const isLocked = new Promise<void>((r) => (locked = r));
      const holder = use().db.transaction(async (tx) => {
        await tx.execute(
          sql`lock table processed_interactions, members, guild_settings, projects, challenges in access exclusive mode`,
        );
        locked();
        await released;
      });
      await isLocked;
      const handled = await slow.handle(i);
      release();
      await holder;
      await handled.later;
      expect(handled.response.type, `${line} is deferred`).toBe(5);
      expect(handled.later, line).toBeDefined();
      const posted = slow.recorder.take();
      expect(
        posted.filter((c) => c.method === 'PATCH' && c.path.endsWith('/messages/%40original')),
        line,
      ).toHaveLength(1);
      checkResult({ response: handled.response, posted }, `${line} (deferred)`);
      await viaTransports(i, handled.response, handled.files, `${line} (deferred)`);
    }
    await slow.app.close();

    // Coverage: every command path, autocomplete option, button and form the bot defines was exercised.
    const defined = definedPaths();
    expect(defined.commands.filter((p) => !seen.commandPaths.has(p))).toEqual([]);
    expect(defined.autocompletes.filter((p) => !seen.completed.has(p))).toEqual([]);
    expect(seen.noChoices).toEqual([]);
    const used = [...seen.prefixes];
    const unused = [...components, ...modals]
      .map((m) => m.prefix)
      .filter((p) => !used.some((id) => id === p || id.startsWith(p + ':')));
    expect(unused).toEqual([]);
    // Every callback type the bot sends (6, a deferred update, is never used), and every call it makes.
    expect([...seen.callbackTypes].sort()).toEqual([1, 4, 5, 7, 8, 9]);
    expect([...seen.routes].sort()).toEqual(
      [
        '/channels/{channel_id}/messages POST',
        '/channels/{channel_id}/messages/{message_id} PATCH',
        '/channels/{channel_id}/messages/{message_id} DELETE',
        '/channels/{channel_id}/threads POST',
        '/channels/{channel_id}/thread-members/{user_id} PUT',
        '/channels/{channel_id} PATCH',
        '/guilds/{guild_id}/members/{user_id} GET',
        '/interactions/{interaction_id}/{interaction_token}/callback POST',
        '/webhooks/{webhook_id}/{webhook_token}/messages/@original PATCH',
      ].sort(),
    );
    expect(seen.checked).toBeGreaterThan(250);
    await h.app.close();
  }, 120_000);
});

describe('every DiscordPort method sends a body the spec accepts', () => {
  it('covers each method of the port, and every route the checker knows', async () => {
    const recorder = new RecordingRestCaller();
    const port = new DiscordPort(recorder);
    const called: string[] = [];
    const file: ReplyFile = { name: 'README.md', data: '# hi' };
    const content = { content: 'hello @everyone', embeds: [{ title: 't', description: 'd' }] };
    const calls: Record<string, () => Promise<unknown>> = {
      respond: () => port.respond('1200000000000000001', 'tok', { type: 4, data: content }, [file]),
      editOriginal: () => port.editOriginal(APPLICATION_ID, 'tok', content, [file]),
      postMessage: () => port.postMessage('800000000000000001', content, [file]),
      editMessage: () => port.editMessage('800000000000000001', '1300000000000000001', content),
      deleteMessage: () => port.deleteMessage('800000000000000001', '1300000000000000001'),
      createThread: () =>
        port.createThread('800000000000000001', {
          name: 'Pairing #1 · Airbnb clone',
          type: 12,
          invitable: false,
          auto_archive_duration: 10080,
        }),
      addThreadMember: () => port.addThreadMember('1300000000000000002', BOB),
      editThread: () => port.editThread('1300000000000000002', { archived: true, locked: true }),
      isGuildMember: () => port.isGuildMember('900000000000000001', BOB),
      listGuilds: () => port.listGuilds('900000000000000001'),
      // Exactly what `npm run register` PUTs, globally and to a guild.
      putCommands: async () => {
        await port.putCommands(APPLICATION_ID, undefined, commandDefinitions());
        await port.putCommands(APPLICATION_ID, '900000000000000001', commandDefinitions());
      },
    };
    const methods = Object.getOwnPropertyNames(DiscordPort.prototype).filter((m) => m !== 'constructor');
    expect(Object.keys(calls).sort(), 'a new DiscordPort method needs a case here').toEqual(methods.sort());
    const routes = new Set<string>();
    for (const [name, call] of Object.entries(calls)) {
      await call();
      called.push(name);
      for (const c of recorder.take()) {
        expect(checkCall(c), `${name}: ${c.method} ${c.path}`).toEqual([]);
        routes.add(`${c.method} ${routeOf(c).spec}`);
      }
    }
    expect(called).toHaveLength(methods.length);
    expect([...routes].sort()).toEqual(ROUTES.map((r) => `${r.method} ${r.spec}`).sort());
  });
});
