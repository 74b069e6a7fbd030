/** Test-only signal helpers: tones, tone levels (Goertzel) and spectral comparison. */

export function sine(rate: number, hz: number, seconds: number, amplitude = 30_000): Int16Array {
  const out = new Int16Array(Math.round(rate * seconds));
  for (let i = 0; i < out.length; i++)
    out[i] = Math.round(amplitude * Math.sin((2 * Math.PI * hz * i) / rate));
  return out;
}

/** Amplitude of the `hz` component of `samples` (Goertzel), as a peak amplitude. */
export function toneAmplitude(samples: Int16Array, rate: number, hz: number): number {
  const w = (2 * Math.PI * hz) / rate;
  const c = 2 * Math.cos(w);
  let s1 = 0;
  let s2 = 0;
  for (const x of samples) {
    const s0 = x + c * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  const power = s1 * s1 + s2 * s2 - c * s1 * s2;
  return (2 * Math.sqrt(Math.max(0, power))) / samples.length;
}

export function rmsOf(samples: Int16Array): number {
  let sum = 0;
  for (const s of samples) sum += s * s;
  return samples.length === 0 ? 0 : Math.sqrt(sum / samples.length);
}

export function db(ratio: number): number {
  return 20 * Math.log10(Math.max(ratio, 1e-12));
}

/**
 * Energy per band (dB) of `samples` over `bands` equal bands up to `maxHz`, from Goertzel probes
 * every 50 Hz; used to say "the same spectral content" without caring about phase or delay.
 */
export function bandProfile(samples: Int16Array, rate: number, maxHz = 4000, bands = 8): number[] {
  const profile: number[] = [];
  const width = maxHz / bands;
  for (let b = 0; b < bands; b++) {
    let energy = 0;
    for (let hz = b * width + 25; hz < (b + 1) * width; hz += 50)
      energy += toneAmplitude(samples, rate, hz) ** 2;
    profile.push(10 * Math.log10(energy + 1e-9));
  }
  return profile;
}

/** Pearson correlation of two equal-length number lists. */
export function correlation(a: readonly number[], b: readonly number[]): number {
  const n = Math.min(a.length, b.length);
  const mean = (v: readonly number[]) => v.slice(0, n).reduce((s, x) => s + x, 0) / n;
  const ma = mean(a);
  const mb = mean(b);
  let num = 0;
  let da = 0;
  let dbb = 0;
  for (let i = 0; i < n; i++) {
    const x = (a[i] ?? 0) - ma;
    const y = (b[i] ?? 0) - mb;
    num += x * y;
    da += x * x;
    dbb += y * y;
  }
  return num / Math.sqrt(da * dbb || 1);
}

/** Loudness envelope: RMS in dB per `frameMs` window. */
export function envelope(samples: Int16Array, rate: number, frameMs = 20): number[] {
  const size = Math.round((rate * frameMs) / 1000);
  const out: number[] = [];
  for (let i = 0; i + size <= samples.length; i += size)
    out.push(db(rmsOf(samples.subarray(i, i + size)) / 32768));
  return out.map((v) => Math.max(v, -60));
}

/**
 * How well two recordings share a loudness contour: the best correlation of their 20 ms
 * envelopes, sliding the shorter along the longer (playback adds delay and trims silence).
 * The same utterance scores ≈ 1, a different one about 0.2-0.4.
 */
export function envelopeMatch(
  heard: Int16Array,
  heardRate: number,
  source: Int16Array,
  sourceRate: number,
): number {
  const a = envelope(heard, heardRate);
  const b = envelope(source, sourceRate);
  const [long, short] = a.length >= b.length ? [a, b] : [b, a];
  let best = -1;
  for (let lag = 0; lag + short.length <= long.length; lag++) {
    best = Math.max(best, correlation(long.slice(lag, lag + short.length), short));
  }
  return best;
}
