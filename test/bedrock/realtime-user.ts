/**
 * A speaker as the call clock delivers them: one 20 ms frame every 20 ms of wall time, speech when
 * something was queued, silence otherwise (drift-free: frames due are computed from elapsed time).
 */
import { frames, silence, speech } from './helpers.ts';

export class RealtimeUser {
  readonly #push: (frame: Int16Array) => void;
  readonly #queue: Int16Array[] = [];
  #timer: NodeJS.Timeout | undefined;
  #started = 0;
  #pushed = 0;
  #silent = false;

  constructor(push: (frame: Int16Array) => void) {
    this.#push = push;
  }

  start(): this {
    this.#started = performance.now();
    this.#timer = setInterval(() => this.#tick(), 10);
    return this;
  }

  /** Queue `ms` of speech followed by `pauseMs` of silence. */
  say(ms: number, pauseMs = 0): void {
    this.#queue.push(...frames(speech(ms)), ...frames(silence(pauseMs)));
  }

  /** Stop pushing anything (a source that stalls), or resume. */
  mute(silent: boolean): void {
    this.#silent = silent;
  }

  get idle(): boolean {
    return this.#queue.length === 0;
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  #tick(): void {
    const due = Math.floor((performance.now() - this.#started) / 20);
    for (; this.#pushed < due; this.#pushed++) {
      const frame = this.#queue.shift() ?? new Int16Array(320);
      if (!this.#silent) this.#push(frame);
    }
  }
}
