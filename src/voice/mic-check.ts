/**
 * The mic check: record one speaker's next utterance (from the first voiced frame until ~1 s of
 * silence) and play it back to the channel, so a member hears how they sound to the bot.
 */
import type { Pcm } from './pcm.ts';
import { rms } from './pcm.ts';
import { REPLY_RATE } from './playback.ts';
import { createResampler } from './resample.ts';
import type { VoiceRoom } from './room.ts';
import { INPUT_RATE } from './speaker-input.ts';

export interface RecordOptions {
  /** Quiet time that ends the utterance. */
  readonly silenceMs?: number;
  /** Longest utterance kept. */
  readonly maxMs?: number;
  /** How long to wait for the speaker to start. */
  readonly startTimeoutMs?: number;
  /** RMS level (s16) above which a frame counts as speech. */
  readonly threshold?: number;
  readonly signal?: AbortSignal;
}

const FRAME_MS = 20;
const KEEP_TAIL_FRAMES = 10; // keep 200 ms of the closing silence

/** Records `userId`'s next utterance as 16 kHz mono, or `undefined` if they said nothing in time. */
export function recordUtterance(
  room: Pick<VoiceRoom, 'listen'>,
  userId: string,
  options: RecordOptions = {},
): Promise<Pcm | undefined> {
  const silenceFrames = Math.ceil((options.silenceMs ?? 1000) / FRAME_MS);
  const maxFrames = Math.ceil((options.maxMs ?? 15_000) / FRAME_MS);
  const startFrames = Math.ceil((options.startTimeoutMs ?? 20_000) / FRAME_MS);
  const threshold = options.threshold ?? 400;
  return new Promise((resolve) => {
    const frames: Int16Array[] = [];
    let waited = 0;
    let quiet = 0;
    const finish = (result: Pcm | undefined) => {
      stop();
      options.signal?.removeEventListener('abort', abort);
      resolve(result);
    };
    const abort = () => finish(undefined);
    options.signal?.addEventListener('abort', abort, { once: true });
    const stop = room.listen((speaker, frame) => {
      if (speaker !== userId) return;
      const loud = frame.voiced && rms(frame.samples) >= threshold;
      if (frames.length === 0) {
        if (loud) frames.push(frame.samples.slice());
        else if (++waited >= startFrames) finish(undefined);
        return;
      }
      frames.push(frame.samples.slice());
      quiet = loud ? 0 : quiet + 1;
      if (quiet >= silenceFrames || frames.length >= maxFrames) {
        const keep = frames.length - Math.max(0, quiet - KEEP_TAIL_FRAMES);
        finish(join(frames.slice(0, keep)));
      }
    });
    if (options.signal?.aborted) abort();
  });
}

/** Plays 16 kHz mono `utterance` back through the room's playback queue (as speaker `replyId`). */
export function playBack(room: Pick<VoiceRoom, 'playback'>, replyId: string, utterance: Pcm): void {
  const resampler = createResampler(utterance.sampleRate, REPLY_RATE);
  const head = resampler.process(utterance.samples);
  const tail = resampler.flush();
  const samples = new Int16Array(head.length + tail.length);
  samples.set(head);
  samples.set(tail, head.length);
  room.playback.enqueue(replyId, { samples, sampleRate: REPLY_RATE, channels: 1 });
  room.playback.endReply(replyId);
}

function join(frames: readonly Int16Array[]): Pcm {
  const samples = new Int16Array(frames.reduce((n, f) => n + f.length, 0));
  let offset = 0;
  for (const f of frames) {
    samples.set(f, offset);
    offset += f.length;
  }
  return { samples, sampleRate: INPUT_RATE, channels: 1 };
}
