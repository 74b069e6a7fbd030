/**
 * The call clock: ONE 20 ms real-time tick per call. Ticks are scheduled from a monotonic clock
 * (tick n is due at start + n × 20 ms), never by chaining relative timers, so there is no drift
 * over an hour. If the event loop stalls, the missed ticks run back to back (up to a bounded
 * catch-up), so consumers still receive exactly one frame per 20 ms of wall time.
 */
import { performance } from 'node:perf_hooks';
import { FRAME_MS } from './pcm.ts';

/** Time and timer seams, so tests can drive the clock by hand. */
export interface ClockTimers {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimers: ClockTimers = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** After a stall longer than this many frames, the clock skips ahead instead of catching up. */
export const MAX_CATCH_UP_TICKS = 10;

export interface CallClockOptions {
  readonly frameMs?: number;
  readonly timers?: ClockTimers;
  /** Called once per tick, with the tick number (0, 1, 2, …). Must not throw. */
  readonly onTick: (tick: number) => void;
  /** Called when ticks were skipped after a long stall. */
  readonly onSkip?: (skippedTicks: number) => void;
}

export class CallClock {
  readonly frameMs: number;
  /** Ticks delivered so far. */
  ticks = 0;
  /** Ticks skipped after stalls. */
  skipped = 0;
  readonly #timers: ClockTimers;
  readonly #onTick: (tick: number) => void;
  readonly #onSkip: ((skippedTicks: number) => void) | undefined;
  #start = 0;
  #handle: unknown;
  #running = false;

  constructor(options: CallClockOptions) {
    this.frameMs = options.frameMs ?? FRAME_MS;
    this.#timers = options.timers ?? realTimers;
    this.#onTick = options.onTick;
    this.#onSkip = options.onSkip;
  }

  get running(): boolean {
    return this.#running;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#start = this.#timers.now() - (this.ticks + this.skipped) * this.frameMs;
    this.#schedule();
  }

  stop(): void {
    this.#running = false;
    if (this.#handle !== undefined) this.#timers.clearTimeout(this.#handle);
    this.#handle = undefined;
  }

  #schedule(): void {
    const due = this.#start + (this.ticks + this.skipped + 1) * this.frameMs;
    this.#handle = this.#timers.setTimeout(() => this.#fire(), Math.max(0, due - this.#timers.now()));
  }

  #fire(): void {
    this.#handle = undefined;
    if (!this.#running) return;
    const elapsed = Math.floor((this.#timers.now() - this.#start) / this.frameMs);
    let owed = elapsed - this.ticks - this.skipped;
    if (owed > MAX_CATCH_UP_TICKS) {
      const skip = owed - MAX_CATCH_UP_TICKS;
      this.skipped += skip;
      owed = MAX_CATCH_UP_TICKS;
      this.#onSkip?.(skip);
    }
    for (let i = 0; i < owed && this.#running; i++) this.#onTick(this.ticks++);
    if (this.#running) this.#schedule();
  }
}
