/**
 * The one owner of turn state for a stream. Raw output events go in; typed turn events come out:
 * a whole user turn, a reply starting, its text (SPECULATIVE at once, FINAL when and if it comes),
 * the reply ending, a barge-in. Follows the robust rules of the Nova Sonic reference (§3 "Turn
 * model"): `completionStart`/`completionEnd` are not turn boundaries (they may come once per turn,
 * once per stream, or never), a reply ends at ASSISTANT AUDIO `END_TURN`, TEXT FINAL `END_TURN` or
 * any `INTERRUPTED`, and the barge-in mute clears on the next USER transcript or SPECULATIVE start.
 * Nothing outside this file reads completion events.
 */
import type { ContentType, GenerationStage, OutputRole, SonicOutputEvent, TokenUsage } from './events-out.ts';

export interface ToolCall {
  readonly toolUseId: string;
  readonly name: string;
  /** The tool input as parsed JSON (unwrapped once more when double-encoded; the raw string if not JSON). */
  readonly input: unknown;
}

/** A reply's words as far as known: FINAL when it came, else the SPECULATIVE preview. */
export interface ReplyText {
  /** Unique within a session (the session hands out the ids). */
  readonly id: number;
  readonly text: string;
  readonly final: boolean;
  readonly interrupted: boolean;
  /** The stream ended under the reply (failure or forced cut): it never finished; the question stands. */
  readonly aborted?: boolean;
}

export interface TurnListener {
  /** Everything the user said before the assistant answered, as one utterance. */
  userTurnComplete(text: string): void;
  replyStarted(replyId: number): void;
  /** The reply's best text so far changed (more SPECULATIVE text, or FINAL replacing it, even after the reply ended). */
  replyText(reply: ReplyText): void;
  assistantAudio(samples: Int16Array): void;
  replyEnded(reply: ReplyText): void;
  /** The reply's FINAL text block ended (its text is settled), possibly seconds after the reply ended. */
  replyFinal(reply: ReplyText): void;
  bargeIn(): void;
  toolCall(call: ToolCall): void;
  usage(delta: TokenUsage): void;
  /** `userSpeechStart` / `userSpeechEnd` (undocumented Nova 2 events), when the service sends them. */
  userSpeech(edge: 'start' | 'end'): void;
}

interface Block {
  readonly type: ContentType;
  readonly role: OutputRole;
  readonly stage: GenerationStage | undefined;
  /** For ASSISTANT FINAL text: the reply it belongs to (decided on its first words). */
  reply?: Reply | undefined;
}

interface Reply {
  readonly id: number;
  speculative: string[];
  final: string[] | undefined;
  ended: boolean;
  interrupted: boolean;
}

/** A reported utterance whose transcript never came stops holding a stream switch after this. */
const USER_TURN_STALE_MS = 5_000;

/** Ended replies still waiting for their FINAL text, newest last. */
const MAX_AWAITING_FINAL = 4;

type Handlers = { [K in SonicOutputEvent['type']]: (e: Extract<SonicOutputEvent, { type: K }>) => void };

export class TurnTracker {
  readonly #listener: TurnListener;
  readonly #nextReplyId: () => number;
  readonly #blocks = new Map<string, Block>();
  readonly #toolUses = new Map<string, ToolCall>();
  #userParts: string[] = [];
  #reply: Reply | undefined;
  #awaitingFinal: Reply[] = [];
  #muted = false;
  /** When the service last reported user speech that no transcript has answered yet (0: none). */
  #speechAt = 0;

  constructor(listener: TurnListener, nextReplyId: () => number) {
    this.#listener = listener;
    this.#nextReplyId = nextReplyId;
  }

  /** A reply is being generated (started, not yet ended). */
  get replyInProgress(): boolean {
    return this.#reply !== undefined;
  }

  /**
   * The user is mid-turn as the service sees it: ASR text not yet complete, or speech reported
   * (`userSpeechStart`/`End`) whose transcript has not come yet — for at most USER_TURN_STALE_MS.
   */
  get userTurnOpen(): boolean {
    return (
      this.#userParts.length > 0 || (this.#speechAt > 0 && Date.now() - this.#speechAt < USER_TURN_STALE_MS)
    );
  }

  handle(event: SonicOutputEvent): void {
    (this.#handlers[event.type] as (e: SonicOutputEvent) => void)(event);
  }

  /** The stream is going away: a pending user turn is complete, a reply in progress was aborted. */
  finish(): void {
    this.#flushUser();
    const reply = this.#reply;
    this.#reply = undefined;
    if (reply) this.#listener.replyEnded({ ...view(reply), aborted: true });
    this.#awaitingFinal = [];
  }

  readonly #handlers: Handlers = {
    completionStart: () => undefined,
    contentStart: (e) => {
      this.#blocks.set(e.contentId, { type: e.contentType, role: e.role, stage: e.generationStage });
      if (e.role === 'USER') {
        this.#muted = false;
        return;
      }
      if (e.contentType === 'TOOL') return this.#flushUser();
      if (e.role !== 'ASSISTANT') return;
      if (e.contentType === 'TEXT' && e.generationStage === 'SPECULATIVE') {
        this.#muted = false;
        this.#flushUser();
        this.#startReply();
      } else if (e.contentType === 'AUDIO') {
        this.#flushUser();
        this.#startReply();
      }
    },
    textOutput: (e) => {
      if (e.interrupted) return this.#bargeIn();
      const block = this.#blocks.get(e.contentId);
      const role = block?.role ?? e.role;
      if (role === 'USER') {
        this.#muted = false;
        this.#speechAt = 0;
        if (e.content.trim() !== '') this.#userParts.push(e.content.trim());
        return;
      }
      if (role !== 'ASSISTANT') return;
      if ((block?.stage ?? 'FINAL') === 'SPECULATIVE') {
        const reply = this.#startReply();
        reply.speculative.push(e.content);
        this.#listener.replyText(view(reply));
        return;
      }
      const reply = block?.reply ?? this.#finalTarget(e.content);
      if (!reply) return;
      if (block) block.reply = reply;
      reply.final = [...(reply.final ?? []), e.content];
      this.#listener.replyText(view(reply));
    },
    audioOutput: (e) => {
      if (!this.#muted) this.#listener.assistantAudio(e.samples);
    },
    toolUse: (e) => {
      this.#toolUses.set(e.contentId, {
        toolUseId: e.toolUseId,
        name: e.toolName,
        input: parseToolInput(e.input),
      });
    },
    contentEnd: (e) => {
      const block = this.#blocks.get(e.contentId);
      this.#blocks.delete(e.contentId);
      if (block?.role === 'USER' && e.stopReason === 'END_TURN') this.#flushUser();
      const finalOf =
        block?.type === 'TEXT' && block.role === 'ASSISTANT' && block.stage === 'FINAL'
          ? block.reply
          : undefined;
      const current = this.#reply;
      if (e.stopReason === 'INTERRUPTED') {
        const target = finalOf ?? current;
        if (target) target.interrupted = true;
        this.#bargeIn();
        if (current && (!finalOf || finalOf === current)) this.#endReply();
      } else if (current && e.stopReason === 'END_TURN' && block?.role === 'ASSISTANT') {
        if (e.contentType === 'AUDIO' || finalOf === current) this.#endReply();
      }
      if (finalOf) {
        this.#awaitingFinal = this.#awaitingFinal.filter((r) => r !== finalOf);
        this.#listener.replyFinal(view(finalOf));
      }
      const call = this.#toolUses.get(e.contentId);
      if (e.contentType === 'TOOL' && call) {
        this.#toolUses.delete(e.contentId);
        this.#listener.toolCall(call);
      }
    },
    // Last resort only: a completion ending means whatever reply is open is over.
    completionEnd: () => {
      this.#flushUser();
      this.#endReply();
    },
    usage: (e) => this.#listener.usage(e.delta),
    userSpeech: (e) => {
      // userSpeechEnd usually comes before the transcript (Sequence A): the turn stays open until it.
      this.#speechAt = e.edge === 'end' && this.#userParts.length > 0 ? 0 : Date.now();
      if (e.edge === 'end') this.#flushUser();
      this.#listener.userSpeech(e.edge);
    },
    unknown: () => undefined,
  };

  #flushUser(): void {
    if (this.#userParts.length === 0) return;
    const text = this.#userParts.join(' ');
    this.#userParts = [];
    this.#listener.userTurnComplete(text);
  }

  #startReply(): Reply {
    if (this.#reply) return this.#reply;
    this.#speechAt = 0;
    const reply: Reply = {
      id: this.#nextReplyId(),
      speculative: [],
      final: undefined,
      ended: false,
      interrupted: false,
    };
    this.#reply = reply;
    this.#listener.replyStarted(reply.id);
    return reply;
  }

  #endReply(): void {
    const reply = this.#reply;
    if (!reply) return;
    this.#reply = undefined;
    reply.ended = true;
    if (reply.final === undefined) {
      this.#awaitingFinal.push(reply);
      if (this.#awaitingFinal.length > MAX_AWAITING_FINAL) this.#awaitingFinal.shift();
    }
    this.#listener.replyEnded(view(reply));
  }

  /**
   * Which reply a FINAL text belongs to. FINAL describes audio already generated, so it belongs
   * to an ended reply still waiting for its FINAL (the one whose preview it matches, else the
   * oldest), or to the reply in progress when none waits — never to a reply that has not spoken.
   */
  #finalTarget(text: string): Reply | undefined {
    const waiting = this.#awaitingFinal;
    const match = waiting.find((r) => sameWords(r.speculative.join(' '), text)) ?? waiting[0];
    if (match) {
      this.#awaitingFinal = waiting.filter((r) => r !== match);
      return match;
    }
    return this.#reply;
  }

  #bargeIn(): void {
    if (this.#muted) return;
    this.#muted = true;
    this.#listener.bargeIn();
  }
}

function view(reply: Reply): ReplyText {
  const final = reply.final !== undefined;
  return {
    id: reply.id,
    text: (final ? (reply.final ?? []) : reply.speculative).join(' ').replace(/\s+/g, ' ').trim(),
    final,
    interrupted: reply.interrupted,
  };
}

const words = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

/** FINAL is the spoken (possibly truncated) version of the preview: compare the opening words. */
function sameWords(preview: string, final: string): boolean {
  const a = words(preview);
  const b = words(final);
  if (a === '' || b === '') return false;
  const n = Math.min(a.length, b.length, 24);
  return a.slice(0, n) === b.slice(0, n);
}

/** `toolUse.content` is a JSON string of the input; it has been seen double-encoded (a JSON string of a JSON string). */
export function parseToolInput(raw: string): unknown {
  let value: unknown = raw;
  for (let i = 0; i < 2 && typeof value === 'string'; i++) {
    try {
      value = JSON.parse(value);
    } catch {
      break;
    }
  }
  return value;
}
