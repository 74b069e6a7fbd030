/**
 * Orders in DynamoDB (table `orders` of src/db/tables). Uses only GetItem, PutItem, UpdateItem,
 * Query and BatchGet/BatchWrite, all served by the embedded store. SDK failures that mean "the
 * store is not answering" become {@link StoreUnavailableError}; failed conditions become domain
 * errors, after a re-read that says why (dynalite ignores ReturnValuesOnConditionCheckFailure).
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isStoreOutage, sendOptions, StoreUnavailableError } from '../db/index.ts';
import { AddressChangeRefusedError, InvalidTransitionError, OrderNotFoundError } from './errors.ts';
import type { OrderCache } from './cache.ts';
import { orderSeries } from './order-id.ts';
import { isForwardMove, newOutboxEntry, statusChangeClauses, type OutboxEntry } from './outbox.ts';
import {
  ADDRESS_CHANGEABLE,
  statusesLeadingTo,
  type ChangeSource,
  type Order,
  type OrderStatus,
  type StatusEntry,
} from './types.ts';

export interface OrderStoreOptions {
  readonly doc: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly now?: () => Date;
  /** Only when this process is the table's sole writer (the embedded store). */
  readonly cache?: OrderCache | undefined;
}

/** Who changes an address and how (recorded in the order's history). */
export interface AddressChangeBy {
  /** The Discord user id of the caller; must be the order's customer. */
  readonly userId: string;
  readonly via: ChangeSource;
  /** The status the caller saw (saves a read); the write is conditional on it. */
  readonly status?: OrderStatus | undefined;
  readonly signal?: AbortSignal | undefined;
}

export interface ListOptions {
  readonly limit?: number;
  readonly signal?: AbortSignal | undefined;
}

export interface StatusChange {
  readonly note?: string | undefined;
  /** Who makes the change, recorded with its notification (`cli`, `import`…). */
  readonly source?: string | undefined;
  /** Skip the lifecycle check (operator override). */
  readonly force?: boolean;
  readonly signal?: AbortSignal | undefined;
}

/** Run one SDK call, classifying outages in one place. */
async function guard<T>(operation: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (isStoreOutage(err))
      throw new StoreUnavailableError(`order store unavailable during ${operation}`, { cause: err });
    throw err;
  }
}

function isConditionFailure(err: unknown): boolean {
  return err instanceof Error && err.name === 'ConditionalCheckFailedException';
}

/** Placeholders `:s0, :s1…` for an IN list. */
function inList(statuses: readonly OrderStatus[]) {
  const values = Object.fromEntries(statuses.map((s, i) => [`:s${i}`, s]));
  return { expression: Object.keys(values).join(', '), values };
}

export class OrderStore {
  readonly tableName: string;
  private readonly doc: DynamoDBDocumentClient;
  private readonly now: () => Date;
  private readonly cache: OrderCache | undefined;

  constructor(options: OrderStoreOptions) {
    this.doc = options.doc;
    this.tableName = options.tableName;
    this.now = options.now ?? (() => new Date());
    this.cache = options.cache;
  }

  private remember(order: Order): Order {
    this.cache?.set(order);
    return order;
  }

  /** The order with this canonical id, or undefined. */
  async get(orderId: string, signal?: AbortSignal): Promise<Order | undefined> {
    const cached = this.cache?.get(orderId);
    if (cached) return cached;
    const out = await guard('get', () =>
      this.doc.send(new GetCommand({ TableName: this.tableName, Key: { orderId } }), sendOptions(signal)),
    );
    return out.Item ? this.remember(toOrder(out.Item)) : undefined;
  }

  /** A customer's orders, newest first. */
  async listByCustomer(customerId: string, options: ListOptions = {}): Promise<Order[]> {
    const out = await guard('list', () =>
      this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: 'byCustomer',
          KeyConditionExpression: 'customerId = :c',
          ExpressionAttributeValues: { ':c': customerId },
          ScanIndexForward: false,
          Limit: options.limit ?? 25,
        }),
        sendOptions(options.signal),
      ),
    );
    return (out.Items ?? []).map((item) => this.remember(toOrder(item)));
  }

  /** Ids in `series` starting with `prefix`, highest first (moderator autocomplete). */
  async listIdsByPrefix(series: string, prefix: string, options: ListOptions = {}): Promise<string[]> {
    const out = await guard('list ids', () =>
      this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: 'bySeries',
          KeyConditionExpression: 'series = :s AND begins_with(orderId, :p)',
          ExpressionAttributeValues: { ':s': series, ':p': prefix },
          ScanIndexForward: false,
          Limit: options.limit ?? 25,
        }),
        sendOptions(options.signal),
      ),
    );
    return (out.Items ?? []).map((item) => String(item.orderId));
  }

  /** Write a whole order (import). Overwrites: importing the same record twice changes nothing. */
  async put(order: Order, signal?: AbortSignal): Promise<void> {
    await guard('put', () =>
      this.doc.send(
        new PutCommand({ TableName: this.tableName, Item: { ...order, series: orderSeries(order.orderId) } }),
        sendOptions(signal),
      ),
    );
    this.remember(order);
  }

  /**
   * Re-import an existing order without replacing the item (a PutItem would drop its pending
   * notifications). A status the record moves forward goes through the shared status-change write,
   * so it queues the customer's notification in the same conditional write; other fields are set
   * as given. Conditional on the status read, retried on a concurrent change.
   */
  async applyImport(
    order: Order,
    signal?: AbortSignal,
  ): Promise<{ order: Order; queued: OutboxEntry | undefined } | undefined> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const current = await guard('import read', () =>
        this.doc.send(
          new GetCommand({
            TableName: this.tableName,
            Key: { orderId: order.orderId },
            ConsistentRead: true,
          }),
          sendOptions(signal),
        ),
      );
      if (!current.Item) return undefined;
      try {
        return await this.writeImport(order, toOrder(current.Item).status, signal);
      } catch (err) {
        if (!isConditionFailure(err)) throw err;
      }
    }
    throw new StoreUnavailableError(`order ${order.orderId} kept changing during the import`);
  }

  private async writeImport(order: Order, was: OrderStatus, signal?: AbortSignal) {
    const forward = order.status !== was && isForwardMove(was, order.status);
    const queued = forward
      ? newOutboxEntry(order.status, this.now().toISOString(), { source: 'import' })
      : undefined;
    // The file stays the source of truth for every field (history included), so importing the
    // same file again changes nothing; only the outbox entry is added.
    const fields = Object.entries({ ...order, series: orderSeries(order.orderId) }).filter(
      ([key, value]) =>
        key !== 'orderId' && value !== undefined && !(queued && (key === 'status' || key === 'updatedAt')),
    );
    const optional = ['carrier', 'trackingNumber'].filter((k) => order[k as keyof Order] === undefined);
    const clauses = queued
      ? statusChangeClauses(queued, { updatedAt: order.updatedAt })
      : { set: [], names: {}, values: {} };
    const set = [...fields.map((_f, i) => `#f${i} = :f${i}`), ...clauses.set];
    const remove = optional.map((_k, i) => `#r${i}`);
    const out = await guard('import update', () =>
      this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { orderId: order.orderId },
          ConditionExpression: '#was = :was',
          UpdateExpression: `SET ${set.join(', ')}${remove.length ? ` REMOVE ${remove.join(', ')}` : ''}`,
          ExpressionAttributeNames: {
            '#was': 'status',
            ...Object.fromEntries(fields.map(([key], i) => [`#f${i}`, key])),
            ...Object.fromEntries(optional.map((key, i) => [`#r${i}`, key])),
            ...clauses.names,
          },
          ExpressionAttributeValues: {
            ':was': was,
            ...Object.fromEntries(fields.map(([, value], i) => [`:f${i}`, value])),
            ...clauses.values,
          },
          ReturnValues: 'ALL_NEW',
        }),
        sendOptions(signal),
      ),
    );
    return { order: this.remember(toOrder(out.Attributes ?? {})), queued };
  }

  /**
   * Change the delivery address, only by its owner and only while the status allows it; the
   * change is appended to the history with who, when and how. The owner is part of the write's
   * condition, so no earlier check can be raced past.
   */
  async changeAddress(orderId: string, address: string, by: AddressChangeBy): Promise<Order> {
    const allowed = inList(ADDRESS_CHANGEABLE);
    const at = this.now().toISOString();
    const seen = by.status ?? (await this.get(orderId, by.signal))?.status;
    if (seen === undefined) throw new OrderNotFoundError(orderId);
    const entry: StatusEntry = {
      status: seen,
      at,
      note: 'delivery address changed',
      change: 'address',
      by: by.userId,
      via: by.via,
    };
    try {
      const out = await guard('change address', () =>
        this.doc.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: { orderId },
            ConditionExpression: `attribute_exists(orderId) AND customerId = :owner AND #status = :seen AND #status IN (${allowed.expression})`,
            UpdateExpression:
              'SET deliveryAddress = :a, updatedAt = :at, addressChangedAt = :at, history = list_append(if_not_exists(history, :empty), :entry)',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ...allowed.values,
              ':a': address,
              ':at': at,
              ':owner': by.userId,
              ':seen': seen,
              ':entry': [entry],
              ':empty': [],
            },
            ReturnValues: 'ALL_NEW',
          }),
          sendOptions(by.signal),
        ),
      );
      return this.remember(toOrder(out.Attributes ?? {}));
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
      const current = await this.get(orderId, by.signal);
      if (!current || current.customerId !== by.userId) throw new OrderNotFoundError(orderId);
      // The status moved between the read and the write: try once more with what is there now.
      if (current.status !== seen && ADDRESS_CHANGEABLE.includes(current.status) && by.status !== undefined)
        return this.changeAddress(orderId, address, { ...by, status: current.status });
      throw new AddressChangeRefusedError(orderId, current.status);
    }
  }

  /** Move to `status` and append it to the history; refuses moves the lifecycle forbids. */
  async setStatus(orderId: string, status: OrderStatus, change: StatusChange = {}): Promise<Order> {
    return (await this.changeStatus(orderId, status, change)).order;
  }

  /**
   * {@link setStatus}, also saying which customer notification the change queued: the change and
   * its pending notification are one conditional write (src/orders/outbox.ts).
   */
  async changeStatus(
    orderId: string,
    status: OrderStatus,
    change: StatusChange = {},
  ): Promise<{ order: Order; queued: OutboxEntry }> {
    const allowedFrom = change.force ? undefined : inList(statusesLeadingTo(status));
    try {
      if (allowedFrom?.expression === '') throw new TerminalTarget();
      return await this.updateStatus(orderId, status, change, allowedFrom);
    } catch (err) {
      if (!isConditionFailure(err) && !(err instanceof TerminalTarget)) throw err;
      const current = await this.get(orderId, change.signal);
      if (!current) throw new OrderNotFoundError(orderId);
      throw new InvalidTransitionError(orderId, current.status, status);
    }
  }

  private async updateStatus(
    orderId: string,
    status: OrderStatus,
    change: StatusChange,
    allowedFrom: ReturnType<typeof inList> | undefined,
  ): Promise<{ order: Order; queued: OutboxEntry }> {
    const entry: StatusEntry = {
      status,
      at: this.now().toISOString(),
      ...(change.note ? { note: change.note } : {}),
    };
    const queued = newOutboxEntry(status, entry.at, { note: change.note, source: change.source });
    const clauses = statusChangeClauses(queued);
    const lifecycle = allowedFrom ? ` AND #status IN (${allowedFrom.expression})` : '';
    const out = await guard('set status', () =>
      this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { orderId },
          ConditionExpression: `attribute_exists(orderId)${lifecycle}`,
          UpdateExpression: `SET ${[...clauses.set, 'history = list_append(if_not_exists(history, :empty), :entry)'].join(', ')}`,
          ExpressionAttributeNames: { ...(allowedFrom ? { '#status': 'status' } : {}), ...clauses.names },
          ExpressionAttributeValues: {
            ...allowedFrom?.values,
            ...clauses.values,
            ':entry': [entry],
            ':empty': [],
          },
          ReturnValues: 'ALL_NEW',
        }),
        sendOptions(change.signal),
      ),
    );
    return { order: this.remember(toOrder(out.Attributes ?? {})), queued };
  }
}

/** No status leads to the target (e.g. RECEIVED): only a forced change can set it. */
class TerminalTarget extends Error {
  override name = 'TerminalTarget';
}

/** A stored item as an {@link Order} (drops the index-only `series`). */
export function toOrder(item: Record<string, unknown>): Order {
  const {
    series: _series,
    addressChangedAt: _changed,
    outbox: _outbox,
    outboxState: _outboxState,
    ...order
  } = item;
  return order as unknown as Order;
}
