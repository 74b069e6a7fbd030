/**
 * One stream of a session ("leg"): its prompt and audio content names, the setup it writes at
 * once (sessionStart, promptStart, SYSTEM), the history and audio it gets when it becomes active,
 * and whether a reply is in progress. A session has one active leg, and a second while rotating.
 *
 * Start-up follows the field reports (reference §3 "Start-up, history and pacing"): with history to
 * replay, the AUDIO `contentStart` is written only once the service's response arrived (bounded wait), history
 * blocks are paced a few ms apart, and replayed audio is paced, not burst; live audio that
 * arrives meanwhile queues behind it so nothing lands inside a text block or out of order.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { CHUNK_SAMPLES } from './audio-buffers.ts';
import type { SonicError } from './errors.ts';
import * as ev from './events-in.ts';
import type { SonicOutputEvent } from './events-out.ts';
import type { HistoryMessage } from './history.ts';
import type { SonicStream, SonicStreamFactory } from './stream.ts';
import { TurnTracker, type TurnListener } from './turn-tracker.ts';

export interface LegSetup {
  readonly inference: ev.InferenceSettings;
  readonly voiceId: string;
  readonly systemPrompt: string;
  readonly tools: readonly ev.ToolSpec[];
}

export interface LegTiming {
  /** Longest wait for the service's response before the AUDIO contentStart is written anyway. */
  readonly openWaitMs: number;
  /** Pause between history blocks. */
  readonly historyPaceMs: number;
  /** Interval at which queued (replayed) audio chunks go out; below 32 ms so live audio catches up. */
  readonly replayPaceMs: number;
}

export interface LegOwner {
  /** Semantic events of this leg; the owner decides whether the leg still speaks for the session. */
  listenerFor(leg: SonicLeg): TurnListener;
  /** Session-wide reply ids, so a late FINAL can never be confused across streams. */
  nextReplyId(): number;
  legClosed(leg: SonicLeg, error: SonicError | undefined): void;
}

/** At most this much audio waits in a leg's queue (about 10 s); the oldest goes first. */
const MAX_QUEUED_CHUNKS = Math.ceil(10_000 / 32);

export class SonicLeg {
  readonly id: number;
  readonly openedAt = Date.now();
  readonly #prompt = randomUUID();
  readonly #audio = randomUUID();
  readonly #stream: SonicStream;
  readonly #tracker: TurnTracker;
  readonly #timing: LegTiming;
  readonly pendingTools = new Set<string>();
  /** A tool result went back and the model has not started answering it yet. */
  replyOwed = false;
  /** History messages this leg carried (a validation error then may mean the history was refused). */
  historyMessages = 0;
  #starting = false;
  #audioStarted = false;
  #queue: Int16Array[] = [];
  #pacer: NodeJS.Timeout | undefined;
  #ended = false;
  #opened = false;
  /** When this leg started audio (its "activation"). */
  activatedAt = 0;

  constructor(id: number, factory: SonicStreamFactory, setup: LegSetup, owner: LegOwner, timing: LegTiming) {
    this.id = id;
    this.#timing = timing;
    this.#tracker = new TurnTracker(owner.listenerFor(this), () => owner.nextReplyId());
    this.#stream = factory({
      onEvent: (e: SonicOutputEvent) => this.#tracker.handle(e),
      onClose: (error) => {
        this.#ended = true;
        this.#stopPacer();
        this.#tracker.finish();
        owner.legClosed(this, error);
      },
    });
    void this.#stream.opened?.then(() => (this.#opened = true));
    this.#write(ev.sessionStart(setup.inference));
    this.#write(ev.promptStart({ promptName: this.#prompt, voiceId: setup.voiceId, tools: setup.tools }));
    this.#writeAll(ev.textBlock(this.#prompt, randomUUID(), 'SYSTEM', setup.systemPrompt, false));
  }

  get audioStarted(): boolean {
    return this.#audioStarted;
  }

  /** Activation began (history and audio are being written or were written). */
  get started(): boolean {
    return this.#starting;
  }

  get ended(): boolean {
    return this.#ended;
  }

  /** The service answered (setup processed). */
  get opened(): boolean {
    return this.#opened;
  }

  /**
   * Between turns: no user turn the service is still transcribing, no reply in progress, no tool
   * result owed, no reply owed to a tool result.
   */
  get idle(): boolean {
    return (
      !this.#tracker.userTurnOpen &&
      !this.#tracker.replyInProgress &&
      this.pendingTools.size === 0 &&
      !this.replyOwed
    );
  }

  get replyInProgress(): boolean {
    return this.#tracker.replyInProgress;
  }

  /**
   * Make this leg live: wait (bounded) for the service's response, history as context
   * (non-interactive, paced), the audio content, then a question that was asked but never
   * answered (as interactive text, so the model answers it), then the unanswered audio (paced).
   */
  async startAudio(
    history: readonly HistoryMessage[],
    askAgain: string | undefined,
    replay: readonly Int16Array[],
  ): Promise<void> {
    if (this.#starting) return;
    this.#starting = true;
    this.activatedAt = Date.now();
    this.historyMessages = history.length;
    this.#queue = [...replay, ...this.#queue];
    // The start-up race ("Chat history should be sent completely before streaming audio") needs
    // history: only then is the AUDIO contentStart held until the service answered the setup. A
    // fresh stream starts its audio at once, so no backlog builds up behind a slow first answer.
    if (history.length > 0 || askAgain !== undefined) await this.#waitOpened();
    for (const m of history) {
      if (this.#ended) return;
      this.#writeAll(ev.textBlock(this.#prompt, randomUUID(), m.role, m.text, false));
      await sleep(this.#timing.historyPaceMs);
    }
    if (this.#ended) return;
    this.#write(ev.audioContentStart(this.#prompt, this.#audio));
    this.#audioStarted = true;
    if (askAgain !== undefined)
      this.#writeAll(ev.textBlock(this.#prompt, randomUUID(), 'USER', askAgain, true));
    this.#drainPaced();
  }

  /** Live audio: straight out once started and nothing is queued, else behind the queue. */
  sendAudio(chunk: Int16Array): void {
    if (this.#ended) return;
    if (this.#audioStarted && this.#queue.length === 0) {
      this.#write(ev.audioInput(this.#prompt, this.#audio, chunk));
      return;
    }
    this.#queue.push(chunk);
    if (this.#queue.length > MAX_QUEUED_CHUNKS) this.#queue.shift();
  }

  /** Keep the stream alive while quiet (only when nothing is queued). */
  sendSilence(): void {
    if (this.#audioStarted && this.#queue.length === 0) this.sendAudio(new Int16Array(CHUNK_SAMPLES));
  }

  sendToolResult(toolUseId: string, content: string): void {
    this.pendingTools.delete(toolUseId);
    this.replyOwed = true;
    this.#writeAll(ev.toolResultBlock(this.#prompt, randomUUID(), toolUseId, content));
  }

  /** Clean shutdown (queued audio first, then contentEnd → promptEnd → sessionEnd). */
  close(): Promise<void> {
    this.#stopPacer();
    if (this.#audioStarted)
      for (const chunk of this.#queue.splice(0)) this.#write(ev.audioInput(this.#prompt, this.#audio, chunk));
    return this.#stream.close();
  }

  abort(): void {
    this.#stopPacer();
    this.#stream.abort();
  }

  async #waitOpened(): Promise<void> {
    if (this.#opened || !this.#stream.opened) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.#stream.opened,
      new Promise<void>((resolve) => (timer = setTimeout(resolve, this.#timing.openWaitMs))),
    ]);
    clearTimeout(timer);
  }

  /**
   * Queued audio goes out at twice real time (one 32 ms chunk per `replayPaceMs`), counted against
   * the wall clock so a late timer catches up instead of letting the queue (and latency) grow.
   */
  #drainPaced(): void {
    if (this.#pacer || this.#queue.length === 0) return;
    const startedAt = performance.now();
    let sent = 0;
    const tick = () => {
      const due = Math.floor((performance.now() - startedAt) / this.#timing.replayPaceMs) + 1;
      for (; sent < due && this.#queue.length > 0; sent++) {
        const chunk = this.#queue.shift() as Int16Array;
        this.#write(ev.audioInput(this.#prompt, this.#audio, chunk));
      }
      if (this.#queue.length === 0) this.#stopPacer();
    };
    this.#pacer = setInterval(tick, this.#timing.replayPaceMs);
    tick();
  }

  #stopPacer(): void {
    clearInterval(this.#pacer);
    this.#pacer = undefined;
  }

  #writeAll(events: readonly ev.SonicInputEvent[]): void {
    for (const e of events) this.#write(e);
  }

  #write(event: ev.SonicInputEvent): void {
    if (this.#ended) return;
    try {
      this.#stream.write(event);
    } catch {
      // The stream already ended; its onClose reports why.
      this.#ended = true;
    }
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
