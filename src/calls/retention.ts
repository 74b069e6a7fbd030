/**
 * Retention on stores without TTL (the embedded store): at start and then hourly, delete transcript
 * lines whose `expiresAt` has passed and call records that ended more than the retention period
 * ago and need nothing more (their summary is posted, empty or failed). On AWS, DynamoDB TTL does
 * the same from the same attributes. The clock is injected so tests can move time.
 */
import { ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { batchDelete } from '../db/batch-delete.ts';
import type { Logger } from '../log.ts';

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

async function scanKeys(
  doc: DynamoDBDocumentClient,
  input: {
    table: string;
    filter: string;
    keys: readonly string[];
    names?: Record<string, string>;
    values: Record<string, unknown>;
  },
): Promise<Record<string, unknown>[]> {
  const found: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(
      new ScanCommand({
        TableName: input.table,
        FilterExpression: input.filter,
        ProjectionExpression: input.keys.join(', '),
        ...(input.names ? { ExpressionAttributeNames: input.names } : {}),
        ExpressionAttributeValues: input.values,
        ExclusiveStartKey: start,
      }),
    );
    for (const item of page.Items ?? []) found.push(Object.fromEntries(input.keys.map((k) => [k, item[k]])));
    start = page.LastEvaluatedKey;
  } while (start);
  return found;
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
    const lines = await scanKeys(doc, {
      table: tables.transcripts,
      filter: 'expiresAt < :now',
      keys: ['callId', 'seq'],
      values: { ':now': Math.floor(now / 1000) },
    });
    await batchDelete(doc, tables.transcripts, lines);
    const calls = await scanKeys(doc, {
      table: tables.calls,
      filter: 'endedAt < :cutoff AND #state IN (:posted, :empty, :failed)',
      keys: ['callId'],
      names: { '#state': 'state' },
      values: { ':cutoff': now - retentionDays * DAY_MS, ':posted': 'posted', ':empty': 'empty', ':failed': 'failed' },
    });
    await batchDelete(doc, tables.calls, calls);
    if (lines.length + calls.length > 0)
      log.info({ transcriptLines: lines.length, calls: calls.length }, 'retention sweep deleted expired data');
    return { transcriptLines: lines.length, calls: calls.length };
  }
}
