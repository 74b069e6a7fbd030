/**
 * DecryptWatch's timing on a controlled clock: a speaker failing for 3 s is re-keyed, for 7 s is
 * told once and the call rejoined (with back-off between rejoins); a speaker who merely stopped
 * talking, or is heard again, is left alone.
 */
import type { VoiceConnection } from '@discordjs/voice';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { DecryptWatch, hasDaveMarker } from '../../src/voice/decrypt-watch.ts';

const log = pino({ level: 'silent' });
/** A connection that is not Ready: the watch reads no davey statistics from it. */
const idle = { state: { status: 'signalling' } } as unknown as VoiceConnection;

describe('DecryptWatch', () => {
  let now = 0;
  const told: string[] = [];
  let rejoins = 0;
  const watches: DecryptWatch[] = [];

  function watch(): DecryptWatch {
    now = 0;
    told.length = 0;
    rejoins = 0;
    const w = new DecryptWatch({
      connection: idle,
      log,
      now: () => now,
      onUndecryptable: (userId) => told.push(userId),
      rejoin: () => rejoins++,
    });
    watches.push(w);
    return w;
  }

  /** `userId` sends a failing frame every 20 ms for `ms`, the watch polling every 250 ms. */
  function failFor(w: DecryptWatch, userId: string, ms: number): void {
    for (let t = 0; t < ms; t += 20) {
      now += 20;
      w.fail(userId);
      if (now % 250 < 20) w.poll();
    }
  }

  afterEach(() => {
    for (const w of watches.splice(0)) w.destroy();
  });

  it('recognizes DAVE frames by their 0xFAFA trailer', () => {
    expect(hasDaveMarker(Buffer.from([0x78, 1, 2, 0xfa, 0xfa]))).toBe(true);
    expect(hasDaveMarker(Buffer.from([0x78, 1, 2, 3]))).toBe(false);
    expect(hasDaveMarker(Buffer.from([0xfa, 0xfa]))).toBe(false);
  });

  it('tells a speaker once and rejoins after 7 s of failures, not before', () => {
    const w = watch();
    w.watch('alice');
    failFor(w, 'alice', 6_800);
    expect(told).toEqual([]);
    expect(rejoins).toBe(0);
    failFor(w, 'alice', 600);
    expect(told).toEqual(['alice']);
    expect(rejoins).toBe(1);
    failFor(w, 'alice', 30_000);
    expect(told).toEqual(['alice']); // once
    expect(rejoins).toBe(1); // one rejoin per failing episode
    expect(w.perSpeaker().alice).toBeGreaterThan(1_500);
    expect(w.failures).toBe(w.perSpeaker().alice);
  });

  it('backs off between rejoins for a second failing episode', () => {
    const w = watch();
    w.watch('alice');
    failFor(w, 'alice', 7_500);
    expect(rejoins).toBe(1);
    w.ok('alice');
    failFor(w, 'alice', 7_500); // within 10 s of the first rejoin
    expect(rejoins).toBe(1);
    w.ok('alice');
    now += 10_000;
    failFor(w, 'alice', 7_500);
    expect(rejoins).toBe(2);
    expect(told).toEqual(['alice']);
  });

  it('leaves alone a speaker who is heard again, or who stopped talking after a few failures', () => {
    const w = watch();
    w.watch('alice');
    w.watch('bob');
    failFor(w, 'alice', 2_000);
    w.ok('alice');
    w.fail('bob');
    now += 20_000;
    w.poll();
    expect(told).toEqual([]);
    expect(rejoins).toBe(0);
    expect(w.perSpeaker()).toEqual({ alice: 100, bob: 1 });
  });
});
