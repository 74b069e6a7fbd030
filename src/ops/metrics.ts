/**
 * The bot's Prometheus metrics, in one registry per process (tests create their own). Layers get
 * this object injected and record what they see; nothing here knows how calls work.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export type TokenKind = 'speech_in' | 'speech_out' | 'text_in' | 'text_out' | 'summary_in' | 'summary_out';
export type SummaryOutcome = 'posted' | 'empty' | 'failed' | 'retried' | 'fallback' | 'unpostable';
/** Fate of one order status DM (`retried` counts attempts that will be tried again). */
export type NotificationOutcome = 'sent' | 'undeliverable' | 'failed' | 'retried' | 'skipped';

/**
 * Monotonic audio counters a layer keeps itself (the voice layer does not import ops); read on
 * every scrape and exported as `voicedesk_opus_decode_errors_total`,
 * `voicedesk_dropped_frames_total{direction="in"|"out"}` and
 * `voicedesk_dave_decrypt_failures_total`.
 */
export interface AudioCounters {
  readonly corruptPackets: number;
  readonly droppedIn: number;
  readonly droppedOut: number;
  readonly decryptFailures: number;
}

export class Metrics {
  readonly registry = new Registry();
  readonly calls = new Gauge({
    name: 'voicedesk_calls',
    help: 'Calls in progress',
    registers: [this.registry],
  });
  readonly speakers = new Gauge({
    name: 'voicedesk_speakers',
    help: 'Subscribed speakers across calls',
    registers: [this.registry],
  });
  readonly sonicSessions = new Gauge({
    name: 'voicedesk_sonic_sessions',
    help: 'Open Nova Sonic sessions',
    registers: [this.registry],
  });
  readonly turnLatency = new Histogram({
    name: 'voicedesk_turn_latency_seconds',
    help: 'End of user speech to first reply audio',
    buckets: [0.25, 0.5, 0.75, 1, 1.5, 2, 3, 5, 8],
    registers: [this.registry],
  });
  readonly tokens = new Counter({
    name: 'voicedesk_tokens_total',
    help: 'Model tokens by kind',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });
  readonly summaries = new Counter({
    name: 'voicedesk_summaries_total',
    help: 'Summary job outcomes',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  readonly summaryLatency = new Histogram({
    name: 'voicedesk_summary_latency_seconds',
    help: 'Call end to summary posted',
    buckets: [1, 2, 5, 10, 20, 40, 80, 160],
    registers: [this.registry],
  });
  readonly orderNotifications = new Counter({
    name: 'voicedesk_order_notifications_total',
    help: 'Order status DMs by outcome: sent, undeliverable (DMs closed, no shared server), failed (gave up), retried, skipped (opted out or turned off)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  readonly errors = new Counter({
    name: 'voicedesk_errors_total',
    help: 'Errors by type',
    labelNames: ['type'] as const,
    registers: [this.registry],
  });
  readonly decodeErrors = new Counter({
    name: 'voicedesk_opus_decode_errors_total',
    help: 'Corrupt Opus packets skipped',
    registers: [this.registry],
    collect: () => this.#syncAudio(),
  });
  readonly droppedFrames = new Counter({
    name: 'voicedesk_dropped_frames_total',
    help: 'Audio frames dropped: in = late, duplicate or overflow packets and clock skips; out = playback underruns',
    labelNames: ['direction'] as const,
    registers: [this.registry],
    collect: () => this.#syncAudio(),
  });
  readonly decryptFailures = new Counter({
    name: 'voicedesk_dave_decrypt_failures_total',
    help: 'Received frames that could not be DAVE (end-to-end) decrypted and were dropped',
    registers: [this.registry],
    collect: () => this.#syncAudio(),
  });
  readonly arrayBuffers = new Gauge({
    name: 'voicedesk_array_buffers_bytes',
    help: 'Memory held by ArrayBuffers and Buffers (part of nodejs_external_memory_bytes), for telling leaks apart',
    registers: [this.registry],
    collect() {
      this.set(process.memoryUsage().arrayBuffers);
    },
  });
  readonly loopLagP99: Gauge = new Gauge({
    name: 'voicedesk_event_loop_lag_p99_seconds',
    help: 'p99 event-loop delay over the last 5-10 s, the figure new joins are refused on (JOIN_MAX_LAG_P99_MS)',
    registers: [this.registry],
    collect: (): void => this.loopLagP99.set((this.#loopLagMs?.() ?? 0) / 1000),
  });
  readonly joinsRefused = new Counter({
    name: 'voicedesk_joins_refused_total',
    help: 'Joins refused: calls = MAX_CALLS_PER_PROCESS reached, lag = event loop too slow',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  readonly replyAudioDropped = new Counter({
    name: 'voicedesk_reply_audio_dropped_seconds_total',
    help: 'Reply audio not played: queue_full = over 60 s queued for one speaker, stale = waited over 30 s to start',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  readonly transcriptUnwritten: Gauge = new Gauge({
    name: 'voicedesk_transcript_lines_unwritten',
    help: 'Transcript lines journalled but not yet in the store (spooled while the store fails)',
    registers: [this.registry],
    collect: (): void => this.transcriptUnwritten.set(this.#unwritten?.() ?? 0),
  });
  readonly sonicOpensDeferred = new Counter({
    name: 'voicedesk_sonic_opens_deferred_total',
    help: 'Session opens held back by the throttling backoff or breaker, by error class',
    labelNames: ['class'] as const,
    registers: [this.registry],
  });
  #loopLagMs: (() => number) | undefined;
  #unwritten: (() => number) | undefined;
  readonly #audioSources: (() => AudioCounters)[] = [];
  #audioSeen: AudioCounters = { corruptPackets: 0, droppedIn: 0, droppedOut: 0, decryptFailures: 0 };

  constructor(options: { defaultMetrics?: boolean } = {}) {
    if (options.defaultMetrics ?? true) {
      // Includes nodejs_eventloop_lag_* (event-loop lag), CPU, RSS and heap.
      collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: 20 });
    }
    // Both directions are exported from the start, so "no drops" reads as 0, not as absent.
    for (const direction of ['in', 'out']) this.droppedFrames.inc({ direction }, 0);
    for (const outcome of ['sent', 'undeliverable', 'failed'] as const)
      this.orderNotifications.inc({ outcome }, 0);
  }

  countTokens(kind: TokenKind, count: number): void {
    if (count > 0) this.tokens.inc({ kind }, count);
  }

  /** Export the event-loop p99 (ms) and the unwritten transcript lines on each scrape. */
  observeLoad(sources: { loopLagP99Ms: () => number; transcriptUnwritten: () => number }): void {
    this.#loopLagMs = sources.loopLagP99Ms;
    this.#unwritten = sources.transcriptUnwritten;
  }

  /** Export `read()`'s counters (summed over every source) on each scrape. */
  observeAudio(read: () => AudioCounters): void {
    this.#audioSources.push(read);
  }

  /** Adds what the sources counted since the last scrape; idempotent within one scrape. */
  #syncAudio(): void {
    const total = { corruptPackets: 0, droppedIn: 0, droppedOut: 0, decryptFailures: 0 };
    for (const read of this.#audioSources) {
      const c = read();
      total.corruptPackets += c.corruptPackets;
      total.droppedIn += c.droppedIn;
      total.droppedOut += c.droppedOut;
      total.decryptFailures += c.decryptFailures;
    }
    const seen = this.#audioSeen;
    const grew = (key: keyof AudioCounters) => Math.max(0, total[key] - seen[key]);
    if (grew('corruptPackets') > 0) this.decodeErrors.inc(grew('corruptPackets'));
    if (grew('droppedIn') > 0) this.droppedFrames.inc({ direction: 'in' }, grew('droppedIn'));
    if (grew('droppedOut') > 0) this.droppedFrames.inc({ direction: 'out' }, grew('droppedOut'));
    if (grew('decryptFailures') > 0) this.decryptFailures.inc(grew('decryptFailures'));
    this.#audioSeen = {
      corruptPackets: Math.max(seen.corruptPackets, total.corruptPackets),
      droppedIn: Math.max(seen.droppedIn, total.droppedIn),
      droppedOut: Math.max(seen.droppedOut, total.droppedOut),
      decryptFailures: Math.max(seen.decryptFailures, total.decryptFailures),
    };
  }
}
