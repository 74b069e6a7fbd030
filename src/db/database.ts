/**
 * Opens the database the configuration chose: the embedded store (dynalite under DATA_DIR) or a
 * DynamoDB endpoint (AWS, or any compatible endpoint via AWS_ENDPOINT_URL_DYNAMODB). Logs which
 * one, makes sure the tables exist, and closes everything on `close()`.
 */
import {
  DescribeTableCommand,
  type CreateTableCommandInput,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import { ensureTables } from './bootstrap.ts';
import { createDynamoClients, sendOptions } from './client.ts';
import { startEmbeddedStore, type EmbeddedStore } from './embedded.ts';
import { allTableInputs, tableNames, TABLES, type TableNames } from './tables/index.ts';

/** Physical table name → TTL attribute, for the tables that expire items. */
function ttlAttributes(prefix: string): Map<string, string> {
  const ttl = new Map<string, string>();
  for (const table of Object.values(TABLES))
    if ('ttlAttribute' in table) ttl.set(`${prefix}${table.baseName}`, table.ttlAttribute);
  return ttl;
}

export interface Database {
  readonly client: DynamoDBClient;
  readonly doc: DynamoDBDocumentClient;
  /** Physical names of the tables in `src/db/tables`. */
  readonly tables: TableNames;
  readonly kind: 'embedded' | 'aws';
  /** Destroy the SDK clients and stop the embedded store if any. Safe to call twice. */
  close(): Promise<void>;
  /** Resolves true when the store answers (for /healthz). */
  ping(signal?: AbortSignal): Promise<boolean>;
}

export interface OpenOptions {
  readonly log: Logger;
  /** More tables to create if missing (layers that keep their own CreateTable definitions). */
  readonly extraTables?: readonly CreateTableCommandInput[];
  readonly signal?: AbortSignal;
  /** Tests: keep the embedded store in memory instead of under `dataDir`. */
  readonly inMemory?: boolean;
}

type StoreConfig = Config['store'];

function logChoice(store: StoreConfig, embedded: EmbeddedStore | undefined, log: Logger): void {
  if (store.kind === 'embedded') {
    log.info(
      {
        store: 'embedded',
        dataDir: store.dataDir,
        path: embedded?.path ?? 'memory',
        tablePrefix: store.tablePrefix,
      },
      'using the embedded DynamoDB-compatible store (dynalite); set AWS_ENDPOINT_URL_DYNAMODB or DYNAMODB=aws for DynamoDB',
    );
  } else {
    log.info(
      {
        store: 'aws',
        endpoint: store.endpoint ?? 'regional',
        region: store.region,
        tablePrefix: store.tablePrefix,
      },
      'using DynamoDB',
    );
  }
}

export async function openDatabase(store: StoreConfig, options: OpenOptions): Promise<Database> {
  const embedded =
    store.kind === 'embedded'
      ? await startEmbeddedStore({ dataDir: options.inMemory ? undefined : store.dataDir })
      : undefined;
  const { client, doc } = createDynamoClients(
    embedded
      ? {
          endpoint: embedded.endpoint,
          region: 'us-east-1',
          embedded: true,
          credentials: embedded.credentials,
        }
      : {
          endpoint: store.kind === 'aws' ? store.endpoint : undefined,
          region: store.kind === 'aws' ? store.region : 'us-east-1',
          embedded: false,
        },
  );
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      // Store first: requests still in flight finish and are answered before LevelDB closes
      // (dynalite crashes the process if LevelDB closes under a running request).
      await embedded?.close();
      client.destroy();
    })());
  try {
    logChoice(store, embedded, options.log);
    const tables = [...allTableInputs(store.tablePrefix), ...(options.extraTables ?? [])];
    await ensureTables(client, tables, {
      create: store.createTables,
      log: options.log,
      ...(store.kind === 'aws' ? { ttl: ttlAttributes(store.tablePrefix) } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (err) {
    await close();
    throw err;
  }
  const names = tableNames(store.tablePrefix);
  const ping = async (signal?: AbortSignal) => {
    const out = await client.send(new DescribeTableCommand({ TableName: names.orders }), sendOptions(signal));
    return out.Table?.TableStatus === 'ACTIVE';
  };
  return { client, doc, tables: names, kind: store.kind, close, ping };
}
