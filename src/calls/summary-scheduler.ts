/**
 * Runs summary jobs: right after a call ends, for every pending call found at start (calls another
 * or a crashed process left behind), and on a periodic sweep for retries that have come due.
 * One attempt per call at a time in this process; claims keep other processes out.
 */
import type { Logger } from '../log.ts';
import type { CallStore } from './call-store.ts';
import type { SummaryJob } from './summary-job.ts';

export class SummaryScheduler {
  readonly #job: SummaryJob;
  readonly #calls: CallStore;
  readonly #log: Logger;
  readonly #sweepMs: number;
  readonly #running = new Map<string, Promise<void>>();
  readonly #abort = new AbortController();
  #timer: NodeJS.Timeout | undefined;

  constructor(options: { job: SummaryJob; calls: CallStore; log: Logger; sweepMs?: number }) {
    this.#job = options.job;
    this.#calls = options.calls;
    this.#log = options.log;
    this.#sweepMs = options.sweepMs ?? 30_000;
  }

  /** Resume pending summaries now and keep sweeping for due retries. */
  start(): void {
    void this.sweep();
    this.#timer = setInterval(() => void this.sweep(), this.#sweepMs);
    this.#timer.unref();
  }

  /** Summarise a call that just ended (its end is already recorded). */
  enqueue(callId: string): Promise<void> {
    const running = this.#running.get(callId);
    if (running) return running;
    const work = this.#job
      .run(callId, this.#abort.signal)
      .then((outcome) => this.#log.info({ callId, outcome }, 'summary job finished'))
      .catch((err: unknown) => this.#log.error({ err, callId }, 'summary job crashed'))
      .finally(() => this.#running.delete(callId));
    this.#running.set(callId, work);
    return work;
  }

  /** Try every pending call whose next attempt is due. */
  async sweep(): Promise<void> {
    if (this.#abort.signal.aborted) return;
    try {
      const now = Date.now();
      for (const call of await this.#calls.listPending()) {
        const due = (call.nextAttemptAt ?? 0) <= now && (call.claimExpiresAt ?? 0) < now;
        if (due) void this.enqueue(call.callId);
      }
    } catch (err) {
      this.#log.warn({ err }, 'could not list pending summaries');
    }
  }

  /** Stop sweeping; let in-flight jobs finish for up to `graceMs`, then abort them. */
  async stop(graceMs = 3_000): Promise<void> {
    clearInterval(this.#timer);
    const pending = Promise.allSettled([...this.#running.values()]);
    const timer = setTimeout(() => this.#abort.abort(), graceMs);
    await pending;
    clearTimeout(timer);
    this.#abort.abort();
  }
}
