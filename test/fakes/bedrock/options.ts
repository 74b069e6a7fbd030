import { resolveRealism, type RealismOptions } from './realism.ts';

/** Knobs of the loopback Bedrock; defaults are the real service's, tests shorten the timers. */
export interface FakeBedrockOptions extends Partial<RealismOptions> {
  /**
   * Trailing silence that ends an utterance. Default: `observed` about 0.5 s whatever the
   * sensitivity (a live Nova 2 trace: userSpeechEnd ~480 ms after speech at MEDIUM); `documented`
   * from the session's endpointing (1500/1750/2000 ms).
   */
  readonly endpointingMs?: number;
  /** RMS of a 10 ms window that counts as speech. */
  readonly vadThresholdRms?: number;
  readonly minSpeechMs?: number;
  /** No input events for this long raises `Timed out waiting for input events`. */
  readonly noInputTimeoutMs?: number;
  /** The stream length limit (about 8 minutes), answered with modelTimeoutException. */
  readonly streamLimitMs?: number;
  /** Reply audio is sent in chunks of this many 24 kHz samples, one chunk every `outputIntervalMs`. */
  readonly outputChunkSamples?: number;
  readonly outputIntervalMs?: number;
  /** Keep every received audio sample (tests); the benchmark turns it off. */
  readonly recordAudio?: boolean;
  /** Streams beyond this many open at once are refused with HTTP 429 ThrottlingException. */
  readonly maxConcurrentStreams?: number;
  /** Verify SigV4 (request and every event's chunk signature) with this secret key. */
  readonly secretAccessKey?: string;
  /**
   * Refuse more history messages than this with "Invalid input request" (pipecat#3354 saw it past
   * 3 messages; the documented limit is 40).
   */
  readonly maxHistoryMessages?: number;
}

export interface ResolvedFakeOptions {
  readonly endpointingMs: number | undefined;
  readonly vadThresholdRms: number;
  readonly minSpeechMs: number;
  readonly noInputTimeoutMs: number;
  readonly streamLimitMs: number;
  readonly outputChunkSamples: number;
  readonly outputIntervalMs: number;
  readonly recordAudio: boolean;
  readonly maxConcurrentStreams: number;
  readonly secretAccessKey: string | undefined;
  readonly maxHistoryMessages: number;
  readonly realism: RealismOptions;
}

export function resolveFakeOptions(o: FakeBedrockOptions): ResolvedFakeOptions {
  const realism = resolveRealism(o);
  return {
    realism,
    endpointingMs: o.endpointingMs ?? (realism.profile === 'observed' ? OBSERVED_ENDPOINTING_MS : undefined),
    vadThresholdRms: o.vadThresholdRms ?? 500,
    minSpeechMs: o.minSpeechMs ?? 60,
    noInputTimeoutMs: o.noInputTimeoutMs ?? 60_000,
    streamLimitMs: o.streamLimitMs ?? 480_000,
    outputChunkSamples: o.outputChunkSamples ?? 2400,
    outputIntervalMs: o.outputIntervalMs ?? 5,
    recordAudio: o.recordAudio ?? true,
    maxConcurrentStreams: o.maxConcurrentStreams ?? 20,
    secretAccessKey: o.secretAccessKey,
    maxHistoryMessages: o.maxHistoryMessages ?? 40,
  };
}

export const OBSERVED_ENDPOINTING_MS = 500;
export const ENDPOINTING_MS: Record<string, number> = { HIGH: 1500, MEDIUM: 1750, LOW: 2000 };
