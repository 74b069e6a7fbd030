/**
 * Retention on the embedded store (dynalite has no TTL): the sweep deletes transcript lines past
 * their expiry and finished calls older than the retention period, judged by an injected clock,
 * and leaves everything younger, and every call still waiting for its summary, alone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallStore } from '../../src/calls/call-store.ts';
import { RetentionSweeper } from '../../src/calls/retention.ts';
import { readTranscript, TranscriptWriter } from '../../src/calls/transcript-store.ts';
import { openDatabase, type Database } from '../../src/db/index.ts';
import { createLogger } from '../../src/log.ts';
import { storeConfig } from '../orders/helpers.ts';

const log = createLogger({ level: 'silent', format: 'json' });
const DAY = 86_400_000;
const RETENTION_DAYS = 30;
const T0 = Date.UTC(2026, 10, 1);

describe('the retention sweep on the embedded store', () => {
  let db: Database;
  let calls: CallStore;
  beforeAll(async () => {
    db = await openDatabase(storeConfig({ TABLE_PREFIX: 'ret-' }), { log, inMemory: true });
    calls = new CallStore(db.doc, db.tables.calls);
  });
  afterAll(async () => db?.close());

  async function callWithLines(callId: string, endedAt: number, state: 'posted' | 'ended'): Promise<void> {
    await calls.create({
      callId,
      guildId: 'g',
      voiceChannelId: 'v',
      channelName: 'Help',
      startedAt: endedAt - 60_000,
    });
    const writer = new TranscriptWriter({
      doc: db.doc,
      table: db.tables.transcripts,
      retentionDays: RETENTION_DAYS,
      log,
    });
    for (let i = 0; i < 30; i += 1)
      writer.append({
        callId,
        speakerId: 'u',
        speakerName: 'A',
        role: 'user',
        text: `l${i}`,
        at: endedAt - 1_000 + i,
        sessionId: 's',
      });
    await writer.flush();
    const usage = { speechIn: 0, speechOut: 0, textIn: 0, textOut: 0 };
    await calls.markEnded(callId, {
      endedAt,
      reason: 'leave',
      usage,
      expiresAt: Math.floor(endedAt / 1000) + RETENTION_DAYS * 86_400,
    });
    if (state === 'posted') {
      await calls.claim(callId, 'me', 60_000, endedAt);
      await calls.finish(callId, 'me', 'posted');
    }
  }

  it('deletes expired lines and finished old calls, keeps the young and the still pending', async () => {
    await callWithLines('old-posted', T0, 'posted');
    await callWithLines('old-pending', T0, 'ended');
    await callWithLines('young', T0 + 20 * DAY, 'posted');
    let now = T0 + 10 * DAY;
    const sweeper = new RetentionSweeper({
      doc: db.doc,
      tables: db.tables,
      retentionDays: RETENTION_DAYS,
      log,
      now: () => now,
    });

    expect(await sweeper.sweep()).toEqual({ transcriptLines: 0, calls: 0 });
    expect(await readTranscript(db.doc, db.tables.transcripts, 'old-posted', now)).toHaveLength(30);

    now = T0 + (RETENTION_DAYS + 1) * DAY;
    expect(await sweeper.sweep()).toEqual({ transcriptLines: 60, calls: 1 });
    // Gone from the store itself, not just hidden by the read filter (read as of T0).
    expect(await readTranscript(db.doc, db.tables.transcripts, 'old-posted', T0)).toEqual([]);
    expect(await readTranscript(db.doc, db.tables.transcripts, 'old-pending', T0)).toEqual([]);
    expect(await readTranscript(db.doc, db.tables.transcripts, 'young', now)).toHaveLength(30);
    expect(await calls.get('old-posted')).toBeUndefined();
    expect((await calls.get('old-pending'))?.state).toBe('ended');
    expect(await calls.get('young')).toBeDefined();
  });
});
