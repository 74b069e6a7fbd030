/**
 * Create-if-missing for tables given as CreateTable requests (from {@link TABLES} and any layer
 * that keeps its own definitions). Existing tables are left as they are (no schema migration); a
 * missing table is created only when allowed, else it is a clear error.
 */
import {
  CreateTableCommand,
  DescribeTableCommand,
  UpdateTimeToLiveCommand,
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
  /**
   * Table name → TTL attribute, for tables that expire items. A table the bot creates gets TTL
   * enabled on it (DynamoDB on AWS); an endpoint without TTL (dynalite) is logged, not fatal.
   */
  readonly ttl?: ReadonlyMap<string, string>;
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
    await waitUntilActive(client, name, options.signal);
    const attribute = options.ttl?.get(name);
    if (attribute !== undefined) await enableTtl(client, name, attribute, options);
    return;
  }
  await waitUntilActive(client, name, options.signal);
}

/** Turn on TTL for a table the bot just created, so retention holds without any operator step. */
async function enableTtl(
  client: DynamoDBClient,
  name: string,
  attribute: string,
  options: BootstrapOptions,
): Promise<void> {
  try {
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: name,
        TimeToLiveSpecification: { AttributeName: attribute, Enabled: true },
      }),
      sendOptions(options.signal),
    );
    options.log.info({ table: name, attribute }, 'enabled TTL');
  } catch (err) {
    const kind = err instanceof Error ? err.name : '';
    if (kind === 'UnknownOperationException' || kind === 'ValidationException') {
      options.log.info({ table: name }, 'this endpoint has no TTL; expired items are ignored on read');
      return;
    }
    throw err;
  }
}

/**
 * Poll until the table is ACTIVE: quickly at first (the embedded store activates a table within
 * milliseconds; the SDK waiter's first retry would come a whole second later), then backing off.
 */
async function waitUntilActive(client: DynamoDBClient, name: string, signal?: AbortSignal): Promise<void> {
  const deadline = Date.now() + WAIT_MAX_S * 1000;
  for (let delay = 10; ; delay = Math.min(delay * 2, 5_000)) {
    if ((await tableStatus(client, name, signal)) === 'ACTIVE') return;
    if (Date.now() > deadline) throw new Error(`table ${name} did not become ACTIVE within ${WAIT_MAX_S} s`);
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

/** Make sure every table in `tables` exists and is ACTIVE. */
export async function ensureTables(
  client: DynamoDBClient,
  tables: readonly CreateTableCommandInput[],
  options: BootstrapOptions,
): Promise<void> {
  for (const table of tables) await ensureTable(client, table, options);
}
