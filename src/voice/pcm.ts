/**
 * The bot's one PCM format: signed 16-bit samples, interleaved when stereo, with the rate and
 * channel count travelling with the data. Discord frames are 20 ms at 48 kHz stereo; Nova Sonic
 * takes 16 kHz mono and answers in 24 kHz mono.
 */

/** Interleaved signed 16-bit PCM with its format. */
export interface Pcm {
  readonly samples: Int16Array;
  readonly sampleRate: number;
  readonly channels: number;
}

/** Discord (and our call clock) move audio in 20 ms frames. */
export const FRAME_MS = 20;

/** Samples (per channel) in one frame of `ms` at `sampleRate`. */
export function frameSamples(sampleRate: number, ms: number = FRAME_MS): number {
  return Math.round((sampleRate * ms) / 1000);
}

/** Duration in milliseconds. */
export function durationMs(pcm: Pcm): number {
  return (pcm.samples.length / pcm.channels / pcm.sampleRate) * 1000;
}

/** `ms` of digital silence. */
export function silence(sampleRate: number, channels: number, ms: number = FRAME_MS): Pcm {
  return { samples: new Int16Array(frameSamples(sampleRate, ms) * channels), sampleRate, channels };
}

/** Copies little-endian s16 bytes (any alignment) into a PCM value. */
export function pcmFromBytes(bytes: Uint8Array, sampleRate: number, channels: number): Pcm {
  const count = bytes.byteLength >> 1;
  const samples = new Int16Array(count);
  const view = new DataView(bytes.buffer, bytes.byteOffset, count * 2);
  for (let i = 0; i < count; i++) samples[i] = view.getInt16(i * 2, true);
  return { samples, sampleRate, channels };
}

/** Little-endian s16 bytes of `samples` (shares memory; the platform is little-endian). */
export function pcmToBytes(samples: Int16Array): Buffer {
  return Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength);
}

/** Averages all channels into one. Mono input is returned as is. */
export function downmixToMono(pcm: Pcm): Pcm {
  if (pcm.channels === 1) return pcm;
  const { channels } = pcm;
  const frames = Math.floor(pcm.samples.length / channels);
  const out = new Int16Array(frames);
  for (let f = 0; f < frames; f++) {
    let sum = 0;
    for (let c = 0; c < channels; c++) sum += pcm.samples[f * channels + c] ?? 0;
    out[f] = Math.round(sum / channels);
  }
  return { samples: out, sampleRate: pcm.sampleRate, channels: 1 };
}

/** Duplicates mono into `channels` identical channels. */
export function upmix(pcm: Pcm, channels = 2): Pcm {
  if (pcm.channels !== 1) throw new RangeError(`upmix needs mono input, got ${pcm.channels} channels`);
  const out = new Int16Array(pcm.samples.length * channels);
  for (let i = 0; i < pcm.samples.length; i++)
    out.fill(pcm.samples[i] ?? 0, i * channels, (i + 1) * channels);
  return { samples: out, sampleRate: pcm.sampleRate, channels };
}

/** Joins same-format chunks. */
export function concatPcm(parts: readonly Pcm[], sampleRate: number, channels: number): Pcm {
  let length = 0;
  for (const p of parts) {
    if (p.sampleRate !== sampleRate || p.channels !== channels)
      throw new RangeError('concatPcm: mixed formats');
    length += p.samples.length;
  }
  const samples = new Int16Array(length);
  let offset = 0;
  for (const p of parts) {
    samples.set(p.samples, offset);
    offset += p.samples.length;
  }
  return { samples, sampleRate, channels };
}

/** Root-mean-square level of `samples` (0 for empty input). */
export function rms(samples: Int16Array): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (const s of samples) sum += s * s;
  return Math.sqrt(sum / samples.length);
}
