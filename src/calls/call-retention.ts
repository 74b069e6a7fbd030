/**
 * Finding and removing call records: a guild's calls (for `/voice forget-me`) and calls that ended
 * before the retention cutoff and need nothing more (the sweep on stores without TTL). Only the
 * calls table.
 */
import { BatchWriteCommand, ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { batchDelete, type DeleteRequest } from '../db/batch-delete.ts';

type Key = Record<string, unknown>;

async function scanIds(
  doc: DynamoDBDocumentClient,
  table: string,
  filter: string,
  values: Record<string, unknown>,
  names?: Record<string, string>,
): Promise<string[]> {
  const ids: string[] = [];
  let start: Key | undefined;
  do {
    const page = await doc.send(
      new ScanCommand({
        TableName: table,
        FilterExpression: filter,
        ProjectionExpression: 'callId',
        ExpressionAttributeValues: values,
        ...(names ? { ExpressionAttributeNames: names } : {}),
        ExclusiveStartKey: start,
      }),
    );
    for (const item of page.Items ?? []) ids.push(String(item.callId));
    start = page.LastEvaluatedKey;
  } while (start);
  return ids;
}

/** Ids of every call of a guild (a Scan: calls are few, and this runs only on request). */
export function callIdsOfGuild(
  doc: DynamoDBDocumentClient,
  table: string,
  guildId: string,
): Promise<string[]> {
  return scanIds(doc, table, 'guildId = :g', { ':g': guildId });
}

/** Ids of calls that ended before `cutoffMs` and whose summary is done (posted, empty or failed). */
export function finishedCallIdsBefore(
  doc: DynamoDBDocumentClient,
  table: string,
  cutoffMs: number,
): Promise<string[]> {
  return scanIds(
    doc,
    table,
    'endedAt < :cutoff AND #state IN (:posted, :empty, :failed)',
    { ':cutoff': cutoffMs, ':posted': 'posted', ':empty': 'empty', ':failed': 'failed' },
    { '#state': 'state' },
  );
}

export async function deleteCalls(
  doc: DynamoDBDocumentClient,
  table: string,
  callIds: readonly string[],
): Promise<void> {
  await batchDelete(
    callIds.map((callId) => ({ callId })),
    async (requests) => {
      const out = await doc.send(new BatchWriteCommand({ RequestItems: { [table]: [...requests] } }));
      return (out.UnprocessedItems?.[table] ?? []) as DeleteRequest[];
    },
  );
}
