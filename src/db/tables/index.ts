/**
 * Every table the bot uses, by logical name. Later features add a file beside `orders.ts` and one
 * entry here; bootstrap creates whatever is listed.
 */
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { createTableInput, type TableDefinition } from './define.ts';
import { callsTable, leasesTable, settingsTable, transcriptsTable } from './calls.ts';
import { notificationsTable } from './notifications.ts';
import { ordersTable } from './orders.ts';

export const TABLES = {
  orders: ordersTable,
  calls: callsTable,
  transcripts: transcriptsTable,
  settings: settingsTable,
  leases: leasesTable,
  notifications: notificationsTable,
} as const satisfies Record<string, TableDefinition>;

export type TableKey = keyof typeof TABLES;

/** Physical table names by logical name, for one prefix. */
export type TableNames = { readonly [K in TableKey]: string };

export function tableNames(prefix: string): TableNames {
  const entries = Object.entries(TABLES).map(([key, table]) => [key, `${prefix}${table.baseName}`]);
  return Object.fromEntries(entries) as TableNames;
}

/** CreateTable requests for every table in {@link TABLES} under `prefix`. */
export function allTableInputs(prefix: string): CreateTableCommandInput[] {
  return Object.values(TABLES).map((table) => createTableInput(prefix, table));
}

export { createTableInput, physicalName } from './define.ts';
export type { AttributeType, IndexDefinition, KeyAttribute, TableDefinition } from './define.ts';
