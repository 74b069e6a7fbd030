/**
 * `/voice forget-me`: remove a member's transcript lines from every call of one guild. Lines are
 * found per call (Query on the call id, filtered by speaker), so lines of other guilds and other
 * speakers are never touched. The bot's answers to that member are theirs too and go with them.
 */
import { QueryCommand, ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { batchDelete } from '../db/batch-delete.ts';

export interface ForgetTables {
  readonly calls: string;
  readonly transcripts: string;
}

/** Call ids of a guild (a Scan: calls are few, and this runs only on request). */
async function callIdsOf(doc: DynamoDBDocumentClient, table: string, guildId: string): Promise<string[]> {
  const ids: string[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(
      new ScanCommand({
        TableName: table,
        FilterExpression: 'guildId = :g',
        ProjectionExpression: 'callId',
        ExpressionAttributeValues: { ':g': guildId },
        ExclusiveStartKey: start,
      }),
    );
    for (const item of page.Items ?? []) ids.push(String(item.callId));
    start = page.LastEvaluatedKey;
  } while (start);
  return ids;
}

async function linesOf(
  doc: DynamoDBDocumentClient,
  table: string,
  callId: string,
  speakerId: string,
): Promise<Record<string, unknown>[]> {
  const keys: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
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

/** Delete every line `speakerId` has in the calls of `guildId`; resolves how many were removed. */
export async function forgetSpeaker(
  doc: DynamoDBDocumentClient,
  tables: ForgetTables,
  guildId: string,
  speakerId: string,
): Promise<number> {
  let removed = 0;
  for (const callId of await callIdsOf(doc, tables.calls, guildId)) {
    const keys = await linesOf(doc, tables.transcripts, callId, speakerId);
    await batchDelete(doc, tables.transcripts, keys);
    removed += keys.length;
  }
  return removed;
}
