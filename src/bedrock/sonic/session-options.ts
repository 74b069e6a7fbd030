/** Options, events and defaults of a Nova Sonic session. */
import type { Config } from '../../config.ts';
import type { Logger } from '../../log.ts';
import type { SonicError } from './errors.ts';
import type { InferenceSettings, ToolSpec } from './events-in.ts';
import type { TokenUsage } from './events-out.ts';
import type { HistoryMessage } from './history.ts';
import type { SonicStreamFactory } from './stream.ts';
import type { ReplyText, ToolCall } from './turn-tracker.ts';

/** Runs one tool call; the result is sent back as JSON. Aborted when the session closes. */
export type ToolHandler = (name: string, input: unknown, signal: AbortSignal) => Promise<unknown>;

export interface SonicSessionOptions {
  /** Opens one stream per call; the model id is bound inside it (`createSdkStreamFactory`). */
  readonly streamFactory: SonicStreamFactory;
  readonly log: Logger;
  readonly voiceId: string;
  readonly systemPrompt: string;
  readonly inference: InferenceSettings;
  readonly tools?: readonly ToolSpec[];
  readonly toolHandler?: ToolHandler;
  /** Open a new stream after this long (the service ends a stream at about 8 minutes). */
  readonly rotateMs?: number;
  /** Once rotation is due, switch even mid-turn after this long. Keep it well under the no-input timeout. */
  readonly rotateForceMs?: number;
  /** Send a silence chunk when no audio was pushed for this long, so the stream never times out. */
  readonly keepaliveMs?: number;
  /** Consecutive recoveries from recoverable failures before the session gives up. */
  readonly maxRecoveries?: number;
  /** Backoff base: attempt n waits base × (2^(n-1) − 1). */
  readonly recoveryBackoffMs?: number;
  /** Overrides the backoff: how long to wait before recovery attempt n (1-based) after `failure`. */
  readonly recoveryDelayMs?: (attempt: number, failure: SonicError) => number;
  /** Longest unanswered audio kept for replay on a new stream (peers replay about 3 s, in real time). */
  readonly replayMaxMs?: number;
  /** Once the forced switch is due, wait at most this long (from rotation start) for the reply in progress to end. */
  readonly rotateForceMaxMs?: number;
  /** How long an ended reply waits for its FINAL text before its transcript line is written with the preview. */
  readonly finalGraceMs?: number;
  /** Longest wait for the service's response before the AUDIO contentStart goes out anyway. */
  readonly openWaitMs?: number;
  /** Pause between replayed history blocks. */
  readonly historyPaceMs?: number;
  /** Interval of queued (replayed) audio chunks on a new stream. */
  readonly replayPaceMs?: number;
  /** Rotate this long before temporary credentials expire (when the stream factory knows the expiry). */
  readonly credentialMarginMs?: number;
  /** RMS above which a pushed frame counts as speech (for turn latency only). */
  readonly speechRms?: number;
  /** Conversation to continue (a session reopened for the same speaker). */
  readonly history?: readonly HistoryMessage[];
}

export interface ResolvedSessionTimers {
  readonly rotateMs: number;
  readonly rotateForceMs: number;
  readonly keepaliveMs: number;
  readonly maxRecoveries: number;
  readonly recoveryBackoffMs: number;
  readonly replayMaxMs: number;
  readonly speechRms: number;
  readonly rotateForceMaxMs: number;
  readonly finalGraceMs: number;
  readonly openWaitMs: number;
  readonly historyPaceMs: number;
  readonly replayPaceMs: number;
  readonly credentialMarginMs: number;
}

export function resolveTimers(o: SonicSessionOptions): ResolvedSessionTimers {
  return {
    rotateMs: o.rotateMs ?? 360_000,
    rotateForceMs: o.rotateForceMs ?? 20_000,
    keepaliveMs: o.keepaliveMs ?? 500,
    maxRecoveries: o.maxRecoveries ?? 3,
    recoveryBackoffMs: o.recoveryBackoffMs ?? 1000,
    replayMaxMs: o.replayMaxMs ?? 3_000,
    speechRms: o.speechRms ?? 500,
    rotateForceMaxMs: o.rotateForceMaxMs ?? 60_000,
    finalGraceMs: o.finalGraceMs ?? 3_500,
    openWaitMs: o.openWaitMs ?? 1_500,
    historyPaceMs: o.historyPaceMs ?? 10,
    replayPaceMs: o.replayPaceMs ?? 16,
    credentialMarginMs: o.credentialMarginMs ?? 180_000,
  };
}

export interface UsageReport {
  /** Tokens since the previous report (reported when a reply ends). */
  readonly turn: TokenUsage;
  /** Tokens of the whole session so far, across streams. */
  readonly total: TokenUsage;
}

/** What a session tells its owner. */
export interface SonicSessionEvents {
  /** A whole user turn (all its ASR blocks), once. */
  userTranscript: [text: string];
  replyStarted: [replyId: number];
  /** A reply's best text so far: SPECULATIVE at once, FINAL replacing it (even after the reply ended). */
  replyText: [reply: ReplyText];
  /** The reply is over (its audio all arrived, or it was interrupted): end playback after what is queued. */
  replyEnded: [reply: ReplyText];
  /** The reply's transcript line, once: its FINAL text, or the preview when FINAL did not come in time. */
  assistantLine: [reply: ReplyText];
  /** 24 kHz mono, as it arrives (faster than real time). */
  assistantAudio: [samples: Int16Array];
  /** The user spoke over the reply: drop queued and playing audio. */
  bargeIn: [];
  toolUse: [call: ToolCall];
  usage: [report: UsageReport];
  /** End of user speech → first reply audio, as far as the session can tell. */
  turnLatency: [ms: number];
  state: [state: SessionStateKind];
  /** The conversation moved to a new stream (`boundary`, `forced at a reply boundary`, `forced`). */
  rotated: [reason: string];
  /** A fatal error; the session is closed. */
  failed: [error: SonicError];
  closed: [];
}

export type SessionStateKind = 'open' | 'rotating' | 'recovering' | 'closing' | 'closed';

/** The session settings that come from configuration (model id goes to the stream factory). */
export function sonicSettingsFromConfig(
  sonic: Config['sonic'],
): Pick<SonicSessionOptions, 'voiceId' | 'inference' | 'rotateMs'> & { readonly modelId: string } {
  return {
    modelId: sonic.modelId,
    voiceId: sonic.voiceId,
    rotateMs: sonic.rotateMs,
    inference: {
      maxTokens: sonic.maxTokens,
      topP: sonic.topP,
      temperature: sonic.temperature,
      // Turn detection exists on Nova 2 only; v1 rejects nothing but documents nothing either.
      endpointing: sonic.modelId.includes('nova-sonic-v1') ? undefined : sonic.endpointing,
    },
  };
}
