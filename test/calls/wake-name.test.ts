import { describe, expect, it } from 'vitest';
import { addressesBot } from '../../src/calls/wake-name.ts';

describe('addressesBot', () => {
  it.each([
    ['Voicedesk, where is my order?', true],
    ['hey voice desk where is my order', true],
    ['VOICE-DESK: can I change my address', true],
    ['where is my order, voicedesk?', true],
    ['I was talking to Bob about the desk', false],
    ['myvoicedesk is not a word start', false],
    ['', false],
  ])('%s → %s', (text, expected) => {
    expect(addressesBot(text, 'voicedesk')).toBe(expected);
  });

  it('handles accents and multi-word names', () => {
    expect(addressesBot('Hé, Hélène Bot, tu es là ?', 'Helene Bot')).toBe(true);
  });
});
