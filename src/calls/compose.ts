/**
 * Builds the calls layer from the bot's other services: stores on the shared database, the session
 * budget (with the fleet-wide lease cap), the Nova Sonic stream factory, the order tools, and the
 * summary job with its scheduler. Returns the service commands use.
 */
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import type { Client } from 'discord.js';
import { createSdkStreamFactory } from '../bedrock/sonic/stream.ts';
import type { Config } from '../config.ts';
import type { Database } from '../db/index.ts';
import type { Logger } from '../log.ts';
import { LoopLag } from '../ops/loop-lag.ts';
import type { Metrics } from '../ops/metrics.ts';
import { statusInWords } from '../orders/format.ts';
import { normaliseOrderId } from '../orders/order-id.ts';
import type { OrderService } from '../orders/service.ts';
import { createOrderTools } from '../orders/tools.ts';
import type { VoiceService } from '../voice/service.ts';
import { CallStore } from './call-store.ts';
import type { CallEnvironment } from './environment.ts';
import { FleetLeases } from './fleet-leases.ts';
import { forgetSpeaker } from './forget.ts';
import { FreshModeratorCheck } from './member-roles.ts';
import { OpenBackoff } from './open-backoff.ts';
import { Presence } from './presence.ts';
import { CallRegistry } from './registry.ts';
import { CallsService } from './service.ts';
import { SessionBudget } from './session-budget.ts';
import { SettingsStore } from './settings-store.ts';
import { SummaryJob } from './summary-job.ts';
import { discordSummaryPoster } from './summary-poster.ts';
import { SummaryScheduler } from './summary-scheduler.ts';
import { readTranscript, TranscriptWriter } from './transcript-store.ts';

export interface CallsDeps {
  readonly config: Config;
  readonly log: Logger;
  readonly client: Client;
  readonly metrics: Metrics;
  readonly db: Database;
  /** For Converse (the summary). */
  readonly bedrock: BedrockRuntimeClient;
  /** For Nova Sonic streams (a short inactivity timeout). */
  readonly sonicBedrock: BedrockRuntimeClient;
  readonly voice: VoiceService;
  readonly orders: OrderService;
}

export function createCalls(deps: CallsDeps): CallsService {
  const { config, client, metrics, db, bedrock, orders } = deps;
  const log = deps.log.child({ service: 'calls' });
  const owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  // The voice layer counts decode errors and dropped frames itself; they are read on each scrape.
  metrics.observeAudio(() => deps.voice.counters());
  const calls = new CallStore(db.doc, db.tables.calls, config.calls.clockSkewMarginMs);
  const settings = new SettingsStore(db.doc, db.tables.settings);
  const transcripts = new TranscriptWriter({
    doc: db.doc,
    table: db.tables.transcripts,
    retentionDays: config.calls.transcriptRetentionDays,
    flushMs: config.calls.transcriptFlushMs,
    journalDir: config.calls.journalDir,
    log,
  });
  const loopLag = new LoopLag();
  metrics.observeLoad({
    loopLagP99Ms: () => loopLag.p99Ms(),
    transcriptUnwritten: () => transcripts.unwritten(),
  });
  // A guild's summaries go only to its own channel; the global default serves the shop's guilds only.
  const summaryChannel = async (guildId: string) => {
    const own = (await settings.get(guildId)).summaryChannelId;
    const cached = own === undefined ? undefined : client.channels.cache.get(own);
    if (own !== undefined && (!cached || ('guildId' in cached && cached.guildId === guildId))) return own;
    return config.discord.shopGuildIds.includes(guildId) ? config.summary.channelId : undefined;
  };
  const job = new SummaryJob({
    config,
    log,
    metrics,
    calls,
    readTranscript: (callId) => readTranscript(db.doc, db.tables.transcripts, callId),
    bedrock,
    poster: discordSummaryPoster(client),
    summaryChannel,
    orderFacts: async (orderId) => {
      const order = await orders.store.get(normaliseOrderId(orderId));
      return order
        ? {
            customerId: order.customerId,
            status: statusInWords(order.status),
            deliveryAddress: order.deliveryAddress,
          }
        : undefined;
    },
    owner,
    unwritten: (callId) => transcripts.unwritten(callId),
  });
  const fleet = new FleetLeases({
    doc: db.doc,
    table: db.tables.leases,
    max: config.calls.maxSessionsFleet,
    leaseMs: config.calls.sessionLeaseMs,
    skewMarginMs: config.calls.clockSkewMarginMs,
    owner,
    log,
  });
  const env: CallEnvironment = {
    config,
    log,
    metrics,
    client,
    calls,
    settings,
    transcripts,
    budget: new SessionBudget({
      perCall: config.calls.maxSessionsPerCall,
      perProcess: config.calls.maxSessionsPerProcess,
      fleet,
    }),
    // Sweep often enough that a crashed process's summary is taken over soon after its lease ends.
    summaries: new SummaryScheduler({ job, calls, log, sweepMs: Math.min(30_000, config.summary.leaseMs) }),
    streamFactory: createSdkStreamFactory(deps.sonicBedrock, { modelId: config.sonic.modelId, log }),
    tools: createOrderTools(orders),
    presence: new Presence(client, log),
    moderators: new FreshModeratorCheck({ shopGuildIds: config.discord.shopGuildIds, log }),
    openBackoff: new OpenBackoff({
      cooldownMs: config.calls.sonicBreakerCooldownMs,
      retryBaseMs: Math.min(1_000, config.calls.sonicBreakerCooldownMs),
    }),
    summaryChannel,
    forget: (guildId, userId) => forgetSpeaker(db.doc, db.tables, guildId, userId),
  };
  return new CallsService(
    env,
    new CallRegistry(env, deps.voice, () => loopLag.p99Ms()),
    async () => {
      loopLag.stop();
      await fleet.releaseAll();
    },
    () => loopLag.start(),
  );
}
