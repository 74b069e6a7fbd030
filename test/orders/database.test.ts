import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { EmbeddedStoreBusyError, openDatabase, TableMissingError } from '../../src/db/index.ts';
import { startEmbeddedStore } from '../../src/db/embedded.ts';
import { captureLog, storeConfig, tempDir } from './helpers.ts';

describe('the embedded store', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  beforeAll(async () => {
    dir = await tempDir();
  });
  afterAll(async () => dir.remove());

  it('creates the tables under the prefix, logs the choice, and keeps data across restarts', async () => {
    const store = storeConfig({ DATA_DIR: dir.path, TABLE_PREFIX: 'persist-' });
    const { log, lines } = captureLog();
    const first = await openDatabase(store, { log });
    expect(first.tables.orders).toBe('persist-orders');
    const described = await first.client.send(new DescribeTableCommand({ TableName: 'persist-orders' }));
    expect(described.Table?.GlobalSecondaryIndexes?.map((i) => i.IndexName).sort()).toEqual([
      'byCustomer',
      'byOutbox',
      'bySeries',
    ]);
    expect(lines.find((l) => l.store === 'embedded')?.msg).toMatch(/embedded/);
    await first.doc.send(
      new PutCommand({
        TableName: 'persist-orders',
        Item: { orderId: 'A-1', customerId: 'c', createdAt: 'x', series: 'A' },
      }),
    );
    await first.close();

    const second = await openDatabase(store, { log });
    const item = await second.doc.send(
      new GetCommand({ TableName: 'persist-orders', Key: { orderId: 'A-1' } }),
    );
    expect(item.Item?.customerId).toBe('c');
    await second.close();
  });

  it('refuses a data directory another store holds, with a message naming the way out', async () => {
    const holder = await startEmbeddedStore({ dataDir: dir.path });
    try {
      const error = await startEmbeddedStore({ dataDir: dir.path }).catch((err: unknown) => err);
      expect(error).toBeInstanceOf(EmbeddedStoreBusyError);
      expect((error as Error).message).toContain('in use by another voicedesk process');
      expect((error as Error).message).toContain('AWS_ENDPOINT_URL_DYNAMODB');
    } finally {
      await holder.close();
    }
  });

  it('does not create missing tables on an endpoint when creation is turned off', async () => {
    const server = await startEmbeddedStore({ dataDir: undefined });
    // The SDK's credential chain reads these; dynalite accepts any.
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDTEST');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'test-secret');
    try {
      const store = storeConfig({
        AWS_ENDPOINT_URL_DYNAMODB: server.endpoint,
        DYNAMODB_CREATE_TABLES: 'false',
      });
      expect(store.kind).toBe('aws');
      const error = await openDatabase(store, { log: captureLog().log }).catch((err: unknown) => err);
      expect(error).toBeInstanceOf(TableMissingError);
    } finally {
      vi.unstubAllEnvs();
      await server.close();
    }
  });
});
