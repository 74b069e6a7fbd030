/**
 * Writing validated orders: idempotent (an unchanged order is not rewritten), and never silently
 * undoing what happened since the file was made. An order whose stored copy has a customer's
 * address change the file does not carry, or a status newer than the file's, is a conflict: it is
 * reported and left alone unless `force` is set. Address changes recorded in the history survive
 * any update that does not conflict.
 */
import { lastUpdate } from './format.ts';
import { isForwardMove } from './outbox.ts';
import type { OrderStore } from './store.ts';
import type { Order, StatusEntry } from './types.ts';

export interface ImportConflict {
  readonly orderId: string;
  readonly reason: string;
}

export interface ImportReport {
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  /** Orders left as they are (or, with `force`, overwritten) because the store has newer facts. */
  readonly conflicts: readonly ImportConflict[];
  /** Groups of ids in the file that differ only by leading zeros (`A-0988` and `A-988`). */
  readonly lookalikes: readonly (readonly string[])[];
  /** Updates that moved a status forward, each queuing the customer's notification. */
  readonly notified: number;
}

export interface ImportOptions {
  /** Overwrite conflicting orders with the file's version. */
  readonly force?: boolean;
  readonly signal?: AbortSignal;
}

const CONCURRENCY = 8;

const isAddressChange = (entry: StatusEntry) => entry.change === 'address';

/** Why writing `incoming` over `stored` would undo something, or undefined when it would not. */
export function conflictOf(stored: Order, incoming: Order): string | undefined {
  const known = new Set(incoming.history.filter(isAddressChange).map((e) => e.at));
  const change = stored.history.filter(isAddressChange).findLast((e) => !known.has(e.at));
  if (change && stored.deliveryAddress !== incoming.deliveryAddress)
    return `the customer changed the delivery address at ${change.at} (${change.via ?? 'voice'}); the file has the old one`;
  const storedAt = lastUpdate(stored).at;
  // A file that moves the status forward in the lifecycle reverts nothing, whatever its timestamps.
  const backward = !isForwardMove(stored.status, incoming.status);
  if (stored.status !== incoming.status && backward && storedAt > lastUpdate(incoming).at)
    return `the stored status ${stored.status} (${storedAt}) is newer than the file's ${incoming.status}`;
  return undefined;
}

/** The file's order, keeping the stored address-change records it does not carry. */
function merged(stored: Order, incoming: Order): Order {
  const known = new Set(incoming.history.map((e) => `${e.at}|${e.change ?? ''}`));
  const kept = stored.history.filter((e) => isAddressChange(e) && !known.has(`${e.at}|address`));
  if (kept.length === 0) return incoming;
  const history = [...incoming.history, ...kept].sort((a, b) => a.at.localeCompare(b.at));
  return { ...incoming, history };
}

/** Ids in `orders` that differ only by leading zeros, grouped. */
export function leadingZeroLookalikes(orders: readonly Order[]): string[][] {
  const groups = new Map<string, Set<string>>();
  for (const { orderId } of orders) {
    const [series = '', digits = ''] = orderId.split('-');
    const key = `${series}-${digits.replace(/^0+(?=\d)/, '')}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = new Set()));
    group.add(orderId);
  }
  return [...groups.values()].filter((g) => g.size > 1).map((g) => [...g].sort());
}

export async function importOrders(
  store: OrderStore,
  orders: readonly Order[],
  options: ImportOptions = {},
): Promise<ImportReport> {
  const { signal, force = false } = options;
  const counts = { created: 0, updated: 0, unchanged: 0, notified: 0 };
  const conflicts: ImportConflict[] = [];
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
      let write = order;
      if (existing) {
        const reason = conflictOf(existing, order);
        if (reason) {
          conflicts.push({ orderId: order.orderId, reason });
          if (!force) continue;
        } else {
          write = merged(existing, order);
          if (canonical(existing) === canonical(write)) {
            counts.unchanged++;
            continue;
          }
        }
      }
      // An existing order is updated in place (its pending notifications stay), and a status the
      // file moves forward queues the customer's notification (OrderStore.applyImport).
      const applied = existing ? await store.applyImport(write, signal) : undefined;
      if (!applied) await store.put(write, signal);
      if (applied?.queued) counts.notified++;
      counts[existing ? 'updated' : 'created']++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  conflicts.sort((a, b) => a.orderId.localeCompare(b.orderId));
  return { ...counts, conflicts, lookalikes: leadingZeroLookalikes(orders) };
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
