/**
 * Call records, and the state that makes the moderators' summary exactly-once across processes and
 * restarts. A call is `active` → `ended` (written before anything else happens at the end) →
 * `summarizing` (claimed by one process with a lease) → `posted` | `empty` | `failed`. Claims and the
 * summary message id are conditional writes, so two processes never both post, and a process that
 * dies mid-way leaves a claim that expires and a message id the next one reuses.
 * While a summary is pending the sparse attribute `pending` puts the call in the `byPending` index.
 */
import {
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';

export type CallState = 'active' | 'ended' | 'summarizing' | 'posted' | 'empty' | 'failed';

export interface SonicUsageTotals {
  readonly speechIn: number;
  readonly speechOut: number;
  readonly textIn: number;
  readonly textOut: number;
}

export interface CallRecord {
  readonly callId: string;
  readonly guildId: string;
  readonly voiceChannelId: string;
  readonly channelName: string;
  readonly startedAt: number;
  readonly endedAt?: number;
  readonly endReason?: string;
  readonly state: CallState;
  readonly usage?: SonicUsageTotals;
  readonly summaryChannelId?: string;
  readonly summaryMessageId?: string;
  readonly claimOwner?: string;
  readonly claimExpiresAt?: number;
  readonly attempts?: number;
  readonly nextAttemptAt?: number;
  readonly lastError?: string;
}

export const PENDING_INDEX = 'byPending';
/**
 * Leases written with one process's clock are judged expired by another's only this long after
 * their expiry: claims stay exclusive while clocks disagree by less than this (NTP keeps them within
 * milliseconds).
 */
export const CLOCK_SKEW_MARGIN_MS = 5_000;
const PENDING = 'summary';

function isConditionFailure(err: unknown): boolean {
  return (err as Error).name === 'ConditionalCheckFailedException';
}

export class CallStore {
  readonly #doc: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #skewMs: number;

  constructor(doc: DynamoDBDocumentClient, table: string, skewMarginMs = CLOCK_SKEW_MARGIN_MS) {
    this.#doc = doc;
    this.#table = table;
    this.#skewMs = skewMarginMs;
  }

  async create(
    call: Pick<CallRecord, 'callId' | 'guildId' | 'voiceChannelId' | 'channelName' | 'startedAt'>,
  ): Promise<void> {
    await this.#doc.send(
      new PutCommand({
        TableName: this.#table,
        Item: { ...call, state: 'active', heartbeatAt: call.startedAt },
        ConditionExpression: 'attribute_not_exists(callId)',
      }),
    );
  }

  async get(callId: string): Promise<CallRecord | undefined> {
    const out = await this.#doc.send(
      new GetCommand({ TableName: this.#table, Key: { callId }, ConsistentRead: true }),
    );
    return out.Item as CallRecord | undefined;
  }

  /** Record the end of an active call durably; a second end is a no-op. */
  async markEnded(
    callId: string,
    end: {
      endedAt: number;
      reason: string;
      usage: SonicUsageTotals;
      summaryChannelId?: string;
      /** Epoch seconds after which the record may be deleted (TTL / retention sweep). */
      expiresAt?: number;
    },
  ) {
    try {
      await this.#doc.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: { callId },
          UpdateExpression:
            'SET #state = :ended, endedAt = :at, endReason = :reason, #usage = :usage, pending = :pending, attempts = :zero' +
            (end.summaryChannelId ? ', summaryChannelId = :channel' : '') +
            (end.expiresAt !== undefined ? ', expiresAt = :expires' : ''),
          ConditionExpression: '#state = :active',
          ExpressionAttributeNames: { '#state': 'state', '#usage': 'usage' },
          ExpressionAttributeValues: {
            ':ended': 'ended',
            ':active': 'active',
            ':at': end.endedAt,
            ':reason': end.reason,
            ':usage': end.usage,
            ':pending': PENDING,
            ':zero': 0,
            ...(end.summaryChannelId ? { ':channel': end.summaryChannelId } : {}),
            ...(end.expiresAt !== undefined ? { ':expires': end.expiresAt } : {}),
          },
        }),
      );
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
    }
  }

  /**
   * The owning process is alive: refreshes `heartbeatAt` of an active call. False when the call is
   * no longer active: a sweep ended it (this process stalled past `CALL_ABANDON_MS`), so the owner
   * must stop it too.
   */
  async touch(callId: string, now = Date.now()): Promise<boolean> {
    try {
      await this.#doc.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: { callId },
          UpdateExpression: 'SET heartbeatAt = :now',
          ConditionExpression: '#state = :active',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':now': now, ':active': 'active' },
        }),
      );
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }

  /**
   * End a call whose owner stopped heart-beating, fenced: only if it is still active and its
   * heartbeat is still older than `staleBefore` (an owner that came back in the meantime wins).
   * True when this sweep ended it.
   */
  async markAbandoned(record: CallRecord & { heartbeatAt?: number }, staleBefore: number): Promise<boolean> {
    try {
      await this.#doc.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: { callId: record.callId },
          UpdateExpression:
            'SET #state = :ended, endedAt = :at, endReason = :reason, #usage = :usage, pending = :pending, attempts = :zero',
          ConditionExpression:
            '#state = :active AND (attribute_not_exists(heartbeatAt) OR heartbeatAt < :stale)',
          ExpressionAttributeNames: { '#state': 'state', '#usage': 'usage' },
          ExpressionAttributeValues: {
            ':ended': 'ended',
            ':active': 'active',
            ':at': record.heartbeatAt ?? record.startedAt,
            ':reason': 'process stopped',
            ':usage': record.usage ?? { speechIn: 0, speechOut: 0, textIn: 0, textOut: 0 },
            ':pending': PENDING,
            ':zero': 0,
            ':stale': staleBefore,
          },
        }),
      );
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }

  /** Final token counts, written after the sessions closed (the end itself was recorded earlier). */
  async recordUsage(callId: string, usage: SonicUsageTotals): Promise<void> {
    await this.#doc.send(
      new UpdateCommand({
        TableName: this.#table,
        Key: { callId },
        UpdateExpression: 'SET #usage = :usage',
        ExpressionAttributeNames: { '#usage': 'usage' },
        ExpressionAttributeValues: { ':usage': usage },
      }),
    );
  }

  /**
   * Active calls whose process stopped heart-beating (it crashed, or could not record the end):
   * found by every process's periodic sweep so their end is recorded and their summary made. A Scan
   * with a filter; see docs/architecture.md (failure model) for its cost.
   */
  async listAbandoned(staleBefore: number): Promise<CallRecord[]> {
    const found: CallRecord[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.#doc.send(
        new ScanCommand({
          TableName: this.#table,
          FilterExpression:
            '#state = :active AND (attribute_not_exists(heartbeatAt) OR heartbeatAt < :stale)',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':active': 'active', ':stale': staleBefore },
          ExclusiveStartKey: start,
        }),
      );
      found.push(...((page.Items ?? []) as CallRecord[]));
      start = page.LastEvaluatedKey;
    } while (start);
    return found;
  }

  /**
   * Calls whose summary is due at `now` (not backing off, not claimed by a live holder), oldest
   * first, up to `limit`: every page of the index is read until `limit` due calls are found, so calls
   * backing off never hide newer ones.
   */
  async listPending(limit = 25, now = Date.now()): Promise<CallRecord[]> {
    const found: CallRecord[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.#doc.send(
        new QueryCommand({
          TableName: this.#table,
          IndexName: PENDING_INDEX,
          KeyConditionExpression: 'pending = :p',
          FilterExpression:
            '(attribute_not_exists(nextAttemptAt) OR nextAttemptAt <= :now) AND ' +
            '(attribute_not_exists(claimExpiresAt) OR claimExpiresAt < :expired)',
          ExpressionAttributeValues: { ':p': PENDING, ':now': now, ':expired': now - this.#skewMs },
          ExclusiveStartKey: start,
        }),
      );
      found.push(...((page.Items ?? []) as CallRecord[]));
      start = page.LastEvaluatedKey;
    } while (start && found.length < limit);
    return found.slice(0, limit);
  }

  /**
   * Take the summary job for `leaseMs`. Returns the record when this owner holds it, undefined when
   * another owner does, the call is not pending, or its next attempt is not due yet.
   */
  async claim(
    callId: string,
    owner: string,
    leaseMs: number,
    now = Date.now(),
  ): Promise<CallRecord | undefined> {
    try {
      const out = await this.#doc.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: { callId },
          UpdateExpression:
            'SET #state = :summarizing, claimOwner = :me, claimExpiresAt = :exp ADD attempts :one',
          ConditionExpression:
            '(#state = :ended OR #state = :summarizing) AND ' +
            '(attribute_not_exists(claimOwner) OR claimOwner = :me OR claimExpiresAt < :expired) AND ' +
            '(attribute_not_exists(nextAttemptAt) OR nextAttemptAt <= :now)',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: {
            ':summarizing': 'summarizing',
            ':ended': 'ended',
            ':me': owner,
            ':exp': now + leaseMs,
            ':now': now,
            ':expired': now - this.#skewMs,
            ':one': 1,
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return out.Attributes as CallRecord;
    } catch (err) {
      if (isConditionFailure(err)) return undefined;
      throw err;
    }
  }

  /** Extend this owner's claim; false when it was lost (another process took over). */
  async renew(callId: string, owner: string, leaseMs: number, now = Date.now()): Promise<boolean> {
    try {
      await this.#doc.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: { callId },
          UpdateExpression: 'SET claimExpiresAt = :exp',
          ConditionExpression: 'claimOwner = :me',
          ExpressionAttributeValues: { ':exp': now + leaseMs, ':me': owner },
        }),
      );
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }

  /** Remember the summary message; if one was recorded already, that one wins and is returned. */
  async setSummaryMessage(
    callId: string,
    owner: string,
    channelId: string,
    messageId: string,
  ): Promise<string> {
    try {
      await this.#doc.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: { callId },
          UpdateExpression: 'SET summaryMessageId = :m, summaryChannelId = :c',
          ConditionExpression: 'claimOwner = :me AND attribute_not_exists(summaryMessageId)',
          ExpressionAttributeValues: { ':m': messageId, ':c': channelId, ':me': owner },
        }),
      );
      return messageId;
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
      const current = await this.get(callId);
      if (current?.summaryMessageId && current.claimOwner === owner) return current.summaryMessageId;
      throw new Error(`lost the summary claim for call ${callId}`, { cause: err });
    }
  }

  /** Finish the job: `posted`, `empty` (nothing to summarise) or `failed` (gave up). */
  async finish(
    callId: string,
    owner: string,
    state: 'posted' | 'empty' | 'failed',
    detail?: string,
  ): Promise<void> {
    await this.#doc.send(
      new UpdateCommand({
        TableName: this.#table,
        Key: { callId },
        UpdateExpression: `SET #state = :state, finishedAt = :now${detail ? ', lastError = :detail' : ''} REMOVE pending, claimOwner, claimExpiresAt`,
        ConditionExpression: 'claimOwner = :me',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: {
          ':state': state,
          ':now': Date.now(),
          ':me': owner,
          ...(detail ? { ':detail': detail } : {}),
        },
      }),
    );
  }

  /** Release the claim after a failed attempt; the next attempt is due at `nextAttemptAt`. */
  async release(callId: string, owner: string, nextAttemptAt: number, error: string): Promise<void> {
    try {
      await this.#doc.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: { callId },
          UpdateExpression: 'SET nextAttemptAt = :next, lastError = :err REMOVE claimOwner, claimExpiresAt',
          ConditionExpression: 'claimOwner = :me',
          ExpressionAttributeValues: { ':next': nextAttemptAt, ':err': error.slice(0, 500), ':me': owner },
        }),
      );
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
    }
  }
}
