import { describe, expect, it } from 'vitest';
import {
  concatPcm,
  downmixToMono,
  durationMs,
  frameSamples,
  pcmFromBytes,
  pcmToBytes,
  rms,
  silence,
  upmix,
} from '../../src/voice/pcm.ts';

describe('pcm helpers', () => {
  it('knows a 20 ms frame is 320 samples at 16 kHz and 960 at 48 kHz', () => {
    expect(frameSamples(16_000)).toBe(320);
    expect(frameSamples(48_000)).toBe(960);
    expect(frameSamples(24_000, 40)).toBe(960);
  });

  it('averages stereo into mono and duplicates mono into stereo', () => {
    const stereo = { samples: Int16Array.of(100, 300, -50, -150), sampleRate: 48_000, channels: 2 };
    expect(Array.from(downmixToMono(stereo).samples)).toEqual([200, -100]);
    const back = upmix(downmixToMono(stereo));
    expect(back.channels).toBe(2);
    expect(Array.from(back.samples)).toEqual([200, 200, -100, -100]);
  });

  it('refuses to upmix something that is not mono', () => {
    expect(() => upmix({ samples: new Int16Array(4), sampleRate: 48_000, channels: 2 })).toThrow(RangeError);
  });

  it('reads little-endian bytes at any alignment and writes them back', () => {
    const bytes = new Uint8Array([0, 0x34, 0x12, 0xff, 0xff]);
    const pcm = pcmFromBytes(bytes.subarray(1), 16_000, 1);
    expect(Array.from(pcm.samples)).toEqual([0x1234, -1]);
    expect(Array.from(pcmToBytes(pcm.samples))).toEqual([0x34, 0x12, 0xff, 0xff]);
  });

  it('builds silence, measures duration and level, and concatenates', () => {
    const quiet = silence(16_000, 1);
    expect(durationMs(quiet)).toBe(20);
    expect(rms(quiet.samples)).toBe(0);
    const loud = { samples: new Int16Array(320).fill(1000), sampleRate: 16_000, channels: 1 };
    const both = concatPcm([quiet, loud], 16_000, 1);
    expect(durationMs(both)).toBe(40);
    expect(rms(both.samples)).toBeCloseTo(1000 / Math.SQRT2, 3);
    expect(() => concatPcm([quiet, silence(48_000, 2)], 16_000, 1)).toThrow(RangeError);
  });
});
