/**
 * The one voice of the bot in a channel: reply audio (24 kHz mono s16, streamed in faster than
 * real time) is queued per speaker, played one reply at a time in arrival order, starting as soon
 * as the first chunk arrives. Frames are Opus-encoded only when the player asks for them (every
 * 20 ms), so `interrupt(speakerId)` (barge-in) takes effect on the very next frame.
 */
import { Readable } from 'node:stream';
import type { Logger } from '../log.ts';
import { OpusEncoder } from './opus.ts';
import type { Pcm } from './pcm.ts';

/** Nova Sonic answers in 24 kHz mono, and libopus encodes it as is. */
export const REPLY_RATE = 24_000;
const FRAME = REPLY_RATE / 50;

export type PlaybackState = 'idle' | 'playing';
export type ReplyEnd = 'finished' | 'interrupted';

export interface PlaybackOptions {
  readonly log: Logger;
  /** Hands a stream of Opus packets (objectMode, one 20 ms packet per read) to the player. */
  readonly play: (packets: Readable) => void;
  /** Defaults to a 24 kHz mono Opus encoder. */
  readonly encoder?: FrameEncoder;
  readonly onReplyEnd?: (speakerId: string, how: ReplyEnd) => void;
  /** Reply audio queued per speaker beyond this is dropped (default 60 s). */
  readonly maxQueuedMs?: number;
  /** A reply that waited this long for its turn is not started (default 30 s). */
  readonly maxAgeMs?: number;
  readonly now?: () => number;
}

/** What the queue needs from an encoder: one packet per 20 ms frame. */
export type FrameEncoder = Pick<OpusEncoder, 'encode' | 'destroy'>;

interface Reply {
  readonly speakerId: string;
  readonly chunks: Int16Array[];
  available: number;
  ended: boolean;
  /** The player found this reply empty while it was still streaming in. */
  starved: boolean;
  readonly queuedAt: number;
  started: boolean;
}

export class PlaybackQueue {
  /** Packets encoded (20 ms each). */
  packets = 0;
  /**
   * Audible gaps: the player asked for a frame mid-reply, none was ready (it sent silence), and
   * more audio of that reply came later. Waiting at the very end of a reply for its end mark is
   * not a gap.
   */
  underruns = 0;
  /** Reply audio not played, in ms: over the per-speaker cap, or too old to start (monotonic). */
  readonly droppedMs = { queueFull: 0, stale: 0 };
  readonly #options: PlaybackOptions;
  readonly #maxQueued: number;
  readonly #maxAgeMs: number;
  readonly #now: () => number;
  /** Speakers whose current (stale) reply is being discarded until its end mark. */
  readonly #discarding = new Set<string>();
  readonly #encoder: FrameEncoder;
  readonly #replies: Reply[] = [];
  #stream: Readable | undefined;
  #readPending = false;
  #state: PlaybackState = 'idle';

  constructor(options: PlaybackOptions) {
    this.#options = options;
    this.#maxQueued = ((options.maxQueuedMs ?? 60_000) / 1000) * REPLY_RATE;
    this.#maxAgeMs = options.maxAgeMs ?? 30_000;
    this.#now = options.now ?? Date.now;
    this.#encoder = options.encoder ?? new OpusEncoder({ sampleRate: REPLY_RATE, channels: 1 });
  }

  get state(): PlaybackState {
    return this.#state;
  }

  /** The speaker whose reply is playing now. */
  get current(): string | undefined {
    return this.#replies[0]?.speakerId;
  }

  /** Appends reply audio for `speakerId` (24 kHz mono), opening a reply if none is open. */
  enqueue(speakerId: string, pcm: Pcm): void {
    if (pcm.sampleRate !== REPLY_RATE || pcm.channels !== 1) {
      throw new RangeError(
        `playback takes ${REPLY_RATE} Hz mono, got ${pcm.sampleRate} Hz × ${pcm.channels}`,
      );
    }
    if (pcm.samples.length === 0) return;
    if (this.#discarding.has(speakerId)) {
      this.droppedMs.stale += (pcm.samples.length / REPLY_RATE) * 1000;
      return;
    }
    if (this.#queuedFor(speakerId) + pcm.samples.length > this.#maxQueued) {
      this.droppedMs.queueFull += (pcm.samples.length / REPLY_RATE) * 1000;
      return;
    }
    let reply = this.#openReply(speakerId);
    if (!reply) {
      reply = {
        speakerId,
        chunks: [],
        available: 0,
        ended: false,
        starved: false,
        queuedAt: this.#now(),
        started: false,
      };
      this.#replies.push(reply);
    }
    if (reply.starved) {
      reply.starved = false;
      this.underruns++;
    }
    reply.chunks.push(pcm.samples);
    reply.available += pcm.samples.length;
    this.#kick();
  }

  /** Marks `speakerId`'s open reply complete: it plays out and the next reply follows. */
  endReply(speakerId: string): void {
    if (this.#discarding.delete(speakerId)) return;
    const reply = this.#openReply(speakerId);
    if (reply) reply.ended = true;
    this.#kick();
  }

  /** Drops `speakerId`'s playing and queued audio (barge-in). Returns whether anything was dropped. */
  interrupt(speakerId: string): boolean {
    this.#discarding.delete(speakerId);
    let dropped = false;
    for (let i = this.#replies.length - 1; i >= 0; i--) {
      if (this.#replies[i]?.speakerId !== speakerId) continue;
      this.#replies.splice(i, 1);
      dropped = true;
    }
    if (dropped) {
      this.#options.onReplyEnd?.(speakerId, 'interrupted');
      if (this.#readPending) this.#read();
    }
    return dropped;
  }

  /**
   * The player stopped reading the current stream (it went idle on its own, for example after
   * a long underrun). Queued audio, if any, starts again on a fresh stream.
   */
  playerIdle(stream: Readable): void {
    if (stream !== this.#stream) return;
    this.#finishStream();
    this.#kick();
  }

  /** Drops everything and frees the encoder. */
  destroy(): void {
    this.#replies.length = 0;
    this.#finishStream();
    this.#encoder.destroy();
  }

  /** Samples of `speakerId` waiting to be played. */
  #queuedFor(speakerId: string): number {
    let total = 0;
    for (const reply of this.#replies) if (reply.speakerId === speakerId) total += reply.available;
    return total;
  }

  /** A reply that waited too long for its turn is dropped (the rest of it too, as it streams in). */
  #stale(reply: Reply): boolean {
    if (reply.started || this.#now() - reply.queuedAt <= this.#maxAgeMs) return false;
    this.droppedMs.stale += (reply.available / REPLY_RATE) * 1000;
    if (!reply.ended) this.#discarding.add(reply.speakerId);
    this.#options.log.warn({ speakerId: reply.speakerId }, 'reply too old to start; dropped');
    return true;
  }

  #openReply(speakerId: string): Reply | undefined {
    return this.#replies.findLast((r) => r.speakerId === speakerId && !r.ended);
  }

  #setState(state: PlaybackState): void {
    if (state === this.#state) return;
    this.#options.log.debug({ from: this.#state, to: state }, 'playback state');
    this.#state = state;
  }

  /** Starts a player stream when there is something to play; feeds a waiting read. */
  #kick(): void {
    if (this.#replies.length === 0) return;
    if (!this.#stream) {
      this.#stream = new Readable({ objectMode: true, highWaterMark: 0, read: () => this.#read() });
      this.#setState('playing');
      this.#options.play(this.#stream);
    } else if (this.#readPending) {
      this.#read();
    }
  }

  // A Readable calls _read again only after a push, so a read we could not serve stays pending
  // until audio (or the end) arrives.
  #read(): void {
    this.#readPending = false;
    const packet = this.#nextPacket();
    if (packet) {
      this.packets++;
      this.#stream?.push(packet);
    } else if (this.#replies.length === 0) {
      this.#finishStream();
    } else {
      this.#readPending = true; // still streaming in: the player sends silence meanwhile
      const head = this.#replies[0];
      if (head && !head.ended) head.starved = true;
    }
  }

  #nextPacket(): Buffer | undefined {
    for (;;) {
      const reply = this.#replies[0];
      if (!reply) return undefined;
      if (this.#stale(reply)) {
        this.#replies.shift();
        this.#options.onReplyEnd?.(reply.speakerId, 'interrupted');
        continue;
      }
      if (reply.available >= FRAME || (reply.ended && reply.available > 0)) {
        reply.started = true;
        return this.#encoder.encode(takeFrame(reply));
      }
      if (!reply.ended) return undefined;
      this.#replies.shift();
      this.#options.onReplyEnd?.(reply.speakerId, 'finished');
    }
  }

  #finishStream(): void {
    const stream = this.#stream;
    this.#stream = undefined;
    this.#readPending = false;
    this.#setState('idle');
    if (stream && !stream.readableEnded) stream.push(null);
  }
}

/** Takes one 20 ms frame from the front of a reply, zero-padding the last partial frame. */
function takeFrame(reply: Reply): Int16Array {
  const frame = new Int16Array(FRAME);
  let filled = 0;
  while (filled < FRAME && reply.chunks.length > 0) {
    const chunk = reply.chunks[0] ?? new Int16Array(0);
    const n = Math.min(FRAME - filled, chunk.length);
    frame.set(chunk.subarray(0, n), filled);
    filled += n;
    if (n === chunk.length) reply.chunks.shift();
    else reply.chunks[0] = chunk.subarray(n);
  }
  reply.available -= filled;
  return frame;
}
