/**
 * The notifications table (src/db/tables/notifications.ts): each customer's preferences, and the
 * log of what became of every notification (by day of the change, newest first, kept 90 days by TTL).
 */
import {
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { sendOptions } from '../db/index.ts';
import type { Fate } from './outbox-store.ts';

export type Choice = 'on' | 'off';

export interface CustomerPrefs {
  /** Explicit `/order notify` choice; absent means the guild default applies. */
  readonly notify?: Choice;
  /** Discord locale of their last interaction (`de`, `en-US`…). */
  readonly locale?: string;
  /** The guild of their last `/order`, tried first when looking for a shared server. */
  readonly lastGuildId?: string;
}

export interface NotificationRecord {
  readonly id: string;
  readonly orderId: string;
  readonly customerId: string;
  readonly status: string;
  readonly fate: Fate;
  readonly reason?: string;
  readonly messageId?: string;
  /** When the status changed, and when the fate was decided (ISO 8601 UTC). */
  readonly queuedAt: string;
  readonly decidedAt: string;
  readonly attempts: number;
}

const RETENTION_DAYS = 90;
const DAY_MS = 86_400_000;
const prefsKey = (userId: string) => ({ pk: `customer#${userId}`, sk: 'prefs' });

export class NotificationRecords {
  readonly #doc: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(doc: DynamoDBDocumentClient, table: string) {
    this.#doc = doc;
    this.#table = table;
  }

  async prefs(userId: string, signal?: AbortSignal): Promise<CustomerPrefs> {
    const out = await this.#doc.send(
      new GetCommand({ TableName: this.#table, Key: prefsKey(userId) }),
      sendOptions(signal),
    );
    const item = out.Item ?? {};
    return {
      ...(item.notify === 'on' || item.notify === 'off' ? { notify: item.notify as Choice } : {}),
      ...(typeof item.locale === 'string' ? { locale: item.locale } : {}),
      ...(typeof item.lastGuildId === 'string' ? { lastGuildId: item.lastGuildId } : {}),
    };
  }

  /** The customer's own choice (and the locale they chose it in); they need no hint after this. */
  async setChoice(userId: string, notify: Choice, locale: string): Promise<void> {
    await this.#doc.send(
      new UpdateCommand({
        TableName: this.#table,
        Key: prefsKey(userId),
        UpdateExpression: 'SET notify = :n, locale = :l, hintShownAt = if_not_exists(hintShownAt, :now)',
        ExpressionAttributeValues: { ':n': notify, ':l': locale, ':now': new Date().toISOString() },
      }),
    );
  }

  /**
   * Remember the member's locale and guild from an interaction; true the first time (one write:
   * `hintShownAt` is set only when absent, and its old value tells whether it was).
   */
  async noteUse(
    userId: string,
    use: { locale: string; guildId: string | null },
    signal?: AbortSignal,
  ): Promise<boolean> {
    const out = await this.#doc.send(
      new UpdateCommand({
        TableName: this.#table,
        Key: prefsKey(userId),
        UpdateExpression: `SET locale = :l, hintShownAt = if_not_exists(hintShownAt, :now)${use.guildId ? ', lastGuildId = :g' : ''}`,
        ExpressionAttributeValues: {
          ':l': use.locale,
          ':now': new Date().toISOString(),
          ...(use.guildId ? { ':g': use.guildId } : {}),
        },
        ReturnValues: 'UPDATED_OLD',
      }),
      sendOptions(signal),
    );
    return out.Attributes?.hintShownAt === undefined;
  }

  /** Record a notification's fate; idempotent (same id, same item). */
  async log(record: NotificationRecord): Promise<void> {
    await this.#doc.send(
      new PutCommand({
        TableName: this.#table,
        Item: {
          // Keyed by the change, not the decision: a takeover repeating this overwrites, never adds.
          pk: `log#${record.queuedAt.slice(0, 10)}`,
          sk: `${record.queuedAt}#${record.id}`,
          ...record,
          expiresAt: Math.floor(Date.parse(record.decidedAt) / 1000) + RETENTION_DAYS * 86_400,
        },
      }),
    );
  }

  /** The most recent fates, newest first, looking back at most `days` days. */
  async recent(limit = 20, days = 7, now = Date.now()): Promise<NotificationRecord[]> {
    const found: NotificationRecord[] = [];
    for (let day = 0; day < days && found.length < limit; day++) {
      const date = new Date(now - day * DAY_MS).toISOString().slice(0, 10);
      const out = await this.#doc.send(
        new QueryCommand({
          TableName: this.#table,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': `log#${date}` },
          ScanIndexForward: false,
          Limit: limit - found.length,
        }),
      );
      for (const item of out.Items ?? []) {
        const { pk: _pk, sk: _sk, expiresAt: _exp, ...record } = item;
        found.push(record as NotificationRecord);
      }
    }
    return found;
  }
}
