/**
 * Audio edges of the voice console: any WAV → 16 kHz mono for Nova Sonic, and a real-time pacer
 * that feeds 20 ms frames the way the call clock feeds a speaker (speech, then silence).
 */
import { downmixToMono, type Pcm } from '../voice/pcm.ts';
import { createResampler } from '../voice/resample.ts';

export const SONIC_INPUT_HZ = 16_000;
const FRAME_SAMPLES = 320; // 20 ms at 16 kHz

/** Downmix and resample to 16 kHz mono (Nova Sonic's input format). */
export function toSonicInput(pcm: Pcm): Int16Array {
  const mono = downmixToMono(pcm);
  if (mono.sampleRate === SONIC_INPUT_HZ) return mono.samples;
  const resampler = createResampler(mono.sampleRate, SONIC_INPUT_HZ);
  const body = resampler.process(mono.samples);
  const tail = resampler.flush();
  const out = new Int16Array(body.length + tail.length);
  out.set(body);
  out.set(tail, body.length);
  return out;
}

/**
 * Pushes `samples` as 20 ms frames at real-time pace, then silence frames until stopped.
 * Frames due are computed from elapsed time, so timer jitter never changes the pace.
 */
export class RealtimePacer {
  readonly #samples: Int16Array;
  readonly #push: (frame: Int16Array) => void;
  #timer: NodeJS.Timeout | undefined;
  #started = 0;
  #sent = 0;

  constructor(samples: Int16Array, push: (frame: Int16Array) => void) {
    this.#samples = samples;
    this.#push = push;
  }

  /** True once every input sample has been pushed (silence follows). */
  get inputDone(): boolean {
    return this.#sent * FRAME_SAMPLES >= this.#samples.length;
  }

  start(): void {
    this.#started = performance.now();
    this.#timer = setInterval(() => this.#tick(), 10);
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  #tick(): void {
    const due = Math.floor((performance.now() - this.#started) / 20);
    for (; this.#sent < due; this.#sent++) {
      const frame = new Int16Array(FRAME_SAMPLES);
      const from = this.#sent * FRAME_SAMPLES;
      if (from < this.#samples.length) frame.set(this.#samples.subarray(from, from + FRAME_SAMPLES));
      this.#push(frame);
    }
  }
}
