import type { TableDefinition } from './define.ts';

/**
 * Orders, one item per order keyed by its sayable id (`A-1042`).
 * - `byCustomer`: a customer's orders newest first (`createdAt` is an ISO 8601 UTC string, so it
 *   sorts chronologically).
 * - `bySeries`: ids by their letter series (`A`), so moderators can complete an id prefix with a
 *   Query instead of a Scan.
 * - `byOutbox`: sparse; only orders with pending customer notifications carry `outboxState`
 *   (src/orders/outbox.ts), so the notifier finds them with one Query on one known partition.
 */
export const ordersTable = {
  baseName: 'orders',
  partitionKey: { name: 'orderId', type: 'S' },
  indexes: [
    {
      name: 'byCustomer',
      partitionKey: { name: 'customerId', type: 'S' },
      sortKey: { name: 'createdAt', type: 'S' },
      projection: 'ALL',
    },
    {
      name: 'bySeries',
      partitionKey: { name: 'series', type: 'S' },
      sortKey: { name: 'orderId', type: 'S' },
      projection: 'KEYS_ONLY',
    },
    {
      name: 'byOutbox',
      partitionKey: { name: 'outboxState', type: 'S' },
      sortKey: { name: 'updatedAt', type: 'S' },
      projection: 'ALL',
    },
  ],
} as const satisfies TableDefinition;
