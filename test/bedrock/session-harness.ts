/** A session wired to the loopback Bedrock, recording everything it emits. */
import type { SonicError } from '../../src/bedrock/sonic/errors.ts';
import { SonicSession } from '../../src/bedrock/sonic/session.ts';
import type { SonicSessionOptions, UsageReport } from '../../src/bedrock/sonic/session-options.ts';
import type { ToolCall } from '../../src/bedrock/sonic/turn-tracker.ts';
import type { FakeBedrock } from '../fakes/bedrock/server.ts';
import { fakeStreamFactory, memoryLogger, until } from './helpers.ts';
import { RealtimeUser } from './realtime-user.ts';

export interface Recorded {
  /** Transcript lines in order: `USER: ...` / `ASSISTANT: ...` (each reply once: FINAL text, else its preview). */
  lines: string[];
  speculative: string[];
  /** Replies that ended (the turn count). */
  ended: number;
  rotations: string[];
  audioSamples: number;
  bargeIns: number;
  tools: ToolCall[];
  usage: UsageReport[];
  latencies: number[];
  failed: SonicError[];
  states: string[];
}

export function startSession(fake: FakeBedrock, overrides: Partial<SonicSessionOptions> = {}) {
  const { log, lines: logLines } = memoryLogger();
  const session = new SonicSession({
    streamFactory: fakeStreamFactory(fake, log),
    log,
    voiceId: 'tiffany',
    systemPrompt: 'You are the help desk of a small shop.',
    inference: { maxTokens: 1024, topP: 0.9, temperature: 0.7, endpointing: 'HIGH' },
    recoveryBackoffMs: 10,
    // A missing FINAL then costs a test under a second; late FINALs still replace the preview in history.
    finalGraceMs: 800,
    ...overrides,
  });
  const rec: Recorded = {
    lines: [],
    speculative: [],
    ended: 0,
    rotations: [],
    audioSamples: 0,
    bargeIns: 0,
    tools: [],
    usage: [],
    latencies: [],
    failed: [],
    states: [],
  };
  session.on('userTranscript', (t) => rec.lines.push(`USER: ${t}`));
  session.on('assistantLine', (r) => rec.lines.push(`ASSISTANT: ${r.text}`));
  session.on('replyText', (r) => {
    if (!r.final) rec.speculative[r.id - 1] = r.text;
  });
  session.on('replyEnded', () => rec.ended++);
  session.on('rotated', (reason) => rec.rotations.push(reason));
  session.on('assistantAudio', (s) => (rec.audioSamples += s.length));
  session.on('bargeIn', () => rec.bargeIns++);
  session.on('toolUse', (c) => rec.tools.push(c));
  session.on('usage', (u) => rec.usage.push(u));
  session.on('turnLatency', (ms) => rec.latencies.push(ms));
  session.on('failed', (e) => rec.failed.push(e));
  session.on('state', (s) => rec.states.push(s));
  const user = new RealtimeUser((f) => session.pushAudio(f)).start();
  /** A turn is complete once its reply ended and its transcript line was written. */
  const completedTurns = () => Math.min(rec.ended, rec.lines.filter((l) => l.startsWith('ASSISTANT')).length);
  const waitTurns = (n: number, timeoutMs = 10_000) =>
    until(() => completedTurns() >= n, timeoutMs, `${n} turns`);
  const stop = async () => {
    user.stop();
    await session.close();
  };
  return { session, rec, user, waitTurns, stop, logLines };
}
