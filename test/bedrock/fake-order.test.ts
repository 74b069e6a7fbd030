import { describe, expect, it } from 'vitest';
import * as ev from '../../src/bedrock/sonic/events-in.ts';
import { InputOrder } from '../fakes/bedrock/order.ts';

/** Feed built events to the fake's order checker; returns the first violation. */
function check(events: ev.SonicInputEvent[], order = new InputOrder()): string | undefined {
  for (const e of events) {
    const [name, body] = Object.entries(e.event)[0] as [string, Record<string, unknown>];
    const violation = order.accept(name, body);
    if (violation) return violation;
  }
  return undefined;
}

const start = [
  ev.sessionStart({ maxTokens: 10, topP: 1, temperature: 0, endpointing: 'HIGH' }),
  ev.promptStart({ promptName: 'p', voiceId: 'tiffany' }),
  ...ev.textBlock('p', 's', 'SYSTEM', 'be nice', false),
];
const audio = new Int16Array(512);

describe('the fake enforces the input order the service does', () => {
  it('accepts the documented order: setup, history, audio, interactive text, close', () => {
    expect(
      check([
        ...start,
        ...ev.textBlock('p', 'h1', 'USER', 'hi', false),
        ...ev.textBlock('p', 'h2', 'ASSISTANT', 'hello', false),
        ev.audioContentStart('p', 'a'),
        ev.audioInput('p', 'a', audio),
        ...ev.textBlock('p', 'q', 'USER', 'and now?', true),
        ev.audioInput('p', 'a', audio),
        ev.contentEnd('p', 'a'),
        ev.promptEnd('p'),
        ev.sessionEnd(),
      ]),
    ).toBeUndefined();
  });

  it('rejects history after the audio started', () => {
    expect(
      check([...start, ev.audioContentStart('p', 'a'), ...ev.textBlock('p', 'h', 'USER', 'late', false)]),
    ).toBe('Chat history should be sent completely before streaming audio.');
  });

  it('rejects audio inside an open text block', () => {
    expect(
      check([
        ...start,
        ev.audioContentStart('p', 'a'),
        ev.textContentStart('p', 't', 'USER', true),
        ev.audioInput('p', 'a', audio),
      ]),
    ).toBe('Chat history should be sent completely before streaming audio.');
  });

  it('rejects history that starts with ASSISTANT, text over 1 KB, and events before sessionStart', () => {
    expect(check([...start, ...ev.textBlock('p', 'h', 'ASSISTANT', 'hi', false)])).toBe(
      'Chat history must start with a USER message',
    );
    expect(
      check([
        ...start,
        ev.textContentStart('p', 'h', 'USER', false),
        ev.textInput('p', 'h', 'x'.repeat(1025)),
      ]),
    ).toBe('Text input exceeds 1024 bytes');
    expect(check([ev.promptStart({ promptName: 'p', voiceId: 'tiffany' })])).toBe(
      'Session must begin with sessionStart',
    );
  });

  it('rejects a tool result nobody asked for, and sessionEnd before promptEnd', () => {
    expect(
      check([...start, ev.audioContentStart('p', 'a'), ...ev.toolResultBlock('p', 't', 'nope', '{}')]),
    ).toBe('Not expecting a tool result');
    expect(check([...start, ev.sessionEnd()])).toBe('sessionEnd before promptEnd');
  });
});
