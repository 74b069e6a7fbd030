/**
 * Event-loop delay, the process's own measure of "too busy": a libuv-timer histogram
 * (`perf_hooks.monitorEventLoopDelay`, 10 ms resolution) read as the p99 of the last full window
 * and the current one, so one slow moment weighs for a window and then ages out.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';

export class LoopLag {
  readonly #histogram: ReturnType<typeof monitorEventLoopDelay>;
  readonly #timer: NodeJS.Timeout;
  #lastP99Ms = 0;

  constructor(windowMs = 5_000) {
    this.#histogram = monitorEventLoopDelay({ resolution: 10 });
    this.#histogram.enable();
    this.#timer = setInterval(() => {
      this.#lastP99Ms = this.#currentP99Ms();
      this.#histogram.reset();
    }, windowMs);
    this.#timer.unref();
  }

  /** p99 event-loop delay over roughly the last one to two windows, in ms. */
  p99Ms(): number {
    return Math.max(this.#lastP99Ms, this.#currentP99Ms());
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#histogram.disable();
  }

  #currentP99Ms(): number {
    // The histogram measures the delay beyond the sampling interval, in ns.
    return this.#histogram.count > 0 ? this.#histogram.percentile(99) / 1e6 : 0;
  }
}
