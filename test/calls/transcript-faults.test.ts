/**
 * The transcript writer against a failing store (the fault-injecting DynamoDB proxy): lines are
 * journalled before anything can go wrong, retries are bounded (UnprocessedItems included), what
 * still fails is spooled and written later, a hung store never holds a flush for long, and a
 * journal left by a crash is replayed.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTranscript, TranscriptWriter, type TranscriptEntry } from '../../src/calls/transcript-store.ts';
import { createDynamoClients } from '../../src/db/client.ts';
import { allTableInputs, tableNames } from '../../src/db/index.ts';
import { createLogger } from '../../src/log.ts';
import { DynamoFaultProxy } from '../fakes/dynamo/fault-proxy.ts';
import { startDynalite, type TestDynamo } from '../helpers/dynalite.ts';

const log = createLogger({ level: 'silent', format: 'json' });
// Recent lines: older ones would be past TRANSCRIPT_RETENTION_DAYS, and reads ignore expired lines.
const START = Date.now();

describe('transcripts lose nothing when the store fails', () => {
  let dynamo: TestDynamo;
  let proxy: DynamoFaultProxy;
  let client: DynamoDBClient;
  let doc: DynamoDBDocumentClient;
  let journalDir: string;
  const table = tableNames('tf-').transcripts;

  beforeAll(async () => {
    dynamo = await startDynalite();
    await dynamo.createTables(allTableInputs('tf-'));
    proxy = await DynamoFaultProxy.start(dynamo.endpoint);
    // The bot's own client configuration (timeouts, retries), pointed at the proxy.
    ({ client, doc } = createDynamoClients({
      endpoint: proxy.endpoint,
      region: 'us-east-1',
      embedded: true,
    }));
    journalDir = mkdtempSync(join(tmpdir(), 'vd-journal-'));
  });
  afterAll(async () => {
    client?.destroy();
    await proxy?.close();
    await dynamo?.close();
    rmSync(journalDir, { recursive: true, force: true });
  });

  const line = (callId: string, i: number): TranscriptEntry => ({
    callId,
    speakerId: 'u1',
    speakerName: 'Alice',
    role: 'user',
    text: `line ${i}`,
    at: START + i,
    sessionId: 's1',
  });
  const stored = async (callId: string) => (await readTranscript(dynamo.doc, table, callId)).length;

  it('gives UnprocessedItems bounded retries, spools the rest, and writes it once the store recovers', async () => {
    const writer = new TranscriptWriter({
      doc,
      table,
      retentionDays: 1,
      log,
      flushMs: 10,
      journalDir,
      spoolRetryMs: 200,
    });
    const stop = proxy.inject({ mode: 'unprocessed', table: 'transcripts' });
    for (let i = 0; i < 30; i++) writer.append(line('u1', i));
    const started = Date.now();
    await writer.flush();
    expect(Date.now() - started).toBeLessThan(5_000); // bounded, not forever
    expect(writer.unwritten('u1')).toBe(30);
    expect(await stored('u1')).toBe(0);
    expect(readdirSync(journalDir)).toContain('u1.jsonl');
    stop();
    await expect.poll(() => stored('u1'), { timeout: 5_000 }).toBe(30);
    expect(writer.unwritten('u1')).toBe(0);
    writer.finishCall('u1');
    expect(readdirSync(journalDir)).not.toContain('u1.jsonl');
    writer.close();
  });

  it('never holds a flush for long on a hung store', async () => {
    const writer = new TranscriptWriter({
      doc,
      table,
      retentionDays: 1,
      log,
      flushMs: 10,
      journalDir,
      attemptTimeoutMs: 300,
    });
    proxy.down('hang');
    writer.append(line('h1', 1));
    const started = Date.now();
    await writer.flush();
    // 4 attempts of at most 300 ms each here (3 s by default), plus jittered pauses under 1 s.
    expect(Date.now() - started).toBeLessThan(4_000);
    expect(writer.unwritten('h1')).toBe(1);
    proxy.restore();
    await writer.flush();
    expect(await stored('h1')).toBe(1);
    writer.close();
  });

  it('replays the journal a crashed process left, once the call is no longer live', async () => {
    const crashed = new TranscriptWriter({ doc, table, retentionDays: 1, log, flushMs: 60_000, journalDir });
    for (let i = 0; i < 3; i++) crashed.append(line('k1', i)); // journalled, never flushed: then "SIGKILL"
    crashed.close();
    const restarted = new TranscriptWriter({ doc, table, retentionDays: 1, log, journalDir });
    expect(await restarted.replayJournals(async () => false)).toBe(0); // the call is still live elsewhere
    expect(await restarted.replayJournals(async (callId) => callId === 'k1')).toBe(3);
    expect(await stored('k1')).toBe(3);
    expect(readdirSync(journalDir)).not.toContain('k1.jsonl');
    restarted.close();
  });
});
