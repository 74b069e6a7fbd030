/**
 * One speaker's input path: jitter buffer → Opus decode straight to 16 kHz mono → 20 ms frames.
 * The call clock calls `nextFrame()` exactly once per tick and always gets 320 samples: decoded
 * speech if it arrived, silence otherwise (or for a lost or corrupt packet).
 */
import { JitterBuffer } from './jitter.ts';
import { OpusDecoder } from './opus.ts';
import { frameSamples } from './pcm.ts';

/** Nova Sonic (and the mic check) take 16 kHz mono. */
export const INPUT_RATE = 16_000;
export const INPUT_FRAME_SAMPLES = frameSamples(INPUT_RATE);

/** One tick's frame for one speaker. */
export interface InputFrame {
  readonly samples: Int16Array;
  /** True when the frame carries decoded audio, false for inserted silence. */
  readonly voiced: boolean;
  /** When the packet that produced this frame arrived (performance.now()), if voiced. */
  readonly arrivedAt: number | undefined;
}

const SILENCE = new Int16Array(INPUT_FRAME_SAMPLES);

export class SpeakerInput {
  readonly userId: string;
  readonly jitter = new JitterBuffer();
  readonly decoder: OpusDecoder;
  /** Frames handed out with decoded audio / with inserted silence. */
  voicedFrames = 0;
  silentFrames = 0;
  #pending: Int16Array = new Int16Array(0);
  #pendingArrival: number | undefined;

  constructor(userId: string, decoder: OpusDecoder = new OpusDecoder(INPUT_RATE, 1)) {
    this.userId = userId;
    this.decoder = decoder;
  }

  /** Queues a received Opus packet (with its RTP sequence number when known). */
  accept(opus: Buffer, sequence: number | undefined, arrivedAt: number): void {
    this.jitter.push({ opus, sequence, arrivedAt });
  }

  /** Exactly one 20 ms 16 kHz mono frame. Never throws. */
  nextFrame(): InputFrame {
    while (this.#pending.length < INPUT_FRAME_SAMPLES) {
      const take = this.jitter.take();
      if (take.kind === 'empty') break;
      if (take.kind === 'gap') continue;
      const pcm = this.decoder.decode(take.packet.opus);
      if (!pcm) continue;
      this.#pendingArrival ??= take.packet.arrivedAt;
      this.#pending = this.#pending.length === 0 ? pcm : concat(this.#pending, pcm);
    }
    if (this.#pending.length < INPUT_FRAME_SAMPLES) {
      this.#pending = new Int16Array(0);
      this.#pendingArrival = undefined;
      this.silentFrames++;
      return { samples: SILENCE, voiced: false, arrivedAt: undefined };
    }
    const samples = this.#pending.subarray(0, INPUT_FRAME_SAMPLES);
    this.#pending = this.#pending.subarray(INPUT_FRAME_SAMPLES);
    const arrivedAt = this.#pendingArrival;
    this.#pendingArrival = undefined;
    this.voicedFrames++;
    return { samples, voiced: true, arrivedAt };
  }

  /** Forgets buffered audio (the speaker's stream was replaced). */
  reset(): void {
    this.jitter.clear();
    this.#pending = new Int16Array(0);
    this.#pendingArrival = undefined;
  }

  destroy(): void {
    this.reset();
    this.decoder.destroy();
  }
}

function concat(a: Int16Array, b: Int16Array): Int16Array {
  const out = new Int16Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
