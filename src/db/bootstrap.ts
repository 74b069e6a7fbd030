/**
 * Create-if-missing for tables given as CreateTable requests (from {@link TABLES} and any layer
 * that keeps its own definitions). Existing tables are left as they are (no schema migration); a
 * missing table is created only when allowed, else it is a clear error.
 */
import {
  CreateTableCommand,
  DescribeTableCommand,
  waitUntilTableExists,
  type CreateTableCommandInput,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import type { Logger } from '../log.ts';
import { sendOptions } from './client.ts';
import { TableMissingError } from './errors.ts';

export interface BootstrapOptions {
  /** May missing tables be created? */
  readonly create: boolean;
  readonly log: Logger;
  readonly signal?: AbortSignal;
}

const WAIT_MAX_S = 120;

async function tableStatus(client: DynamoDBClient, name: string, signal?: AbortSignal) {
  try {
    const out = await client.send(new DescribeTableCommand({ TableName: name }), sendOptions(signal));
    return out.Table?.TableStatus ?? 'UNKNOWN';
  } catch (err) {
    if (err instanceof Error && err.name === 'ResourceNotFoundException') return 'MISSING';
    throw err;
  }
}

async function ensureTable(
  client: DynamoDBClient,
  table: CreateTableCommandInput,
  options: BootstrapOptions,
) {
  const name = table.TableName ?? '';
  const status = await tableStatus(client, name, options.signal);
  if (status === 'ACTIVE') return;
  if (status === 'MISSING') {
    if (!options.create) throw new TableMissingError(name);
    try {
      await client.send(new CreateTableCommand(table), sendOptions(options.signal));
      options.log.info({ table: name }, 'created table');
    } catch (err) {
      // Another process created it between our DescribeTable and CreateTable.
      if (!(err instanceof Error && err.name === 'ResourceInUseException')) throw err;
    }
  }
  await waitUntilTableExists(
    {
      client,
      minDelay: 1,
      maxDelay: 5,
      maxWaitTime: WAIT_MAX_S,
      ...(options.signal ? { abortSignal: options.signal } : {}),
    },
    { TableName: name },
  );
}

/** Make sure every table in `tables` exists and is ACTIVE. */
export async function ensureTables(
  client: DynamoDBClient,
  tables: readonly CreateTableCommandInput[],
  options: BootstrapOptions,
): Promise<void> {
  for (const table of tables) await ensureTable(client, table, options);
}
