/**
 * `/voice forget-me`: remove a member's transcript lines from every call of one guild. Lines are
 * found per call (Query on the call id, filtered by speaker), so lines of other guilds and other
 * speakers are never touched. The bot's answers to that member are theirs too and go with them.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { callIdsOfGuild } from './call-retention.ts';
import { deleteLines, speakerLineKeys } from './transcript-retention.ts';

export interface ForgetTables {
  readonly calls: string;
  readonly transcripts: string;
}

/** Delete every line `speakerId` has in the calls of `guildId`; resolves how many were removed. */
export async function forgetSpeaker(
  doc: DynamoDBDocumentClient,
  tables: ForgetTables,
  guildId: string,
  speakerId: string,
): Promise<number> {
  let removed = 0;
  for (const callId of await callIdsOfGuild(doc, tables.calls, guildId)) {
    const keys = await speakerLineKeys(doc, tables.transcripts, callId, speakerId);
    await deleteLines(doc, tables.transcripts, keys);
    removed += keys.length;
  }
  return removed;
}
