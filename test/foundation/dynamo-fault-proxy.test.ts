/**
 * The fault-injecting DynamoDB proxy, driven by the real SDK: each fault arrives as the SDK error
 * (or result) the real service produces, only for the table and operation a rule names.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allTableInputs, tableNames } from '../../src/db/index.ts';
import { DynamoFaultProxy } from '../fakes/dynamo/fault-proxy.ts';
import { startDynalite, type TestDynamo } from '../helpers/dynalite.ts';

describe('DynamoFaultProxy', () => {
  let dynamo: TestDynamo;
  let proxy: DynamoFaultProxy;
  let doc: DynamoDBDocumentClient;
  let client: DynamoDBClient;
  const tables = tableNames('fp-');

  beforeAll(async () => {
    dynamo = await startDynalite();
    await dynamo.createTables(allTableInputs('fp-'));
    proxy = await DynamoFaultProxy.start(dynamo.endpoint);
    client = new DynamoDBClient({
      endpoint: proxy.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local' },
      maxAttempts: 1,
      requestHandler: new NodeHttpHandler({ requestTimeout: 300, throwOnRequestTimeout: true }),
    });
    doc = DynamoDBDocumentClient.from(client);
  });
  afterAll(async () => {
    client?.destroy();
    await proxy?.close();
    await dynamo?.close();
  });

  const put = (callId: string) =>
    doc.send(new PutCommand({ TableName: tables.calls, Item: { callId, state: 'active' } }));
  const line = (seq: string) => ({ PutRequest: { Item: { callId: 'c1', seq, text: 'hi' } } });

  it('forwards requests untouched when no rule matches', async () => {
    await put('plain');
    const got = await doc.send(new GetCommand({ TableName: tables.calls, Key: { callId: 'plain' } }));
    expect(got.Item?.state).toBe('active');
  });

  it('throttles and fails only the table and operation a rule names, for as many times as it says', async () => {
    const remove = proxy.inject({ mode: 'throttle', table: 'calls', operation: 'PutItem', times: 1 });
    await expect(put('t1')).rejects.toMatchObject({ name: 'ProvisionedThroughputExceededException' });
    await put('t2'); // the rule was used up
    remove();
    proxy.inject({ mode: 'error500', table: 'transcripts', times: 1 });
    await put('t3'); // another table: untouched
    await expect(
      doc.send(new BatchWriteCommand({ RequestItems: { [tables.transcripts]: [line('1')] } })),
    ).rejects.toMatchObject({ name: 'InternalServerError', $metadata: { httpStatusCode: 500 } });
  });

  it('returns a batch unprocessed exactly as sent, without writing it', async () => {
    proxy.inject({ mode: 'unprocessed', table: 'transcripts', times: 1 });
    const sent = [line('2'), line('3')];
    const out = await doc.send(new BatchWriteCommand({ RequestItems: { [tables.transcripts]: sent } }));
    expect(out.UnprocessedItems?.[tables.transcripts]).toEqual(sent);
    const written = await doc.send(
      new GetCommand({ TableName: tables.transcripts, Key: { callId: 'c1', seq: '2' } }),
    );
    expect(written.Item).toBeUndefined();
  });

  it('delays, and hangs until the client gives up', async () => {
    proxy.inject({ mode: 'delay', delayMs: 150, times: 1 });
    const started = Date.now();
    await put('slow');
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    proxy.inject({ mode: 'hang', times: 1 });
    await expect(put('hung')).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(proxy.injected.get('hang')).toBe(1);
  });

  it('is down until restored', async () => {
    proxy.down();
    await expect(put('down')).rejects.toMatchObject({ name: 'InternalServerError' });
    proxy.restore();
    await put('up');
  });
});
