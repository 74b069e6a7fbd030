import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseOutputEvent } from '../../src/bedrock/sonic/events-out.ts';
import { readTrace } from '../../src/bedrock/sonic/trace.ts';
import { analyzeTrace } from '../../src/bedrock/sonic/trace-report.ts';

const DIR = new URL('../fixtures/bedrock/traces/', import.meta.url);
const traces = readdirSync(DIR).filter((f) => f.endsWith('.jsonl'));

describe('committed Nova Sonic traces', () => {
  it('include a hand-annotated reference trace and one recorded against the loopback', () => {
    expect(traces.some((f) => f.includes('hand-annotated'))).toBe(true);
    expect(traces.some((f) => f.includes('loopback'))).toBe(true);
  });

  describe.each(traces)('%s', (file) => {
    const lines = readTrace(readFileSync(new URL(file, DIR), 'utf8'));
    const report = analyzeTrace(lines);

    it('parses every output event (only undocumented names may be unknown)', () => {
      const unknown = lines
        .filter((l) => l.dir === 'out')
        .map((l) => parseOutputEvent({ event: l.event }))
        .filter((e) => e.type === 'unknown');
      expect(unknown).toEqual([]);
    });

    it('keeps the turn invariants: every user word in exactly one turn, every reply ended once and finalized at most once', () => {
      expect(report.userTurns.length).toBeGreaterThan(0);
      expect(report.userTurns.join(' ')).toBe(report.userTexts.join(' '));
      expect(report.replies.length).toBeGreaterThan(0);
      for (const reply of report.replies) {
        expect(reply.ended).toBe(1);
        expect(reply.finals).toBeLessThanOrEqual(1);
      }
    });

    it('stays audible after a barge-in: every reply whose audio the trace carries delivers it', () => {
      for (const reply of report.replies)
        if (reply.audioInTrace > 0) expect(reply.audioDelivered).toBeGreaterThan(0);
    });
  });

  it('reads the hand-annotated trace as the observed profile: one completion, split ASR, late and missing FINAL, AUDIO END_TURN before FINAL INTERRUPTED', () => {
    const file = traces.find((f) => f.includes('hand-annotated')) ?? '';
    const report = analyzeTrace(readTrace(readFileSync(new URL(file, DIR), 'utf8')));
    expect(report.profile).toBe('observed');
    expect(report.completionStarts).toBe(1);
    expect(report.asrBlocksPerUtterance).toEqual([2, 1, 1]);
    expect(report.replies.map((r) => r.finalDelayMs === undefined)).toEqual([false, false, true]);
    expect(report.replies[0]?.finalDelayMs).toBeGreaterThan(1000);
    expect(report.replies[1]?.signals).toEqual(['AUDIO END_TURN', 'TEXT FINAL INTERRUPTED']);
    expect(report.bargeIns).toBe(1);
  });
});
