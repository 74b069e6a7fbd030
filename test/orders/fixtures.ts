/** Orders for tests, built from a few fields; everything else gets plausible defaults. */
import type { Order, OrderStatus } from '../../src/orders/types.ts';

export const ALICE = '1400000000000000001';
export const BOB = '1400000000000000002';

export function order(
  orderId: string,
  customerId: string,
  status: OrderStatus,
  createdAt: string,
  extra: Partial<Order> = {},
): Order {
  return {
    orderId,
    customerId,
    status,
    items: [{ name: 'Oat milk, 1 l', quantity: 2, unitPrice: 2.2 }],
    currency: 'EUR',
    itemsTotal: 4.4,
    deliveryCost: 3.9,
    deliveryAddress: 'Kastanienallee 12, 10435 Berlin',
    estimatedDelivery: '2026-11-26T15:00:00.000Z',
    createdAt,
    updatedAt: createdAt,
    history: [{ status, at: createdAt }],
    ...extra,
  };
}
