/**
 * The Opus codec for voice: one decoder per speaker (straight to 16 kHz mono, what Nova Sonic
 * takes; libopus resamples internally, so no resampler sits on the input path) and one encoder
 * per call (straight from 24 kHz mono, what Nova Sonic answers in; Discord decodes any Opus
 * stream at 48 kHz). Backed by opusscript (WASM libopus, no compiler needed), patched on install
 * (patches/opusscript+0.0.8.patch) so many instances can share one process.
 * A corrupt packet never throws out of here: it is counted and skipped.
 */
import OpusScript from 'opusscript';

/** Rates libopus can decode to or encode from. */
export type OpusRate = 8000 | 12000 | 16000 | 24000 | 48000;

/** Encoder application: VOIP suits speech. */
const APPLICATION_VOIP = 2048;
const OPUS_SET_BITRATE = 4002;
const OPUS_SET_COMPLEXITY = 4010;
/**
 * Reply encoder complexity, chosen by measurement (`npm run bench`, "encode µs/frame at complexity
 * 5 / 10"): on our speech fixture complexity 5 costs about half of 10, for speech at 48 kb/s that
 * no listener tells apart.
 */
export const REPLY_COMPLEXITY = 5;

function toInt16(bytes: Buffer): Int16Array {
  const out = new Int16Array(bytes.byteLength >> 1);
  new Uint8Array(out.buffer).set(bytes.subarray(0, out.byteLength));
  return out;
}

/** Decodes one speaker's packets. Not shareable between speakers: Opus decoding is stateful. */
export class OpusDecoder {
  readonly sampleRate: OpusRate;
  readonly channels: 1 | 2;
  /** Packets decoded successfully. */
  decoded = 0;
  /** Packets rejected as corrupt (skipped). */
  corrupt = 0;
  #codec: OpusScript | undefined;

  constructor(sampleRate: OpusRate = 16000, channels: 1 | 2 = 1) {
    this.sampleRate = sampleRate;
    this.channels = channels;
    this.#codec = new OpusScript(sampleRate, channels);
  }

  /**
   * Decodes one packet to interleaved s16 PCM at this decoder's rate and channels. Returns
   * `undefined` (and counts it) for an empty or corrupt packet; never throws.
   */
  decode(packet: Uint8Array): Int16Array | undefined {
    if (!this.#codec) throw new Error('OpusDecoder used after destroy()');
    if (packet.byteLength === 0) return this.#reject();
    try {
      const pcm = toInt16(
        this.#codec.decode(Buffer.from(packet.buffer, packet.byteOffset, packet.byteLength)),
      );
      if (pcm.length === 0) return this.#reject();
      this.decoded++;
      return pcm;
    } catch (err) {
      // libopus reports bad packets as errors; anything else (a WASM trap) may have left the
      // decoder state broken, so start a fresh one.
      if (!(err instanceof Error && err.message.startsWith('Decode error'))) this.#renew();
      return this.#reject();
    }
  }

  /** Frees the WASM memory. Safe to call twice. */
  destroy(): void {
    this.#codec?.delete();
    this.#codec = undefined;
  }

  #reject(): undefined {
    this.corrupt++;
    return undefined;
  }

  #renew(): void {
    this.#codec?.delete();
    this.#codec = new OpusScript(this.sampleRate, this.channels);
  }
}

/** Options for {@link OpusEncoder}. */
export interface OpusEncoderOptions {
  readonly sampleRate?: OpusRate;
  readonly channels?: 1 | 2;
  /** Target bitrate in bits per second. */
  readonly bitrate?: number;
  /** libopus complexity 0-10 (CPU against quality); default {@link REPLY_COMPLEXITY}. */
  readonly complexity?: number;
}

/** Encodes 20 ms frames of PCM into Opus packets Discord accepts. */
export class OpusEncoder {
  readonly sampleRate: OpusRate;
  readonly channels: 1 | 2;
  /** Samples per channel in one 20 ms frame. */
  readonly frameSamples: number;
  #codec: OpusScript | undefined;

  constructor(options: OpusEncoderOptions = {}) {
    this.sampleRate = options.sampleRate ?? 24000;
    this.channels = options.channels ?? 1;
    this.frameSamples = this.sampleRate / 50;
    this.#codec = new OpusScript(this.sampleRate, this.channels, APPLICATION_VOIP);
    this.#codec.encoderCTL(OPUS_SET_BITRATE, options.bitrate ?? 48_000);
    this.#codec.encoderCTL(OPUS_SET_COMPLEXITY, options.complexity ?? REPLY_COMPLEXITY);
  }

  /** Encodes exactly one 20 ms frame (`frameSamples × channels` samples). */
  encode(frame: Int16Array): Buffer {
    if (!this.#codec) throw new Error('OpusEncoder used after destroy()');
    if (frame.length !== this.frameSamples * this.channels) {
      throw new RangeError(
        `OpusEncoder: expected ${this.frameSamples * this.channels} samples, got ${frame.length}`,
      );
    }
    return this.#codec.encode(
      Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength),
      this.frameSamples,
    );
  }

  /** Frees the WASM memory. Safe to call twice. */
  destroy(): void {
    this.#codec?.delete();
    this.#codec = undefined;
  }
}
