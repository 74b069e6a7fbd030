import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallStore, CLOCK_SKEW_MARGIN_MS } from '../../src/calls/call-store.ts';
import { SettingsStore } from '../../src/calls/settings-store.ts';
import { allTableInputs, tableNames } from '../../src/db/index.ts';
import { readTranscript, TranscriptWriter } from '../../src/calls/transcript-store.ts';
import { createLogger } from '../../src/log.ts';
import { startDynalite, type TestDynamo } from '../helpers/dynalite.ts';

const log = createLogger({ level: 'silent', format: 'json' });
const PREFIX = 'test-';
const names = tableNames(PREFIX);
const usage = { speechIn: 100, speechOut: 50, textIn: 10, textOut: 5 };

describe('call stores on dynalite', () => {
  let db: TestDynamo;
  beforeAll(async () => {
    db = await startDynalite();
    await db.createTables(allTableInputs(PREFIX));
  });
  afterAll(async () => db.close());

  describe('TranscriptWriter', () => {
    it('writes batched lines with a retention TTL and reads them back in order', async () => {
      const writer = new TranscriptWriter({
        doc: db.doc,
        table: names.transcripts,
        retentionDays: 30,
        log,
        flushMs: 20,
      });
      const t0 = 1_790_000_000_000;
      for (let i = 0; i < 60; i += 1) {
        writer.append({
          callId: 'c1',
          speakerId: 'u1',
          speakerName: 'Alice',
          role: i % 2 ? 'assistant' : 'user',
          text: `line ${i}`,
          at: t0 + i,
          sessionId: 's1',
        });
      }
      await expect
        .poll(async () => (await readTranscript(db.doc, names.transcripts, 'c1', t0)).length, {
          timeout: 5_000,
        })
        .toBe(60);
      const lines = await readTranscript(db.doc, names.transcripts, 'c1', t0);
      // Read after their retention, the same lines are ignored (before any sweep deletes them).
      expect(await readTranscript(db.doc, names.transcripts, 'c1', t0 + 31 * 86_400_000)).toEqual([]);
      expect(lines.map((l) => l.text)).toEqual(Array.from({ length: 60 }, (_, i) => `line ${i}`));
      const raw = await db.doc.send(
        new (await import('@aws-sdk/lib-dynamodb')).QueryCommand({
          TableName: names.transcripts,
          KeyConditionExpression: 'callId = :c',
          ExpressionAttributeValues: { ':c': 'c1' },
          Limit: 1,
        }),
      );
      expect(raw.Items?.[0]?.expiresAt).toBe(Math.floor(t0 / 1000) + 30 * 86_400);
    });

    it('flush() resolves only once the lines are durable', async () => {
      const writer = new TranscriptWriter({
        doc: db.doc,
        table: names.transcripts,
        retentionDays: 1,
        log,
        flushMs: 60_000,
      });
      writer.append({
        callId: 'c2',
        speakerId: 'u1',
        speakerName: 'Alice',
        role: 'user',
        text: 'hello',
        at: 1,
        sessionId: 's',
      });
      await writer.flush();
      expect(await readTranscript(db.doc, names.transcripts, 'c2', 1)).toHaveLength(1);
    });
  });

  describe('CallStore', () => {
    const store = () => new CallStore(db.doc, names.calls);
    const newCall = async (callId: string) => {
      await store().create({
        callId,
        guildId: 'g',
        voiceChannelId: 'v',
        channelName: 'Help Desk',
        startedAt: 1,
      });
      await store().markEnded(callId, { endedAt: 2, reason: 'leave', usage });
    };

    it('lists an ended call as pending until its summary is finished', async () => {
      await newCall('p1');
      expect((await store().listPending()).map((c) => c.callId)).toContain('p1');
      const claimed = await store().claim('p1', 'proc-a', 60_000);
      expect(claimed?.state).toBe('summarizing');
      await store().finish('p1', 'proc-a', 'posted');
      expect((await store().listPending()).map((c) => c.callId)).not.toContain('p1');
      expect((await store().get('p1'))?.state).toBe('posted');
    });

    it('lets only one process hold the claim until its lease expires', async () => {
      await newCall('p2');
      const now = Date.now();
      expect(await store().claim('p2', 'proc-a', 1_000, now)).toBeDefined();
      expect(await store().claim('p2', 'proc-b', 1_000, now + 10)).toBeUndefined();
      // Expired by the claimer's clock, but within the clock-skew margin: still the holder's.
      expect(await store().claim('p2', 'proc-b', 1_000, now + 1_000 + CLOCK_SKEW_MARGIN_MS)).toBeUndefined();
      expect(await store().claim('p2', 'proc-b', 1_000, now + 2_000 + CLOCK_SKEW_MARGIN_MS)).toMatchObject({
        claimOwner: 'proc-b',
        attempts: 2,
      });
    });

    it('keeps the first summary message id, so a restarted job edits the message instead of posting again', async () => {
      await newCall('p3');
      await store().claim('p3', 'proc-a', 60_000);
      expect(await store().setSummaryMessage('p3', 'proc-a', 'chan', 'm1')).toBe('m1');
      expect(await store().setSummaryMessage('p3', 'proc-a', 'chan', 'm2')).toBe('m1');
    });

    it('does not let a released job be claimed before its next attempt is due', async () => {
      await newCall('p4');
      const now = Date.now();
      await store().claim('p4', 'proc-a', 60_000, now);
      await store().release('p4', 'proc-a', now + 5_000, 'throttled');
      expect(await store().claim('p4', 'proc-b', 60_000, now + 1_000)).toBeUndefined();
      expect(await store().claim('p4', 'proc-b', 60_000, now + 6_000)).toBeDefined();
    });

    it('ignores a second end of the same call', async () => {
      await newCall('p5');
      await store().markEnded('p5', { endedAt: 99, reason: 'again', usage });
      expect((await store().get('p5'))?.endedAt).toBe(2);
    });
  });

  describe('SettingsStore', () => {
    it('persists opt-outs per guild and settings with clearing', async () => {
      const settings = new SettingsStore(db.doc, names.settings);
      await settings.optOut('g1', 'u1');
      await settings.optOut('g1', 'u2');
      await settings.optOut('g2', 'u3');
      await settings.optIn('g1', 'u2');
      expect([...(await settings.optedOut('g1'))]).toEqual(['u1']);
      expect(await settings.update('g1', { summaryChannelId: '123', wakeName: 'Desk' })).toEqual({
        summaryChannelId: '123',
        wakeName: 'Desk',
      });
      expect(await settings.update('g1', { wakeName: null })).toEqual({ summaryChannelId: '123' });
    });
  });
});
