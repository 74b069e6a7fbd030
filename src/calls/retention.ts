/**
 * Retention on stores without TTL (the embedded store): at start and then hourly, delete transcript
 * lines whose `expiresAt` has passed and call records that ended more than the retention period
 * ago and need nothing more (their summary is posted, empty or failed). On AWS, DynamoDB TTL does
 * the same from the same attributes. The clock is injected so tests can move time.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Logger } from '../log.ts';
import { deleteCalls, finishedCallIdsBefore } from './call-retention.ts';
import { deleteLines, expiredLineKeys } from './transcript-retention.ts';

export const SWEEP_EVERY_MS = 60 * 60_000;
const DAY_MS = 86_400_000;

export interface RetentionOptions {
  readonly doc: DynamoDBDocumentClient;
  readonly tables: { readonly calls: string; readonly transcripts: string };
  readonly retentionDays: number;
  readonly log: Logger;
  readonly now?: () => number;
  readonly everyMs?: number;
}

export interface SweepResult {
  readonly transcriptLines: number;
  readonly calls: number;
}

export class RetentionSweeper {
  readonly #options: RetentionOptions;
  readonly #now: () => number;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<unknown> = Promise.resolve();

  constructor(options: RetentionOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  /** Sweep now, then every hour (the timer does not keep the process alive). */
  start(): void {
    if (this.#timer) return;
    void this.#safeSweep();
    this.#timer = setInterval(() => void this.#safeSweep(), this.#options.everyMs ?? SWEEP_EVERY_MS);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#running;
  }

  #safeSweep(): Promise<unknown> {
    this.#running = this.#running.then(() =>
      this.sweep().catch((err: unknown) => this.#options.log.warn({ err }, 'retention sweep failed')),
    );
    return this.#running;
  }

  /** One pass; resolves what was deleted. */
  async sweep(): Promise<SweepResult> {
    const { doc, tables, retentionDays, log } = this.#options;
    const now = this.#now();
    const lines = await expiredLineKeys(doc, tables.transcripts, Math.floor(now / 1000));
    await deleteLines(doc, tables.transcripts, lines);
    const calls = await finishedCallIdsBefore(doc, tables.calls, now - retentionDays * DAY_MS);
    await deleteCalls(doc, tables.calls, calls);
    if (lines.length + calls.length > 0)
      log.info(
        { transcriptLines: lines.length, calls: calls.length },
        'retention sweep deleted expired data',
      );
    return { transcriptLines: lines.length, calls: calls.length };
  }
}
