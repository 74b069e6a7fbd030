import { afterEach, describe, expect, it } from 'vitest';
import type { HistoryMessage } from '../../src/bedrock/sonic/history.ts';
import { FakeBedrock, type FakeBedrockOptions } from '../fakes/bedrock/server.ts';
import { fakeStreamFactory, memoryLogger, sleep, until } from './helpers.ts';
import { startSession } from './session-harness.ts';

let fake: FakeBedrock;
let stopSession: (() => Promise<void>) | undefined;
async function setup(options: FakeBedrockOptions = {}) {
  fake = await FakeBedrock.start({ endpointingMs: 160, ...options });
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

const history = (pairs: number): HistoryMessage[] =>
  Array.from({ length: pairs }, (_, i) => [
    { role: 'USER' as const, text: `old question ${i}` },
    { role: 'ASSISTANT' as const, text: `old answer ${i}` },
  ]).flat();

const historyBlocks = (i: number) =>
  fake.streams[i]?.textBlocks.filter((b) => b.role !== 'SYSTEM' && !b.interactive).length ?? 0;

describe('Sonic session start-up (observed profile)', () => {
  it('writes the AUDIO contentStart only after the service answered the setup, with history paced before it', async () => {
    await setup();
    fake.script.add({ user: 'hello', reply: 'Hi.', replyAudioMs: 150 });
    const { rec, user, waitTurns } = run({ history: history(3), historyPaceMs: 15 });
    user.say(300);
    await waitTurns(1);
    const events = fake.streams[0]!.events;
    const audioStart = events.findIndex((e) => e.name === 'contentStart' && e.body['type'] === 'AUDIO');
    const historyStarts = events
      .slice(0, audioStart)
      .filter((e) => e.name === 'contentStart' && e.body['type'] === 'TEXT' && e.body['role'] !== 'SYSTEM');
    expect(historyStarts).toHaveLength(6);
    expect(events[audioStart]!.atMs).toBeGreaterThanOrEqual(fake.streams[0]!.firstOutputAtMs ?? Infinity);
    // Paced: the history blocks did not arrive in one burst.
    const first = historyStarts[0]!.atMs;
    const last = historyStarts.at(-1)!.atMs;
    expect(last - first).toBeGreaterThanOrEqual(5 * 10);
    expect(rec.lines).toEqual(['USER: hello', 'ASSISTANT: Hi.']);
  });

  it('recovers from "Chat history should be sent completely before streaming audio" with one retry and no lost audio', async () => {
    await setup();
    fake.raceHistory(1);
    fake.script.add({ user: 'where is my order', reply: 'It ships tomorrow.', replyAudioMs: 150 });
    const { rec, user, waitTurns } = run({ history: history(2) });
    user.say(400);
    await waitTurns(1);
    expect(fake.streams).toHaveLength(2);
    expect(fake.streams[0]?.end).toBe('exception:validationException');
    expect(historyBlocks(1)).toBe(4); // the retry kept the history
    expect(rec.lines).toEqual(['USER: where is my order', 'ASSISTANT: It ships tomorrow.']);
    expect(rec.failed).toEqual([]);
  });

  it('retries a stream whose history was refused once with trimmed history, then with none — never the same history again', async () => {
    await setup({ maxHistoryMessages: 3 });
    fake.script.add({ user: 'hello again', reply: 'Welcome back.', replyAudioMs: 150 });
    const { rec, user, waitTurns } = run({ history: history(6) });
    await fake.waitForStreams(3);
    user.say(300);
    await waitTurns(1);
    expect([0, 1, 2].map(historyBlocks)).toEqual([12, 4, 0]);
    expect(fake.streams.slice(0, 2).map((s) => s.end)).toEqual([
      'exception:validationException',
      'exception:validationException',
    ]);
    expect(fake.streams).toHaveLength(3);
    expect(rec.lines).toEqual(['USER: hello again', 'ASSISTANT: Welcome back.']);
    expect(rec.failed).toEqual([]);
  });

  it('wraps a tool result that is not a JSON object as {"result": …} and reads double-encoded tool input', async () => {
    await setup();
    fake.script.add({
      user: 'status of A1',
      reply: 'A1 has shipped.',
      replyAudioMs: 150,
      tools: [{ name: 'get_order', input: { orderId: 'A1' }, doubleEncode: true }],
    });
    const inputs: unknown[] = [];
    const { rec, user, waitTurns } = run({
      toolHandler: (_name, input) => {
        inputs.push(input);
        return Promise.resolve('shipped');
      },
    });
    user.say(300);
    await waitTurns(1);
    expect(inputs).toEqual([{ orderId: 'A1' }]);
    expect(fake.streams[0]?.toolResults.map((r) => JSON.parse(r.content) as unknown)).toEqual([
      { result: 'shipped' },
    ]);
    expect(fake.streams).toHaveLength(1);
    expect(rec.lines).toEqual(['USER: status of A1', 'ASSISTANT: A1 has shipped.']);
  });
});

describe('Sonic session rotation (observed profile)', () => {
  it('makes the forced switch wait for the reply in progress (an owed tool result) instead of cutting it', async () => {
    await setup();
    fake.script.add({
      user: 'check my order',
      reply: 'It is packed.',
      replyAudioMs: 150,
      tools: [{ name: 'get_order', input: { orderId: 'B2' } }],
    });
    const { rec, user, waitTurns } = run({
      rotateMs: 600,
      rotateForceMs: 300,
      rotateForceMaxMs: 10_000,
      toolHandler: async () => {
        await sleep(1500);
        return { status: 'packed' };
      },
    });
    user.say(300);
    await waitTurns(1);
    await until(() => rec.rotations.length > 0, 5000, 'the rotation');
    expect(rec.rotations).not.toContain('forced');
    expect(fake.streams[0]?.turnsDone).toBe(1); // the first stream finished the reply
    expect(fake.streams[0]?.toolResults).toHaveLength(1);
    expect(rec.lines).toEqual(['USER: check my order', 'ASSISTANT: It is packed.']);
  });

  it('recreates a prepared next stream that idled past the input timeout, then switches to a live one', async () => {
    await setup({ noInputTimeoutMs: 500 });
    fake.script.add({ user: 'a long question', reply: 'A short answer.', replyAudioMs: 150 });
    const { rec, user, waitTurns, session } = run({ rotateMs: 200, rotateForceMs: 20_000, keepaliveMs: 100 });
    await sleep(150);
    user.say(1600); // no turn boundary while the prepared stream waits
    await waitTurns(1);
    await until(() => rec.rotations.length > 0, 5000, 'the switch');
    const timedOut = fake.streams.filter((s) => s.end === 'exception:validationException');
    expect(timedOut.length).toBeGreaterThanOrEqual(1);
    expect(rec.failed).toEqual([]);
    expect(session.state).not.toBe('closed');
    // The switch went to a recreated stream, alive and carrying the audio.
    const firstLive = fake.streams.findIndex((st, i) => i > 0 && st.audioTimes.length > 0);
    expect(firstLive).toBeGreaterThan(fake.streams.indexOf(timedOut[0]!));
  });

  it('rotates before temporary credentials expire when the credential provider reports an expiry', async () => {
    await setup();
    const { log } = memoryLogger();
    const expiresAt = new Date(Date.now() + 3 * 60_000 + 700); // 3 min margin + 0.7 s
    const streamFactory = Object.assign(fakeStreamFactory(fake, log), {
      credentialExpiry: () => Promise.resolve(expiresAt),
    });
    const { rec } = run({ streamFactory, rotateMs: 360_000 });
    await until(() => rec.rotations.length > 0, 5000, 'the rotation before expiry');
    expect(rec.rotations[0]).toBe('boundary');
    await fake.waitForStreams(2);
    await until(() => (fake.streams[1]?.audioTimes.length ?? 0) > 0, 5000, 'audio on the new stream');
  });
});
