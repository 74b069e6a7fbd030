/**
 * The fake users' side of a soak turn: what they say, and when the bot's reply starts and ends as
 * heard at the fake voice server.
 */
import type { FakeVoiceSession } from '../test/fakes/discord/voice/index.ts';
import { SILENCE_FRAME } from '../test/fakes/discord/voice/rtp.ts';
import { fixture } from '../test/voice/fixtures.ts';
import type { Pcm } from '../src/voice/pcm.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A speech fixture and when its last voiced 20 ms frame ends (what `speak` counts as speech). */
export function utterance(name: 'alice' | 'bob'): { pcm: Pcm; speechMs: number } {
  const pcm = fixture(name);
  let last = 0;
  for (let n = 0; (n + 1) * 960 <= pcm.samples.length; n++) {
    const frame = pcm.samples.subarray(n * 960, (n + 1) * 960);
    if (frame.some((s) => Math.abs(s) >= 64)) last = n;
  }
  return { pcm, speechMs: (last + 1) * 20 };
}

/** First bot audio packet at or after `since`, scanning from index `from`. */
export async function firstAudio(session: FakeVoiceSession, from: number, since: number, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  let i = from;
  while (Date.now() < deadline) {
    for (; i < session.received.length; i++) {
      const p = session.received[i];
      if (p && p.at >= since && !p.opus.equals(SILENCE_FRAME)) return { at: p.at, index: i };
    }
    await sleep(10);
  }
  return undefined;
}

/** Waits until the bot has sent no audio for 400 ms. */
export async function replyDone(session: FakeVoiceSession, from: number): Promise<void> {
  let last = Date.now();
  for (let i = from; Date.now() - last < 400; await sleep(50)) {
    for (; i < session.received.length; i++) {
      const p = session.received[i];
      if (p && !p.opus.equals(SILENCE_FRAME)) last = Math.max(last, p.at);
    }
  }
}
