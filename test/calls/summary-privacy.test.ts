import { describe, expect, it } from 'vitest';
import {
  mentionsBySpeaker,
  neutralise,
  orderIdsIn,
  sanitiseSummary,
  withoutAddresses,
} from '../../src/calls/summary-privacy.ts';

const line = (speakerId: string, text: string) => ({
  callId: 'c',
  speakerId,
  speakerName: speakerId,
  role: 'user' as const,
  text,
  at: 0,
  sessionId: 's',
});

describe('what a summary may reveal', () => {
  it('ties order ids, however they were said, to the speakers who said them', () => {
    expect(orderIdsIn('where are a 1042 and B-2231? also Ｃ３３０１')).toEqual([
      'A-1042',
      'B-2231',
      'C-3301',
    ]);
    const mentions = mentionsBySpeaker([line('alice', 'where is A1042'), line('mo', 'and a-1042, b 2231')]);
    expect([...(mentions.get('A-1042') ?? [])]).toEqual(['alice', 'mo']);
    expect([...(mentions.get('B-2231') ?? [])]).toEqual(['mo']);
  });

  it('withholds a delivery address, whole or in parts, whatever the case and spacing', () => {
    const address = '14 Harbour Street, Whitby YO21 3DR, United Kingdom';
    expect(withoutAddresses('send it to 14 harbour  street,whitby yo21 3dr', [address])).toBe(
      'send it to (address withheld),(address withheld)',
    );
    expect(withoutAddresses('nothing here', [address])).toBe('nothing here');
  });

  it('makes masked links, mentions, @everyone and @here inert', () => {
    expect(neutralise('[Refund](https://evil.example) <@123> <@!4> <@&5> <#6> @everyone @here')).toBe(
      '\\[Refund\\](https://evil.example) <@\u200b123> <@!\u200b4> <@&\u200b5> <#\u200b6> @\u200beveryone @\u200bhere',
    );
  });

  it('cleans every free-text field of the summary', () => {
    const clean = sanitiseSummary(
      {
        participants: ['[a](http://x)'],
        topics: ['@everyone'],
        sentiment: { overall: 'neutral', notes: 'to Torstrasse 1' },
        actionItems: [{ owner: '<@1>', item: '[b](http://y)' }],
        ordersDiscussed: [{ orderId: 'A-1', note: 'Torstrasse 1, 10119 Berlin' }],
        unresolvedQuestions: ['[c](http://z)'],
      },
      ['Torstrasse 1, 10119 Berlin'],
    );
    const strings = JSON.stringify(clean).match(/"(?:[^"\\]|\\.)*"/g) ?? [];
    for (const value of strings) expect(JSON.parse(value) as string).not.toMatch(/(?<!\\)\[/);
    const text = JSON.stringify(clean);
    expect(text).not.toContain('Torstrasse');
    expect(text).not.toContain('@everyone');
  });
});
