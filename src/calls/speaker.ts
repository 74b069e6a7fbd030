/**
 * One speaker's assistant inside a call. It receives exactly one 16 kHz frame per clock tick and
 * opens a Nova Sonic session lazily when the speaker first talks (frames arriving while it opens
 * are buffered and replayed, not lost), closes it after a quiet spell and reopens it later with the
 * conversation so far. Replies to turns that did not address the bot (when others are present) are
 * dropped before playback; what was addressed goes to the transcript as it was actually spoken.
 */
import type { HistoryMessage } from '../bedrock/sonic/history.ts';
import type { SonicError } from '../bedrock/sonic/errors.ts';
import type { ReplyText } from '../bedrock/sonic/turn-tracker.ts';
import type { SonicSession } from '../bedrock/sonic/session.ts';
import type { ToolHandler } from '../bedrock/sonic/session-options.ts';
import type { Logger } from '../log.ts';
import type { Metrics } from '../ops/metrics.ts';
import type { SonicUsageTotals } from './call-store.ts';
import { NO_USAGE, sumTotals, toTotals } from './cost.ts';
import { capMessage } from './notices.ts';
import type { SessionBudget, SessionPermit } from './session-budget.ts';
import type { TranscriptEntry } from './transcript-store.ts';
import { addressesBot } from './wake-name.ts';
import { fullJitterMs, type OpenBackoff } from './open-backoff.ts';

/** A frame from the call clock (the voice layer's InputFrame, structurally). */
export interface TickFrame {
  readonly samples: Int16Array;
  readonly voiced: boolean;
}

/** Where replies go: the call's one-voice playback queue. */
export interface ReplySink {
  /** 24 kHz mono reply audio, as it streams in. */
  enqueue(speakerId: string, samples: Int16Array): void;
  /** The speaker's current reply is complete (its turn ended). */
  endReply(speakerId: string): void;
  /** Drop the speaker's queued and playing audio now (barge-in). */
  interrupt(speakerId: string): void;
  /** Whether the speaker's reply is the one playing now. */
  playing(speakerId: string): boolean;
}

export interface SpeakerDeps {
  readonly callId: string;
  readonly userId: string;
  readonly displayName: string;
  readonly log: Logger;
  readonly metrics: Metrics;
  readonly budget: SessionBudget;
  /** Opens a session for this speaker (system prompt, tools bound to this speaker's identity). */
  readonly openSession: (history: readonly HistoryMessage[], tools: ToolHandler) => SonicSession;
  /** The order tools, already bound to this speaker's Discord identity by the call. */
  readonly tools: ToolHandler;
  readonly replies: ReplySink;
  readonly transcript: (entry: TranscriptEntry) => void;
  /** Whether the bot must be addressed by name right now, and by which name. */
  readonly addressing: () => { readonly required: boolean; readonly wakeName: string };
  /** Tell the speaker something in text (once per reason). */
  readonly notify: (reason: 'cap' | 'failed' | 'busy', message: string) => void;
  /** The process-wide throttling backoff and breaker (absent: plain fixed retry delay). */
  readonly backoff?: OpenBackoff;
  readonly idleCloseMs: number;
}

type SpeakerState =
  /** No session; the next speech opens one (not before `retryAt` after a failure or a cap). */
  | { readonly kind: 'idle'; readonly retryAt: number }
  | { readonly kind: 'opening'; readonly buffered: TickFrame[] }
  | {
      readonly kind: 'open';
      readonly session: SonicSession;
      readonly permit: SessionPermit;
      readonly id: string;
    }
  /** The session is closing after a quiet spell; frames are kept in case the speaker talks again. */
  | { readonly kind: 'closing'; readonly buffered: TickFrame[] }
  | { readonly kind: 'closed' };

interface OpenState {
  readonly session: SonicSession;
  readonly permit: SessionPermit;
  readonly id: string;
}

/** At most this much audio is buffered while a session opens (20 ms frames). */
const MAX_BUFFERED_FRAMES = 500;
/** Frames of audio kept before speech starts, so the first syllable is not clipped. */
const PRE_ROLL_FRAMES = 10;
/** After a cap or a failure, wait this long before trying to open a session again. */
const RETRY_MS = 5_000;
/** Longest wait between a speaker's failed sessions (full jitter below it). */
const RETRY_CAP_MS = 120_000;
const BUSY_MESSAGE =
  'The assistant is very busy right now, so I can’t answer for a little while. I’ll be back as soon as it lets me.';
/**
 * Local barge-in: this much voiced audio (20 ms frames, by the call's own voice detection) from
 * the speaker whose reply is playing stops that reply at once. Whether the service flags speech
 * over audio it already finished sending is unknown (reference §3, Sequence C).
 */
const LOCAL_BARGE_IN_FRAMES = 10;

export class SpeakerAssistant {
  readonly userId: string;
  #state: SpeakerState = { kind: 'idle', retryAt: 0 };
  readonly #deps: SpeakerDeps;
  readonly #preRoll: TickFrame[] = [];
  #history: readonly HistoryMessage[] = [];
  #lastVoicedAt = 0;
  #voicedRun = 0;
  /** After a local barge-in, the rest of that reply (still streaming in) is not played. */
  #dropRestOfReply = false;
  /** Whether the turn each reply answers addressed the bot (its FINAL text may come seconds later). */
  readonly #replyAddressed = new Map<number, boolean>();
  #addressed = true;
  #closedUsage: SonicUsageTotals = NO_USAGE;
  #sessions = 0;
  /** Sessions in a row that failed before they ever worked (for the backoff). */
  #failures = 0;
  readonly #retired = new Set<string>();

  constructor(deps: SpeakerDeps) {
    this.#deps = deps;
    this.userId = deps.userId;
  }

  get state(): SpeakerState['kind'] {
    return this.#state.kind;
  }

  /** Tokens of every session this speaker had in the call. */
  get usage(): SonicUsageTotals {
    const live = this.#state.kind === 'open' ? toTotals(this.#state.session.usage) : NO_USAGE;
    return sumTotals(this.#closedUsage, live);
  }

  /** Called once per 20 ms tick with this speaker's frame (speech or silence). */
  pushFrame(frame: TickFrame, now = Date.now()): void {
    if (frame.voiced) this.#lastVoicedAt = now;
    this.#voicedRun = frame.voiced ? this.#voicedRun + 1 : 0;
    if (this.#voicedRun === LOCAL_BARGE_IN_FRAMES && this.#deps.replies.playing(this.userId)) {
      this.#deps.log.debug('speaker talked over their reply; stopping it');
      this.#deps.replies.interrupt(this.userId);
      this.#dropRestOfReply = true;
    }
    const state = this.#state;
    switch (state.kind) {
      case 'open':
        // A fleet slot whose lease ran out (this process stalled) is no longer ours: not one more
        // frame goes to the model on it.
        if (state.permit.lost(now)) {
          void this.#closeSession('fleet slot lost');
          return;
        }
        state.session.pushAudio(frame.samples);
        if (now - this.#lastVoicedAt > this.#deps.idleCloseMs) void this.#closeSession('idle');
        return;
      case 'opening':
      case 'closing':
        if (state.buffered.length < MAX_BUFFERED_FRAMES) state.buffered.push(frame);
        return;
      case 'idle':
        if (frame.voiced && now >= state.retryAt && !this.#heldBack(now))
          this.#open([...this.#preRoll.splice(0), frame]);
        else this.#remember(frame);
        return;
      case 'closed':
        return;
    }
  }

  /**
   * The call's timer (every 250 ms, frames or not): close the session of a speaker who left the
   * channel, or whose slot was lost, or who has been quiet for `idleCloseMs`. A speaker who comes
   * back gets a new session with the conversation so far.
   */
  tick(now: number, present: boolean): void {
    const state = this.#state;
    if (state.kind === 'opening' && !present) void this.#closeSession('left');
    if (state.kind !== 'open') return;
    if (!present) void this.#closeSession('left');
    else if (state.permit.lost(now)) void this.#closeSession('fleet slot lost');
    else if (now - this.#lastVoicedAt > this.#deps.idleCloseMs) void this.#closeSession('idle');
  }

  /** End for good (the call ended or the speaker left). */
  async close(): Promise<void> {
    await this.#closeSession('call ended');
    this.#setState({ kind: 'closed' });
  }

  /** The process's breaker is open: no new session now; wait past it (jittered) and say so once. */
  #heldBack(now: number): boolean {
    const blocked = this.#deps.backoff?.blockedUntil() ?? 0;
    if (blocked <= now) return false;
    this.#deps.metrics.sonicOpensDeferred.inc({ class: 'breaker' });
    this.#deps.notify('busy', BUSY_MESSAGE);
    this.#setState({ kind: 'idle', retryAt: blocked + Math.random() * 1_000 });
    return true;
  }

  #remember(frame: TickFrame): void {
    this.#preRoll.push(frame);
    if (this.#preRoll.length > PRE_ROLL_FRAMES) this.#preRoll.shift();
  }

  #setState(next: SpeakerState): void {
    if (next.kind !== this.#state.kind)
      this.#deps.log.debug({ from: this.#state.kind, to: next.kind }, 'speaker state');
    this.#state = next;
  }

  #open(buffered: TickFrame[]): void {
    this.#setState({ kind: 'opening', buffered });
    void this.#acquireAndStart(buffered);
  }

  async #acquireAndStart(buffered: TickFrame[]): Promise<void> {
    let answer;
    try {
      answer = await this.#deps.budget.acquire(this.#deps.callId, this.userId, () => {
        const state = this.#state;
        if (state.kind === 'open' && state.permit.lost()) void this.#closeSession('fleet slot lost');
      });
    } catch (err) {
      this.#deps.log.error({ err }, 'session cap check failed');
      answer = { ok: false as const, reason: 'fleet' as const };
    }
    if (this.#state.kind !== 'opening') {
      if (answer.ok) answer.permit.release();
      return;
    }
    if (!answer.ok) {
      this.#deps.notify('cap', capMessage(answer.reason));
      this.#setState({ kind: 'idle', retryAt: Date.now() + RETRY_MS });
      return;
    }
    this.#start(answer.permit, buffered);
  }

  #start(permit: SessionPermit, buffered: readonly TickFrame[]): void {
    this.#sessions += 1;
    const id = `${this.#deps.callId}:${this.userId}:${this.#sessions}`;
    let session: SonicSession;
    try {
      session = this.#deps.openSession(this.#history, this.#gatedTools());
    } catch (err) {
      permit.release();
      this.#deps.log.error({ err }, 'could not open a sonic session');
      this.#setState({ kind: 'idle', retryAt: Date.now() + RETRY_MS });
      return;
    }
    const open: OpenState = { session, permit, id };
    this.#wire(open);
    this.#deps.metrics.sonicSessions.inc();
    this.#setState({ kind: 'open', ...open });
    // The backlog goes out at once (a bounded burst); the session chunks it and the model catches up.
    for (const frame of buffered) session.pushAudio(frame.samples);
  }

  /** Tools refuse to act on a turn that was not addressed to the bot. */
  #gatedTools(): ToolHandler {
    return (name, input, signal) =>
      this.#addressed
        ? this.#deps.tools(name, input, signal)
        : Promise.resolve({ error: 'The speaker was not talking to you; do not act on this.' });
  }

  #wire(open: OpenState): void {
    const { session, id: sessionId } = open;
    const deps = this.#deps;
    session.on('userTranscript', (text) => {
      this.#worked();
      this.#onUserTranscript(text, sessionId);
    });
    session.on('assistantAudio', (samples) => {
      if (this.#addressed && !this.#dropRestOfReply) deps.replies.enqueue(this.userId, samples);
    });
    session.on('replyStarted', (id) => {
      this.#dropRestOfReply = false;
      this.#replyAddressed.set(id, this.#addressed);
    });
    session.on('assistantLine', (reply) => this.#onAssistantLine(reply, sessionId));
    session.on('replyEnded', () => deps.replies.endReply(this.userId));
    session.on('bargeIn', () => deps.replies.interrupt(this.userId));
    session.on('turnLatency', (ms) => deps.metrics.turnLatency.observe(ms / 1000));
    session.on('usage', ({ turn }) => {
      deps.metrics.countTokens('speech_in', turn.input.speechTokens);
      deps.metrics.countTokens('speech_out', turn.output.speechTokens);
      deps.metrics.countTokens('text_in', turn.input.textTokens);
      deps.metrics.countTokens('text_out', turn.output.textTokens);
    });
    session.on('failed', (err) => this.#onFailed(err));
    session.on('closed', () => this.#retire(open));
  }

  #onUserTranscript(text: string, sessionId: string): void {
    const { required, wakeName } = this.#deps.addressing();
    this.#addressed = !required || addressesBot(text, wakeName);
    if (!this.#addressed) {
      this.#deps.log.debug('turn not addressed to the bot; reply will be dropped');
      return;
    }
    this.#line('user', text, sessionId);
  }

  /** Once per reply: its FINAL text, or the preview when FINAL never came. */
  #onAssistantLine(reply: ReplyText, sessionId: string): void {
    const addressed = this.#replyAddressed.get(reply.id) ?? this.#addressed;
    this.#replyAddressed.delete(reply.id);
    if (!addressed) return;
    this.#line('assistant', reply.text, sessionId, reply.interrupted);
  }

  #line(role: 'user' | 'assistant', text: string, sessionId: string, interrupted = false): void {
    this.#deps.transcript({
      callId: this.#deps.callId,
      speakerId: this.userId,
      speakerName: this.#deps.displayName,
      role,
      text,
      at: Date.now(),
      sessionId,
      ...(interrupted ? { interrupted } : {}),
    });
  }

  /** A session of this speaker works: the backoff starts over. */
  #worked(): void {
    if (this.#failures === 0) return;
    this.#failures = 0;
    this.#deps.backoff?.success();
  }

  #onFailed(err: SonicError): void {
    this.#deps.metrics.errors.inc({ type: `sonic_${err.code}` });
    this.#deps.log.warn({ err }, 'speaker session failed');
    this.#failures += 1;
    this.#deps.backoff?.failure(err.code);
    if (err.code === 'throttled' || err.code === 'quotaExceeded') this.#deps.notify('busy', BUSY_MESSAGE);
    else
      this.#deps.notify(
        'failed',
        'I lost my connection to the assistant for a moment. Please say that again.',
      );
  }

  /** Close the session after a quiet spell or at the end of the call, keeping its history. */
  async #closeSession(reason: string): Promise<void> {
    const state = this.#state;
    if (state.kind !== 'open') {
      if (state.kind === 'opening') this.#setState({ kind: 'idle', retryAt: 0 });
      return;
    }
    const buffered: TickFrame[] = [];
    this.#setState({ kind: 'closing', buffered });
    this.#deps.log.info({ reason, sessionId: state.id }, 'closing speaker session');
    this.#deps.replies.interrupt(this.userId);
    await state.session.close().catch((err: unknown) => this.#deps.log.warn({ err }, 'session close failed'));
    this.#retire(state);
    if (this.#state.kind !== 'closing') return;
    // The speaker talked again while the session was closing: open a new one with that audio.
    if (buffered.some((f) => f.voiced)) this.#open(buffered);
    else this.#setState({ kind: 'idle', retryAt: 0 });
  }

  /** A session has closed (by us or by a failure): keep its history and usage, free its slot. Once. */
  #retire(open: OpenState): void {
    if (this.#retired.has(open.id)) return;
    this.#retired.add(open.id);
    this.#history = open.session.history.forReplay();
    this.#closedUsage = sumTotals(this.#closedUsage, toTotals(open.session.usage));
    open.permit.release();
    this.#deps.metrics.sonicSessions.dec();
    // A session that died on its own: wait before opening the next one, longer (full jitter) the
    // more sessions in a row failed, and never before the process's breaker closes.
    if (this.#state.kind === 'open' && this.#state.id === open.id) {
      const now = Date.now();
      // The first retry after a failure waits up to RETRY_MS, each further one up to twice as long.
      const wait = this.#failures > 0 ? fullJitterMs(this.#failures - 1, RETRY_MS, RETRY_CAP_MS) : RETRY_MS;
      this.#setState({
        kind: 'idle',
        retryAt: Math.max(now + wait, this.#deps.backoff?.blockedUntil() ?? 0),
      });
    }
  }
}
