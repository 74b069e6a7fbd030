/**
 * Energy voice-activity detection on 16 kHz mono input, in 10 ms windows of audio time (not wall
 * time), so a burst of replayed audio is judged exactly like the same audio sent in real time.
 */

export type VadEvent =
  { readonly kind: 'speechStart' } | { readonly kind: 'endpoint'; readonly speechMs: number };

export interface VadOptions {
  /** RMS above which a 10 ms window counts as speech. */
  readonly thresholdRms: number;
  /** Trailing silence that ends an utterance. */
  readonly endpointingMs: number;
  /** Shorter bursts are noise, not an utterance. */
  readonly minSpeechMs: number;
}

const WINDOW = 160; // 10 ms at 16 kHz

export class EnergyVad {
  readonly #options: VadOptions;
  #window = new Int16Array(WINDOW);
  #filled = 0;
  #speechMs = 0;
  #silenceMs = 0;
  #inSpeech = false;

  constructor(options: VadOptions) {
    this.#options = options;
  }

  /** True between a speech start and its endpoint. */
  get speaking(): boolean {
    return this.#inSpeech;
  }

  set endpointingMs(ms: number) {
    (this.#options as { endpointingMs: number }).endpointingMs = ms;
  }

  push(samples: Int16Array): VadEvent[] {
    const events: VadEvent[] = [];
    for (let i = 0; i < samples.length; i++) {
      this.#window[this.#filled++] = samples[i] ?? 0;
      if (this.#filled === WINDOW) {
        this.#filled = 0;
        const event = this.#judge(rms(this.#window) >= this.#options.thresholdRms);
        if (event) events.push(event);
      }
    }
    return events;
  }

  #judge(loud: boolean): VadEvent | undefined {
    if (loud) {
      this.#silenceMs = 0;
      this.#speechMs += 10;
      if (!this.#inSpeech) {
        this.#inSpeech = true;
        return { kind: 'speechStart' };
      }
      return undefined;
    }
    if (!this.#inSpeech) return undefined;
    this.#silenceMs += 10;
    if (this.#silenceMs < this.#options.endpointingMs) return undefined;
    const speechMs = this.#speechMs;
    this.#inSpeech = false;
    this.#speechMs = 0;
    this.#silenceMs = 0;
    return speechMs >= this.#options.minSpeechMs ? { kind: 'endpoint', speechMs } : undefined;
  }
}

export function rms(samples: Int16Array): number {
  let sum = 0;
  for (const s of samples) sum += s * s;
  return samples.length === 0 ? 0 : Math.sqrt(sum / samples.length);
}
