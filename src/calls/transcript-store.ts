/**
 * The durable, speaker-attributed call transcript. Lines are appended as they arrive and written in
 * batches at most `flushMs` apart (BatchWriteItem, 25 per request, unprocessed items retried), each
 * with a TTL attribute (`expiresAt`, epoch seconds) for retention. Items are keyed by call id and a
 * sortable sequence, so reading a call back is one Query.
 */
import { BatchWriteCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Logger } from '../log.ts';

export interface TranscriptEntry {
  readonly callId: string;
  readonly speakerId: string;
  readonly speakerName: string;
  readonly role: 'user' | 'assistant';
  readonly text: string;
  /** Epoch ms when the line was spoken (user) or finished (assistant). */
  readonly at: number;
  /** The Nova Sonic session that produced it. */
  readonly sessionId: string;
  /** True when the assistant line was cut short by a barge-in. */
  readonly interrupted?: boolean;
}

interface StoredLine extends TranscriptEntry {
  readonly seq: string;
  readonly expiresAt: number;
}

const BATCH = 25;
const MAX_RETRIES = 5;

export class TranscriptWriter {
  readonly #doc: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #retentionDays: number;
  readonly #flushMs: number;
  readonly #log: Logger;
  #pending: StoredLine[] = [];
  #timer: NodeJS.Timeout | undefined;
  #flushing: Promise<void> = Promise.resolve();
  #counter = 0;

  constructor(options: {
    doc: DynamoDBDocumentClient;
    table: string;
    retentionDays: number;
    log: Logger;
    flushMs?: number;
  }) {
    this.#doc = options.doc;
    this.#table = options.table;
    this.#retentionDays = options.retentionDays;
    this.#flushMs = options.flushMs ?? 1_000;
    this.#log = options.log;
  }

  /** Queue a line; it is written within `flushMs`. */
  append(entry: TranscriptEntry): void {
    this.#counter += 1;
    const seq = `${String(entry.at).padStart(15, '0')}#${String(this.#counter).padStart(6, '0')}`;
    const expiresAt = Math.floor(entry.at / 1000) + this.#retentionDays * 86_400;
    this.#pending.push({ ...entry, seq, expiresAt });
    this.#timer ??= setTimeout(() => void this.flush(), this.#flushMs);
  }

  /** Write everything queued so far; resolves when it is durable (or has been logged as lost). */
  flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const lines = this.#pending;
    this.#pending = [];
    this.#flushing = this.#flushing.then(() => this.#write(lines));
    return this.#flushing;
  }

  async #write(lines: readonly StoredLine[]): Promise<void> {
    for (let i = 0; i < lines.length; i += BATCH) {
      let requests = lines.slice(i, i + BATCH).map((Item) => ({ PutRequest: { Item } }));
      for (let attempt = 0; requests.length > 0; attempt += 1) {
        try {
          const out = await this.#doc.send(
            new BatchWriteCommand({ RequestItems: { [this.#table]: requests } }),
          );
          requests = (out.UnprocessedItems?.[this.#table] ?? []) as typeof requests;
        } catch (err) {
          if (attempt >= MAX_RETRIES) {
            this.#log.error({ err, lost: requests.length }, 'transcript lines could not be written');
            break;
          }
        }
        if (requests.length > 0) await new Promise((r) => setTimeout(r, 50 * 2 ** Math.min(attempt, 5)));
      }
    }
  }
}

/** Every line of a call, in order; lines past their retention are ignored even before deletion. */
export async function readTranscript(
  doc: DynamoDBDocumentClient,
  table: string,
  callId: string,
  nowMs: number = Date.now(),
): Promise<TranscriptEntry[]> {
  const nowS = Math.floor(nowMs / 1000);
  const lines: TranscriptEntry[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'callId = :c',
        ExpressionAttributeValues: { ':c': callId },
        ExclusiveStartKey: start,
      }),
    );
    for (const item of page.Items ?? []) {
      const { seq: _seq, expiresAt, ...line } = item as StoredLine;
      if (typeof expiresAt === 'number' && expiresAt < nowS) continue;
      lines.push(line);
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return lines;
}
