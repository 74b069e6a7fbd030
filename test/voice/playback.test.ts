import type { Readable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { OpusDecoder } from '../../src/voice/opus.ts';
import { PlaybackQueue, REPLY_RATE } from '../../src/voice/playback.ts';
import type { Pcm } from '../../src/voice/pcm.ts';
import { toneAmplitude } from './signal.ts';

const log = pino({ level: 'silent' });

function tone(hz: number, ms: number): Pcm {
  const samples = new Int16Array((REPLY_RATE * ms) / 1000);
  for (let i = 0; i < samples.length; i++)
    samples[i] = Math.round(12_000 * Math.sin((2 * Math.PI * hz * i) / REPLY_RATE));
  return { samples, sampleRate: REPLY_RATE, channels: 1 };
}

/** Plays like the AudioPlayer: one read per 20 ms frame; decodes what it gets. */
function harness() {
  const streams: Readable[] = [];
  const ends: [string, string][] = [];
  const queue = new PlaybackQueue({
    log,
    play: (s) => streams.push(s),
    onReplyEnd: (speaker, how) => ends.push([speaker, how]),
  });
  const decoder = new OpusDecoder(24_000, 1);
  const read = (): Int16Array | null | undefined => {
    const stream = streams.at(-1);
    const packet = stream?.read() as Buffer | null | undefined;
    return packet ? decoder.decode(packet) : packet;
  };
  /** Dominant tone (Hz) of the next frame, 0 for none. */
  const nextTone = (): number => {
    const frame = read();
    if (!frame) return 0;
    const levels = [300, 500, 700].map((hz) => [hz, toneAmplitude(frame, REPLY_RATE, hz)] as const);
    const best = levels.reduce((a, b) => (b[1] > a[1] ? b : a));
    return best[1] > 2000 ? best[0] : 0;
  };
  return { queue, streams, ends, read, nextTone };
}

describe('PlaybackQueue', () => {
  it('starts playing on the first chunk, before the reply is complete', () => {
    const h = harness();
    expect(h.queue.state).toBe('idle');
    h.queue.enqueue('alice', tone(300, 100));
    expect(h.queue.state).toBe('playing');
    expect(h.streams).toHaveLength(1);
    h.read(); // codec warm-up frame
    expect(h.nextTone()).toBe(300);
  });

  it('plays one reply at a time, in arrival order', () => {
    const h = harness();
    h.queue.enqueue('alice', tone(300, 60));
    h.queue.enqueue('bob', tone(500, 60));
    h.queue.enqueue('alice', tone(300, 40));
    h.queue.endReply('alice');
    h.queue.endReply('bob');
    const heard: number[] = [];
    for (let i = 0; i < 12; i++) heard.push(h.nextTone());
    const firstBob = heard.indexOf(500);
    expect(firstBob).toBeGreaterThan(3);
    expect(heard.slice(0, firstBob).every((t) => t === 300 || t === 0)).toBe(true);
    expect(h.ends).toEqual([
      ['alice', 'finished'],
      ['bob', 'finished'],
    ]);
  });

  it('drops the interrupted speaker on the very next frame and goes on with the next reply', () => {
    // An encoder that "encodes" a frame as its first sample, so each packet says whose audio it is.
    const streams: Readable[] = [];
    const encoder = { encode: (frame: Int16Array) => Buffer.from([frame[0] ?? 0]), destroy: () => undefined };
    const queue = new PlaybackQueue({ log, play: (s) => streams.push(s), encoder });
    const constant = (value: number, ms: number): Pcm => ({
      samples: new Int16Array((REPLY_RATE * ms) / 1000).fill(value),
      sampleRate: REPLY_RATE,
      channels: 1,
    });
    queue.enqueue('alice', constant(1, 2000));
    queue.enqueue('bob', constant(2, 100));
    queue.endReply('bob');
    const next = () => (streams[0]?.read() as Buffer | null)?.[0];
    expect([next(), next()]).toEqual([1, 1]);
    expect(queue.interrupt('alice')).toBe(true);
    expect(queue.current).toBe('bob');
    expect(next()).toBe(2);
    expect(queue.interrupt('carol')).toBe(false);
  });

  it('waits (the player sends silence) while a reply streams in slower than real time', () => {
    const h = harness();
    h.queue.enqueue('alice', tone(300, 20));
    expect(h.read()).toBeDefined();
    expect(h.read()).toBeNull();
    h.queue.enqueue('alice', tone(300, 40));
    expect(h.read()).toBeInstanceOf(Int16Array);
  });

  it('ends the stream when everything has played and starts a new one for the next reply', async () => {
    const h = harness();
    h.queue.enqueue('alice', tone(300, 30));
    h.queue.endReply('alice');
    h.read();
    h.read();
    h.read();
    await new Promise((r) => setImmediate(r));
    expect(h.streams[0]?.readableEnded).toBe(true);
    expect(h.queue.state).toBe('idle');
    h.queue.enqueue('bob', tone(500, 40));
    expect(h.streams).toHaveLength(2);
  });

  it('restarts on a fresh stream if the player went idle with audio still queued', () => {
    const h = harness();
    h.queue.enqueue('alice', tone(300, 100));
    const first = h.streams[0];
    if (!first) throw new Error('no stream');
    h.queue.playerIdle(first);
    expect(h.streams).toHaveLength(2);
    h.queue.playerIdle(first); // stale: ignored
    expect(h.streams).toHaveLength(2);
  });

  it('rejects audio that is not 24 kHz mono', () => {
    const h = harness();
    expect(() =>
      h.queue.enqueue('alice', { samples: new Int16Array(960), sampleRate: 48_000, channels: 2 }),
    ).toThrow(RangeError);
  });

  it('counts a gap mid-reply as an underrun, but not the wait for the end of a reply', () => {
    const h = harness();
    h.queue.enqueue('alice', tone(300, 40));
    expect([h.read(), h.read()].every((f) => f instanceof Int16Array)).toBe(true);
    expect(h.read()).toBeNull(); // ran dry while the reply is still streaming in
    h.queue.enqueue('alice', tone(300, 40)); // ... and more of it came: an audible gap
    expect(h.queue.underruns).toBe(1);
    h.read();
    h.read();
    h.read(); // dry again, but this time the reply just ends
    h.queue.endReply('alice');
    expect(h.queue.underruns).toBe(1);
  });
});

describe('PlaybackQueue bounds', () => {
  function bounded(now: { t: number }) {
    const streams: Readable[] = [];
    const ends: [string, string][] = [];
    const queue = new PlaybackQueue({
      log,
      play: (s) => streams.push(s),
      onReplyEnd: (speaker, how) => ends.push([speaker, how]),
      maxQueuedMs: 1_000,
      maxAgeMs: 500,
      now: () => now.t,
    });
    const packets = () => {
      let n = 0;
      while (streams.at(-1)?.read()) n++;
      return n;
    };
    return { queue, ends, packets };
  }

  it('drops one speaker’s reply audio beyond the cap and counts it; others are unaffected', () => {
    const h = bounded({ t: 0 });
    for (let i = 0; i < 15; i++) h.queue.enqueue('alice', tone(300, 100)); // 1.5 s offered, 1 s cap
    h.queue.enqueue('bob', tone(500, 400));
    expect(h.queue.droppedMs.queueFull).toBe(500);
    h.queue.endReply('alice');
    h.queue.endReply('bob');
    expect(h.packets()).toBe(50 + 20); // 1 s of alice, 0.4 s of bob
  });

  it('does not start a reply that waited too long, including the rest of it that streams in later', () => {
    const now = { t: 0 };
    const h = bounded(now);
    h.queue.enqueue('alice', tone(300, 200));
    h.queue.enqueue('bob', tone(500, 200)); // waits behind alice
    expect(h.packets()).toBe(10); // alice's 200 ms play (her reply is still streaming)
    now.t = 1_000; // bob's reply is now 1 s old, over the 0.5 s limit
    h.queue.endReply('alice');
    expect(h.packets()).toBe(0); // bob's stale reply is skipped
    h.queue.enqueue('bob', tone(500, 100)); // the tail of the stale reply
    h.queue.endReply('bob');
    expect(h.packets()).toBe(0);
    expect(h.queue.droppedMs.stale).toBe(300);
    expect(h.ends).toContainEqual(['bob', 'interrupted']);
    // bob's next reply plays normally
    h.queue.enqueue('bob', tone(500, 100));
    h.queue.endReply('bob');
    expect(h.packets()).toBe(5);
  });
});
