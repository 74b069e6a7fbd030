/**
 * The durable, speaker-attributed call transcript. A line is first appended to a local journal
 * (one JSON line per transcript line, `<journalDir>/<callId>.jsonl`, written synchronously, so it
 * survives a crash of the process the moment `append` returns), then written to the store within
 * `flushMs` (BatchWriteItem, 25 per request) with a TTL attribute (`expiresAt`, epoch seconds).
 * Each batch gets a bounded number of attempts with full-jitter backoff, `UnprocessedItems`
 * included; lines that still fail go to a spool retried every `spoolRetryMs`, never dropped. A
 * call's journal is deleted once all its lines are in the store; a journal left by a crashed
 * process is replayed (`replayJournals`). Items are keyed by call id and a sortable sequence, so
 * writing a line twice is harmless and reading a call back is one Query.
 */
import { appendFileSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
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
/** Attempts per batch before its lines go to the spool. */
const MAX_ATTEMPTS = 4;
const RETRY_BASE_MS = 50;
const RETRY_CAP_MS = 1_000;
/** One BatchWriteItem (SDK retries included) may take this long; a hung store cannot hold a flush. */
const ATTEMPT_TIMEOUT_MS = 3_000;

export interface TranscriptWriterOptions {
  doc: DynamoDBDocumentClient;
  table: string;
  retentionDays: number;
  log: Logger;
  flushMs?: number;
  /** Where lines are journalled before they reach the store; omitted: no journal (tests). */
  journalDir?: string;
  spoolRetryMs?: number;
  /** Longest one BatchWriteItem (SDK retries included) may take; default 3 s. */
  attemptTimeoutMs?: number;
}

export class TranscriptWriter {
  readonly #doc: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #retentionDays: number;
  readonly #flushMs: number;
  readonly #log: Logger;
  #journalDir: string | undefined;
  readonly #spoolRetryMs: number;
  readonly #attemptTimeoutMs: number;
  #pending: StoredLine[] = [];
  /** Lines whose batches ran out of attempts; retried on a timer and at every flush. */
  #spool: StoredLine[] = [];
  /** Calls that ended here: their journal goes once nothing of theirs is left unwritten. */
  readonly #finished = new Set<string>();
  #timer: NodeJS.Timeout | undefined;
  #spoolTimer: NodeJS.Timeout | undefined;
  #flushing: Promise<void> = Promise.resolve();
  #counter = 0;

  constructor(options: TranscriptWriterOptions) {
    this.#doc = options.doc;
    this.#table = options.table;
    this.#retentionDays = options.retentionDays;
    this.#flushMs = options.flushMs ?? 250;
    this.#log = options.log;
    this.#spoolRetryMs = options.spoolRetryMs ?? 5_000;
    this.#attemptTimeoutMs = options.attemptTimeoutMs ?? ATTEMPT_TIMEOUT_MS;
    this.#journalDir = this.#openJournal(options.journalDir);
  }

  /** Journal a line now; it is written to the store within `flushMs`. */
  append(entry: TranscriptEntry): void {
    this.#counter += 1;
    const seq = `${String(entry.at).padStart(15, '0')}#${String(this.#counter).padStart(6, '0')}`;
    const expiresAt = Math.floor(entry.at / 1000) + this.#retentionDays * 86_400;
    const line: StoredLine = { ...entry, seq, expiresAt };
    this.#journal(line);
    this.#pending.push(line);
    this.#timer ??= setTimeout(() => void this.flush(), this.#flushMs);
  }

  /** Lines of `callId` (or of every call) not yet in the store. */
  unwritten(callId?: string): number {
    const count = (lines: readonly StoredLine[]) =>
      callId === undefined ? lines.length : lines.filter((l) => l.callId === callId).length;
    return count(this.#pending) + count(this.#spool);
  }

  /**
   * Write everything queued so far, the spool included. Resolves when it is in the store or, after
   * bounded attempts, spooled (still journalled); so it never waits on the store indefinitely.
   */
  flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const lines = [...this.#spool, ...this.#pending];
    this.#spool = [];
    this.#pending = [];
    this.#flushing = this.#flushing.then(() => this.#write(lines));
    return this.#flushing;
  }

  /** The call ended here: once all its lines are in the store its journal is removed. */
  finishCall(callId: string): void {
    this.#finished.add(callId);
    this.#tidy();
  }

  /**
   * Replay journals a crashed process left (calls `isDone` says are no longer live), then remove
   * them once written. Returns how many lines were replayed.
   */
  async replayJournals(isDone: (callId: string) => Promise<boolean>): Promise<number> {
    if (!this.#journalDir) return 0;
    let replayed = 0;
    for (const file of readdirSync(this.#journalDir).filter((f) => f.endsWith('.jsonl'))) {
      const callId = file.slice(0, -'.jsonl'.length);
      if (this.unwritten(callId) > 0 || !(await isDone(callId))) continue;
      const lines = readFileSync(join(this.#journalDir, file), 'utf8')
        .split('\n')
        .filter((l) => l.trim().length > 0)
        .flatMap((l) => {
          try {
            return [JSON.parse(l) as StoredLine];
          } catch {
            return []; // a line torn by the crash: everything before it is intact
          }
        });
      this.#pending.push(...lines);
      replayed += lines.length;
      this.#finished.add(callId);
    }
    if (replayed > 0) {
      this.#log.warn({ replayed }, 'replaying journalled transcript lines of crashed calls');
      await this.flush();
    }
    return replayed;
  }

  /** Stop the spool timer (shutdown); what is unwritten stays in the journal. */
  close(): void {
    clearTimeout(this.#timer);
    clearInterval(this.#spoolTimer);
    this.#spoolTimer = undefined;
  }

  /** A journal directory that cannot be made (read-only disk) is logged once and done without. */
  #openJournal(dir: string | undefined): string | undefined {
    if (!dir) return undefined;
    try {
      mkdirSync(dir, { recursive: true });
      return dir;
    } catch (err) {
      this.#log.error({ err, dir }, 'cannot write the transcript journal; lines are kept in memory only');
      return undefined;
    }
  }

  #journal(line: StoredLine): void {
    if (!this.#journalDir) return;
    try {
      appendFileSync(join(this.#journalDir, `${line.callId}.jsonl`), `${JSON.stringify(line)}\n`);
    } catch (err) {
      this.#log.error({ err, callId: line.callId }, 'could not journal a transcript line');
    }
  }

  #tidy(): void {
    if (!this.#journalDir) return;
    for (const callId of this.#finished) {
      if (this.unwritten(callId) > 0) continue;
      this.#finished.delete(callId);
      rmSync(join(this.#journalDir, `${callId}.jsonl`), { force: true });
    }
  }

  async #write(lines: readonly StoredLine[]): Promise<void> {
    const failed: StoredLine[] = [];
    for (let i = 0; i < lines.length; i += BATCH) {
      const batch = lines.slice(i, i + BATCH);
      let requests = batch.map((Item) => ({ PutRequest: { Item } }));
      let lastError: unknown;
      for (let attempt = 0; requests.length > 0 && attempt < MAX_ATTEMPTS; attempt += 1) {
        if (attempt > 0) {
          // Full jitter from the first retry: uniform in [0, min(cap, base·2^attempt)).
          const ceiling = Math.min(RETRY_CAP_MS, RETRY_BASE_MS * 2 ** attempt);
          await new Promise((r) => setTimeout(r, Math.random() * ceiling));
        }
        try {
          const out = await this.#doc.send(
            new BatchWriteCommand({ RequestItems: { [this.#table]: requests } }),
            { abortSignal: AbortSignal.timeout(this.#attemptTimeoutMs) },
          );
          requests = (out.UnprocessedItems?.[this.#table] ?? []) as typeof requests;
        } catch (err) {
          lastError = err;
        }
      }
      if (requests.length > 0) {
        const left = requests.map((r) => r.PutRequest.Item);
        failed.push(...left);
        this.#log.warn(
          { err: lastError, spooled: left.length },
          'transcript lines not written yet; spooled (journalled) for a later retry',
        );
      }
    }
    this.#spool.push(...failed);
    if (this.#spool.length > 0) this.#armSpool();
    else this.#disarmSpool();
    this.#tidy();
  }

  #armSpool(): void {
    if (this.#spoolTimer) return;
    this.#spoolTimer = setInterval(() => {
      if (this.#spool.length > 0) void this.flush();
    }, this.#spoolRetryMs);
    this.#spoolTimer.unref();
  }

  #disarmSpool(): void {
    clearInterval(this.#spoolTimer);
    this.#spoolTimer = undefined;
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
