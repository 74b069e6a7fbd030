/**
 * Input audio bookkeeping for a session: frames (20 ms) regrouped into the ~32 ms chunks Nova
 * Sonic expects, and the audio a stream has not yet answered (kept for replay on a new stream).
 */

/** 32 ms at 16 kHz: the chunk size the Nova Sonic docs describe. */
export const CHUNK_SAMPLES = 512;

/** Regroups arbitrary frames into fixed-size chunks; keeps the remainder across calls. */
export class AudioChunker {
  readonly #size: number;
  #partial: Int16Array;
  #filled = 0;

  constructor(chunkSamples = CHUNK_SAMPLES) {
    this.#size = chunkSamples;
    this.#partial = new Int16Array(chunkSamples);
  }

  push(frame: Int16Array): Int16Array[] {
    const chunks: Int16Array[] = [];
    let offset = 0;
    while (offset < frame.length) {
      const take = Math.min(this.#size - this.#filled, frame.length - offset);
      this.#partial.set(frame.subarray(offset, offset + take), this.#filled);
      this.#filled += take;
      offset += take;
      if (this.#filled === this.#size) {
        chunks.push(this.#partial);
        this.#partial = new Int16Array(this.#size);
        this.#filled = 0;
      }
    }
    return chunks;
  }

  /** The incomplete remainder, if any (used on close so no audio is dropped). */
  flush(): Int16Array | undefined {
    if (this.#filled === 0) return undefined;
    const rest = this.#partial.slice(0, this.#filled);
    this.#filled = 0;
    return rest;
  }
}

/**
 * The chunks sent since the active stream's last USER transcript: what a replacement stream must
 * hear so nothing the user said is lost. Audio already answered is never in here. Bounded, newest kept.
 */
export class UnansweredAudio {
  readonly #maxSamples: number;
  #chunks: Int16Array[] = [];
  #samples = 0;

  constructor(maxSamples: number) {
    this.#maxSamples = maxSamples;
  }

  get samples(): number {
    return this.#samples;
  }

  push(chunk: Int16Array): void {
    this.#chunks.push(chunk);
    this.#samples += chunk.length;
    while (this.#samples - (this.#chunks[0]?.length ?? 0) >= this.#maxSamples && this.#chunks.length > 1) {
      this.#samples -= this.#chunks.shift()?.length ?? 0;
    }
  }

  /** The user's words up to here were transcribed: they are answered (or being answered). */
  clear(): void {
    this.#chunks = [];
    this.#samples = 0;
  }

  chunks(): readonly Int16Array[] {
    return this.#chunks;
  }
}

/** Root mean square of a frame, for telling speech from silence. */
export function frameRms(samples: Int16Array): number {
  let sum = 0;
  for (const s of samples) sum += s * s;
  return samples.length === 0 ? 0 : Math.sqrt(sum / samples.length);
}
