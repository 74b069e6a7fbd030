/**
 * The order notification outbox: every status change appends a pending notification to the order
 * item's `outbox` list and sets the sparse index key `outboxState`, in the SAME UpdateItem as the
 * change itself. DynamoDB (and the embedded store) make one UpdateItem on one item atomic; there are
 * no transactions or streams in the embedded store, so this is the only way a change and its
 * notification can never be separated. External writers of the orders table follow the same
 * contract (docs/notifications.md). The notifier (src/notifications) drains the list head first.
 */
import { randomUUID } from 'node:crypto';
import type { OrderStatus } from './types.ts';
import { isOrderStatus, TRANSITIONS } from './types.ts';

/** Name of the sparse index listing orders with pending notifications. */
export const OUTBOX_INDEX = 'byOutbox';
/** Value of `outboxState` while an order has pending notifications (the index's one partition). */
export const OUTBOX_PENDING = 'pending';

/** One pending notification, as stored in `outbox` (the fields after `note` belong to the notifier). */
export interface OutboxEntry {
  /** Unique per change; also the idempotency key of the DM (Discord nonce). */
  readonly id: string;
  /** The status the order moved to. */
  readonly status: OrderStatus;
  /** ISO 8601 UTC of the change. */
  readonly at: string;
  readonly note?: string;
  /** Who made the change (`cli`, `import`, or an external writer's name). */
  readonly source?: string;
  /** Notifier state: the lease holder, its lease end (epoch ms) and the fencing token. */
  readonly holder?: string;
  readonly leaseUntil?: number;
  readonly fence?: number;
  /** Failed delivery attempts so far and when the next one is due (epoch ms). */
  readonly attempts?: number;
  readonly notBefore?: number;
  readonly lastError?: string;
  /** Set once the fate is known (sent, undeliverable…): a later claimer only finishes the record. */
  readonly result?: { readonly fate: string; readonly reason?: string; readonly messageId?: string };
}

/** A fresh notification for a change to `status` at `at`. */
export function newOutboxEntry(
  status: OrderStatus,
  at: string,
  extra: { note?: string | undefined; source?: string | undefined } = {},
): OutboxEntry {
  return {
    id: `n${randomUUID().replaceAll('-', '').slice(0, 20)}`,
    status,
    at,
    ...(extra.note ? { note: extra.note } : {}),
    ...(extra.source ? { source: extra.source } : {}),
  };
}

/**
 * The clauses every status change uses (the one shared write, for `set-status`, imports and the
 * contract external writers follow): new status, `updatedAt` (the change's time unless given), the
 * outbox entry appended, the index key set. Placeholders are prefixed `:ob…` and `#ob…` so callers can add their own.
 */
export function statusChangeClauses(
  entry: OutboxEntry,
  options: { readonly updatedAt?: string } = {},
): {
  readonly set: string[];
  readonly names: Record<string, string>;
  readonly values: Record<string, unknown>;
} {
  return {
    set: [
      '#obStatus = :obTo',
      'updatedAt = :obAt',
      'outbox = list_append(if_not_exists(outbox, :obEmpty), :obEntry)',
      'outboxState = :obPending',
    ],
    names: { '#obStatus': 'status' },
    values: {
      ':obTo': entry.status,
      ':obAt': options.updatedAt ?? entry.at,
      ':obEmpty': [],
      ':obEntry': [entry],
      ':obPending': OUTBOX_PENDING,
    },
  };
}

/** An outbox entry read back from the store; undefined when a writer broke the contract. */
export function parseOutboxEntry(raw: unknown): OutboxEntry | undefined {
  if (raw === null || typeof raw !== 'object') return undefined;
  const entry = raw as Record<string, unknown>;
  if (typeof entry.id !== 'string' || entry.id === '' || entry.id.length > 64) return undefined;
  if (typeof entry.status !== 'string' || !isOrderStatus(entry.status)) return undefined;
  if (typeof entry.at !== 'string' || Number.isNaN(Date.parse(entry.at))) return undefined;
  return entry as unknown as OutboxEntry;
}

/** True when `to` lies ahead of `from` in the lifecycle (reachable through allowed moves). */
export function isForwardMove(from: OrderStatus, to: OrderStatus): boolean {
  const seen = new Set<OrderStatus>([from]);
  const queue: OrderStatus[] = [from];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    for (const after of TRANSITIONS[next]) {
      if (after === to) return true;
      if (!seen.has(after)) {
        seen.add(after);
        queue.push(after);
      }
    }
  }
  return false;
}
