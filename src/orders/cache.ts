/**
 * A bounded in-memory copy of recently read or written orders. Correct only while this process
 * is the table's sole writer — true for the embedded store, whose LevelDB directory one process
 * holds exclusively — so it is never used with a shared DynamoDB endpoint.
 */
import type { Order } from './types.ts';

export class OrderCache {
  private readonly entries = new Map<string, Order>();
  private readonly capacity: number;

  constructor(capacity = 10_000) {
    this.capacity = capacity;
  }

  get(orderId: string): Order | undefined {
    const order = this.entries.get(orderId);
    if (order) {
      // Map keeps insertion order: re-inserting marks it most recently used.
      this.entries.delete(orderId);
      this.entries.set(orderId, order);
    }
    return order;
  }

  set(order: Order): void {
    this.entries.delete(order.orderId);
    this.entries.set(order.orderId, order);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
