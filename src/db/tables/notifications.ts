import type { TableDefinition } from './define.ts';

/**
 * Customer notifications, two kinds of item under generic keys (src/notifications/records.ts):
 * - `pk = customer#<userId>`, `sk = prefs`: a customer's choice (`/order notify`), last interaction
 *   locale and guild, and whether they have seen the first-use hint.
 * - `pk = log#<YYYY-MM-DD>`, `sk = <at>#<id>`: the fate of each notification, by day, so "recent"
 *   is a Query per day; expire via TTL.
 */
export const notificationsTable = {
  baseName: 'notifications',
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
  indexes: [],
  ttlAttribute: 'expiresAt',
} as const satisfies TableDefinition;
