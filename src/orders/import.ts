/** Writing validated orders: idempotent (an unchanged order is not rewritten). */
import type { OrderStore } from './store.ts';
import type { Order } from './types.ts';

export interface ImportReport {
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  /** Updates that moved a status forward, each queuing the customer's notification. */
  readonly notified: number;
}

const CONCURRENCY = 8;

export async function importOrders(
  store: OrderStore,
  orders: readonly Order[],
  signal?: AbortSignal,
): Promise<ImportReport> {
  const counts = { created: 0, updated: 0, unchanged: 0, notified: 0 };
  let next = 0;
  const worker = async () => {
    while (next < orders.length) {
      const order = orders[next++];
      if (!order) break;
      const existing = await store.get(order.orderId, signal);
      if (existing && canonical(existing) === canonical(order)) {
        counts.unchanged++;
        continue;
      }
      // An existing order is updated in place (its pending notifications stay), and a status the
      // file moves forward queues the customer's notification (OrderStore.applyImport).
      const applied = existing ? await store.applyImport(order, signal) : undefined;
      if (!applied) await store.put(order, signal);
      if (applied?.queued) counts.notified++;
      counts[existing ? 'updated' : 'created']++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return counts;
}

/** JSON with keys sorted at every level: key order does not make two orders different. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
