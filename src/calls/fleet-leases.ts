/**
 * A fleet-wide cap on Nova Sonic sessions across every bot process, kept in DynamoDB without
 * transactions: the cap is a fixed set of slots (0 … max−1) in one partition, and a session holds a
 * slot by a conditional write (free, or its lease expired). Acquiring costs one write in the common
 * case: a random slot first; if taken, one Query of the pool shows which slots are free, and a
 * random one of those is tried (a full fleet costs that one read and no writes).
 * Holders renew their leases on a chained timer (renewals never overlap); a crashed process stops
 * renewing and its slots come back after `leaseMs` (plus the clock-skew margin). A holder knows its
 * own lease's expiry by its own clock (taken before the write, so it errs early): past it, the slot
 * counts as lost at once, before any renewal is even tried, and its session stops.
 */
import {
  DeleteCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type { Logger } from '../log.ts';
import { CLOCK_SKEW_MARGIN_MS } from './call-store.ts';

export interface FleetLease {
  readonly slot: number;
  /** True once the lease ran out by this process's clock, or a renewal found it taken. */
  lost(now?: number): boolean;
  release(): Promise<void>;
}

const POOL = 'sonic';
/** Conditional writes tried per acquisition before reporting the fleet full. */
const ACQUIRE_TRIES = 3;

function isConditionFailure(err: unknown): boolean {
  return (err as Error).name === 'ConditionalCheckFailedException';
}

interface Held {
  readonly token: string;
  /** Local-clock expiry of the lease as last written (conservative: read before the write). */
  expiresAt: number;
  lost: boolean;
  readonly onLost: (() => void) | undefined;
}

export class FleetLeases {
  readonly #doc: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #max: number;
  readonly #leaseMs: number;
  readonly #owner: string;
  readonly #log: Logger;
  readonly #held = new Map<number, Held>();
  readonly #skewMs: number;
  #heartbeat: NodeJS.Timeout | undefined;
  /** Writes made by acquisitions (for the O(1) claim; read by tests). */
  acquireWrites = 0;

  constructor(options: {
    doc: DynamoDBDocumentClient;
    table: string;
    max: number;
    owner: string;
    log: Logger;
    leaseMs?: number;
    skewMarginMs?: number;
  }) {
    this.#skewMs = options.skewMarginMs ?? CLOCK_SKEW_MARGIN_MS;
    this.#doc = options.doc;
    this.#table = options.table;
    this.#max = options.max;
    this.#owner = options.owner;
    this.#log = options.log;
    this.#leaseMs = options.leaseMs ?? 30_000;
  }

  get held(): number {
    return this.#held.size;
  }

  /** Take a free slot, or undefined when the whole fleet is at the cap. `onLost`: the slot was lost. */
  async acquire(holder: string, onLost?: () => void): Promise<FleetLease | undefined> {
    const token = `${this.#owner}/${holder}`;
    let candidates = [Math.floor(Math.random() * this.#max)].filter((s) => !this.#held.has(s));
    for (let tries = 0; tries < ACQUIRE_TRIES; tries += 1) {
      if (candidates.length === 0) candidates = await this.#freeSlots();
      if (candidates.length === 0) return undefined;
      const slot = candidates.splice(Math.floor(Math.random() * candidates.length), 1)[0] ?? 0;
      const now = Date.now();
      try {
        this.acquireWrites += 1;
        await this.#doc.send(
          new PutCommand({
            TableName: this.#table,
            Item: { pool: POOL, slot, holder: token, expiresAt: now + this.#leaseMs },
            ConditionExpression: 'attribute_not_exists(slot) OR expiresAt < :expired',
            ExpressionAttributeValues: { ':expired': now - this.#skewMs },
          }),
        );
      } catch (err) {
        if (!isConditionFailure(err)) throw err;
        candidates = [];
        continue;
      }
      const held: Held = { token, expiresAt: now + this.#leaseMs, lost: false, onLost };
      this.#held.set(slot, held);
      this.#startHeartbeat();
      return {
        slot,
        lost: (at = Date.now()) => held.lost || at >= held.expiresAt,
        release: () => this.#release(slot, token),
      };
    }
    return undefined;
  }

  /** Release every slot this process holds (shutdown). */
  async releaseAll(): Promise<void> {
    await Promise.allSettled([...this.#held].map(([slot, held]) => this.#release(slot, held.token)));
    clearTimeout(this.#heartbeat);
    this.#heartbeat = undefined;
  }

  /** Slots free or expired by this process's clock (one Query of the pool), not held here. */
  async #freeSlots(): Promise<number[]> {
    const now = Date.now();
    const taken = new Set<number>();
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.#doc.send(
        new QueryCommand({
          TableName: this.#table,
          KeyConditionExpression: '#pool = :pool',
          ExpressionAttributeNames: { '#pool': 'pool' },
          ExpressionAttributeValues: { ':pool': POOL },
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) {
        const { slot, expiresAt } = item as { slot: number; expiresAt: number };
        if (expiresAt >= now - this.#skewMs) taken.add(slot);
      }
      start = page.LastEvaluatedKey;
    } while (start);
    const free: number[] = [];
    for (let slot = 0; slot < this.#max; slot += 1)
      if (!taken.has(slot) && !this.#held.has(slot)) free.push(slot);
    return free;
  }

  async #release(slot: number, token: string): Promise<void> {
    if (this.#held.get(slot)?.token !== token) return;
    this.#held.delete(slot);
    try {
      await this.#doc.send(
        new DeleteCommand({
          TableName: this.#table,
          Key: { pool: POOL, slot },
          ConditionExpression: 'holder = :me',
          ExpressionAttributeValues: { ':me': token },
        }),
      );
    } catch (err) {
      if (!isConditionFailure(err)) this.#log.warn({ err, slot }, 'could not release a session lease');
    }
  }

  #startHeartbeat(): void {
    if (this.#heartbeat) return;
    const next = () => {
      this.#heartbeat = setTimeout(
        () => {
          void this.#renew().finally(() => {
            if (this.#held.size > 0) next();
            else this.#heartbeat = undefined;
          });
        },
        Math.max(50, this.#leaseMs / 3),
      );
      this.#heartbeat.unref();
    };
    next();
  }

  async #renew(): Promise<void> {
    await Promise.all(
      [...this.#held].map(async ([slot, held]) => {
        const now = Date.now();
        if (now >= held.expiresAt) return this.#lose(slot, held, 'expired before its renewal');
        try {
          await this.#doc.send(
            new UpdateCommand({
              TableName: this.#table,
              Key: { pool: POOL, slot },
              UpdateExpression: 'SET expiresAt = :exp',
              ConditionExpression: 'holder = :me',
              ExpressionAttributeValues: { ':exp': now + this.#leaseMs, ':me': held.token },
            }),
          );
          held.expiresAt = now + this.#leaseMs;
        } catch (err) {
          // Lost the slot (we stalled past the lease and someone took it): it is not ours any more.
          if (isConditionFailure(err)) this.#lose(slot, held, 'taken by another holder');
          else this.#log.warn({ err, slot }, 'could not renew a session lease');
        }
      }),
    );
  }

  #lose(slot: number, held: Held, why: string): void {
    if (this.#held.get(slot) !== held) return;
    held.lost = true;
    this.#held.delete(slot);
    this.#log.warn({ slot, why }, 'lost a fleet session slot; stopping its session');
    held.onLost?.();
  }
}
