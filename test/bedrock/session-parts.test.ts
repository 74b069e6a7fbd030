import { describe, expect, it } from 'vitest';
import { AudioChunker, UnansweredAudio } from '../../src/bedrock/sonic/audio-buffers.ts';
import { ConversationHistory } from '../../src/bedrock/sonic/history.ts';
import { ConversationLedger } from '../../src/bedrock/sonic/ledger.ts';

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
    ledger.userTurn('first');
    ledger.replyEnded({ id: 1, text: 'One.', final: true, interrupted: false });
    ledger.userTurn('second');
    expect(ledger.replay()).toEqual({
      history: [
        { role: 'USER', text: 'first' },
        { role: 'ASSISTANT', text: 'One.' },
      ],
      askAgain: 'second',
    });
  });

  it('records the speculative text at once and replaces it with FINAL text on its own reply, however late', () => {
    const ledger = new ConversationLedger([]);
    ledger.userTurn('hi');
    ledger.replyText({ id: 1, text: 'Hello there, how can I help?', final: false, interrupted: false });
    expect(ledger.history.messages.at(-1)).toEqual({
      role: 'ASSISTANT',
      text: 'Hello there, how can I help?',
    });
    ledger.replyEnded({ id: 1, text: 'Hello there, how can I help?', final: false, interrupted: false });
    expect(ledger.awaitingAnswer).toBe(false);
    ledger.userTurn('where is my order');
    ledger.replyText({ id: 2, text: 'It ships tomorrow.', final: false, interrupted: false });
    // reply 1's FINAL (truncated by a barge-in) arrives after reply 2 started
    ledger.replyText({ id: 1, text: 'Hello there,', final: true, interrupted: true });
    expect(ledger.history.forReplay()).toEqual([
      { role: 'USER', text: 'hi' },
      { role: 'ASSISTANT', text: 'Hello there,' },
      { role: 'USER', text: 'where is my order' },
      { role: 'ASSISTANT', text: 'It ships tomorrow.' },
    ]);
  });
});
