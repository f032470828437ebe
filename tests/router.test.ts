// The router on raw payloads shaped like Discord's: no database needed for these handlers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApplicationCommandOptionType,
  InteractionResponseType,
  InteractionType,
  type APIInteraction,
  type APIInteractionResponseChannelMessageWithSource,
} from 'discord-api-types/v10';
import { UserError, type CommandModule, type ComponentModule, type ModalModule } from '../src/commands/types.js';
import { fixedClock, type AppContext } from '../src/context.js';
import type { Database } from '../src/db/client.js';
import { writeRates } from '../src/db/schema.js';
import { openPgliteClone } from './helpers/db.js';
import { DiscordPort, RecordingRestCaller } from '../src/discord/port.js';
import {
  buttonInteraction,
  chatInputInteraction,
  modalSubmitInteraction,
  type Actor,
} from '../src/discord/payloads.js';
import { Router } from '../src/discord/router.js';
import { captureLogs } from './helpers/logs.js';

let database: Database;
beforeAll(async () => {
  database = await openPgliteClone();
});
afterAll(async () => {
  await database.close();
});

function setup(deadlineMs = 1000, writesPerMinute = 20) {
  const { log, lines } = captureLogs();
  const recorder = new RecordingRestCaller();
  const ctx: AppContext = {
    db: database.db, // the router records interaction ids (duplicate delivery); handlers here never touch it
    dbKind: 'pglite',
    log,
    clock: fixedClock(new Date('2026-12-01T00:00:00Z')),
    discord: new DiscordPort(recorder),
    applicationId: '1000000000000000001',
  };
  const seen: unknown[] = [];
  const echo: CommandModule = {
    writes: ['grp say'],
    data: {
      name: 'echo',
      description: 'echo',
      options: [
        {
          type: ApplicationCommandOptionType.SubcommandGroup,
          name: 'grp',
          description: 'g',
          options: [
            {
              type: ApplicationCommandOptionType.Subcommand,
              name: 'say',
              description: 's',
              options: [{ type: ApplicationCommandOptionType.String, name: 'text', description: 't', required: true }],
            },
          ],
        },
      ],
    },
    async execute(input) {
      seen.push(input);
      if (input.options.text === 'fail') throw new Error('boom with secret details');
      if (input.options.text === 'user-error') throw new UserError('You did it wrong.');
      if (input.options.text === 'slow') await new Promise((r) => setTimeout(r, deadlineMs + 200));
      return {
        content: `you said ${String(input.options.text)} @everyone`,
        ephemeral: input.options.text === 'secret',
      };
    },
  };
  const admin: CommandModule = {
    data: { name: 'admin', description: 'a' },
    moderatorOnly: true,
    async execute() {
      return { content: 'admin done' };
    },
  };
  const buttons: ComponentModule[] = [
    { prefix: 'pair', handle: async (i) => ({ content: `pair ${i.args.join(',')}` }) },
    {
      prefix: 'pair:accept',
      handle: async (i) => ({ content: `accept ${i.args.join(',')} by ${i.user.id}`, update: true }),
    },
  ];
  const modals: ModalModule[] = [
    { prefix: 'form', handle: async (i) => ({ content: JSON.stringify(i.fields), ephemeral: true }) },
  ];
  const router = new Router(
    {
      commands: new Map([
        ['echo', echo],
        ['admin', admin],
      ]),
      components: buttons,
      modals,
    },
    ctx,
    { deadlineMs, writesPerMinute },
  );
  return { router, recorder, seen, lines, clock: ctx.clock as ReturnType<typeof fixedClock> };
}

const actor: Actor = {
  guildId: '900000000000000001',
  channelId: '800000000000000001',
  userId: '100000000000000001',
  name: 'alice',
  moderator: false,
};
const say = (text: string, a: Actor = actor) =>
  chatInputInteraction(a, 'echo', [
    {
      type: ApplicationCommandOptionType.SubcommandGroup,
      name: 'grp',
      options: [
        {
          type: ApplicationCommandOptionType.Subcommand,
          name: 'say',
          options: [{ type: ApplicationCommandOptionType.String, name: 'text', value: text }],
        },
      ],
    },
  ]);

function data(r: { response: unknown }) {
  return (r.response as APIInteractionResponseChannelMessageWithSource).data;
}

describe('router', () => {
  it('answers PING with PONG', async () => {
    const { router } = setup();
    const r = await router.handle({
      type: InteractionType.Ping,
      id: '1',
      application_id: '1',
      token: 't',
      version: 1,
    } as unknown as APIInteraction);
    expect(r.response).toEqual({ type: InteractionResponseType.Pong });
  });

  it('flattens subcommand groups and options, and never lets a reply ping', async () => {
    const { router, seen } = setup();
    const r = await router.handle(say('hi'));
    expect(r.response.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(data(r).content).toBe('you said hi @everyone');
    expect(data(r).allowed_mentions).toEqual({ parse: [] });
    expect(data(r).flags).toBeUndefined();
    expect(seen[0]).toMatchObject({
      path: ['grp', 'say'],
      options: { text: 'hi' },
      guildId: actor.guildId,
      user: { id: actor.userId },
    });
  });

  it('marks ephemeral replies with the Ephemeral flag', async () => {
    const { router } = setup();
    expect(data(await router.handle(say('secret'))).flags).toBe(64);
  });

  it('shows user errors as they are, ephemeral', async () => {
    const { router } = setup();
    const r = await router.handle(say('user-error'));
    expect(data(r)).toMatchObject({ content: 'You did it wrong.', flags: 64 });
    expect(r.outcome).toBe('user_error');
  });

  it('answers unexpected errors with an apology and a correlation id that is in the log', async () => {
    const { router, lines } = setup();
    const r = await router.handle(say('fail'));
    const content = data(r).content!;
    expect(content).not.toContain('secret details');
    const ref = /`([0-9a-f]{8})`/.exec(content)?.[1];
    expect(ref).toBeDefined();
    expect(lines.some((l) => l.includes(ref!) && l.includes('boom with secret details'))).toBe(true);
    expect(data(r).flags).toBe(64);
  });

  it('refuses moderator commands from a member without Manage Server, and runs them for one with it', async () => {
    const { router } = setup();
    const denied = await router.handle(chatInputInteraction(actor, 'admin', []));
    expect(data(denied).content).toMatch(/Manage Server/);
    expect(denied.outcome).toBe('refused');
    const ok = await router.handle(chatInputInteraction({ ...actor, moderator: true }, 'admin', []));
    expect(data(ok).content).toBe('admin done');
  });

  it('refuses interactions outside a server', async () => {
    const { router } = setup();
    const dm = say('hi') as unknown as Record<string, unknown>;
    delete dm.guild_id;
    delete dm.member;
    dm.user = { id: actor.userId, username: 'alice', discriminator: '0', avatar: null, global_name: null };
    const r = await router.handle(dm as unknown as APIInteraction);
    expect(data(r).content).toMatch(/inside a server/);
  });

  it('routes components by the longest custom id prefix, and modals with their fields', async () => {
    const { router } = setup();
    const a = await router.handle(buttonInteraction(actor, 'pair:accept:42'));
    expect(a.response).toMatchObject({
      type: InteractionResponseType.UpdateMessage,
      data: { content: `accept 42 by ${actor.userId}` },
    });
    const b = await router.handle(buttonInteraction(actor, 'pair:other:7'));
    expect(data(b).content).toBe('pair other,7');
    const c = await router.handle(buttonInteraction(actor, 'unknown:1'));
    expect(data(c).content).toMatch(/no longer supported/);
    const m = await router.handle(modalSubmitInteraction(actor, 'form:1', { title: 'T', problem: 'P' }));
    expect(JSON.parse(data(m).content!)).toEqual({ title: 'T', problem: 'P' });
  });

  it('defers a slow handler within the deadline and edits the reply in later', async () => {
    const { router, recorder } = setup(150);
    const started = Date.now();
    const r = await router.handle(say('slow'));
    expect(Date.now() - started).toBeLessThan(1000);
    expect(r.response).toEqual({ type: InteractionResponseType.DeferredChannelMessageWithSource, data: { flags: 64 } });
    expect(r.later).toBeDefined();
    await r.later;
    const [edit] = recorder.take();
    expect(edit).toMatchObject({
      method: 'PATCH',
      path: expect.stringMatching(/^\/webhooks\/1000000000000000001\/local-[0-9a-f]+\/messages\/(@|%40)original$/),
    });
    expect(edit!.body).toMatchObject({ content: 'you said slow @everyone', allowed_mentions: { parse: [] } });
  });

  it('answers a duplicate delivery of the same interaction once', async () => {
    const { router, seen } = setup();
    const i = say('once');
    const [a, b] = await Promise.all([router.handle(i), router.handle(i)]);
    expect([a.outcome, b.outcome].sort()).toEqual(['duplicate', 'ok']);
    expect(seen).toHaveLength(1);
  });

  it('rate-limits writing commands per member with a clear ephemeral message, per minute', async () => {
    const { router, seen, clock } = setup(1000, 3);
    // The limit is counted in the database (shared by every process): forget the writes of earlier tests.
    await database.db.delete(writeRates);
    for (let n = 0; n < 3; n++) expect((await router.handle(say(`w${n}`))).outcome).toBe('ok');
    const limited = await router.handle(say('w4'));
    expect(limited.outcome).toBe('rate_limited');
    expect(data(limited)).toMatchObject({ flags: 64, content: expect.stringMatching(/Slow down.*Nothing was saved/) });
    expect(seen).toHaveLength(3);
    // another member is not affected
    expect((await router.handle(say('other', { ...actor, userId: '100000000000000002' }))).outcome).toBe('ok');
    clock.advance(61_000);
    expect((await router.handle(say('w5'))).outcome).toBe('ok');
  });
});
