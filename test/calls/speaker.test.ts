import { afterEach, describe, expect, it } from 'vitest';
import type { HistoryMessage } from '../../src/bedrock/sonic/history.ts';
import { SonicSession } from '../../src/bedrock/sonic/session.ts';
import type { ToolHandler } from '../../src/bedrock/sonic/session-options.ts';
import { SessionBudget } from '../../src/calls/session-budget.ts';
import { SpeakerAssistant, type ReplySink, type SpeakerDeps } from '../../src/calls/speaker.ts';
import type { TranscriptEntry } from '../../src/calls/transcript-store.ts';
import { Metrics } from '../../src/ops/metrics.ts';
import {
  fakeStreamFactory,
  frames,
  memoryLogger,
  silence,
  sleep,
  speech,
  until,
} from '../bedrock/helpers.ts';
import { FakeBedrock } from '../fakes/bedrock/server.ts';

/** The playback seam: records what would be played for whom. */
class RecordingSink implements ReplySink {
  readonly played = new Map<string, number>();
  readonly #playing = new Set<string>();
  interrupts = 0;
  enqueue(speakerId: string, samples: Int16Array): void {
    this.played.set(speakerId, (this.played.get(speakerId) ?? 0) + samples.length);
    this.#playing.add(speakerId);
  }
  endReply(): void {}
  interrupt(speakerId: string): void {
    this.interrupts += 1;
    this.#playing.delete(speakerId);
  }
  playing(speakerId: string): boolean {
    return this.#playing.has(speakerId);
  }
}

let fake: FakeBedrock;
let speakers: SpeakerAssistant[] = [];
let clocks: NodeJS.Timeout[] = [];
afterEach(async () => {
  clocks.forEach(clearInterval);
  clocks = [];
  await Promise.all(speakers.map((s) => s.close()));
  speakers = [];
  await fake.close();
});

function setup(overrides: Partial<SpeakerDeps> = {}) {
  const { log } = memoryLogger('silent');
  const sink = new RecordingSink();
  const transcript: TranscriptEntry[] = [];
  const notices: string[] = [];
  const histories: (readonly HistoryMessage[])[] = [];
  const deps: SpeakerDeps = {
    callId: 'call-1',
    userId: 'u1',
    displayName: 'Alice',
    log,
    metrics: new Metrics({ defaultMetrics: false }),
    budget: new SessionBudget({ perCall: 8, perProcess: 20 }),
    openSession: (history, tools: ToolHandler) => {
      histories.push(history);
      return new SonicSession({
        streamFactory: fakeStreamFactory(fake, log),
        log,
        voiceId: 'tiffany',
        systemPrompt: 'test',
        inference: { maxTokens: 1024, topP: 0.9, temperature: 0.7, endpointing: 'HIGH' },
        history,
        toolHandler: tools,
        recoveryBackoffMs: 10,
      });
    },
    tools: async () => ({ status: 'shipped' }),
    replies: sink,
    transcript: (e) => transcript.push(e),
    addressing: () => ({ required: false, wakeName: 'voicedesk' }),
    notify: (_reason, message) => notices.push(message),
    idleCloseMs: 60_000,
    ...overrides,
  };
  const speaker = new SpeakerAssistant(deps);
  speakers.push(speaker);
  // A real-time clock: one frame per 20 ms, speech when queued, silence otherwise.
  const queue: Int16Array[] = [];
  const started = performance.now();
  let ticks = 0;
  clocks.push(
    setInterval(() => {
      const due = Math.floor((performance.now() - started) / 20);
      for (; ticks < due; ticks++) {
        const samples = queue.shift() ?? new Int16Array(320);
        speaker.pushFrame({ samples, voiced: samples.some((v) => v !== 0) });
      }
    }, 10),
  );
  const say = (ms: number) => queue.push(...frames(speech(ms)), ...frames(silence(100)));
  return { speaker, sink, transcript, notices, histories, say };
}

describe('SpeakerAssistant', () => {
  it('opens a session only when the speaker talks, and loses none of the first audio', async () => {
    fake = await FakeBedrock.start({ endpointingMs: 200 });
    fake.script.add({ user: 'where is my order', reply: 'It ships tomorrow.', replyAudioMs: 200 });
    const { speaker, sink, transcript, say } = setup();
    await sleep(200);
    expect(fake.streams).toHaveLength(0);
    expect(speaker.state).toBe('idle');
    say(400);
    await until(() => transcript.length === 2, 10_000, 'the turn');
    expect(transcript.map((t) => `${t.role}: ${t.text}`)).toEqual([
      'user: where is my order',
      'assistant: It ships tomorrow.',
    ]);
    expect(transcript[0]).toMatchObject({ speakerId: 'u1', speakerName: 'Alice', callId: 'call-1' });
    expect(sink.played.get('u1')).toBe(4800);
    // All 400 ms of speech (6400 samples at 16 kHz) reached the model, despite the session opening late.
    const received = fake.streams[0]?.audioSamples() ?? new Int16Array();
    expect(received.filter((v) => Math.abs(v) > 1000).length).toBeGreaterThan(6400 * 0.6);
    const voiced = [...received].findIndex((v) => Math.abs(v) > 1000);
    expect(voiced).toBeGreaterThanOrEqual(0);
    expect(voiced).toBeLessThan(16_000 * 0.3); // at most the pre-roll before it
  });

  it('drops replies and refuses tools for turns that do not address the bot when others are present', async () => {
    fake = await FakeBedrock.start({ endpointingMs: 200 });
    fake.script.add({
      user: 'bob did you get my order',
      reply: 'Let me check.',
      replyAudioMs: 200,
      tools: [
        {
          name: 'get_order_status',
          input: { orderId: 'A-1' },
          check: (c) => c.includes('not talking to you'),
        },
      ],
    });
    fake.script.add({ user: 'voicedesk where is my order', reply: 'It ships tomorrow.', replyAudioMs: 200 });
    let toolRuns = 0;
    const { sink, transcript, say } = setup({
      addressing: () => ({ required: true, wakeName: 'voicedesk' }),
      tools: async () => {
        toolRuns += 1;
        return { status: 'shipped' };
      },
    });
    say(400);
    await until(() => (fake.streams[0]?.toolResults.length ?? 0) === 1, 10_000, 'the refused tool');
    await sleep(300);
    expect(sink.played.get('u1') ?? 0).toBe(0);
    expect(transcript).toEqual([]);
    say(400);
    await until(() => transcript.length === 2, 10_000, 'the addressed turn');
    expect(transcript[0]?.text).toBe('voicedesk where is my order');
    expect(sink.played.get('u1')).toBe(4800);
    expect(toolRuns).toBe(0);
  });

  it('closes a quiet session and reopens it later with the conversation so far', async () => {
    fake = await FakeBedrock.start({ endpointingMs: 200 });
    fake.script.add({ user: 'first question', reply: 'First answer.', replyAudioMs: 100 });
    fake.script.add({ user: 'second question', reply: 'Second answer.', replyAudioMs: 100 });
    const { speaker, transcript, histories, say } = setup({ idleCloseMs: 700 });
    say(300);
    await until(() => transcript.length === 2, 10_000, 'first turn');
    await until(() => speaker.state === 'idle', 5_000, 'idle close');
    expect(fake.openStreams).toBe(0);
    say(300);
    await until(() => transcript.length === 4, 10_000, 'second turn');
    expect(histories[1]).toEqual([
      { role: 'USER', text: 'first question' },
      { role: 'ASSISTANT', text: 'First answer.' },
    ]);
    expect(speaker.usage.speechIn).toBeGreaterThan(0);
  });

  it('stops its own playing reply at once when the speaker starts a new voiced utterance (local barge-in)', async () => {
    fake = await FakeBedrock.start({ endpointingMs: 200 });
    fake.script.add(
      { user: 'where is my order', reply: 'It ships tomorrow.', replyAudioMs: 200, final: 300 },
      { user: 'and the other one', reply: 'Also tomorrow.', replyAudioMs: 200 },
    );
    const { sink, transcript, say } = setup();
    say(400);
    await until(() => transcript.length === 2, 10_000, 'the first turn');
    // The model finished sending that reply long ago; our playback (this sink) still plays it.
    await sleep(500);
    expect(sink.playing('u1')).toBe(true);
    expect(sink.interrupts).toBe(0);
    say(600);
    await until(() => sink.interrupts > 0, 2_000, 'the local barge-in');
    // It came from the call's own voice detection, before the service heard the end of the utterance.
    expect(transcript).toHaveLength(2);
    expect(fake.streams[0]?.texts.some((t) => t.stage === 'FINAL' && t.role === 'ASSISTANT')).toBe(true);
    await until(() => transcript.length === 4, 10_000, 'the second turn');
    expect(transcript[2]?.text).toBe('and the other one');
  });

  it('writes every USER and ASSISTANT line exactly once, FINAL text late, missing or on time', async () => {
    fake = await FakeBedrock.start({ endpointingMs: 200 });
    fake.script.add(
      {
        user: 'first question here',
        reply: 'First answer.',
        replyAudioMs: 200,
        final: 'missing',
        splitAsr: true,
      },
      { user: 'second question', reply: 'Second answer.', replyAudioMs: 200, final: 1500 },
      { user: 'third question', reply: 'Third answer.', replyAudioMs: 200, final: 100 },
    );
    const { transcript, say } = setup();
    for (let turn = 1; turn <= 3; turn++) {
      say(400);
      await until(() => transcript.filter((t) => t.role === 'user').length === turn, 10_000, `turn ${turn}`);
      await sleep(turn === 2 ? 2_000 : 300);
    }
    await until(() => transcript.length >= 6, 10_000, 'the last line');
    await sleep(4_000); // past the FINAL grace: nothing is written twice
    expect(transcript.map((t) => `${t.role}: ${t.text}`)).toEqual([
      'user: first question here',
      'assistant: First answer.',
      'user: second question',
      'assistant: Second answer.',
      'user: third question',
      'assistant: Third answer.',
    ]);
  });

  it('tells the speaker once when a cap keeps them from being heard', async () => {
    fake = await FakeBedrock.start({ endpointingMs: 200 });
    const budget = new SessionBudget({ perCall: 1, perProcess: 20 });
    const taken = await budget.acquire('call-1', 'someone-else');
    expect(taken.ok).toBe(true);
    const { speaker, notices, say } = setup({ budget });
    say(200);
    await until(() => notices.length === 1, 5_000, 'the notice');
    expect(notices[0]).toContain('Too many people');
    expect(speaker.state).toBe('idle');
    expect(fake.streams).toHaveLength(0);
  });
});
