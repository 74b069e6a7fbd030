/**
 * Turns raw output events of one stream into what they mean: one handler per event type behind
 * one dispatcher. Knows which content block is USER transcript, SPECULATIVE or FINAL assistant text,
 * recognises all three barge-in signals (idempotently), and hands out a tool call when its TOOL
 * block ends (the AWS samples run tools there, not on `toolUse`).
 */
import type { ContentType, GenerationStage, OutputRole, SonicOutputEvent, TokenUsage } from './events-out.ts';

export interface ToolCall {
  readonly toolUseId: string;
  readonly name: string;
  /** The tool input as parsed JSON (the raw string if it was not JSON). */
  readonly input: unknown;
}

export interface TurnListener {
  completionStarted(): void;
  userTranscript(text: string): void;
  assistantText(text: string, stage: GenerationStage): void;
  assistantAudio(samples: Int16Array): void;
  bargeIn(): void;
  toolCall(call: ToolCall): void;
  usage(delta: TokenUsage): void;
  completionEnded(stopReason: string): void;
}

interface Block {
  readonly type: ContentType;
  readonly role: OutputRole;
  readonly stage: GenerationStage | undefined;
}

type Handlers = { [K in SonicOutputEvent['type']]: (e: Extract<SonicOutputEvent, { type: K }>) => void };

export class TurnTracker {
  readonly #listener: TurnListener;
  readonly #blocks = new Map<string, Block>();
  readonly #toolUses = new Map<string, ToolCall>();
  #bargedIn = false;
  /** True between completionStart and completionEnd. */
  completionOpen = false;

  constructor(listener: TurnListener) {
    this.#listener = listener;
  }

  handle(event: SonicOutputEvent): void {
    (this.#handlers[event.type] as (e: SonicOutputEvent) => void)(event);
  }

  readonly #handlers: Handlers = {
    completionStart: () => {
      this.completionOpen = true;
      this.#bargedIn = false;
      this.#listener.completionStarted();
    },
    contentStart: (e) => {
      this.#blocks.set(e.contentId, { type: e.contentType, role: e.role, stage: e.generationStage });
    },
    textOutput: (e) => {
      if (e.interrupted) return this.#bargeIn();
      const block = this.#blocks.get(e.contentId);
      const role = block?.role ?? e.role;
      if (role === 'USER') this.#listener.userTranscript(e.content);
      else if (role === 'ASSISTANT') this.#listener.assistantText(e.content, block?.stage ?? 'FINAL');
    },
    audioOutput: (e) => {
      if (!this.#bargedIn) this.#listener.assistantAudio(e.samples);
    },
    toolUse: (e) => {
      let input: unknown = e.input;
      try {
        input = JSON.parse(e.input);
      } catch {
        // keep the raw string: the handler decides what to do with it
      }
      this.#toolUses.set(e.contentId, { toolUseId: e.toolUseId, name: e.toolName, input });
    },
    contentEnd: (e) => {
      this.#blocks.delete(e.contentId);
      if (e.stopReason === 'INTERRUPTED') this.#bargeIn();
      const call = this.#toolUses.get(e.contentId);
      if (e.contentType === 'TOOL' && call) {
        this.#toolUses.delete(e.contentId);
        this.#listener.toolCall(call);
      }
    },
    completionEnd: (e) => {
      this.completionOpen = false;
      this.#listener.completionEnded(e.stopReason);
    },
    usage: (e) => this.#listener.usage(e.delta),
    unknown: () => undefined,
  };

  #bargeIn(): void {
    if (this.#bargedIn) return;
    this.#bargedIn = true;
    this.#listener.bargeIn();
  }
}
