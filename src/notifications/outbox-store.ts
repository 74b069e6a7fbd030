/**
 * The notifier's side of the order outbox (src/orders/outbox.ts): find orders with pending
 * notifications (one Query on the sparse `byOutbox` index), and claim, settle and remove the head
 * entry with conditional UpdateItems on the order item. A claim is a lease plus a fencing token
 * (`fence`, incremented by every claim); each later write is conditional on holder and fence, so a
 * process whose lease ran out can never record over the process that took over.
 *
 * An orders table created before the index existed (bootstrap never alters existing tables, and the
 * embedded store cannot add an index to one) is read with a filtered Scan instead: correct, slower
 * for large tables; {@link OutboxStore.usesIndex} says which, so the bot can warn.
 */
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { QueryCommand, ScanCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { OUTBOX_INDEX, OUTBOX_PENDING, parseOutboxEntry, type OutboxEntry } from '../orders/outbox.ts';
import { toOrder } from '../orders/store.ts';
import type { Order } from '../orders/types.ts';

/** A claimed head entry: the order as it is now, the entry (undefined if malformed) and our fence. */
export interface Claim {
  readonly order: Order;
  readonly entry: OutboxEntry | undefined;
  /** The raw head, for records of malformed entries. */
  readonly raw: Record<string, unknown>;
  readonly fence: number;
}

/** An order with pending notifications, as the index shows it (possibly a moment old). */
export interface PendingOrder {
  readonly orderId: string;
  readonly customerId: string;
  readonly head: Record<string, unknown> | undefined;
  readonly queued: number;
}

export type Fate = 'sent' | 'undeliverable' | 'failed' | 'skipped';
export interface Result {
  readonly fate: Fate;
  readonly reason?: string;
  readonly messageId?: string;
}

function isConditionFailure(err: unknown): boolean {
  return err instanceof Error && err.name === 'ConditionalCheckFailedException';
}

/** Holder and fence still ours (and the head still the entry we claimed). */
const HELD = 'outbox[0].holder = :me AND outbox[0].fence = :fence';

export class OutboxStore {
  readonly #doc: DynamoDBDocumentClient;
  readonly #table: string;
  #indexed: boolean | undefined;

  constructor(doc: DynamoDBDocumentClient, table: string) {
    this.#doc = doc;
    this.#table = table;
  }

  /** Whether the orders table has the `byOutbox` index (asked once). */
  async usesIndex(): Promise<boolean> {
    if (this.#indexed === undefined) {
      const out = await this.#doc.send(new DescribeTableCommand({ TableName: this.#table }));
      this.#indexed = (out.Table?.GlobalSecondaryIndexes ?? []).some((i) => i.IndexName === OUTBOX_INDEX);
    }
    return this.#indexed;
  }

  /** Orders with pending notifications, least recently updated first (by index). */
  async listPending(limit = 50): Promise<PendingOrder[]> {
    const items = (await this.usesIndex()) ? await this.#query(limit) : await this.#scan(limit);
    return items.map((item) => {
      const outbox = Array.isArray(item.outbox) ? (item.outbox as Record<string, unknown>[]) : [];
      return {
        orderId: String(item.orderId),
        customerId: String(item.customerId),
        head: outbox[0],
        queued: outbox.length,
      };
    });
  }

  async #query(limit: number): Promise<Record<string, unknown>[]> {
    const out = await this.#doc.send(
      new QueryCommand({
        TableName: this.#table,
        IndexName: OUTBOX_INDEX,
        KeyConditionExpression: 'outboxState = :p',
        ExpressionAttributeValues: { ':p': OUTBOX_PENDING },
        Limit: limit,
      }),
    );
    return out.Items ?? [];
  }

  async #scan(limit: number): Promise<Record<string, unknown>[]> {
    const found: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.#doc.send(
        new ScanCommand({
          TableName: this.#table,
          FilterExpression: 'outboxState = :p',
          ProjectionExpression: 'orderId, customerId, outbox',
          ExpressionAttributeValues: { ':p': OUTBOX_PENDING },
          ExclusiveStartKey: start,
        }),
      );
      found.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start && found.length < limit);
    return found.slice(0, limit);
  }

  /**
   * Take the head entry for `leaseMs` when it is free (never claimed, or its lease ran out) and due.
   * Undefined when another process holds it, it is not due, or the outbox is empty.
   */
  async claim(orderId: string, owner: string, leaseMs: number, now = Date.now()): Promise<Claim | undefined> {
    try {
      const out = await this.#doc.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: { orderId },
          UpdateExpression:
            'SET outbox[0].holder = :me, outbox[0].leaseUntil = :until, outbox[0].fence = if_not_exists(outbox[0].fence, :zero) + :one',
          ConditionExpression:
            'size(outbox) > :zero AND ' +
            '(attribute_not_exists(outbox[0].leaseUntil) OR outbox[0].leaseUntil < :now) AND ' +
            '(attribute_not_exists(outbox[0].notBefore) OR outbox[0].notBefore <= :now)',
          ExpressionAttributeValues: {
            ':me': owner,
            ':until': now + leaseMs,
            ':now': now,
            ':zero': 0,
            ':one': 1,
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      const item = out.Attributes ?? {};
      const raw = ((item.outbox as Record<string, unknown>[] | undefined) ?? [])[0] ?? {};
      return { order: toOrder(item), entry: parseOutboxEntry(raw), raw, fence: Number(raw.fence) };
    } catch (err) {
      if (isConditionFailure(err)) return undefined;
      throw err;
    }
  }

  /** Extend our lease right before an irreversible step; false when the claim was lost. */
  async confirm(orderId: string, owner: string, fence: number, leaseMs: number): Promise<boolean> {
    return this.#held(orderId, owner, fence, 'SET outbox[0].leaseUntil = :until', {
      ':until': Date.now() + leaseMs,
    });
  }

  /** Record the fate on the entry itself first: a later claimer then only finishes the record. */
  async settle(orderId: string, owner: string, fence: number, result: Result): Promise<boolean> {
    return this.#held(orderId, owner, fence, 'SET outbox[0].#result = :result', { ':result': result });
  }

  /** A failed attempt: release the claim; the entry is due again at `notBefore`. */
  async retryLater(
    orderId: string,
    owner: string,
    fence: number,
    retry: { attempts: number; notBefore: number; error: string },
  ): Promise<boolean> {
    return this.#held(
      orderId,
      owner,
      fence,
      'SET outbox[0].attempts = :attempts, outbox[0].notBefore = :next, outbox[0].lastError = :err REMOVE outbox[0].holder, outbox[0].leaseUntil',
      { ':attempts': retry.attempts, ':next': retry.notBefore, ':err': retry.error.slice(0, 300) },
    );
  }

  /** Drop the settled head; clears the index key when nothing else is queued behind it. */
  async remove(orderId: string, owner: string, fence: number): Promise<void> {
    const removed = await this.#held(orderId, owner, fence, 'REMOVE outbox[0]', {});
    if (removed) await this.clearIfEmpty(orderId);
  }

  /** Take the order out of the index once its outbox is empty (a no-op if a change raced in). */
  async clearIfEmpty(orderId: string): Promise<void> {
    try {
      await this.#doc.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: { orderId },
          UpdateExpression: 'REMOVE outbox, outboxState',
          ConditionExpression: 'attribute_not_exists(outbox) OR size(outbox) = :zero',
          ExpressionAttributeValues: { ':zero': 0 },
        }),
      );
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
    }
  }

  async #held(
    orderId: string,
    owner: string,
    fence: number,
    update: string,
    values: Record<string, unknown>,
  ): Promise<boolean> {
    try {
      await this.#doc.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: { orderId },
          UpdateExpression: update,
          ConditionExpression: HELD,
          ...(update.includes('#result') ? { ExpressionAttributeNames: { '#result': 'result' } } : {}),
          ExpressionAttributeValues: { ...values, ':me': owner, ':fence': fence },
        }),
      );
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }
}
