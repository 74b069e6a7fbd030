/**
 * `node bench/retention.ts [-- --lines 5000]`
 *
 * The embedded store's retention sweep (it has no TTL): `lines` transcript lines over 50 calls,
 * all past their expiry by an injected clock, swept in one pass; then a second pass that finds
 * nothing. Prints JSON. The sweep runs at start and hourly in the background, so the figure to
 * watch is that it stays proportional to what it deletes and an empty pass stays cheap.
 */
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { RetentionSweeper } from '../src/calls/retention.ts';
import { TranscriptWriter } from '../src/calls/transcript-store.ts';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/index.ts';
import { createLogger } from '../src/log.ts';

const { values } = parseArgs({ options: { lines: { type: 'string', default: '5000' } } });
const lines = Number(values.lines);
const log = createLogger({ level: 'silent', format: 'json' });
const config = loadConfig({ TABLE_PREFIX: 'bench-' }, { requireDiscordToken: false });
const db = await openDatabase(config.store, { log, inMemory: true });
try {
  const writer = new TranscriptWriter({ doc: db.doc, table: db.tables.transcripts, retentionDays: 1, log });
  const t0 = Date.now();
  for (let i = 0; i < lines; i += 1)
    writer.append({
      callId: `call-${i % 50}`,
      speakerId: 'u',
      speakerName: 'A',
      role: 'user',
      text: 'where is my order',
      at: t0 + i,
      sessionId: 's',
    });
  await writer.flush();
  const sweeper = new RetentionSweeper({
    doc: db.doc,
    tables: db.tables,
    retentionDays: 1,
    log,
    now: () => t0 + 2 * 86_400_000,
  });
  const full = performance.now();
  const result = await sweeper.sweep();
  const fullMs = performance.now() - full;
  const empty = performance.now();
  await sweeper.sweep();
  const emptyMs = performance.now() - empty;
  console.log(
    JSON.stringify({
      lines,
      deleted: result.transcriptLines,
      sweepMs: Math.round(fullMs),
      perThousandLinesMs: Math.round((fullMs / lines) * 1000),
      emptySweepMs: Math.round(emptyMs),
    }),
  );
} finally {
  await db.close();
}
