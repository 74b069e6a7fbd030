import { describe, expect, it } from 'vitest';
import { OrderCache } from '../../src/orders/cache.ts';
import { ALICE, order } from './fixtures.ts';

describe('the order cache', () => {
  it('keeps at most its capacity, evicting the least recently used', () => {
    const cache = new OrderCache(2);
    cache.set(order('A-1', ALICE, 'PAID', '2026-11-01T00:00:00.000Z'));
    cache.set(order('A-2', ALICE, 'PAID', '2026-11-01T00:00:00.000Z'));
    expect(cache.get('A-1')?.orderId).toBe('A-1');
    cache.set(order('A-3', ALICE, 'PAID', '2026-11-01T00:00:00.000Z'));
    expect(cache.size).toBe(2);
    expect(cache.get('A-2')).toBeUndefined();
    expect(cache.get('A-1')?.orderId).toBe('A-1');
  });
});
