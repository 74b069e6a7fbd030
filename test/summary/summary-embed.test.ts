import { describe, expect, it } from 'vitest';
import type { CallSummary } from '../../src/bedrock/summary/types.ts';
import { EMBED_LIMITS, embedLength, renderSummaryEmbed } from '../../src/calls/summary-embed.ts';

const base: CallSummary = {
  participants: ['Alice', 'Bob'],
  topics: ['delivery status'],
  sentiment: { overall: 'negative', notes: 'Bob was frustrated by the delay.' },
  actionItems: [{ owner: 'moderators', item: 'Call the carrier about A-2001' }],
  ordersDiscussed: [{ orderId: 'A-2001', note: 'late' }],
  unresolvedQuestions: ['Will A-2001 arrive before Friday?'],
};
const input = {
  channelName: 'Help Desk',
  startedAt: Date.parse('2026-11-20T10:00:00Z'),
  endedAt: Date.parse('2026-11-20T10:12:30Z'),
  orderStatus: new Map([['A-2001', 'out for delivery']]),
  footer: 'Tokens: 12 000 · est. $0.05',
};

describe('renderSummaryEmbed', () => {
  it('shows participants, duration, sentiment, action items, orders with their current status and open questions', () => {
    const embed = renderSummaryEmbed({ ...input, summary: base });
    const byName = Object.fromEntries((embed.fields ?? []).map((f) => [f.name, f.value]));
    expect(byName.Participants).toBe('Alice, Bob');
    expect(byName.Duration).toBe('13 min');
    expect(byName['Customer sentiment']).toContain('Negative');
    expect(byName['Action items']).toContain('**moderators**: Call the carrier');
    expect(byName['Orders discussed']).toContain('`A-2001` — now **out for delivery**: late');
    expect(byName['Unresolved questions']).toContain('Will A-2001 arrive');
    expect(embed.footer?.text).toBe(input.footer);
  });

  it('stays within every Discord limit when the model returns the most it may', () => {
    const long = (n: number) => 'x'.repeat(n);
    const huge: CallSummary = {
      participants: Array.from({ length: 50 }, (_, i) => `Participant ${i} ${long(80)}`),
      topics: Array.from({ length: 20 }, () => long(200)),
      sentiment: { overall: 'mixed', notes: long(500) },
      actionItems: Array.from({ length: 25 }, (_, i) => ({ owner: `owner ${i}`, item: long(300) })),
      ordersDiscussed: Array.from({ length: 25 }, (_, i) => ({ orderId: `A-${1000 + i}`, note: long(300) })),
      unresolvedQuestions: Array.from({ length: 20 }, () => long(300)),
    };
    const embed = renderSummaryEmbed({ ...input, summary: huge });
    expect(embedLength(embed)).toBeLessThanOrEqual(EMBED_LIMITS.total);
    expect(embed.fields?.length).toBeLessThanOrEqual(EMBED_LIMITS.fields);
    for (const field of embed.fields ?? []) {
      expect(field.value.length).toBeLessThanOrEqual(EMBED_LIMITS.fieldValue);
      expect(field.value.length).toBeGreaterThan(0);
    }
    const names = embed.fields?.map((f) => f.name) ?? [];
    for (const section of [
      'Participants',
      'Topics',
      'Action items',
      'Orders discussed',
      'Unresolved questions',
    ]) {
      expect(names).toContain(section);
    }
    const actions = embed.fields
      ?.filter((f) => f.name.startsWith('Action items'))
      .map((f) => f.value)
      .join('\n');
    expect(actions).toMatch(/…and \d+ more$/);
  });
});
