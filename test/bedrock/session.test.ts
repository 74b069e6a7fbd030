import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RealismProfile } from '../fakes/bedrock/realism.ts';
import { FakeBedrock, type FakeBedrockOptions } from '../fakes/bedrock/server.ts';
import { sleep, until } from './helpers.ts';
import { startSession } from './session-harness.ts';

let fake: FakeBedrock;
let stopSession: (() => Promise<void>) | undefined;
/** The key conversations run under both realism profiles of the loopback. */
const PROFILES: RealismProfile[] = ['observed', 'documented'];
let profile: RealismProfile = 'observed';
async function setup(options: FakeBedrockOptions = {}) {
  fake = await FakeBedrock.start({ endpointingMs: 160, secretAccessKey: 'fake-secret', profile, ...options });
  return fake;
}
afterEach(async () => {
  await stopSession?.();
  stopSession = undefined;
  await fake.close();
});

function run(overrides: Parameters<typeof startSession>[1] = {}) {
  const s = startSession(fake, overrides);
  stopSession = s.stop;
  return s;
}

describe.each(PROFILES)('Sonic session (%s profile): turns', (p) => {
  beforeEach(() => {
    profile = p;
  });

  it('answers a spoken question with transcript, speculative and final text, 24 kHz audio, usage and latency', async () => {
    await setup();
    fake.script.add({ user: 'where is my order', reply: 'It ships tomorrow.', replyAudioMs: 200 });
    const { rec, user, waitTurns, session } = run();
    user.say(300);
    await waitTurns(1);
    expect(rec.lines).toEqual(['USER: where is my order', 'ASSISTANT: It ships tomorrow.']);
    expect(rec.speculative).toEqual(['It ships tomorrow.']);
    expect(rec.audioSamples).toBe(4800); // 200 ms at 24 kHz
    // Usage is summed whenever it arrives (many events per turn, some after the reply ended).
    await until(
      () => session.usage.output.textTokens >= Math.ceil('It ships tomorrow.'.length / 4),
      5000,
      'usage',
    );
    expect(session.usage.input.speechTokens).toBeGreaterThan(0);
    expect(rec.usage.at(-1)?.total.input.speechTokens).toBeLessThanOrEqual(session.usage.input.speechTokens);
    expect(rec.latencies).toHaveLength(1);
    expect(rec.latencies[0]).toBeGreaterThanOrEqual(160); // at least the endpointing pause
    const audioIn = fake.streams[0]?.events.filter((e) => e.name === 'audioInput') ?? [];
    expect(audioIn.every((e) => e.body['samples'] === 512)).toBe(true);
  });

  it('runs tool calls through the injected handler, several pending at once, and returns TOOL results', async () => {
    await setup();
    fake.script.add({
      user: 'status of A1 and B2',
      reply: 'A1 shipped, B2 is packed.',
      replyAudioMs: 150,
      tools: [
        { name: 'get_order', input: { orderId: 'A1' }, check: (c) => c.includes('shipped') },
        { name: 'get_order', input: { orderId: 'B2' }, check: (c) => c.includes('packed') },
      ],
    });
    const calls: unknown[] = [];
    const { rec, user, waitTurns } = run({
      toolHandler: async (name, input, signal) => {
        calls.push({ name, input, aborted: signal.aborted });
        await sleep(20);
        return { status: (input as { orderId: string }).orderId === 'A1' ? 'shipped' : 'packed' };
      },
    });
    user.say(300);
    await waitTurns(1);
    expect(calls).toEqual([
      { name: 'get_order', input: { orderId: 'A1' }, aborted: false },
      { name: 'get_order', input: { orderId: 'B2' }, aborted: false },
    ]);
    expect(rec.tools.map((t) => t.input)).toEqual([{ orderId: 'A1' }, { orderId: 'B2' }]);
    expect(fake.streams[0]?.toolResults.map((r) => JSON.parse(r.content) as unknown)).toEqual([
      { status: 'shipped' },
      { status: 'packed' },
    ]);
    expect(rec.lines).toEqual(['USER: status of A1 and B2', 'ASSISTANT: A1 shipped, B2 is packed.']);
  });

  it('reports a barge-in when the user talks over the reply, then answers the new question', async () => {
    await setup();
    fake.script.add(
      {
        user: 'tell me everything',
        reply: 'Well, it is a long story that goes on and on.',
        replyAudioMs: 3000,
      },
      { user: 'stop', reply: 'Okay.', replyAudioMs: 150 },
    );
    const { rec, user, waitTurns } = run();
    user.say(300);
    await until(() => rec.audioSamples > 0, 5000, 'reply audio');
    await sleep(600); // the user hears part of the reply, then talks over it
    user.say(300);
    await waitTurns(2);
    expect(rec.bargeIns).toBe(1);
    const final = rec.lines[1] ?? '';
    expect(final.startsWith('ASSISTANT: Well')).toBe(true);
    expect(final.length).toBeLessThan('ASSISTANT: Well, it is a long story that goes on and on.'.length);
    expect(rec.lines.slice(2)).toEqual(['USER: stop', 'ASSISTANT: Okay.']);
  });

  it('speaks after every barge-in: a 6-turn conversation with two barge-ins has reply audio for every later turn', async () => {
    await setup();
    const long = (n: number) => ({
      user: `long question ${n}`,
      reply: `Well, answer ${n} is a long story that goes on and on and on.`,
      replyAudioMs: 3000,
      final: 4000 as const,
    });
    const short = (n: number) => ({ user: `question ${n}`, reply: `Answer ${n}.`, replyAudioMs: 200 });
    fake.script.add(long(1), short(2), long(3), short(4), short(5), short(6));
    const { rec, user, waitTurns, session } = run();
    const audioPerReply = new Map<number, number>();
    let current = 0;
    session.on('replyStarted', (id) => (current = id));
    session.on('assistantAudio', (s) =>
      audioPerReply.set(current, (audioPerReply.get(current) ?? 0) + s.length),
    );
    for (let turn = 1; turn <= 6; turn++) {
      user.say(300);
      if (turn === 1 || turn === 3) {
        await until(
          () => (audioPerReply.get(current) ?? 0) > 0 && current >= turn,
          5000,
          `reply ${turn} audio`,
        );
        await sleep(600); // the user hears part of the long reply, then talks over it
        continue;
      }
      await waitTurns(turn);
      await sleep(150);
    }
    expect(rec.bargeIns).toBe(2);
    expect(rec.lines.filter((l) => l.startsWith('USER'))).toEqual(
      [1, 2, 3, 4, 5, 6].map((n) => `USER: ${n % 2 === 1 && n < 4 ? 'long ' : ''}question ${n}`),
    );
    // Every reply after a barge-in was heard.
    for (let id = 1; id <= 6; id++) expect(audioPerReply.get(id) ?? 0).toBeGreaterThan(0);
    expect(rec.lines).toHaveLength(12);
  });
});

describe('Sonic session: failures', () => {
  beforeEach(() => {
    profile = 'observed';
  });

  const recoverable = [
    'modelStreamErrorException',
    'internalServerException',
    'serviceUnavailableException',
    'throttlingException',
    'modelTimeoutException',
  ] as const;
  for (const exception of recoverable) {
    it(`continues on a new stream after ${exception} mid-reply, without repeating or losing the turn`, async () => {
      await setup();
      fake.script.add(
        {
          user: 'first question',
          reply: 'First answer.',
          replyAudioMs: 200,
          fail: { at: 'audio', exception },
        },
        { user: 'second question', reply: 'Second answer.', replyAudioMs: 150 },
      );
      const { rec, user, waitTurns } = run();
      user.say(300);
      await waitTurns(1);
      user.say(300);
      await waitTurns(2);
      expect(rec.lines).toEqual([
        'USER: first question',
        'ASSISTANT: First answer.',
        'USER: second question',
        'ASSISTANT: Second answer.',
      ]);
      expect(fake.streams).toHaveLength(2);
      expect(fake.streams[0]?.end).toBe(`exception:${exception}`);
      // The unanswered question is asked again as interactive text after the audio started.
      expect(fake.streams[1]?.textBlocks.slice(1)).toEqual([
        { role: 'USER', interactive: true, text: 'first question' },
      ]);
      expect(rec.failed).toEqual([]);
    });
  }

  it('recovers from a stream that ends silently after the transcript', async () => {
    await setup();
    fake.script.add({ user: 'hello', reply: 'Hi there.', replyAudioMs: 150, fail: { at: 'transcript' } });
    const { rec, user, waitTurns } = run();
    user.say(300);
    await waitTurns(1);
    expect(fake.streams[0]?.end).toBe('silent');
    expect(rec.lines).toEqual(['USER: hello', 'ASSISTANT: Hi there.']);
  });

  it('replays the unanswered speech to the new stream when the stream dies mid-utterance', async () => {
    await setup();
    fake.script.add({ user: 'my long question', reply: 'Answer.', replyAudioMs: 150 });
    const { rec, user, waitTurns } = run();
    user.say(600);
    await until(() => (fake.streams[0]?.audioTimes.length ?? 0) > 8, 5000, 'some speech at the fake');
    fake.raise(fake.streams[0]!, 'internalServerException');
    await waitTurns(1);
    expect(rec.lines).toEqual(['USER: my long question', 'ASSISTANT: Answer.']);
    const second = fake.streams[1]!.audioSamples();
    const loud = second.reduce((n, s) => n + (Math.abs(s) > 3000 ? 1 : 0), 0);
    expect(loud).toBeGreaterThan(0.6 * 16 * 600 * 0.6); // most of the 600 ms of speech arrived again
  });

  it('gives up on a non-recoverable error and reports it once', async () => {
    await setup();
    const { rec, session } = run();
    await fake.waitForStreams(1);
    await until(() => (fake.streams[0]?.audioTimes.length ?? 0) > 0, 5000, 'audio');
    fake.raise(fake.streams[0]!, 'validationException', 'Received invalid voiceId');
    await until(() => session.state === 'closed', 5000, 'closed');
    expect(rec.failed.map((e) => e.code)).toEqual(['validation']);
    expect(fake.streams).toHaveLength(1);
  });

  it('stops after the configured number of consecutive recoveries', async () => {
    await setup();
    const { rec, session } = run({ maxRecoveries: 2 });
    for (let i = 0; i < 3; i++) {
      await fake.waitForStreams(i + 1);
      await until(() => (fake.streams[i]?.events.length ?? 0) > 4, 5000, 'setup');
      fake.raise(fake.streams[i]!, 'serviceUnavailableException');
    }
    await until(() => session.state === 'closed', 5000, 'closed');
    expect(rec.failed.map((e) => e.code)).toEqual(['unavailable']);
    expect(fake.streams).toHaveLength(3);
  });
});

describe.each(PROFILES)('Sonic session (%s profile): long conversations', (p) => {
  beforeEach(() => {
    profile = p;
  });

  it('rotates streams during a long conversation with the transcript intact turn by turn', async () => {
    await setup();
    const turns = Array.from({ length: 6 }, (_, i) => ({
      user: `question ${i}`,
      reply: `Answer ${i}.`,
      replyAudioMs: 150,
    }));
    fake.script.add(...turns);
    const { rec, user, waitTurns } = run({ rotateMs: 1200, rotateForceMs: 2000 });
    for (let i = 0; i < turns.length; i++) {
      user.say(250);
      await waitTurns(i + 1);
      await sleep(200);
    }
    expect(rec.lines).toEqual(turns.flatMap((t) => [`USER: ${t.user}`, `ASSISTANT: ${t.reply}`]));
    expect(fake.streams.length).toBeGreaterThanOrEqual(3);
    // Each later stream got the history as non-interactive text, USER first and alternating.
    const later = fake.streams[fake.streams.length - 1]!;
    const history = later.textBlocks.filter((b) => b.role !== 'SYSTEM');
    expect(history.length).toBeGreaterThan(0);
    expect(history.every((b) => !b.interactive)).toBe(true);
    expect(history[0]?.role).toBe('USER');
    history.forEach((b, i) => expect(b.role).toBe(i % 2 === 0 ? 'USER' : 'ASSISTANT'));
    // With pauses between turns, every switch happened at a reply boundary (never the forced cut),
    // and no later stream was asked an answered question again (no interactive USER text).
    expect(rec.rotations.length).toBeGreaterThanOrEqual(2);
    expect(rec.rotations.every((r) => r === 'boundary')).toBe(true);
    expect(fake.streams.every((s) => s.textBlocks.every((b) => !b.interactive))).toBe(true);
    expect(history.map((b) => b.text)).toContain('Answer 0.');
    // Old streams were closed cleanly, and no stream heard speech it had already answered.
    expect(fake.streams.slice(0, -1).every((s) => s.end === 'sessionEnd')).toBe(true);
    const transcribed = fake.streams.reduce((n, s) => n + s.turnsDone, 0);
    expect(transcribed).toBe(turns.length);
  });

  it('switches a silent speaker to the next stream after the rotation time', async () => {
    await setup();
    const { rec, session } = run({ rotateMs: 300, rotateForceMs: 1000 });
    await fake.waitForStreams(3);
    expect(rec.failed).toEqual([]);
    expect(session.state).not.toBe('closed');
    expect(fake.streams[0]?.end).toBe('sessionEnd');
  });

  it('keeps a stream alive when the audio source stalls (no-input timeout never fires)', async () => {
    await setup({ noInputTimeoutMs: 300 });
    const { rec, user } = run({ keepaliveMs: 100 });
    user.mute(true);
    await sleep(1200);
    expect(fake.streams).toHaveLength(1);
    expect(fake.streams[0]?.end).toBe('open');
    expect(fake.streams[0]?.audioTimes.length).toBeGreaterThan(5);
    expect(rec.failed).toEqual([]);
  });

  it('closes with contentEnd, promptEnd and sessionEnd', async () => {
    await setup();
    const { session } = run();
    await until(() => (fake.streams[0]?.audioTimes.length ?? 0) > 2, 5000, 'audio');
    await session.close();
    expect(fake.streams[0]?.names().slice(-3)).toEqual(['contentEnd', 'promptEnd', 'sessionEnd']);
    expect(fake.streams[0]?.end).toBe('sessionEnd');
    expect(session.state).toBe('closed');
  });
});
