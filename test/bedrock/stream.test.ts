import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SonicError } from '../../src/bedrock/sonic/errors.ts';
import * as ev from '../../src/bedrock/sonic/events-in.ts';
import type { SonicOutputEvent } from '../../src/bedrock/sonic/events-out.ts';
import type { SonicStream } from '../../src/bedrock/sonic/stream.ts';
import { FakeBedrock } from '../fakes/bedrock/server.ts';
import type { StreamExceptionType } from '../fakes/bedrock/wire.ts';
import { fakeStreamFactory, memoryLogger, silence, speech, until } from './helpers.ts';

let fake: FakeBedrock;
beforeEach(async () => {
  fake = await FakeBedrock.start({
    endpointingMs: 300,
    noInputTimeoutMs: 5000,
    secretAccessKey: 'fake-secret',
  });
});
afterEach(async () => {
  await fake.close();
});

/** The reply's end (rule 3 of the reference turn model): ASSISTANT AUDIO contentEnd END_TURN. */
const replyEnded = (e: SonicOutputEvent) =>
  e.type === 'contentEnd' && e.contentType === 'AUDIO' && e.stopReason === 'END_TURN';

function open(onEvent: (e: SonicOutputEvent) => void = () => undefined) {
  const events: SonicOutputEvent[] = [];
  let closed: { error: SonicError | undefined } | undefined;
  const { log, lines } = memoryLogger();
  const factory = fakeStreamFactory(fake, log);
  const stream: SonicStream = factory({
    onEvent: (e) => {
      events.push(e);
      onEvent(e);
    },
    onClose: (error) => (closed = { error }),
  });
  const prompt = randomUUID();
  const audio = randomUUID();
  const setup = () => {
    stream.write(ev.sessionStart({ maxTokens: 1024, topP: 0.9, temperature: 0.7, endpointing: 'HIGH' }));
    stream.write(ev.promptStart({ promptName: prompt, voiceId: 'tiffany' }));
    for (const e of ev.textBlock(prompt, randomUUID(), 'SYSTEM', 'You are a help desk.', false))
      stream.write(e);
    stream.write(ev.audioContentStart(prompt, audio));
  };
  const say = (samples: Int16Array) => {
    for (let i = 0; i < samples.length; i += 512)
      stream.write(ev.audioInput(prompt, audio, samples.subarray(i, i + 512)));
  };
  return { stream, events, closed: () => closed, setup, say, prompt, audio, lines };
}

describe('Sonic stream on the real SDK against the loopback Bedrock', () => {
  it('queues the setup before the service answers, completes a turn and closes cleanly in order', async () => {
    fake.script.add({ user: 'where is my parcel', reply: 'It is on its way.', replyAudioMs: 300 });
    const s = open();
    s.setup();
    s.say(speech(500));
    s.say(silence(400));
    await until(() => s.events.some(replyEnded), 10_000, 'the reply audio END_TURN');
    const user = s.events.find((e) => e.type === 'textOutput' && e.role === 'USER');
    expect(user).toMatchObject({ content: 'where is my parcel' });
    expect(s.events.filter((e) => e.type === 'audioOutput').length).toBeGreaterThan(0);
    await s.stream.close();
    expect(s.closed()).toEqual({ error: undefined });
    const record = fake.streams[0];
    expect(record?.names().slice(-3)).toEqual(['contentEnd', 'promptEnd', 'sessionEnd']);
    expect(record?.end).toBe('sessionEnd');
    expect(record?.violations).toEqual([]);
  });

  it('keeps the stream running when an event listener throws, and logs it', async () => {
    fake.script.add({ user: 'hi', reply: 'Hello.', replyAudioMs: 200 });
    const s = open((e) => {
      if (e.type === 'audioOutput') throw new Error('listener bug');
    });
    s.setup();
    s.say(speech(300));
    s.say(silence(400));
    await until(() => s.events.some(replyEnded), 10_000, 'the reply audio END_TURN');
    expect(s.closed()).toBeUndefined();
    expect(s.lines().some((l) => l['msg'] === 'sonic event handler threw')).toBe(true);
    await s.stream.close();
  });

  const cases: [StreamExceptionType, string, string, boolean][] = [
    ['modelTimeoutException', 'Model has timed out', 'modelTimeout', true],
    ['modelStreamErrorException', 'boom', 'modelStreamError', true],
    ['throttlingException', 'slow down', 'throttled', true],
    ['serviceUnavailableException', 'down', 'unavailable', true],
    ['internalServerException', 'oops', 'internal', true],
    ['validationException', 'Timed out waiting for input events', 'inputTimeout', true],
    ['validationException', 'System instability detected. Please retry your request.', 'internal', true],
    ['validationException', 'Invalid input request', 'validation', false],
    [
      'validationException',
      'Chat history should be sent completely before streaming audio.',
      'historyRace',
      true,
    ],
    ['validationException', 'Tool Response parsing error', 'toolResult', true],
  ];
  for (const [type, message, code, recoverable] of cases) {
    it(`maps a mid-stream ${type} (${message}) to ${code}, recoverable=${String(recoverable)}`, async () => {
      const s = open();
      s.setup();
      s.say(silence(100));
      await fake.waitForStreams(1);
      await until(() => (fake.streams[0]?.audioTimes.length ?? 0) > 0, 5000, 'audio at the fake');
      fake.raise(fake.streams[0]!, type, message);
      await until(() => s.closed() !== undefined, 5000, 'close');
      expect(s.closed()?.error).toMatchObject({ name: 'SonicError', code, recoverable });
    });
  }

  it('treats a response that ends without our sessionEnd as a recoverable failure', async () => {
    const s = open();
    s.setup();
    await fake.waitForStreams(1);
    await until(() => (fake.streams[0]?.events.length ?? 0) >= 5, 5000, 'setup at the fake');
    fake.endSilently(fake.streams[0]!);
    await until(() => s.closed() !== undefined, 5000, 'close');
    expect(s.closed()?.error).toMatchObject({ code: 'streamEnded', recoverable: true });
  });

  it('surfaces an order violation as a non-recoverable validation error', async () => {
    const s = open();
    s.stream.write(ev.sessionStart({ maxTokens: 1, topP: 1, temperature: 0 }));
    s.stream.write(ev.promptStart({ promptName: s.prompt, voiceId: 'tiffany' }));
    s.say(silence(40)); // audio before its contentStart
    await until(() => s.closed() !== undefined, 5000, 'close');
    expect(s.closed()?.error).toMatchObject({ code: 'validation', recoverable: false });
    expect(fake.streams[0]?.violations).toEqual(['audioInput for an unknown audio content']);
  });

  it('signs the request and every event so the server can verify the chain (wrong key: access denied)', async () => {
    const s = open();
    s.setup();
    s.say(silence(200));
    await until(() => (fake.streams[0]?.audioTimes.length ?? 0) > 0, 5000, 'verified audio');
    expect(fake.streams[0]?.violations).toEqual([]);
    await s.stream.close();
    const strict = await FakeBedrock.start({ secretAccessKey: 'another-secret' });
    const previous = fake;
    fake = strict;
    try {
      const t = open();
      t.setup();
      await until(() => t.closed() !== undefined, 5000, 'close');
      expect(t.closed()?.error).toMatchObject({ code: 'accessDenied', recoverable: false });
    } finally {
      fake = previous;
      await strict.close();
    }
  });

  it('never lets the SDK write to the console when a stream fails', async () => {
    const spies = (['log', 'warn', 'error', 'info', 'debug'] as const).map((m) => vi.spyOn(console, m));
    try {
      const s = open();
      s.setup();
      await fake.waitForStreams(1);
      await until(() => (fake.streams[0]?.events.length ?? 0) >= 5, 5000, 'setup');
      fake.raise(fake.streams[0]!, 'modelStreamErrorException');
      await until(() => s.closed() !== undefined, 5000, 'close');
      for (const spy of spies) expect(spy).not.toHaveBeenCalled();
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });

  it('maps a refused stream open (HTTP 429) to throttled', async () => {
    fake.rejectNextOpen({ status: 429, errorType: 'ThrottlingException' });
    const s = open();
    s.setup();
    await until(() => s.closed() !== undefined, 5000, 'close');
    expect(s.closed()?.error).toMatchObject({ code: 'throttled', recoverable: true });
  });
});
