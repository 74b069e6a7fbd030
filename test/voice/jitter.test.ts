import { describe, expect, it } from 'vitest';
import { JitterBuffer, MAX_DEPTH, SHRINK_AFTER_TAKES } from '../../src/voice/jitter.ts';

const packet = (sequence: number | undefined, tag = sequence ?? 0) => ({
  opus: Buffer.from([tag & 0xff]),
  sequence,
  arrivedAt: 0,
});
const takeTags = (j: JitterBuffer, n: number) =>
  Array.from({ length: n }, () => {
    const t = j.take();
    return t.kind === 'packet' ? t.packet.opus[0] : t.kind;
  });

describe('JitterBuffer', () => {
  it('puts reordered packets back in RTP order', () => {
    const j = new JitterBuffer();
    j.push(packet(11));
    j.push(packet(10));
    j.push(packet(12));
    expect(takeTags(j, 4)).toEqual([10, 11, 12, 'empty']);
  });

  it('reports a gap when a packet is missing and later ones are waiting, and counts it', () => {
    const j = new JitterBuffer();
    j.push(packet(1));
    expect(takeTags(j, 1)).toEqual([1]);
    j.push(packet(3));
    j.push(packet(4));
    expect(takeTags(j, 3)).toEqual(['gap', 3, 4]);
    expect(j.lost).toBe(1);
  });

  it('drops late and duplicate packets', () => {
    const j = new JitterBuffer();
    j.push(packet(5));
    takeTags(j, 1);
    j.push(packet(4));
    j.push(packet(6));
    j.push(packet(6));
    expect(j.dropped).toBe(2);
    expect(takeTags(j, 2)).toEqual([6, 'empty']);
  });

  it(`keeps at most ${MAX_DEPTH} frames, dropping the oldest`, () => {
    const j = new JitterBuffer();
    for (let s = 0; s < 6; s++) j.push(packet(s));
    expect(j.depth).toBe(MAX_DEPTH);
    expect(takeTags(j, 3)).toEqual([3, 4, 5]);
  });

  it('follows the 16-bit sequence number across its wrap-around', () => {
    const j = new JitterBuffer();
    j.push(packet(65_535, 1));
    j.push(packet(0, 2));
    j.push(packet(1, 3));
    expect(takeTags(j, 3)).toEqual([1, 2, 3]);
  });

  it('plays packets without sequence numbers in arrival order', () => {
    const j = new JitterBuffer();
    j.push(packet(undefined, 7));
    j.push(packet(undefined, 8));
    expect(takeTags(j, 2)).toEqual([7, 8]);
  });
});

describe('JitterBuffer latency', () => {
  it('never drops speech to shrink the cushion', () => {
    const j = new JitterBuffer();
    let seq = 0;
    j.push(packet(seq++));
    j.push(packet(seq++)); // a burst left one extra frame waiting
    for (let tick = 0; tick < SHRINK_AFTER_TAKES * 3; tick++) {
      j.push(packet(seq++));
      j.take();
    }
    expect(j.dropped).toBe(0);
    expect(j.depth).toBe(2);
  });

  it('skips a silence frame once a two-frame cushion has not been needed for a second', () => {
    const silence = (sequence: number) => ({ opus: Buffer.from([0xf8, 0xff, 0xfe]), sequence, arrivedAt: 0 });
    const j = new JitterBuffer();
    let seq = 0;
    j.push(packet(seq++));
    j.push(packet(seq++));
    for (let tick = 0; tick < SHRINK_AFTER_TAKES; tick++) {
      j.push(packet(seq++));
      j.take();
    }
    // The talk spurt ends with silence frames: the first one to reach the head is skipped.
    for (let tick = 0; tick < 4; tick++) {
      j.push(silence(seq++));
      j.take();
    }
    expect(j.trimmed).toBe(1);
    expect(j.dropped).toBe(0);
    expect(j.depth).toBe(1); // one frame less latency than before
  });
});
