import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ensureTables } from '../../src/db/bootstrap.ts';
import { EmbeddedStoreBusyError, openDatabase, TableMissingError } from '../../src/db/index.ts';
import { allTableInputs } from '../../src/db/tables/index.ts';
import { startEmbeddedStore } from '../../src/db/embedded.ts';
import { startDynalite } from '../helpers/dynalite.ts';
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
    const server = await startDynalite();
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

describe('the embedded store against other local users', () => {
  it('answers only requests signed with its per-process key, whatever the signature claims', async () => {
    const store = await startEmbeddedStore({ dataDir: undefined });
    const call = (accessKeyId: string) =>
      fetch(store.endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-amz-json-1.0',
          'x-amz-target': 'DynamoDB_20120810.ListTables',
          'x-amz-date': '20260101T000000Z',
          authorization: `AWS4-HMAC-SHA256 Credential=${accessKeyId}/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0`,
        },
        body: '{}',
      });
    try {
      // Another local user knows the port but not the key: refused like a bad AWS credential.
      const stranger = await call('AKIDEMBEDDED');
      expect(stranger.status).toBe(400);
      expect(await stranger.text()).toContain('UnrecognizedClientException');
      const unsigned = await fetch(store.endpoint, { method: 'POST', body: '{}' });
      expect(unsigned.status).toBe(400);
      const owner = await call(store.credentials.accessKeyId);
      expect(owner.status).toBe(200);
      expect(store.credentials.accessKeyId).not.toBe(
        await startEmbeddedStore({ dataDir: undefined }).then(async (other) => {
          await other.close();
          return other.credentials.accessKeyId;
        }),
      );
    } finally {
      await store.close();
    }
  });
});

describe('tables the bot creates on a DynamoDB endpoint', () => {
  it('get TTL enabled on their expiry attribute; an endpoint without TTL is logged, not fatal', async () => {
    const server = await startDynalite();
    const client = new DynamoDBClient({
      endpoint: server.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test-secret' },
    });
    // What the SDK is asked to send (dynalite itself has no TTL API).
    const asked: { TableName?: string; TimeToLiveSpecification?: unknown }[] = [];
    client.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'UpdateTimeToLiveCommand')
          asked.push(args.input as (typeof asked)[number]);
        return next(args);
      },
      { step: 'initialize' },
    );
    const { log, lines } = captureLog();
    try {
      await ensureTables(client, allTableInputs('ttl-'), {
        create: true,
        log,
        ttl: new Map([
          ['ttl-transcripts', 'expiresAt'],
          ['ttl-calls', 'expiresAt'],
        ]),
      });
      expect(asked.map((a) => [a.TableName, a.TimeToLiveSpecification])).toEqual([
        ['ttl-calls', { AttributeName: 'expiresAt', Enabled: true }],
        ['ttl-transcripts', { AttributeName: 'expiresAt', Enabled: true }],
      ]);
      expect(
        lines.filter((l) => l.msg === 'this endpoint has no TTL; expired items are ignored on read'),
      ).toHaveLength(2);
    } finally {
      client.destroy();
      await server.close();
    }
  });
});
