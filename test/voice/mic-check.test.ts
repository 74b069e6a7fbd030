import type { Readable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { playBack, recordUtterance } from '../../src/voice/mic-check.ts';
import { PlaybackQueue } from '../../src/voice/playback.ts';
import type { FrameListener } from '../../src/voice/room.ts';
import { INPUT_FRAME_SAMPLES, type InputFrame } from '../../src/voice/speaker-input.ts';

/** A room that only has listeners; the test plays the call clock by hand. */
function stubRoom() {
  const listeners = new Set<FrameListener>();
  return {
    listen: (l: FrameListener) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    tick: (userId: string, frame: InputFrame) => {
      for (const l of [...listeners]) l(userId, frame);
    },
    get listening() {
      return listeners.size;
    },
  };
}

const loud: InputFrame = {
  samples: new Int16Array(INPUT_FRAME_SAMPLES).fill(3000),
  voiced: true,
  arrivedAt: 0,
};
const quiet: InputFrame = {
  samples: new Int16Array(INPUT_FRAME_SAMPLES),
  voiced: false,
  arrivedAt: undefined,
};

describe('mic check', () => {
  it('records from the first voiced frame until a second of silence, keeping a short tail', async () => {
    const room = stubRoom();
    const recording = recordUtterance(room, 'alice');
    for (let i = 0; i < 5; i++) room.tick('alice', quiet);
    for (let i = 0; i < 30; i++) room.tick('bob', loud); // someone else talking is ignored
    for (let i = 0; i < 40; i++) room.tick('alice', loud);
    for (let i = 0; i < 50; i++) room.tick('alice', quiet);
    const pcm = await recording;
    expect(pcm?.sampleRate).toBe(16_000);
    expect(pcm?.samples.length).toBe((40 + 10) * INPUT_FRAME_SAMPLES);
    expect(room.listening).toBe(0);
  });

  it('gives up when the caller says nothing in time', async () => {
    const room = stubRoom();
    const recording = recordUtterance(room, 'alice', { startTimeoutMs: 200 });
    for (let i = 0; i < 10; i++) room.tick('alice', quiet);
    expect(await recording).toBeUndefined();
  });

  it('stops at the maximum length even if the caller keeps talking', async () => {
    const room = stubRoom();
    const recording = recordUtterance(room, 'alice', { maxMs: 400 });
    for (let i = 0; i < 100; i++) room.tick('alice', loud);
    expect((await recording)?.samples.length).toBe(20 * INPUT_FRAME_SAMPLES);
  });

  it('can be cancelled', async () => {
    const room = stubRoom();
    const abort = new AbortController();
    const recording = recordUtterance(room, 'alice', { signal: abort.signal });
    abort.abort();
    expect(await recording).toBeUndefined();
    expect(room.listening).toBe(0);
  });

  it('plays the utterance back as one 24 kHz reply', () => {
    const streams: Readable[] = [];
    const playback = new PlaybackQueue({ log: pino({ level: 'silent' }), play: (s) => streams.push(s) });
    playBack({ playback }, 'mic-check:alice', {
      samples: new Int16Array(16_000),
      sampleRate: 16_000,
      channels: 1,
    });
    let packets = 0;
    while (streams[0]?.read() !== null) packets++;
    expect(packets).toBeGreaterThanOrEqual(50); // one second
    expect(playback.state).toBe('idle');
    playback.destroy();
  });
});
