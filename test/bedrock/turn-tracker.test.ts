import { describe, expect, it } from 'vitest';
import type { SonicOutputEvent } from '../../src/bedrock/sonic/events-out.ts';
import { ev, feed, recordingTracker } from './turn-events.ts';

/** One voice turn in the shape of Sequence A (reference §3), FINAL text after the audio. */
function turnA(n: number, user: string, reply: string): SonicOutputEvent[] {
  return [
    ev.speech('start'),
    ev.speech('end'),
    ...ev.text(`u${n}`, 'USER', 'FINAL', user, 'PARTIAL_TURN'),
    ev.usage(),
    ...ev.text(`s${n}`, 'ASSISTANT', 'SPECULATIVE', reply, 'PARTIAL_TURN'),
    ...ev.audio(`a${n}`, 2, 'END_TURN'),
    ...ev.text(`f${n}`, 'ASSISTANT', 'FINAL', reply, 'END_TURN'),
  ];
}

const withoutUsage = (calls: string[]) => calls.filter((c) => c !== 'usage');

describe('turn tracker: turns from content events', () => {
  const expected = [
    'speech:start',
    'speech:end',
    'user:where is my order',
    'started:1',
    'text:1:S:It ships tomorrow.',
    'audio:4',
    'audio:4',
    'ended:1:S:It ships tomorrow.',
    'text:1:F:It ships tomorrow.',
    'final:1:F:It ships tomorrow.',
    'speech:start',
    'speech:end',
    'user:thanks',
    'started:2',
    'text:2:S:You are welcome.',
    'audio:4',
    'audio:4',
    'ended:2:S:You are welcome.',
    'text:2:F:You are welcome.',
    'final:2:F:You are welcome.',
  ];

  it.each([
    ['once per turn', (t: SonicOutputEvent[]) => [ev.completionStart(), ...t, ev.completionEnd()]],
    [
      'once per stream',
      (t: SonicOutputEvent[], first: boolean) => (first ? [ev.completionStart(), ...t] : t),
    ],
    ['never', (t: SonicOutputEvent[]) => t],
  ])('gives the same turns when completions come %s', (_name, wrap) => {
    const { tracker, calls } = recordingTracker();
    feed(tracker, wrap(turnA(1, 'where is my order', 'It ships tomorrow.'), true));
    feed(tracker, wrap(turnA(2, 'thanks', 'You are welcome.'), false));
    expect(withoutUsage(calls)).toEqual(expected);
  });

  it('judges a user turn split over several ASR blocks as one utterance', () => {
    const { tracker, calls } = recordingTracker();
    feed(
      tracker,
      ev.text('u1', 'USER', 'FINAL', 'voicedesk where is', 'PARTIAL_TURN'),
      ev.usage(),
      ev.text('u2', 'USER', 'FINAL', 'my order', 'PARTIAL_TURN'),
    );
    expect(withoutUsage(calls)).toEqual([]);
    feed(tracker, ev.text('s1', 'ASSISTANT', 'SPECULATIVE', 'Let me look.', 'PARTIAL_TURN'));
    expect(calls.filter((c) => c.startsWith('user:'))).toEqual(['user:voicedesk where is my order']);
  });

  it('ends a user turn on USER END_TURN or userSpeechEnd when the reply has not started', () => {
    const { tracker, calls } = recordingTracker();
    feed(tracker, ev.text('u1', 'USER', 'FINAL', 'hello', 'END_TURN'));
    feed(tracker, ev.text('u2', 'USER', 'FINAL', 'anyone', 'PARTIAL_TURN'), ev.speech('end'));
    expect(calls).toEqual(['user:hello', 'user:anyone', 'speech:end']);
  });

  it('observed barge-in (AUDIO END_TURN, then FINAL TEXT INTERRUPTED): one barge-in, truncated FINAL on its reply, later replies audible', () => {
    const { tracker, calls } = recordingTracker();
    feed(
      tracker,
      ev.completionStart(),
      ev.text('u1', 'USER', 'FINAL', 'tell me everything', 'PARTIAL_TURN'),
      ev.text('s1', 'ASSISTANT', 'SPECULATIVE', 'Well, it is a long story.', 'PARTIAL_TURN'),
      ev.audio('a1', 1, 'END_TURN'),
      ev.text('f1', 'ASSISTANT', 'FINAL', 'Well, it', 'INTERRUPTED'),
      ev.text('u2', 'USER', 'FINAL', 'stop', 'PARTIAL_TURN'),
      ev.text('s2', 'ASSISTANT', 'SPECULATIVE', 'Sure.', 'PARTIAL_TURN'),
      ev.audio('a2', 1, 'END_TURN'),
    );
    expect(calls).toEqual([
      'user:tell me everything',
      'started:1',
      'text:1:S:Well, it is a long story.',
      'audio:4',
      'ended:1:S:Well, it is a long story.',
      'text:1:F:Well, it',
      'bargeIn',
      'final:1:F!:Well, it',
      'user:stop',
      'started:2',
      'text:2:S:Sure.',
      'audio:4',
      'ended:2:S:Sure.',
    ]);
  });

  it('documented barge-in (all three signals): reported once, audio after it dropped, the reply ended interrupted', () => {
    const { tracker, calls } = recordingTracker();
    feed(
      tracker,
      ev.completionStart(),
      ev.text('s1', 'ASSISTANT', 'SPECULATIVE', 'A long story.', 'PARTIAL_TURN'),
      {
        type: 'contentStart',
        contentId: 'a',
        contentType: 'AUDIO',
        role: 'ASSISTANT',
        generationStage: undefined,
      },
      { type: 'audioOutput', contentId: 'a', samples: new Int16Array(4) },
      ev.interruptedText(),
      { type: 'audioOutput', contentId: 'a', samples: new Int16Array(4) },
      { type: 'contentEnd', contentId: 'a', contentType: 'AUDIO', stopReason: 'INTERRUPTED' },
      ev.text('f1', 'ASSISTANT', 'FINAL', 'A long', 'INTERRUPTED'),
      ev.completionEnd(),
      // no completionStart again: the next SPECULATIVE start clears the mute
      ev.text('s2', 'ASSISTANT', 'SPECULATIVE', 'Next.', 'PARTIAL_TURN'),
      ev.audio('a2', 1, 'END_TURN'),
    );
    expect(calls).toEqual([
      'started:1',
      'text:1:S:A long story.',
      'audio:4',
      'bargeIn',
      'ended:1:S!:A long story.',
      'text:1:F!:A long',
      'final:1:F!:A long',
      'started:2',
      'text:2:S:Next.',
      'audio:4',
      'ended:2:S:Next.',
    ]);
  });

  it('lands a late FINAL on its own reply, never on the next one, and tolerates a FINAL that never comes', () => {
    const { tracker, calls } = recordingTracker();
    feed(
      tracker,
      ev.text('s1', 'ASSISTANT', 'SPECULATIVE', 'Your order shipped.', 'PARTIAL_TURN'),
      ev.audio('a1', 1, 'END_TURN'),
      ev.text('u2', 'USER', 'FINAL', 'when', 'PARTIAL_TURN'),
      ev.text('s2', 'ASSISTANT', 'SPECULATIVE', 'Tomorrow at noon.', 'PARTIAL_TURN'),
      ev.text('f1', 'ASSISTANT', 'FINAL', 'Your order shipped.', 'END_TURN'),
      ev.audio('a2', 1, 'END_TURN'),
      ev.text('s3', 'ASSISTANT', 'SPECULATIVE', 'Anything else?', 'PARTIAL_TURN'),
      ev.audio('a3', 1, 'END_TURN'),
      ev.text('f3', 'ASSISTANT', 'FINAL', 'Anything else?', 'END_TURN'),
    );
    const finals = calls.filter((c) => c.startsWith('final:'));
    expect(finals).toEqual(['final:1:F:Your order shipped.', 'final:3:F:Anything else?']);
    expect(calls.filter((c) => c.startsWith('ended:'))).toEqual([
      'ended:1:S:Your order shipped.',
      'ended:2:S:Tomorrow at noon.',
      'ended:3:S:Anything else?',
    ]);
  });

  it('unwraps double-encoded tool input and hands the call out when its TOOL block ends', () => {
    const { tracker, calls } = recordingTracker();
    feed(tracker, ev.text('u1', 'USER', 'FINAL', 'status of A1', 'PARTIAL_TURN'));
    feed(tracker, ev.tool('t1', 'get_order', JSON.stringify(JSON.stringify({ id: 'A1' }))));
    feed(tracker, ev.tool('t2', 'get_order', JSON.stringify({ id: 'B2' })));
    expect(calls).toEqual(['user:status of A1', 'tool:get_order:{"id":"A1"}', 'tool:get_order:{"id":"B2"}']);
  });

  it('ends a reply in progress as a last resort on completionEnd or when the stream finishes', () => {
    const { tracker, calls } = recordingTracker();
    feed(tracker, ev.text('s1', 'ASSISTANT', 'SPECULATIVE', 'Hi.', 'PARTIAL_TURN'), ev.completionEnd());
    feed(tracker, ev.text('s2', 'ASSISTANT', 'SPECULATIVE', 'Again.', 'PARTIAL_TURN'));
    expect(tracker.replyInProgress).toBe(true);
    tracker.finish();
    expect(tracker.replyInProgress).toBe(false);
    expect(calls.filter((c) => c.startsWith('ended:'))).toEqual(['ended:1:S:Hi.', 'ended:2:S:Again.']);
  });
});
