import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseOutputEvent } from '../../src/bedrock/sonic/events-out.ts';
import { TurnTracker, type TurnListener } from '../../src/bedrock/sonic/turn-tracker.ts';

const trace = readFileSync(new URL('../fixtures/bedrock/nova2-turn.jsonl', import.meta.url), 'utf8')
  .trim()
  .split('\n')
  .map((line) => parseOutputEvent(JSON.parse(line)));

describe('a Nova 2 turn trace', () => {
  it('parses every event, keeping undocumented ones as unknown', () => {
    expect(trace.map((e) => e.type)).toEqual([
      'unknown',
      'completionStart',
      'unknown',
      'contentStart',
      'textOutput',
      'contentEnd',
      'usage',
      'contentStart',
      'textOutput',
      'contentEnd',
      'contentStart',
      'audioOutput',
      'audioOutput',
      'contentEnd',
      'contentStart',
      'textOutput',
      'contentEnd',
      'completionEnd',
    ]);
  });

  it('reads as transcript, speculative and final text, audio in order, and usage', () => {
    const seen: string[] = [];
    const listener: TurnListener = {
      completionStarted: () => seen.push('start'),
      userTranscript: (t) => seen.push(`USER ${t}`),
      assistantText: (t, stage) => seen.push(`${stage} ${t}`),
      assistantAudio: (a) => seen.push(`audio ${Array.from(a).join(',')}`),
      bargeIn: () => seen.push('bargeIn'),
      toolCall: () => seen.push('tool'),
      usage: (d) => seen.push(`usage ${d.input.speechTokens}`),
      completionEnded: (r) => seen.push(`end ${r}`),
    };
    const tracker = new TurnTracker(listener);
    for (const event of trace) tracker.handle(event);
    expect(seen).toEqual([
      'start',
      'USER i usually go to gym after work.',
      'usage 150',
      "SPECULATIVE That's a great routine.",
      'audio 0,1,2,3,4,5',
      'audio 6,7,8,9',
      "FINAL That's a great routine.",
      'end END_TURN',
    ]);
  });
});
