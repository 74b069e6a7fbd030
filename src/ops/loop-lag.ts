/**
 * Event-loop delay, the process's own measure of "too busy": a libuv-timer histogram
 * (`perf_hooks.monitorEventLoopDelay`, 10 ms resolution) read per window. The figure is the lower
 * of the last full window's p99 and the current one's, so only lag that lasts (a loaded process,
 * not one slow moment such as start-up) counts; before a full window has passed it is 0.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';

export class LoopLag {
  readonly #histogram = monitorEventLoopDelay({ resolution: 10 });
  readonly #windowMs: number;
  #timer: NodeJS.Timeout | undefined;
  #lastP99Ms: number | undefined;

  constructor(windowMs = 5_000) {
    this.#windowMs = windowMs;
  }

  /** Start (or restart) measuring; earlier delay (start-up) is forgotten. */
  start(): void {
    clearInterval(this.#timer);
    this.#lastP99Ms = undefined;
    this.#histogram.reset();
    this.#histogram.enable();
    this.#timer = setInterval(() => {
      this.#lastP99Ms = this.#currentP99Ms();
      this.#histogram.reset();
    }, this.#windowMs);
    this.#timer.unref();
  }

  /** Sustained p99 event-loop delay in ms (see above). */
  p99Ms(): number {
    if (this.#lastP99Ms === undefined) return 0;
    return Math.min(this.#lastP99Ms, this.#currentP99Ms());
  }

  /** The last full window's p99 (for reports), 0 before one has passed. */
  lastWindowP99Ms(): number {
    return this.#lastP99Ms ?? 0;
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#histogram.disable();
  }

  #currentP99Ms(): number {
    // The histogram records how late each 10 ms timer fired, in ns.
    return this.#histogram.count > 0 ? this.#histogram.percentile(99) / 1e6 : 0;
  }
}
