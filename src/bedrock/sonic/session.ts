/**
 * One speaker's Nova Sonic conversation, longer than any single stream. Audio pushed in real time
 * goes out as ~32 ms chunks; output comes back as typed events. Before the ~8 minute stream limit,
 * and after any recoverable failure, the conversation moves to a new stream: history replayed as
 * text, only the audio the old stream has not answered replayed as audio, switched at a turn boundary.
 */
import { EventEmitter } from 'node:events';
import type { Logger } from '../../log.ts';
import { AudioChunker, CHUNK_SAMPLES, UnansweredAudio, frameRms } from './audio-buffers.ts';
import { SonicError } from './errors.ts';
import type { GenerationStage, TokenUsage } from './events-out.ts';
import type { ConversationHistory } from './history.ts';
import { ConversationLedger } from './ledger.ts';
import { SonicLeg, type LegSetup } from './leg.ts';
import {
  resolveTimers,
  type ResolvedSessionTimers,
  type SessionStateKind,
  type SonicSessionEvents,
  type SonicSessionOptions,
} from './session-options.ts';
import { ToolRunner } from './tool-runner.ts';
import type { ToolCall, TurnListener } from './turn-tracker.ts';

/** Silence needed before a rotation switch at a turn boundary. */
const SWITCH_QUIET_MS = 300;

export type SessionState =
  | { readonly kind: 'open'; readonly leg: SonicLeg }
  | {
      readonly kind: 'rotating';
      readonly leg: SonicLeg;
      readonly next: SonicLeg;
      readonly force: NodeJS.Timeout;
    }
  | { readonly kind: 'recovering'; readonly timer: NodeJS.Timeout }
  | { readonly kind: 'closing' }
  | { readonly kind: 'closed'; readonly error: SonicError | undefined };

export class SonicSession extends EventEmitter<SonicSessionEvents> {
  readonly #options: SonicSessionOptions;
  readonly #timers: ResolvedSessionTimers;
  readonly #log: Logger;
  readonly #setup: LegSetup;
  readonly #chunker = new AudioChunker();
  readonly #unanswered: UnansweredAudio;
  readonly #ledger: ConversationLedger;
  readonly #tools: ToolRunner;
  #state: SessionState;
  #legCount = 0;
  #recoveries = 0;
  #lastSpeechAt = 0;
  #latencyReported = false;
  #lastAudioSentAt = Date.now();
  #rotateTimer: NodeJS.Timeout | undefined;
  readonly #keepalive: NodeJS.Timeout;
  #closing: Promise<void> | undefined;

  constructor(options: SonicSessionOptions) {
    super();
    this.#options = options;
    this.#timers = resolveTimers(options);
    this.#log = options.log;
    this.#setup = {
      inference: options.inference,
      voiceId: options.voiceId,
      systemPrompt: options.systemPrompt,
      tools: options.tools ?? [],
    };
    this.#unanswered = new UnansweredAudio((this.#timers.replayMaxMs / 1000) * 16_000);
    this.#ledger = new ConversationLedger(options.history ?? []);
    this.#tools = new ToolRunner(options.toolHandler, this.#log);
    const leg = this.#newLeg();
    this.#state = { kind: 'open', leg };
    this.#activate(leg);
    this.#keepalive = setInterval(() => this.#keepAlive(), Math.max(10, this.#timers.keepaliveMs / 2));
    this.#keepalive.unref();
  }

  get state(): SessionStateKind {
    return this.#state.kind;
  }

  /** The conversation so far (final transcripts), e.g. to reopen a session later. */
  get history(): ConversationHistory {
    return this.#ledger.history;
  }

  get usage(): TokenUsage {
    return this.#ledger.totalUsage;
  }

  /** One 16 kHz mono frame (normally 20 ms) from a continuous real-time source. */
  pushAudio(frame: Int16Array): void {
    if (this.#state.kind === 'closing' || this.#state.kind === 'closed') return;
    if (frameRms(frame) >= this.#timers.speechRms) this.#lastSpeechAt = Date.now();
    for (const chunk of this.#chunker.push(frame)) this.#sendChunk(chunk);
    if (this.#state.kind === 'rotating') this.#maybeSwitch();
  }

  /** End the conversation: closes the streams cleanly and aborts running tools. */
  close(): Promise<void> {
    this.#closing ??= this.#shutdown(undefined);
    return this.#closing;
  }

  #sendChunk(chunk: Int16Array): void {
    this.#unanswered.push(chunk);
    const leg = this.#activeLeg();
    if (leg) {
      leg.sendAudio(chunk);
      this.#lastAudioSentAt = Date.now();
    }
  }

  #keepAlive(): void {
    const leg = this.#activeLeg();
    if (!leg?.audioStarted || Date.now() - this.#lastAudioSentAt < this.#timers.keepaliveMs) return;
    leg.sendAudio(new Int16Array(CHUNK_SAMPLES));
    this.#lastAudioSentAt = Date.now();
  }

  #activeLeg(): SonicLeg | undefined {
    return this.#state.kind === 'open' || this.#state.kind === 'rotating' ? this.#state.leg : undefined;
  }

  #setState(next: SessionState): void {
    const from = this.#state.kind;
    this.#state = next;
    const leg = this.#activeLeg()?.id;
    this.#log.debug({ from, to: next.kind, leg }, 'sonic session state');
    if (from !== next.kind) this.emit('state', next.kind);
  }

  #newLeg(): SonicLeg {
    this.#legCount++;
    return new SonicLeg(this.#legCount, this.#options.streamFactory, this.#setup, {
      listenerFor: (leg) => this.#listener(leg),
      legClosed: (leg, error) => this.#legClosed(leg, error),
    });
  }

  /** Make `leg` the live stream: history, the unanswered question, the unanswered audio. */
  #activate(leg: SonicLeg): void {
    const { history, askAgain } = this.#ledger.replay();
    leg.startAudio(history, askAgain, this.#unanswered.chunks());
    this.#lastAudioSentAt = Date.now();
    this.#setState({ kind: 'open', leg });
    clearTimeout(this.#rotateTimer);
    this.#rotateTimer = setTimeout(() => this.#beginRotation(), this.#timers.rotateMs);
    this.#rotateTimer.unref();
  }

  #beginRotation(): void {
    if (this.#state.kind !== 'open') return;
    const force = setTimeout(() => this.#switch('forced'), this.#timers.rotateForceMs);
    force.unref();
    this.#setState({ kind: 'rotating', leg: this.#state.leg, next: this.#newLeg(), force });
    this.#maybeSwitch();
  }

  /**
   * Rotate only between turns: nothing generating, no tool owed, no question unanswered, and the
   * user not mid-sentence (replay would cover it, but a pause is the cleaner cut).
   */
  #maybeSwitch(): void {
    if (this.#state.kind !== 'rotating' || !this.#state.leg.idle || this.#ledger.awaitingAnswer) return;
    if (Date.now() - this.#lastSpeechAt >= SWITCH_QUIET_MS) this.#switch('boundary');
  }

  #switch(reason: 'boundary' | 'forced'): void {
    if (this.#state.kind !== 'rotating') return;
    const { leg: old, next, force } = this.#state;
    clearTimeout(force);
    this.#log.info({ from: old.id, to: next.id, reason }, 'sonic stream rotated');
    this.#activate(next.ended ? this.#newLeg() : next);
    this.#retire(old);
  }

  #retire(leg: SonicLeg): void {
    this.#tools.forgetLeg(leg);
    leg.close().catch((err: unknown) => this.#log.debug({ err }, 'old sonic stream close failed'));
  }

  #legClosed(leg: SonicLeg, error: SonicError | undefined): void {
    const state = this.#state;
    if (state.kind === 'rotating' && leg === state.next) {
      this.#log.warn(
        { err: error, leg: leg.id },
        'prepared sonic stream failed; will open another at the switch',
      );
      return;
    }
    if (this.#activeLeg() !== leg) return;
    const failure = error ?? new SonicError('streamEnded', 'the stream closed unexpectedly');
    this.#tools.forgetLeg(leg);
    if (!failure.recoverable || this.#recoveries >= this.#timers.maxRecoveries) {
      this.#log.error({ err: failure, leg: leg.id }, 'sonic session failed');
      this.#closing ??= this.#shutdown(failure);
      return;
    }
    this.#recover(failure, state.kind === 'rotating' && !state.next.ended ? state.next : undefined);
  }

  #recover(failure: SonicError, prepared: SonicLeg | undefined): void {
    if (this.#state.kind === 'rotating') clearTimeout(this.#state.force);
    this.#recoveries++;
    const delay =
      this.#options.recoveryDelayMs?.(this.#recoveries, failure) ??
      this.#timers.recoveryBackoffMs * (2 ** (this.#recoveries - 1) - 1);
    this.#log.warn(
      { err: failure, attempt: this.#recoveries, delayMs: delay },
      'sonic stream failed; continuing on a new stream',
    );
    const timer = setTimeout(() => {
      if (this.#state.kind === 'recovering')
        this.#activate(prepared && !prepared.ended ? prepared : this.#newLeg());
    }, delay);
    this.#setState({ kind: 'recovering', timer });
  }

  async #shutdown(error: SonicError | undefined): Promise<void> {
    const state = this.#state;
    if (state.kind === 'closed') return;
    this.#setState({ kind: 'closing' });
    clearTimeout(this.#rotateTimer);
    clearInterval(this.#keepalive);
    if (state.kind === 'recovering') clearTimeout(state.timer);
    if (state.kind === 'rotating') clearTimeout(state.force);
    this.#tools.abortAll();
    const legs =
      state.kind === 'open' ? [state.leg] : state.kind === 'rotating' ? [state.leg, state.next] : [];
    const rest = this.#chunker.flush();
    if (rest && legs[0]) legs[0].sendAudio(rest);
    await Promise.allSettled(legs.filter((leg) => !leg.ended).map((leg) => leg.close()));
    this.#setState({ kind: 'closed', error });
    if (error) this.emit('failed', error);
    this.emit('closed');
  }

  #listener(leg: SonicLeg): TurnListener {
    const live = () => this.#activeLeg() === leg;
    return {
      completionStarted: () => {
        if (!live()) return;
        this.#ledger.completionStarted();
        this.#latencyReported = false;
      },
      userTranscript: (text) => live() && this.#onUserTranscript(text),
      assistantText: (text, stage) => live() && this.#onAssistantText(text, stage),
      assistantAudio: (samples) => live() && this.#onAssistantAudio(samples),
      bargeIn: () => live() && this.emit('bargeIn'),
      toolCall: (call) => live() && this.#onToolCall(leg, call),
      usage: (delta) => this.#ledger.usage(delta),
      completionEnded: () => live() && this.#onCompletionEnd(),
    };
  }

  #onUserTranscript(text: string): void {
    this.#unanswered.clear();
    this.#ledger.userTranscript(text);
    this.emit('userTranscript', text);
  }

  #onAssistantText(text: string, stage: GenerationStage): void {
    this.#ledger.assistantText(text, stage);
    this.emit('assistantText', text, stage);
  }

  #onAssistantAudio(samples: Int16Array): void {
    if (!this.#latencyReported && this.#lastSpeechAt > 0) {
      this.#latencyReported = true;
      this.emit('turnLatency', Date.now() - this.#lastSpeechAt);
    }
    this.emit('assistantAudio', samples);
  }

  #onToolCall(leg: SonicLeg, call: ToolCall): void {
    leg.pendingTools.add(call.toolUseId);
    this.emit('toolUse', call);
    this.#tools.run(leg, call, (content) => {
      if (leg.ended || this.#activeLeg() !== leg) return;
      leg.sendToolResult(call.toolUseId, content);
      this.#maybeSwitch();
    });
  }

  #onCompletionEnd(): void {
    const report = this.#ledger.completionEnded();
    this.#recoveries = 0;
    this.emit('usage', report);
    this.#maybeSwitch();
  }
}
