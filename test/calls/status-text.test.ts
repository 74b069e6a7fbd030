import { describe, expect, it } from 'vitest';
import type { CallStatus } from '../../src/calls/call.ts';
import { statusText } from '../../src/commands/voice-text.ts';
import { clipText, joinWithin } from '../../src/discord/clip.ts';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const status: CallStatus = {
  callId: 'c1',
  channelId: '1300000000000000002',
  startedAt: Date.now() - 90_000,
  speakers: [],
  openSessions: 3,
  usage: { speechIn: 0, speechOut: 0, textIn: 0, textOut: 0 },
  cost: { sonicTokens: 1234, summaryTokens: 0, usd: 0.01 },
};

describe('/voice status text', () => {
  it('stays within 2000 characters with many long emoji names, ending in “…and N more”', () => {
    const speakers = Array.from({ length: 200 }, (_, i) => ({
      name: `🎧 Listener number ${i} with a long display name 🎶`,
      session: 'open',
    }));
    const text = statusText(status, speakers, 4);
    expect(text.length).toBeLessThanOrEqual(2000);
    expect(text).toMatch(/…and \d+ more\./);
    expect(text).not.toMatch(LONE_SURROGATE);
    expect(text).toContain('Open assistant sessions: 3 of 4.');
    const shown = (text.match(/Listener number/g) ?? []).length;
    expect(text).toContain(`…and ${200 - shown} more`);
  });

  it('lists everyone when they fit', () => {
    const text = statusText(status, [{ name: 'alice', session: 'open' }], 4);
    expect(text).toContain('Hearing: alice (talking to me).');
  });
});

describe('clipping for Discord', () => {
  it('never splits a surrogate pair or a grapheme', () => {
    for (let max = 2; max < 30; max++) {
      const clipped = clipText('ab😀cd👨‍👩‍👧ef🇫🇷gh'.repeat(3), max);
      expect(clipped.length).toBeLessThanOrEqual(max);
      expect(clipped).not.toMatch(LONE_SURROGATE);
      expect(clipped.endsWith('…')).toBe(true);
    }
  });

  it('joins what fits and counts the rest', () => {
    expect(joinWithin(['aaa', 'bbb', 'ccc'], 100)).toEqual({ text: 'aaa, bbb, ccc', shown: 3 });
    expect(joinWithin(['aaa', 'bbb', 'ccc', 'ddd'], 21)).toEqual({ text: 'aaa, bbb, …and 2 more', shown: 2 });
    expect(joinWithin(['aaa', 'bbb', 'ccc', 'ddd'], 20)).toEqual({ text: 'aaa, …and 3 more', shown: 1 });
  });
});
