/**
 * A fleet-wide cap on Nova Sonic sessions across every bot process, kept in DynamoDB without
 * transactions: the cap is a fixed set of slots (0 … max−1) in one partition, and a session holds a
 * slot by a conditional write (free, or its lease expired). Holders renew their leases with a
 * heartbeat; a crashed process stops renewing and its slots come back after `leaseMs`.
 */
import { DeleteCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Logger } from '../log.ts';

export interface FleetLease {
  readonly slot: number;
  release(): Promise<void>;
}

const POOL = 'sonic';

function isConditionFailure(err: unknown): boolean {
  return (err as Error).name === 'ConditionalCheckFailedException';
}

export class FleetLeases {
  readonly #doc: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #max: number;
  readonly #leaseMs: number;
  readonly #owner: string;
  readonly #log: Logger;
  readonly #held = new Map<number, string>();
  #heartbeat: NodeJS.Timeout | undefined;

  constructor(options: {
    doc: DynamoDBDocumentClient;
    table: string;
    max: number;
    owner: string;
    log: Logger;
    leaseMs?: number;
  }) {
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

  /** Take a free slot, or undefined when the whole fleet is at the cap. */
  async acquire(holder: string): Promise<FleetLease | undefined> {
    const offset = Math.floor(Math.random() * this.#max);
    for (let i = 0; i < this.#max; i += 1) {
      const slot = (offset + i) % this.#max;
      if (this.#held.has(slot)) continue;
      const token = `${this.#owner}/${holder}`;
      try {
        const now = Date.now();
        await this.#doc.send(
          new PutCommand({
            TableName: this.#table,
            Item: { pool: POOL, slot, holder: token, expiresAt: now + this.#leaseMs },
            ConditionExpression: 'attribute_not_exists(slot) OR expiresAt < :now',
            ExpressionAttributeValues: { ':now': now },
          }),
        );
        this.#held.set(slot, token);
        this.#startHeartbeat();
        return { slot, release: () => this.#release(slot, token) };
      } catch (err) {
        if (!isConditionFailure(err)) throw err;
      }
    }
    return undefined;
  }

  /** Release every slot this process holds (shutdown). */
  async releaseAll(): Promise<void> {
    await Promise.allSettled([...this.#held].map(([slot, token]) => this.#release(slot, token)));
    clearInterval(this.#heartbeat);
    this.#heartbeat = undefined;
  }

  async #release(slot: number, token: string): Promise<void> {
    if (this.#held.get(slot) !== token) return;
    this.#held.delete(slot);
    if (this.#held.size === 0) {
      clearInterval(this.#heartbeat);
      this.#heartbeat = undefined;
    }
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
    this.#heartbeat ??= setInterval(() => void this.#renew(), Math.max(50, this.#leaseMs / 3));
    this.#heartbeat.unref();
  }

  async #renew(): Promise<void> {
    const expiresAt = Date.now() + this.#leaseMs;
    for (const [slot, token] of this.#held) {
      try {
        await this.#doc.send(
          new UpdateCommand({
            TableName: this.#table,
            Key: { pool: POOL, slot },
            UpdateExpression: 'SET expiresAt = :exp',
            ConditionExpression: 'holder = :me',
            ExpressionAttributeValues: { ':exp': expiresAt, ':me': token },
          }),
        );
      } catch (err) {
        // Lost the slot (we stalled past the lease and someone took it): stop counting it as ours.
        if (isConditionFailure(err)) this.#held.delete(slot);
        else this.#log.warn({ err, slot }, 'could not renew a session lease');
      }
    }
  }
}
