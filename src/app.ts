/**
 * The bot: builds services, logs in, routes interactions, and stops in order on shutdown
 * (stop accepting work → finish in-flight replies → stop services → destroy the client).
 */
import { Events, Status, type Client } from 'discord.js';
import { commands } from './commands/index.ts';
import type { Config } from './config.ts';
import { createDiscordClient } from './discord/client.ts';
import { InteractionRouter } from './discord/router.ts';
import type { Logger } from './log.ts';
import { startOpsServer, type HealthCheck } from './ops/http.ts';
import { Metrics } from './ops/metrics.ts';
import { openDatabase } from './db/index.ts';
import { OrderCache } from './orders/cache.ts';
import { OrderService } from './orders/service.ts';
import { OrderStore } from './orders/store.ts';
import type { Services } from './services.ts';
import { VoiceService } from './voice/service.ts';
import { createBedrockClient } from './bedrock/client.ts';
import { createCalls } from './calls/compose.ts';
import { NotificationService } from './notifications/service.ts';
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { CallsService } from './calls/service.ts';
import { RetentionSweeper } from './calls/retention.ts';

export interface Bot {
  readonly client: Client;
  /** Graceful stop; resolves when everything is closed. Safe to call twice. */
  stop(): Promise<void>;
}

/** Per-stream inactivity limit of Nova Sonic streams. */
const SONIC_INACTIVITY_MS = 15_000;

/** How long in-flight interactions may take to finish during shutdown. */
const DRAIN_MS = 6_000;

interface ServiceDeps {
  readonly config: Config;
  readonly log: Logger;
  readonly client: Client;
  readonly metrics: Metrics;
}

/** Build every service; each one's stop is called in reverse order of creation. */
async function createServices({
  config,
  log,
  client,
  metrics,
}: ServiceDeps): Promise<Services & { health: HealthCheck[] }> {
  const stops: (() => Promise<void>)[] = [];
  const db = await openDatabase(config.store, { log: log.child({ service: 'db' }) });
  stops.push(() => db.close());
  // The embedded store's LevelDB is held by this process alone, so a cache of orders stays exact.
  const cache = db.kind === 'embedded' ? new OrderCache() : undefined;
  const orders = new OrderService({
    store: new OrderStore({ doc: db.doc, tableName: db.tables.orders, cache }),
  });
  const bedrock = createBedrockClient(config, log.child({ service: 'bedrock' }));
  stops.push(async () => bedrock.destroy());
  // Nova Sonic streams carry audio both ways at least every 500 ms, so a short inactivity timeout
  // only ever ends a dead stream, and frees a finished stream's connection promptly (the long
  // Converse timeout kept each rotated-out stream's buffers for two minutes).
  const sonicBedrock = createBedrockClient(config, log.child({ service: 'bedrock' }), {
    requestTimeoutMs: SONIC_INACTIVITY_MS,
    sessionTimeoutMs: SONIC_INACTIVITY_MS,
  });
  stops.push(async () => sonicBedrock.destroy());
  const consent: { calls?: CallsService } = {};
  const voice = new VoiceService({
    client,
    config: config.voice,
    log: log.child({ service: 'voice' }),
    mayHear: (guildId, userId) => consent.calls?.mayHear(guildId, userId) ?? false,
  });
  stops.push(() => voice.stop());
  const calls = createCalls({ config, log, client, metrics, db, bedrock, sonicBedrock, voice, orders });
  consent.calls = calls;
  stops.push(() => calls.stop());
  // The embedded store has no TTL: retention is enforced by a sweep at start and hourly.
  if (db.kind === 'embedded') {
    const sweeper = new RetentionSweeper({
      doc: db.doc,
      tables: db.tables,
      retentionDays: config.calls.transcriptRetentionDays,
      log: log.child({ service: 'retention' }),
    });
    sweeper.start();
    stops.push(() => sweeper.stop());
  }
  client.once(Events.ClientReady, () => void calls.start());
  const notifications = new NotificationService({
    config,
    log,
    client,
    metrics,
    db,
    guildDefault: async (guildId) => (await calls.settings(guildId)).orderUpdates,
    owner: `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
  });
  stops.push(() => notifications.stop());
  client.once(Events.ClientReady, () => notifications.start());
  return {
    metrics,
    voice,
    orders,
    calls,
    notifications,
    health: [{ name: 'store', check: (signal) => db.ping(signal) }],
    stop: async () => {
      for (const stop of stops.reverse()) await stop();
    },
  };
}

function healthChecks(client: Client, more: readonly HealthCheck[]): HealthCheck[] {
  return [{ name: 'gateway', check: async () => client.ws.status === Status.Ready }, ...more];
}

export async function startBot(config: Config, log: Logger): Promise<Bot> {
  const metrics = new Metrics();
  if (config.discord.shopGuildIds.length === 0)
    log.warn(
      'SHOP_GUILD_IDS is not set: moderator powers are off (nobody sees other customers’ orders) and summaries go only to channels set with /voicedesk settings',
    );
  else
    log.info(
      { shopGuildIds: config.discord.shopGuildIds },
      'moderator powers apply in the shop’s guilds only',
    );
  const client = createDiscordClient(config, log);
  const services = await createServices({ config, log, client, metrics });
  const ops =
    config.ops.metricsPort === undefined
      ? undefined
      : await startOpsServer({
          port: config.ops.metricsPort,
          host: config.ops.metricsHost,
          metrics,
          checks: healthChecks(client, services.health),
          log,
        });
  const router = new InteractionRouter(commands, { config, log, services });
  client.on(Events.InteractionCreate, (interaction) => void router.handle(interaction));
  client.once(Events.ClientReady, (ready) =>
    log.info({ user: ready.user.tag, guilds: ready.guilds.cache.size }, 'logged in to Discord'),
  );

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      log.info('shutting down');
      router.stopAccepting();
      await router.drain(DRAIN_MS);
      await services.stop().catch((err: unknown) => log.error({ err }, 'service stop failed'));
      await client.destroy();
      await ops?.close();
      log.info('stopped');
    })());

  try {
    await client.login(config.discord.token);
  } catch (err) {
    await stop();
    throw err;
  }
  return { client, stop };
}
