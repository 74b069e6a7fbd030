import { afterEach, describe, expect, it } from 'vitest';
import { SonicSession } from '../../src/bedrock/sonic/session.ts';
import { FakeBedrock } from '../fakes/bedrock/server.ts';
import { fakeStreamFactory, memoryLogger, sleep, until } from './helpers.ts';
import { startSession } from './session-harness.ts';

let fake: FakeBedrock;
afterEach(async () => {
  await fake.close();
});

/** Frame i: a ±amplitude square wave while speaking, else the constant 1 + i (quiet: below any VAD threshold). */
function codedFrame(i: number, amplitude: number | undefined): Int16Array {
  const frame = new Int16Array(320);
  for (let k = 0; k < 320; k++)
    frame[k] = amplitude === undefined ? 1 + i : Math.floor((i * 320 + k) / 27) % 2 ? amplitude : -amplitude;
  return frame;
}

describe('Sonic session rotation: audio accounting', () => {
  it('loses no frame across rotations and never sends already-answered speech to a new stream', async () => {
    fake = await FakeBedrock.start({ endpointingMs: 160, secretAccessKey: 'fake-secret' });
    fake.script.add(
      { user: 'first', reply: 'One.', replyAudioMs: 150 },
      { user: 'second', reply: 'Two.', replyAudioMs: 150 },
    );
    const { log } = memoryLogger();
    const session = new SonicSession({
      streamFactory: fakeStreamFactory(fake, log),
      log,
      voiceId: 'tiffany',
      systemPrompt: 'Help desk.',
      inference: { maxTokens: 1024, topP: 0.9, temperature: 0.7, endpointing: 'HIGH' },
      rotateMs: 1200,
      rotateForceMs: 3000,
    });
    const transcripts: string[] = [];
    session.on('userTranscript', (t) => transcripts.push(t));
    // Utterance 1 (±6000) at 0.2–0.5 s, utterance 2 (±9000) at 2.6–2.9 s; 4 s in all, pushed in real time.
    const amplitude = (i: number) => (i >= 10 && i < 25 ? 6000 : i >= 130 && i < 145 ? 9000 : undefined);
    const total = 200;
    const started = performance.now();
    for (let i = 0; i < total;) {
      const due = Math.min(total, Math.floor((performance.now() - started) / 20));
      for (; i < due; i++) session.pushAudio(codedFrame(i, amplitude(i)));
      await sleep(5);
    }
    await until(() => transcripts.length === 2, 5000, 'both transcripts');
    await session.close();

    expect(transcripts).toEqual(['first', 'second']);
    expect(fake.streams.length).toBeGreaterThanOrEqual(3);
    // No lost frames: every quiet frame's code arrived at some stream.
    const codes = new Set<number>();
    for (const stream of fake.streams)
      for (const s of stream.audioSamples()) if (s > 0 && s <= total) codes.add(s);
    const quietFrames = Array.from({ length: total }, (_, i) => i).filter((i) => amplitude(i) === undefined);
    expect(quietFrames.filter((i) => !codes.has(1 + i))).toEqual([]);
    // Utterance 1 was answered on the first stream; no later stream ever heard it again.
    for (const stream of fake.streams.slice(1))
      expect(stream.audioSamples().some((s) => Math.abs(s) === 6000)).toBe(false);
    // Each utterance was transcribed exactly once across all streams.
    const answered = fake.streams.reduce((n, s) => n + s.turnsDone, 0);
    expect(answered).toBe(2);
  });

  it('continues on a new stream when the service ends a stream at its length limit', async () => {
    fake = await FakeBedrock.start({ endpointingMs: 160, streamLimitMs: 1500 });
    fake.script.add({ user: 'still there?', reply: 'Yes.', replyAudioMs: 150 });
    const { rec, user, waitTurns, stop } = startSession(fake);
    try {
      await fake.waitForStreams(2);
      expect(fake.streams[0]?.end).toBe('exception:modelTimeoutException');
      user.say(300);
      await waitTurns(1);
      expect(rec.lines).toEqual(['USER: still there?', 'ASSISTANT: Yes.']);
      expect(rec.failed).toEqual([]);
    } finally {
      await stop();
    }
  });
});
