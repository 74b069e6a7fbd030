/**
 * DynamoDB tables the calls layer owns: call records (with the sparse `byPending` index that lists
 * calls whose summary is still due), transcript lines (TTL attribute `expiresAt`) and guild
 * settings / opt-outs. On-demand billing; no transactions or TTL APIs are needed at run time.
 */
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { PENDING_INDEX } from './call-store.ts';

export interface CallTableNames {
  readonly calls: string;
  readonly transcripts: string;
  readonly settings: string;
  readonly leases: string;
}

export function callTableNames(prefix: string): CallTableNames {
  return {
    calls: `${prefix}calls`,
    transcripts: `${prefix}transcripts`,
    settings: `${prefix}settings`,
    leases: `${prefix}leases`,
  };
}

export function callTableDefinitions(names: CallTableNames): CreateTableCommandInput[] {
  return [
    {
      TableName: names.calls,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'callId', AttributeType: 'S' },
        { AttributeName: 'pending', AttributeType: 'S' },
        { AttributeName: 'endedAt', AttributeType: 'N' },
      ],
      KeySchema: [{ AttributeName: 'callId', KeyType: 'HASH' }],
      GlobalSecondaryIndexes: [
        {
          IndexName: PENDING_INDEX,
          KeySchema: [
            { AttributeName: 'pending', KeyType: 'HASH' },
            { AttributeName: 'endedAt', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
    },
    {
      TableName: names.transcripts,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'callId', AttributeType: 'S' },
        { AttributeName: 'seq', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'callId', KeyType: 'HASH' },
        { AttributeName: 'seq', KeyType: 'RANGE' },
      ],
    },
    {
      TableName: names.settings,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'guildId', AttributeType: 'S' },
        { AttributeName: 'key', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'guildId', KeyType: 'HASH' },
        { AttributeName: 'key', KeyType: 'RANGE' },
      ],
    },
    {
      TableName: names.leases,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'pool', AttributeType: 'S' },
        { AttributeName: 'slot', AttributeType: 'N' },
      ],
      KeySchema: [
        { AttributeName: 'pool', KeyType: 'HASH' },
        { AttributeName: 'slot', KeyType: 'RANGE' },
      ],
    },
  ];
}

/** Tables whose items carry a TTL attribute (set by the CloudFormation template on AWS). */
export const TTL_ATTRIBUTES: Readonly<Partial<Record<keyof CallTableNames, string>>> = {
  transcripts: 'expiresAt',
};
