// Gateway transport: a discord.js Client with the Guilds intent only and minimal caches. Raw
// INTERACTION_CREATE payloads go to the router; the callback body goes back through the REST port.
import { Client, GatewayIntentBits, Options } from 'discord.js';
import { GatewayDispatchEvents, type APIInteraction } from 'discord-api-types/v10';
import type { Logger } from '../logger.js';
import type { DiscordPort } from '../context.js';
import type { Router } from './router.js';
import type { Metrics } from '../metrics.js';
import { interactionTypeLabel } from './invocation.js';

export interface GatewayHandle {
  stop(): Promise<void>;
  /** Resolves when every in-flight interaction has been answered. */
  drain(): Promise<void>;
}

export async function startGateway(opts: {
  token: string;
  router: Router;
  port: DiscordPort;
  log: Logger;
  metrics?: Metrics;
  onGuildDelete?: (guildId: string) => Promise<void>;
  onGuildCreate?: (guildId: string) => Promise<void>;
}): Promise<GatewayHandle> {
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    // The router works on raw payloads: keep discord.js' caches as small as they can be.
    makeCache: Options.cacheWithLimits({
      ...Options.DefaultMakeCacheSettings,
      MessageManager: 0,
      GuildMemberManager: 0,
      UserManager: 0,
      PresenceManager: 0,
      ReactionManager: 0,
      ThreadManager: 0,
      VoiceStateManager: 0,
      GuildEmojiManager: 0,
      GuildStickerManager: 0,
    }),
  });
  const inFlight = new Set<Promise<void>>();
  let accepting = true;

  client.ws.on(GatewayDispatchEvents.InteractionCreate, (raw: APIInteraction) => {
    if (!accepting) return;
    const p = (async () => {
      const t = performance.now();
      const handled = await opts.router.handle(raw);
      // A duplicate delivery was answered the first time: Discord accepts one response per interaction.
      if (handled.outcome !== 'duplicate') await opts.port.respond(raw.id, raw.token, handled.response, handled.files);
      await handled.later;
      opts.metrics?.recordInteraction(
        interactionTypeLabel(raw.type),
        handled.later ? 'deferred' : handled.outcome,
        (performance.now() - t) / 1000,
      );
    })()
      .catch((err) => opts.log.error({ err, interactionId: raw.id }, 'could not answer an interaction'))
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
  });
  client.ws.on(GatewayDispatchEvents.GuildDelete, (raw: { id: string; unavailable?: boolean }) => {
    // unavailable = outage, not removal.
    if (raw.unavailable || !opts.onGuildDelete) return;
    opts
      .onGuildDelete(raw.id)
      .catch((err) => opts.log.error({ err, guildId: raw.id }, 'guild removal bookkeeping failed'));
  });
  client.ws.on(GatewayDispatchEvents.GuildCreate, (raw: { id: string }) => {
    opts.onGuildCreate?.(raw.id).catch((err) => opts.log.error({ err, guildId: raw.id }, 'guild bookkeeping failed'));
  });
  client.once('clientReady', (c) =>
    opts.log.info({ user: c.user.tag, guilds: c.guilds.cache.size }, 'connected to Discord'),
  );
  await client.login(opts.token);

  const drain = async () => {
    while (inFlight.size) await Promise.allSettled([...inFlight]);
  };
  return {
    drain,
    stop: async () => {
      accepting = false;
      await drain();
      await client.destroy();
    },
  };
}
