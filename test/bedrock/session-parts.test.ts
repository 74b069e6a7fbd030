import { describe, expect, it } from 'vitest';
import { AudioChunker, UnansweredAudio } from '../../src/bedrock/sonic/audio-buffers.ts';
import { ConversationHistory } from '../../src/bedrock/sonic/history.ts';
import { ConversationLedger } from '../../src/bedrock/sonic/ledger.ts';
import { TurnTracker, type TurnListener } from '../../src/bedrock/sonic/turn-tracker.ts';

describe('audio chunking', () => {
  it('regroups 20 ms frames into 32 ms chunks without losing or reordering samples', () => {
    const chunker = new AudioChunker();
    const out: number[] = [];
    for (let f = 0; f < 8; f++) {
      const frame = Int16Array.from({ length: 320 }, (_, i) => f * 320 + i);
      for (const chunk of chunker.push(frame)) {
        expect(chunk.length).toBe(512);
        out.push(...chunk);
      }
    }
    expect(out).toEqual(Array.from({ length: 2560 }, (_, i) => i)); // 8 × 320 = 5 × 512
    expect(chunker.flush()).toBeUndefined();
    chunker.push(new Int16Array(100));
    expect(chunker.flush()?.length).toBe(100);
  });

  it('keeps only the newest unanswered audio, and forgets it once transcribed', () => {
    const buffer = new UnansweredAudio(1024);
    for (let i = 0; i < 4; i++) buffer.push(new Int16Array(512).fill(i));
    expect(buffer.chunks().map((c) => c[0])).toEqual([2, 3]);
    buffer.clear();
    expect(buffer.chunks()).toEqual([]);
  });
});

describe('conversation history for replay', () => {
  it('merges consecutive messages of one role and starts with USER', () => {
    const h = new ConversationHistory();
    h.add('ASSISTANT', 'Hello, how can I help?');
    h.add('USER', 'where is');
    h.add('USER', 'my order');
    h.add('ASSISTANT', 'It ships tomorrow.');
    expect(h.forReplay()).toEqual([
      { role: 'USER', text: 'where is my order' },
      { role: 'ASSISTANT', text: 'It ships tomorrow.' },
    ]);
  });

  it('keeps the newest messages within 40 KB and 40 messages', () => {
    const h = new ConversationHistory();
    for (let i = 0; i < 100; i++) h.add(i % 2 === 0 ? 'USER' : 'ASSISTANT', `${i} ${'x'.repeat(2000)}`);
    const replay = h.forReplay();
    expect(replay.reduce((n, m) => n + Buffer.byteLength(m.text), 0)).toBeLessThanOrEqual(40 * 1024);
    expect(replay[0]?.role).toBe('USER');
    expect(replay.at(-1)?.text.startsWith('99 ')).toBe(true);
    const many = new ConversationHistory();
    for (let i = 0; i < 100; i++) many.add(i % 2 === 0 ? 'USER' : 'ASSISTANT', `m${i}`);
    expect(many.forReplay().length).toBeLessThanOrEqual(40);
  });

  it('asks an unanswered question again instead of replaying it as context', () => {
    const ledger = new ConversationLedger([]);
    ledger.userTranscript('first');
    ledger.assistantText('One.', 'FINAL');
    ledger.completionEnded();
    ledger.userTranscript('second');
    expect(ledger.replay()).toEqual({
      history: [
        { role: 'USER', text: 'first' },
        { role: 'ASSISTANT', text: 'One.' },
      ],
      askAgain: 'second',
    });
  });

  it('records the speculative text when a turn had no FINAL text', () => {
    const ledger = new ConversationLedger([]);
    ledger.userTranscript('hi');
    ledger.assistantText('Hello there.', 'SPECULATIVE');
    ledger.completionEnded();
    expect(ledger.history.messages.at(-1)).toEqual({ role: 'ASSISTANT', text: 'Hello there.' });
  });
});

describe('turn tracking', () => {
  function tracker() {
    const calls: string[] = [];
    const listener: TurnListener = {
      completionStarted: () => calls.push('start'),
      userTranscript: (t) => calls.push(`user:${t}`),
      assistantText: (t, s) => calls.push(`assistant:${s}:${t}`),
      assistantAudio: (a) => calls.push(`audio:${a.length}`),
      bargeIn: () => calls.push('bargeIn'),
      toolCall: (c) => calls.push(`tool:${c.name}:${JSON.stringify(c.input)}`),
      usage: () => calls.push('usage'),
      completionEnded: (r) => calls.push(`end:${r}`),
    };
    return { t: new TurnTracker(listener), calls };
  }

  it('reports a barge-in once for all three signals and drops audio after it', () => {
    const { t, calls } = tracker();
    t.handle({ type: 'completionStart', completionId: 'c' });
    t.handle({
      type: 'contentStart',
      contentId: 'a',
      contentType: 'AUDIO',
      role: 'ASSISTANT',
      generationStage: undefined,
    });
    t.handle({ type: 'audioOutput', contentId: 'a', samples: new Int16Array(4) });
    t.handle({
      type: 'textOutput',
      contentId: 'x',
      role: 'ASSISTANT',
      content: '{ "interrupted" : true }',
      interrupted: true,
    });
    t.handle({ type: 'audioOutput', contentId: 'a', samples: new Int16Array(4) });
    t.handle({ type: 'contentEnd', contentId: 'a', contentType: 'AUDIO', stopReason: 'INTERRUPTED' });
    t.handle({ type: 'contentEnd', contentId: 'f', contentType: 'TEXT', stopReason: 'INTERRUPTED' });
    t.handle({ type: 'completionEnd', completionId: 'c', stopReason: 'INTERRUPTED' });
    expect(calls).toEqual(['start', 'audio:4', 'bargeIn', 'end:INTERRUPTED']);
  });

  it('hands out a tool call when its TOOL block ends, with the input parsed', () => {
    const { t, calls } = tracker();
    t.handle({
      type: 'contentStart',
      contentId: 't',
      contentType: 'TOOL',
      role: 'TOOL',
      generationStage: undefined,
    });
    t.handle({
      type: 'toolUse',
      contentId: 't',
      toolName: 'get_order',
      toolUseId: 'u',
      input: '{"id":"A1"}',
    });
    expect(calls).toEqual([]);
    t.handle({ type: 'contentEnd', contentId: 't', contentType: 'TOOL', stopReason: 'TOOL_USE' });
    expect(calls).toEqual(['tool:get_order:{"id":"A1"}']);
  });

  it('tells USER transcript from SPECULATIVE and FINAL assistant text by the content block', () => {
    const { t, calls } = tracker();
    t.handle({
      type: 'contentStart',
      contentId: 'u',
      contentType: 'TEXT',
      role: 'USER',
      generationStage: 'FINAL',
    });
    t.handle({ type: 'textOutput', contentId: 'u', role: 'USER', content: 'hi', interrupted: false });
    t.handle({
      type: 'contentStart',
      contentId: 's',
      contentType: 'TEXT',
      role: 'ASSISTANT',
      generationStage: 'SPECULATIVE',
    });
    t.handle({
      type: 'textOutput',
      contentId: 's',
      role: 'ASSISTANT',
      content: 'Hello.',
      interrupted: false,
    });
    expect(calls).toEqual(['user:hi', 'assistant:SPECULATIVE:Hello.']);
  });
});
