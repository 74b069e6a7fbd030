import { describe, expect, it } from 'vitest';
import { createResampler } from '../../src/voice/resample.ts';
import { db, rmsOf, sine, toneAmplitude } from './signal.ts';

function run(fromHz: number, toHz: number, input: Int16Array, chunk = 320): Int16Array {
  const r = createResampler(fromHz, toHz);
  const parts: Int16Array[] = [];
  for (let i = 0; i < input.length; i += chunk) parts.push(r.process(input.subarray(i, i + chunk)));
  parts.push(r.flush());
  const out = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** The steady middle of a resampled tone, away from start-up and tail transients. */
function middle(samples: Int16Array): Int16Array {
  return samples.subarray(Math.floor(samples.length * 0.25), Math.floor(samples.length * 0.75));
}

describe('createResampler', () => {
  it.each([
    [48_000, 16_000],
    [24_000, 48_000],
    [16_000, 24_000],
    [44_100, 16_000],
    [22_050, 16_000],
  ])('keeps a 1 kHz tone at full level from %i Hz to %i Hz', (fromHz, toHz) => {
    const out = run(fromHz, toHz, sine(fromHz, 1000, 0.5));
    expect(out.length).toBeGreaterThanOrEqual(Math.floor(0.5 * toHz * 0.99));
    expect(Math.abs(db(toneAmplitude(middle(out), toHz, 1000) / 30_000))).toBeLessThan(0.2);
  });

  it.each([
    [48_000, 16_000, 9_000],
    [48_000, 16_000, 12_000],
    [48_000, 16_000, 20_000],
    [24_000, 16_000, 8_500],
    [44_100, 16_000, 15_000],
  ])('rejects aliases by at least 70 dB from %i Hz to %i Hz (tone at %i Hz)', (fromHz, toHz, hz) => {
    const out = run(fromHz, toHz, sine(fromHz, hz, 0.5));
    expect(db(rmsOf(middle(out)) / (30_000 / Math.SQRT2))).toBeLessThan(-70);
  });

  it('rejects upsampling images by at least 70 dB (16 kHz → 48 kHz)', () => {
    const out = middle(run(16_000, 48_000, sine(16_000, 1000, 0.5)));
    for (const image of [15_000, 17_000, 31_000]) {
      expect(db(toneAmplitude(out, 48_000, image) / 30_000)).toBeLessThan(-70);
    }
  });

  it('gives the same output whatever the chunk size (state is kept across calls)', () => {
    const input = sine(48_000, 440, 0.3);
    const whole = run(48_000, 16_000, input, input.length);
    expect(run(48_000, 16_000, input, 960)).toEqual(whole);
    expect(run(48_000, 16_000, input, 7)).toEqual(whole);
  });

  it('starts afresh after reset', () => {
    const r = createResampler(48_000, 16_000);
    const first = r.process(sine(48_000, 440, 0.05));
    r.process(sine(48_000, 3000, 0.05));
    r.reset();
    expect(r.process(sine(48_000, 440, 0.05))).toEqual(first);
  });

  it('passes audio through unchanged when the rates are equal', () => {
    const input = sine(16_000, 440, 0.02);
    expect(createResampler(16_000, 16_000).process(input)).toEqual(input);
  });

  it('rejects non-integer rates', () => {
    expect(() => createResampler(16_000.5, 48_000)).toThrow(RangeError);
  });
});
