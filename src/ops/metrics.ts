/**
 * The bot's Prometheus metrics, in one registry per process (tests create their own). Layers get
 * this object injected and record what they see; nothing here knows how calls work.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export type TokenKind = 'speech_in' | 'speech_out' | 'text_in' | 'text_out' | 'summary_in' | 'summary_out';
export type SummaryOutcome = 'posted' | 'empty' | 'failed' | 'retried' | 'fallback';

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
  });
  readonly droppedFrames = new Counter({
    name: 'voicedesk_dropped_frames_total',
    help: 'Audio frames dropped (late, overflow)',
    labelNames: ['direction'] as const,
    registers: [this.registry],
  });

  constructor(options: { defaultMetrics?: boolean } = {}) {
    if (options.defaultMetrics ?? true) {
      // Includes nodejs_eventloop_lag_* (event-loop lag), CPU, RSS and heap.
      collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: 20 });
    }
  }

  countTokens(kind: TokenKind, count: number): void {
    if (count > 0) this.tokens.inc({ kind }, count);
  }
}
