/**
 * Removing transcript lines: those past their `expiresAt` (the retention sweep on stores without
 * TTL) and one speaker's lines of one call (`/voice forget-me`). Only the transcripts table.
 */
import {
  BatchWriteCommand,
  QueryCommand,
  ScanCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { batchDelete, type DeleteRequest } from '../db/batch-delete.ts';

type Key = Record<string, unknown>;

/** Keys of lines whose `expiresAt` (epoch seconds) is before `nowS`. A Scan: run hourly at most. */
export async function expiredLineKeys(
  doc: DynamoDBDocumentClient,
  table: string,
  nowS: number,
): Promise<Key[]> {
  const keys: Key[] = [];
  let start: Key | undefined;
  do {
    const page = await doc.send(
      new ScanCommand({
        TableName: table,
        FilterExpression: 'expiresAt < :now',
        ProjectionExpression: 'callId, seq',
        ExpressionAttributeValues: { ':now': nowS },
        ExclusiveStartKey: start,
      }),
    );
    for (const item of page.Items ?? []) keys.push({ callId: item.callId, seq: item.seq });
    start = page.LastEvaluatedKey;
  } while (start);
  return keys;
}

/** Keys of one speaker's lines in one call (their words and the bot's answers to them). */
export async function speakerLineKeys(
  doc: DynamoDBDocumentClient,
  table: string,
  callId: string,
  speakerId: string,
): Promise<Key[]> {
  const keys: Key[] = [];
  let start: Key | undefined;
  do {
    const page = await doc.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'callId = :c',
        FilterExpression: 'speakerId = :s',
        ProjectionExpression: 'callId, seq',
        ExpressionAttributeValues: { ':c': callId, ':s': speakerId },
        ExclusiveStartKey: start,
      }),
    );
    for (const item of page.Items ?? []) keys.push({ callId: item.callId, seq: item.seq });
    start = page.LastEvaluatedKey;
  } while (start);
  return keys;
}

export async function deleteLines(
  doc: DynamoDBDocumentClient,
  table: string,
  keys: readonly Key[],
): Promise<void> {
  await batchDelete(keys, async (requests) => {
    const out = await doc.send(new BatchWriteCommand({ RequestItems: { [table]: [...requests] } }));
    return (out.UnprocessedItems?.[table] ?? []) as DeleteRequest[];
  });
}
