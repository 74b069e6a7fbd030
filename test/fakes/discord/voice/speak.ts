/**
 * Fake users talking: 48 kHz mono PCM (a WAV fixture) is encoded like a Discord client does
 * (20 ms stereo Opus) and sent in real time, paced from a monotonic clock, into whatever voice
 * session the guild has at that moment (so a user can already be talking when the bot joins).
 * Like a real client, a user stops sending during silence (after five silence frames).
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { OpusEncoder } from '../../../../src/voice/opus.ts';
import { upmix, type Pcm } from '../../../../src/voice/pcm.ts';
import { rtpHeader, SILENCE_FRAME } from './rtp.ts';
import type { FakeVoiceServer } from './server.ts';

const FRAME = 960; // 20 ms at 48 kHz
const SILENT_PEAK = 64;

export interface SpeakOptions {
  readonly signal?: AbortSignal;
  /** Repeat the audio until aborted. */
  readonly loop?: boolean;
}

function peak(frame: Int16Array): number {
  let max = 0;
  for (const s of frame) max = Math.max(max, Math.abs(s));
  return max;
}

/** `userId` says `speech` (48 kHz mono) in `guildId`, in real time. Resolves when done or aborted. */
export async function speak(
  server: FakeVoiceServer,
  guildId: string,
  userId: string,
  speech: Pcm,
  options: SpeakOptions = {},
): Promise<void> {
  if (speech.sampleRate !== 48_000 || speech.channels !== 1) throw new Error('speak() takes 48 kHz mono');
  const encoder = new OpusEncoder({ sampleRate: 48_000, channels: 2, bitrate: 64_000 });
  const stream = server.userStream(userId);
  const start = performance.now();
  let silentRun = 0;
  try {
    for (let n = 0; !options.signal?.aborted; n++) {
      const offset = (n * FRAME) % (speech.samples.length - FRAME);
      if (!options.loop && (n + 1) * FRAME > speech.samples.length) break;
      const frame = speech.samples.subarray(offset, offset + FRAME);
      silentRun = peak(frame) < SILENT_PEAK ? silentRun + 1 : 0;
      if (silentRun <= 5) {
        const opus =
          silentRun > 0 ? SILENCE_FRAME : encoder.encode(upmix({ ...speech, samples: frame }).samples);
        server.current(guildId)?.sendAudio(userId, stream, opus);
        stream.sequence = (stream.sequence + 1) & 0xffff;
      }
      stream.timestamp = (stream.timestamp + FRAME) >>> 0;
      const due = start + (n + 1) * 20;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
    }
  } finally {
    encoder.destroy();
  }
}

/**
 * Sends `count` corrupt packets as `userId`: a third random bytes, a third with a valid header
 * but garbage ciphertext (authentication fails), a third correctly encrypted garbage Opus.
 */
export async function sendGarbage(
  server: FakeVoiceServer,
  guildId: string,
  userId: string,
  count: number,
): Promise<void> {
  const stream = server.userStream(userId);
  const session = server.current(guildId);
  if (!session) throw new Error('sendGarbage: no voice session');
  session.sendAudio(userId, stream, SILENCE_FRAME); // announce the SSRC
  for (let i = 0; i < count; i++) {
    const junk = randomBytes(1 + Math.floor(Math.random() * 200));
    const header = {
      ssrc: stream.ssrc,
      sequence: (stream.sequence = (stream.sequence + 1) & 0xffff),
      timestamp: 0,
    };
    if (i % 3 === 0) session.sendRaw(junk);
    else if (i % 3 === 1) session.sendRaw(Buffer.concat([rtpHeader(header), junk, randomBytes(20)]));
    else session.sendAudio(userId, stream, junk);
    if (i % 200 === 199) await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
