/**
 * A stateful streaming resampler for any pair of integer rates (16/24/48 kHz, 22.05/44.1 kHz WAVs):
 * a polyphase Kaiser-windowed sinc with its stopband at the lower rate's Nyquist frequency,
 * ≥ 70 dB alias and image rejection, passband flat to 80 % of that Nyquist (6.4 kHz at 16 kHz).
 * One instance per direction per stream: the filter history is kept across `process` calls, so
 * chunk boundaries are inaudible. The output lags the input by `delay` output samples.
 */

/** A streaming mono resampler. Create one per stream and direction, never one per chunk. */
export interface Resampler {
  readonly fromHz: number;
  readonly toHz: number;
  /** Group delay in output samples. */
  readonly delay: number;
  /** Resamples the next chunk of mono s16 input; returns what is ready so far. */
  process(input: Int16Array): Int16Array;
  /** Pushes the filter tail out (zeros in) and resets; call once at the end of a stream. */
  flush(): Int16Array;
  /** Forgets the history (for example after a discontinuity). */
  reset(): void;
}

const STOPBAND_DB = 80;
const PASSBAND_FRACTION = 0.8;

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  for (let k = 1; k < 50; k++) {
    term *= (x / (2 * k)) ** 2;
    sum += term;
    if (term < sum * 1e-12) break;
  }
  return sum;
}

/** Coefficients grouped per phase: `coef[phase * taps + k]` multiplies input `x[i - k]`. */
function designPolyphase(up: number, down: number, fromHz: number): { coef: Float32Array; taps: number } {
  const rate = fromHz * up; // the virtual upsampled rate
  const nyquist = Math.min(fromHz, (fromHz * up) / down) / 2;
  const stop = nyquist;
  const pass = nyquist * PASSBAND_FRACTION;
  const cutoff = (pass + stop) / 2 / rate; // cycles per upsampled sample
  const transition = (2 * Math.PI * (stop - pass)) / rate;
  const beta = 0.1102 * (STOPBAND_DB - 8.7);
  const minLength = Math.ceil((STOPBAND_DB - 8) / (2.285 * transition)) + 1;
  const taps = Math.ceil(minLength / up);
  const length = taps * up;
  const centre = (length - 1) / 2;
  const norm = besselI0(beta);
  const coef = new Float32Array(length);
  for (let n = 0; n < length; n++) {
    const t = n - centre;
    const sinc = t === 0 ? 2 * cutoff : Math.sin(2 * Math.PI * cutoff * t) / (Math.PI * t);
    const r = (2 * n) / (length - 1) - 1;
    const window = besselI0(beta * Math.sqrt(Math.max(0, 1 - r * r))) / norm;
    const phase = n % up;
    coef[phase * taps + Math.floor(n / up)] = up * sinc * window;
  }
  return { coef, taps };
}

/**
 * Creates a streaming resampler from `fromHz` to `toHz` (mono s16). Equal rates pass through.
 */
export function createResampler(fromHz: number, toHz: number): Resampler {
  if (!Number.isInteger(fromHz) || !Number.isInteger(toHz) || fromHz <= 0 || toHz <= 0) {
    throw new RangeError(`createResampler: rates must be positive integers (${fromHz} → ${toHz})`);
  }
  const g = gcd(fromHz, toHz);
  const up = toHz / g;
  const down = fromHz / g;
  if (up === 1 && down === 1) return passThrough(fromHz);
  const { coef, taps } = designPolyphase(up, down, fromHz);
  const historyLength = taps - 1;
  let history = new Float32Array(historyLength);
  let position = 0; // next output's position in upsampled samples, relative to this chunk's first input

  function process(input: Int16Array): Int16Array {
    const x = new Float32Array(historyLength + input.length);
    x.set(history);
    for (let i = 0; i < input.length; i++) x[historyLength + i] = input[i] ?? 0;
    const count = Math.max(0, Math.ceil((input.length * up - position) / down));
    const out = new Int16Array(count);
    let u = position;
    for (let m = 0; m < count; m++, u += down) {
      const newest = historyLength + Math.floor(u / up);
      const base = (u % up) * taps;
      let acc = 0;
      for (let k = 0; k < taps; k++) acc += (coef[base + k] ?? 0) * (x[newest - k] ?? 0);
      out[m] = acc > 32767 ? 32767 : acc < -32768 ? -32768 : Math.round(acc);
    }
    position = u - input.length * up;
    history = x.slice(x.length - historyLength);
    return out;
  }

  function reset(): void {
    history = new Float32Array(historyLength);
    position = 0;
  }

  const delay = Math.round((taps * up - 1) / 2 / down);
  return {
    fromHz,
    toHz,
    delay,
    process,
    flush() {
      const tail = process(new Int16Array(Math.ceil(taps / 2) + 1));
      reset();
      return tail;
    },
    reset,
  };
}

function passThrough(rate: number): Resampler {
  return {
    fromHz: rate,
    toHz: rate,
    delay: 0,
    process: (input) => input.slice(),
    flush: () => new Int16Array(0),
    reset: () => undefined,
  };
}
