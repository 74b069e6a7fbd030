/**
 * One speaker's Nova Sonic conversation, longer than any single stream. Audio pushed in real time
 * goes out as ~32 ms chunks; output comes back as typed events. Before the ~8 minute stream limit,
 * and after any recoverable failure, the conversation moves to a new stream: history replayed as
 * text, only the audio the old stream has not answered replayed as audio, switched at a turn boundary.
 */
import { EventEmitter } from 'node:events';
import type { Logger } from '../../log.ts';
import { AudioChunker, UnansweredAudio, frameRms } from './audio-buffers.ts';
import { SonicError } from './errors.ts';
import type { TokenUsage } from './events-out.ts';
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
import type { ReplyText, ToolCall, TurnListener } from './turn-tracker.ts';

/** Silence needed before a rotation switch at a turn boundary. */
const SWITCH_QUIET_MS = 300;

export type SessionState =
  | { readonly kind: 'open'; readonly leg: SonicLeg }
  | {
      readonly kind: 'rotating';
      readonly leg: SonicLeg;
      readonly next: SonicLeg;
      /** When the forced switch becomes due (it still waits for the reply in progress), then the hard cut. */
      readonly force: NodeJS.Timeout;
      readonly hardCut: NodeJS.Timeout;
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
  #forceDue = false;
  #replyIds = 0;
  /** Ended replies whose transcript line waits for FINAL text (bounded by finalGraceMs). */
  readonly #unsettled = new Map<number, NodeJS.Timeout>();
  readonly #settled = new Set<number>();
  readonly #lastText = new Map<number, ReplyText>();
  /** 0: full history; 1: trimmed after a validation error of a stream with history; 2: none. */
  #historyLevel = 0;
  #preparedFailures = 0;
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
    leg.sendSilence();
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
    const t = this.#timers;
    return new SonicLeg(
      this.#legCount,
      this.#options.streamFactory,
      this.#setup,
      {
        listenerFor: (leg) => this.#listener(leg),
        nextReplyId: () => ++this.#replyIds,
        legClosed: (leg, error) => this.#legClosed(leg, error),
      },
      { openWaitMs: t.openWaitMs, historyPaceMs: t.historyPaceMs, replayPaceMs: t.replayPaceMs },
    );
  }

  /** Make `leg` the live stream: history, the unanswered question, the unanswered audio. */
  #activate(leg: SonicLeg): void {
    const maxMessages = [Infinity, 4, 0][this.#historyLevel] ?? 0;
    const { history, askAgain } = this.#ledger.replay(Math.min(maxMessages, 40));
    void leg.startAudio(history, askAgain, [...this.#unanswered.chunks()]);
    this.#lastAudioSentAt = Date.now();
    this.#setState({ kind: 'open', leg });
    void this.#scheduleRotation();
  }

  /** Rotate before the stream limit, and before temporary credentials expire when the expiry is known. */
  async #scheduleRotation(): Promise<void> {
    clearTimeout(this.#rotateTimer);
    let delay = this.#timers.rotateMs;
    const expiry = await this.#options.streamFactory.credentialExpiry?.();
    if (expiry)
      delay = Math.min(
        delay,
        Math.max(1_000, expiry.getTime() - Date.now() - this.#timers.credentialMarginMs),
      );
    if (this.#state.kind !== 'open') return;
    clearTimeout(this.#rotateTimer);
    this.#rotateTimer = setTimeout(() => this.#beginRotation(), delay);
    this.#rotateTimer.unref();
  }

  #beginRotation(): void {
    if (this.#state.kind !== 'open') return;
    this.#forceDue = false;
    const force = setTimeout(() => {
      this.#forceDue = true;
      this.#maybeSwitch();
    }, this.#timers.rotateForceMs);
    const hardCut = setTimeout(
      () => this.#switch('forced'),
      Math.max(this.#timers.rotateForceMs, this.#timers.rotateForceMaxMs),
    );
    force.unref();
    hardCut.unref();
    this.#preparedFailures = 0;
    this.#setState({ kind: 'rotating', leg: this.#state.leg, next: this.#newLeg(), force, hardCut });
    this.#maybeSwitch();
  }

  /**
   * Rotate only between turns: no reply in progress, no tool owed, no question unanswered, and the
   * user not mid-sentence (replay would cover it, but a pause is the cleaner cut). Once the forced
   * switch is due, only the reply in progress (and owed tools) still hold it back — up to the hard cut.
   */
  #maybeSwitch(): void {
    if (this.#state.kind !== 'rotating' || !this.#state.leg.idle) return;
    if (this.#forceDue) return this.#switch('forced at a reply boundary');
    if (this.#ledger.awaitingAnswer) return;
    if (Date.now() - this.#lastSpeechAt >= SWITCH_QUIET_MS) this.#switch('boundary');
  }

  #switch(reason: string): void {
    if (this.#state.kind !== 'rotating') return;
    const { leg: old, next, force, hardCut } = this.#state;
    clearTimeout(force);
    clearTimeout(hardCut);
    this.#forceDue = false;
    this.#log.info({ from: old.id, to: next.id, reason }, 'sonic stream rotated');
    this.emit('rotated', reason);
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
      // A prepared stream that idled past the service's input timeout (or failed) is recreated.
      this.#preparedFailures++;
      const again = this.#preparedFailures <= this.#timers.maxRecoveries;
      this.#log.warn({ err: error, leg: leg.id, again }, 'prepared sonic stream ended before the switch');
      if (again) this.#state = { ...state, next: this.#newLeg() };
      return;
    }
    if (this.#activeLeg() !== leg) return;
    let failure = error ?? new SonicError('streamEnded', 'the stream closed unexpectedly');
    this.#tools.forgetLeg(leg);
    // A validation error on a stream that carried history may be the history being refused
    // (field reports: far below the documented limits): retry once trimmed, then with none.
    if (failure.code === 'validation' && leg.historyMessages > 0 && this.#historyLevel < 2) {
      this.#historyLevel++;
      this.#log.warn(
        { err: failure, level: this.#historyLevel },
        'sonic stream refused; retrying with less history',
      );
      failure = new SonicError('historyRefused', failure.message, { cause: failure });
    }
    if (!failure.recoverable || this.#recoveries >= this.#timers.maxRecoveries) {
      this.#log.error({ err: failure, leg: leg.id }, 'sonic session failed');
      this.#closing ??= this.#shutdown(failure);
      return;
    }
    this.#recover(failure, state.kind === 'rotating' && !state.next.ended ? state.next : undefined);
  }

  #recover(failure: SonicError, prepared: SonicLeg | undefined): void {
    if (this.#state.kind === 'rotating') {
      clearTimeout(this.#state.force);
      clearTimeout(this.#state.hardCut);
    }
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
    if (state.kind === 'rotating') {
      clearTimeout(state.force);
      clearTimeout(state.hardCut);
    }
    this.#tools.abortAll();
    const legs =
      state.kind === 'open' ? [state.leg] : state.kind === 'rotating' ? [state.leg, state.next] : [];
    const rest = this.#chunker.flush();
    if (rest && legs[0]) legs[0].sendAudio(rest);
    await Promise.allSettled(legs.filter((leg) => !leg.ended).map((leg) => leg.close()));
    for (const id of [...this.#unsettled.keys()]) this.#settle(id, undefined);
    this.#setState({ kind: 'closed', error });
    if (error) this.emit('failed', error);
    this.emit('closed');
  }

  #listener(leg: SonicLeg): TurnListener {
    const live = () => this.#activeLeg() === leg;
    // Reply text and ends belong to the conversation whichever stream carries them (a late FINAL
    // on a retired stream still lands on its own reply); input-side events only count when live.
    return {
      userTurnComplete: (text) => live() && this.#onUserTurn(text),
      replyStarted: (id) => {
        leg.replyOwed = false;
        this.#latencyReported = false;
        this.emit('replyStarted', id);
      },
      replyText: (reply) => {
        this.#ledger.replyText(reply);
        if (!this.#settled.has(reply.id)) this.#lastText.set(reply.id, reply);
        this.emit('replyText', reply);
      },
      assistantAudio: (samples) => live() && this.#onAssistantAudio(samples),
      replyEnded: (reply) => this.#onReplyEnded(reply),
      replyFinal: (reply) => {
        this.#ledger.replyText(reply);
        if (this.#unsettled.has(reply.id)) this.#settle(reply.id, reply);
      },
      bargeIn: () => live() && this.emit('bargeIn'),
      toolCall: (call) => live() && this.#onToolCall(leg, call),
      usage: (delta) => this.#ledger.usage(delta),
      // userSpeechEnd already ended the user turn inside the tracker; the latency clock stays on our
      // own frames (the service's events arrive late and say nothing about when the user stopped).
      userSpeech: () => undefined,
    };
  }

  #onUserTurn(text: string): void {
    // The user spoke again: replies still waiting for FINAL text get their line now, in order.
    for (const id of [...this.#unsettled.keys()]) this.#settle(id, undefined);
    this.#unanswered.clear();
    this.#ledger.userTurn(text);
    this.emit('userTranscript', text);
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

  #onReplyEnded(reply: ReplyText): void {
    this.#ledger.replyEnded(reply);
    this.emit('replyEnded', reply);
    if (reply.aborted) {
      // Asked again on the next stream; its answer gets the transcript line.
      this.#lastText.delete(reply.id);
      this.#settled.add(reply.id);
      return;
    }
    if (!this.#settled.has(reply.id)) this.#lastText.set(reply.id, reply);
    this.#recoveries = 0;
    this.#historyLevel = 0;
    this.emit('usage', { turn: this.#ledger.takeUsage(), total: this.#ledger.totalUsage });
    if (reply.final) this.#settle(reply.id, reply);
    else if (!this.#settled.has(reply.id) && !this.#unsettled.has(reply.id)) {
      const timer = setTimeout(() => this.#settle(reply.id, undefined), this.#timers.finalGraceMs);
      timer.unref();
      this.#unsettled.set(reply.id, timer);
    }
    this.#maybeSwitch();
  }

  /** Write the reply's transcript line once: FINAL text if it came, else the newest text the ledger has. */
  #settle(id: number, reply: ReplyText | undefined): void {
    if (this.#settled.has(id)) return;
    clearTimeout(this.#unsettled.get(id));
    this.#unsettled.delete(id);
    this.#settled.add(id);
    if (this.#settled.size > 256) this.#settled.delete(this.#settled.values().next().value as number);
    const line = reply ?? this.#lastText.get(id);
    this.#lastText.delete(id);
    if (line && line.text !== '') this.emit('assistantLine', line);
  }
}
