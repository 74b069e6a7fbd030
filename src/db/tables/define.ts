/**
 * Table definitions as data: bootstrap creates tables from them and an infrastructure test can
 * compare them with a CloudFormation template. Only features dynalite serves are used
 * (PAY_PER_REQUEST, GSIs created with the table; no streams, no TTL configuration).
 */
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

export type AttributeType = 'S' | 'N' | 'B';

export interface KeyAttribute {
  readonly name: string;
  readonly type: AttributeType;
}

export interface IndexDefinition {
  readonly name: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey?: KeyAttribute;
  /** `ALL` copies every attribute; `KEYS_ONLY` the table and index keys. */
  readonly projection: 'ALL' | 'KEYS_ONLY';
}

export interface TableDefinition {
  /** Table name without the configured prefix, e.g. `orders` → `voicedesk-orders`. */
  readonly baseName: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey?: KeyAttribute;
  readonly indexes: readonly IndexDefinition[];
  /**
   * Attribute holding an item's expiry (epoch seconds). Enabled by the infrastructure template on
   * AWS, and by bootstrap on tables the bot creates itself; the embedded store has no TTL, so a
   * retention sweep deletes expired items there (src/calls/retention.ts).
   */
  readonly ttlAttribute?: string;
}

/** The physical table name: prefix + base name (DynamoDB requires 3–255 characters). */
export function physicalName(prefix: string, table: TableDefinition): string {
  return `${prefix}${table.baseName}`;
}

function keySchema(partition: KeyAttribute, sort: KeyAttribute | undefined) {
  return [
    { AttributeName: partition.name, KeyType: 'HASH' as const },
    ...(sort ? [{ AttributeName: sort.name, KeyType: 'RANGE' as const }] : []),
  ];
}

function attributeDefinitions(table: TableDefinition) {
  const all = [
    table.partitionKey,
    table.sortKey,
    ...table.indexes.flatMap((i) => [i.partitionKey, i.sortKey]),
  ];
  const byName = new Map<string, AttributeType>();
  for (const attr of all) if (attr) byName.set(attr.name, attr.type);
  return [...byName].map(([AttributeName, AttributeType]) => ({ AttributeName, AttributeType }));
}

/** The CreateTable request for `table` under `prefix`. */
export function createTableInput(prefix: string, table: TableDefinition): CreateTableCommandInput {
  return {
    TableName: physicalName(prefix, table),
    BillingMode: 'PAY_PER_REQUEST',
    KeySchema: keySchema(table.partitionKey, table.sortKey),
    AttributeDefinitions: attributeDefinitions(table),
    ...(table.indexes.length > 0
      ? {
          GlobalSecondaryIndexes: table.indexes.map((index) => ({
            IndexName: index.name,
            KeySchema: keySchema(index.partitionKey, index.sortKey),
            Projection: { ProjectionType: index.projection },
          })),
        }
      : {}),
  };
}
