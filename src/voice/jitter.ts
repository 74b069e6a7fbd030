/**
 * One speaker's jitter buffer: Opus packets in RTP sequence order, 1–3 frames deep. Packets are
 * held as Opus and decoded only when the call clock takes them, so the (stateful) decoder always
 * sees them in order. Discord sends nothing while a user is silent, so an empty buffer means
 * silence, not loss; a hole in the sequence with later packets waiting is a gap (counted).
 */

/** A packet as received: the Opus payload, its RTP sequence number when known, arrival time. */
export interface JitterPacket {
  readonly opus: Buffer;
  readonly sequence: number | undefined;
  readonly arrivedAt: number;
}

/** What `take()` found for this tick. */
export type JitterTake =
  | { readonly kind: 'packet'; readonly packet: JitterPacket }
  | { readonly kind: 'gap' }
  | { readonly kind: 'empty' };

/** At most this many frames wait; older ones are dropped so latency stays bounded. */
export const MAX_DEPTH = 3;
/**
 * If at least two frames have been waiting at every take for this many ticks (1 s), the cushion
 * is not needed, and the next silence frame at its head is skipped so latency shrinks back after a
 * burst. Speech is never dropped for this: clients end every talk spurt with silence frames (and
 * then send nothing, which drains the buffer anyway), so the cushion costs at most MAX_DEPTH frames.
 */
export const SHRINK_AFTER_TAKES = 50;

/** The Opus frame clients send for silence (and at the end of a talk spurt). */
const SILENCE_FRAME = Buffer.from([0xf8, 0xff, 0xfe]);
const SEQUENCE_SPACE = 65_536;

export class JitterBuffer {
  /** Packets lost (holes skipped in the sequence). */
  lost = 0;
  /** Packets dropped: late (already played past), duplicates, or overflow past MAX_DEPTH. */
  dropped = 0;
  /** Silence frames skipped to shrink an unneeded cushion (no audio lost). */
  trimmed = 0;
  readonly #packets: (JitterPacket & { readonly index: number })[] = [];
  #next: number | undefined; // unwrapped index of the next packet to play
  #lastIndex: number | undefined;
  #deepTakes = 0;

  /** Number of packets waiting. */
  get depth(): number {
    return this.#packets.length;
  }

  push(packet: JitterPacket): void {
    const index = this.#unwrap(packet.sequence);
    if (this.#next !== undefined && index < this.#next) {
      this.dropped++;
      return;
    }
    if (this.#packets.some((p) => p.index === index)) {
      this.dropped++;
      return;
    }
    let at = this.#packets.length;
    while (at > 0 && (this.#packets[at - 1]?.index ?? 0) > index) at--;
    this.#packets.splice(at, 0, { ...packet, index });
    while (this.#packets.length > MAX_DEPTH) {
      const oldest = this.#packets.shift();
      if (oldest) this.#next = oldest.index + 1;
      this.dropped++;
    }
  }

  /** The next frame's packet, a gap, or nothing (the speaker is silent). */
  take(): JitterTake {
    this.#deepTakes = this.#packets.length >= 2 ? this.#deepTakes + 1 : 0;
    const oldest = this.#packets[0];
    if (
      this.#deepTakes >= SHRINK_AFTER_TAKES &&
      oldest &&
      oldest.index === this.#next &&
      oldest.opus.equals(SILENCE_FRAME)
    ) {
      this.#deepTakes = 0;
      this.#packets.shift();
      this.#next = oldest.index + 1;
      this.trimmed++;
    }
    const head = this.#packets[0];
    if (!head) return { kind: 'empty' };
    if (this.#next === undefined || head.index === this.#next || this.#packets.length === 1) {
      // In order, or the only packet there (after silence or loss): play it, counting any hole.
      if (this.#next !== undefined && head.index > this.#next) this.lost += head.index - this.#next;
      this.#packets.shift();
      this.#next = head.index + 1;
      return { kind: 'packet', packet: head };
    }
    // A hole with later packets already waiting: the missing one is late or lost.
    this.lost++;
    this.#next++;
    return { kind: 'gap' };
  }

  /** Forget everything (a new stream after resubscribing). */
  clear(): void {
    this.#packets.length = 0;
    this.#next = undefined;
    this.#lastIndex = undefined;
  }

  #unwrap(sequence: number | undefined): number {
    if (sequence === undefined) {
      this.#lastIndex = (this.#lastIndex ?? 0) + 1;
      return this.#lastIndex;
    }
    if (this.#lastIndex === undefined) return (this.#lastIndex = sequence);
    const reference = this.#lastIndex;
    let delta = (((sequence - reference) % SEQUENCE_SPACE) + SEQUENCE_SPACE) % SEQUENCE_SPACE;
    if (delta >= SEQUENCE_SPACE / 2) delta -= SEQUENCE_SPACE;
    const index = reference + delta;
    if (index > this.#lastIndex) this.#lastIndex = index;
    return index;
  }
}
