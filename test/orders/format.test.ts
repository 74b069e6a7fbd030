import { describe, expect, it } from 'vitest';
import { formatOrderList, formatOrderStatus } from '../../src/orders/format.ts';
import { ALICE, order } from './fixtures.ts';

const NOW = new Date('2026-11-24T12:00:00Z');
const shipped = order('A-1042', ALICE, 'OUT_FOR_DELIVERY', '2026-11-20T09:00:00.000Z', {
  carrier: 'DHL',
  trackingNumber: '00340434161234567890',
  estimatedDelivery: '2026-11-25T15:00:00.000Z',
  history: [
    { status: 'RECEIVED', at: '2026-11-20T09:00:00.000Z' },
    { status: 'OUT_FOR_DELIVERY', at: '2026-11-24T07:30:00.000Z', note: 'left the Berlin hub' },
  ],
});

describe('Discord order replies', () => {
  it('shows status in words, ETA relative and absolute, last update, items and tracking', () => {
    expect(formatOrderStatus(shipped, NOW)).toBe(
      [
        '**Order A-1042** · out for delivery',
        'Arrives <t:1795618800:R> (<t:1795618800:f>)',
        'Last update <t:1795505400:R>: left the Berlin hub',
        'Items: 2 × Oat milk, 1 l · total €8.30 incl. delivery €3.90',
        'Tracking: DHL `00340434161234567890`',
      ].join('\n'),
    );
  });

  it('says an overdue order is running late and omits tracking before shipping', () => {
    const late = order('A-7', ALICE, 'PREPARING', '2026-11-01T09:00:00.000Z', {
      estimatedDelivery: '2026-11-20T09:00:00.000Z',
    });
    const text = formatOrderStatus(late, NOW);
    expect(text).toContain('running late');
    expect(text).not.toContain('Tracking');
  });

  it('lists orders one line each and says when there are none', () => {
    expect(formatOrderList([], NOW)).toBe('You have no orders on this account.');
    expect(formatOrderList([shipped], NOW).split('\n')[1]).toBe(
      '**A-1042** · out for delivery · arrives <t:1795618800:R> · ordered <t:1795165200:D>',
    );
  });
});
