/**
 * What the fake says, scripted per test. Turns are shared by every stream of one fake server and
 * advance only when a turn completes, so a stream that fails mid-turn leaves the same turn for the
 * next stream (which is what a resumed conversation needs).
 */
import type { StreamExceptionType } from './wire.ts';

export interface FakeToolCall {
  readonly name: string;
  readonly input: unknown;
  /** Throw (or return false) to reject the toolResult content with `Tool Response parsing error`. */
  readonly check?: (content: string) => boolean;
  /** Send `toolUse.content` double-encoded (observed profile: seeded choice when unset). */
  readonly doubleEncode?: boolean;
}

/** Something to go wrong once during a turn. */
export interface FakeFailure {
  /** After the USER transcript, or halfway through the assistant audio. */
  readonly at: 'transcript' | 'audio';
  /** Raise this exception; without it the stream ends silently (END_STREAM, no completionEnd). */
  readonly exception?: StreamExceptionType;
  readonly message?: string;
}

export interface FakeTurn {
  /** The USER transcript the fake reports for the utterance. */
  readonly user: string;
  readonly reply: string;
  /** Length of the reply audio; default 40 ms per character, at least 200 ms. */
  readonly replyAudioMs?: number;
  readonly tools?: readonly FakeToolCall[];
  readonly fail?: FakeFailure;
  /** Observed profile: send the USER ASR as two blocks (seeded choice when unset). */
  readonly splitAsr?: boolean;
  /** Observed profile: FINAL text delay after the audio, or `missing` (seeded choice when unset). */
  readonly final?: number | 'missing';
}

const UNSCRIPTED: FakeTurn = { user: '(unscripted)', reply: 'Sorry, could you say that again?' };

export class FakeScript {
  readonly #turns: FakeTurn[] = [];
  readonly #failed = new Set<number>();
  #next = 0;

  add(...turns: FakeTurn[]): void {
    this.#turns.push(...turns);
  }

  /** Index of the turn the next utterance answers. */
  get position(): number {
    return this.#next;
  }

  current(): FakeTurn {
    return this.#turns[this.#next] ?? UNSCRIPTED;
  }

  /** The current turn's failure, handed out once. */
  takeFailure(at: FakeFailure['at']): FakeFailure | undefined {
    const fail = this.current().fail;
    if (!fail || fail.at !== at || this.#failed.has(this.#next)) return undefined;
    this.#failed.add(this.#next);
    return fail;
  }

  complete(): void {
    this.#next++;
  }
}
