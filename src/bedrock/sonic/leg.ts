/**
 * One stream of a session ("leg"): its prompt and audio content names, the setup it writes at
 * once (sessionStart, promptStart, SYSTEM), the history and audio it gets when it becomes active,
 * and whether it is between turns. A session has one active leg, and a second while rotating.
 */
import { randomUUID } from 'node:crypto';
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

export interface LegOwner {
  /** Semantic events of this leg; the owner decides whether the leg still speaks for the session. */
  listenerFor(leg: SonicLeg): TurnListener;
  legClosed(leg: SonicLeg, error: SonicError | undefined): void;
}

export class SonicLeg {
  readonly id: number;
  readonly openedAt = Date.now();
  readonly #prompt = randomUUID();
  readonly #audio = randomUUID();
  readonly #stream: SonicStream;
  readonly #tracker: TurnTracker;
  readonly pendingTools = new Set<string>();
  #audioStarted = false;
  #ended = false;

  constructor(id: number, factory: SonicStreamFactory, setup: LegSetup, owner: LegOwner) {
    this.id = id;
    this.#tracker = new TurnTracker(owner.listenerFor(this));
    this.#stream = factory({
      onEvent: (e: SonicOutputEvent) => this.#tracker.handle(e),
      onClose: (error) => {
        this.#ended = true;
        owner.legClosed(this, error);
      },
    });
    this.#write(ev.sessionStart(setup.inference));
    this.#write(ev.promptStart({ promptName: this.#prompt, voiceId: setup.voiceId, tools: setup.tools }));
    this.#writeAll(ev.textBlock(this.#prompt, randomUUID(), 'SYSTEM', setup.systemPrompt, false));
  }

  get audioStarted(): boolean {
    return this.#audioStarted;
  }

  get ended(): boolean {
    return this.#ended;
  }

  /** Between turns: nothing being generated and no tool result owed. */
  get idle(): boolean {
    return !this.#tracker.completionOpen && this.pendingTools.size === 0;
  }

  /**
   * Make this leg live: history as context (non-interactive), the audio content, then a question
   * that was asked but never answered (as interactive text, so the model answers it), then the
   * unanswered audio. Written back to back so no audio lands inside a text block.
   */
  startAudio(
    history: readonly HistoryMessage[],
    askAgain: string | undefined,
    replay: readonly Int16Array[],
  ): void {
    for (const m of history) this.#writeAll(ev.textBlock(this.#prompt, randomUUID(), m.role, m.text, false));
    this.#write(ev.audioContentStart(this.#prompt, this.#audio));
    this.#audioStarted = true;
    if (askAgain !== undefined)
      this.#writeAll(ev.textBlock(this.#prompt, randomUUID(), 'USER', askAgain, true));
    for (const chunk of replay) this.sendAudio(chunk);
  }

  sendAudio(chunk: Int16Array): void {
    if (this.#audioStarted) this.#write(ev.audioInput(this.#prompt, this.#audio, chunk));
  }

  sendToolResult(toolUseId: string, content: string): void {
    this.pendingTools.delete(toolUseId);
    this.#writeAll(ev.toolResultBlock(this.#prompt, randomUUID(), toolUseId, content));
  }

  /** Clean shutdown (contentEnd → promptEnd → sessionEnd). */
  close(): Promise<void> {
    return this.#stream.close();
  }

  abort(): void {
    this.#stream.abort();
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
