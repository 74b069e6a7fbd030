import { describe, expect, it } from 'vitest';
import {
  LISTENING_SUFFIX,
  MAX_NICKNAME,
  markedName,
  unmarkedName,
} from '../../src/calls/listening-marker.ts';

describe('the listening marker on the bot’s nickname', () => {
  it('keeps a short name whole and appends the marker', () => {
    expect(markedName('voicedesk')).toBe(`voicedesk${LISTENING_SUFFIX}`);
  });

  it('shortens a 32-character name to fit, keeping the whole marker, and reads it back whole', () => {
    const name = 'Order Help Desk for Shop Example'.padEnd(32, 'x');
    expect(name).toHaveLength(32);
    const marked = markedName(name);
    expect(marked.length).toBeLessThanOrEqual(MAX_NICKNAME);
    expect(marked.endsWith(LISTENING_SUFFIX)).toBe(true);
    expect(unmarkedName(marked, name)).toBe(name);
  });

  it('never splits an emoji or a letter with its accent', () => {
    const room = MAX_NICKNAME - LISTENING_SUFFIX.length;
    // An emoji straddling the cut: 18 letters then a two-unit emoji at units 18-19.
    const emoji = `${'a'.repeat(room - 1)}🎧 desk`;
    const marked = markedName(emoji);
    expect(marked.length).toBeLessThanOrEqual(MAX_NICKNAME);
    expect(marked).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    expect(marked.startsWith('a'.repeat(room - 1))).toBe(true);
    // A family emoji (one grapheme of several code points) is kept whole or left out whole.
    const family = `desk 👨‍👩‍👧 ${'b'.repeat(20)}`;
    expect(markedName(family)).toMatch(/^desk 👨‍👩‍👧 b*/u);
    const accent = `${'c'.repeat(room - 1)}e\u0301`;
    expect(markedName(accent)).toBe(`${'c'.repeat(room - 1)}${LISTENING_SUFFIX}`);
  });

  it('gives the name without the marker (the default wake name), also for a nickname', () => {
    expect(unmarkedName(`voicedesk${LISTENING_SUFFIX}`, 'voicedesk')).toBe('voicedesk');
    expect(unmarkedName(`Shop Helper${LISTENING_SUFFIX}`, 'voicedesk')).toBe('Shop Helper');
    expect(unmarkedName('voicedesk', 'voicedesk')).toBe('voicedesk');
  });
});
