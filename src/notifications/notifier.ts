/**
 * Drains the order outbox: at start and every `pollMs`, one Query lists orders with pending
 * notifications; for each, the head entry is claimed (lease + fence), its fate decided and sent,
 * the fate written on the entry, logged, and the entry removed. Exactly one process sends each:
 * the claim is a conditional write, every later write is conditional on our fence, and a resend
 * after a crash between sending and recording carries the same Discord nonce. Entries of one order
 * go out in order; a failed attempt waits with exponential backoff, blocking only its own order.
 */
import type { Logger } from '../log.ts';
import type { Metrics } from '../ops/metrics.ts';
import type { OutboxEntry } from '../orders/outbox.ts';
import { classifyFailure, nonceFor, type DmSender } from './dm.ts';
import { notificationEmbed } from './embed.ts';
import type { Claim, OutboxStore, PendingOrder, Result } from './outbox-store.ts';
import type { Choice, NotificationRecords } from './records.ts';

export interface NotifierDeps {
  readonly outbox: OutboxStore;
  readonly records: NotificationRecords;
  readonly sender: DmSender;
  /** A guild's default for members who never chose (`/voicedesk settings`); undefined = on. */
  readonly guildDefault: (guildId: string) => Promise<Choice | undefined>;
  readonly metrics: Metrics;
  readonly log: Logger;
  /** Identifies this process in claims. */
  readonly owner: string;
  readonly enabled: boolean;
  readonly pollMs: number;
  readonly leaseMs: number;
  readonly maxAttempts?: number;
  readonly backoffBaseMs?: number;
}

type Decision = Result | { readonly fate: 'retry'; readonly reason: string } | { readonly fate: 'lost' };

export class Notifier {
  readonly #deps: NotifierDeps;
  #timer: NodeJS.Timeout | undefined;
  #tick: Promise<void> | undefined;
  #stopped = false;
  #indexWarned = false;

  constructor(deps: NotifierDeps) {
    this.#deps = deps;
  }

  /** Sweep now (changes made while no bot ran), then poll. */
  start(): void {
    void this.poll();
    this.#timer = setInterval(() => void this.poll(), this.#deps.pollMs);
    this.#timer.unref();
  }

  /** One pass over the pending orders; overlapping calls share the running pass. */
  poll(): Promise<void> {
    if (this.#stopped) return Promise.resolve();
    this.#tick ??= this.#pass().finally(() => (this.#tick = undefined));
    return this.#tick;
  }

  /** Stop polling; a pass in flight gets `graceMs` to finish (its claims expire if it does not). */
  async stop(graceMs = 3_000): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#timer);
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)));
    await Promise.race([this.#tick, grace]);
    clearTimeout(timer);
  }

  async #pass(): Promise<void> {
    try {
      if (this.#indexWarned === false && !(await this.#deps.outbox.usesIndex())) {
        this.#deps.log.warn(
          { index: 'byOutbox' },
          'the orders table has no byOutbox index (created before it existed): pending order notifications are found by Scan; recreate the table or deploy deploy/cloudformation.yaml to add it',
        );
      }
      this.#indexWarned = true;
      const now = Date.now();
      for (const pending of await this.#deps.outbox.listPending()) {
        if (this.#stopped) return;
        if (!pending.head) await this.#deps.outbox.clearIfEmpty(pending.orderId);
        else if (isDue(pending, now)) await this.#processSafely(pending.orderId);
      }
    } catch (err) {
      this.#deps.log.warn({ err }, 'order notification pass failed');
    }
  }

  /** One order's trouble (a store error mid-way) never holds up the others; its lease expires. */
  async #processSafely(orderId: string): Promise<void> {
    try {
      await this.#process(orderId);
    } catch (err) {
      this.#deps.log.warn({ err, orderId }, 'order notification attempt failed');
    }
  }

  async #process(orderId: string): Promise<void> {
    const { outbox, owner, leaseMs } = this.#deps;
    const claim = await outbox.claim(orderId, owner, leaseMs);
    if (!claim) return;
    const settled = claim.raw.result as Result | undefined;
    if (settled) return this.#finish(claim, settled);
    const decision: Decision = claim.entry
      ? await this.#decide(claim, claim.entry)
      : { fate: 'failed', reason: 'malformed-entry' };
    if (decision.fate === 'lost') return;
    if (decision.fate === 'retry') return this.#retryLater(claim, decision.reason);
    if (!(await outbox.settle(orderId, owner, claim.fence, decision))) {
      this.#deps.log.warn({ orderId }, 'order notification claim lost before recording');
      return;
    }
    this.#deps.metrics.orderNotifications.inc({ outcome: decision.fate });
    await this.#finish(claim, decision);
  }

  /** Whether and how to tell the customer; sends the DM when they should get one. */
  async #decide(claim: Claim, entry: OutboxEntry): Promise<Decision> {
    const { records, sender, outbox, owner, leaseMs } = this.#deps;
    if (!this.#deps.enabled) return { fate: 'skipped', reason: 'turned-off' };
    const customerId = claim.order.customerId;
    try {
      const prefs = await records.prefs(customerId);
      if (prefs.notify === 'off') return { fate: 'skipped', reason: 'opted-out' };
      const guildId = await sender.sharedGuild(customerId, prefs.lastGuildId);
      if (!guildId) return { fate: 'undeliverable', reason: 'no-shared-server' };
      if (prefs.notify === undefined && (await this.#deps.guildDefault(guildId)) === 'off') {
        return { fate: 'skipped', reason: 'server-default-off' };
      }
      // Sending cannot be undone: make sure the claim is still ours (and long enough) first.
      if (!(await outbox.confirm(claim.order.orderId, owner, claim.fence, leaseMs))) return { fate: 'lost' };
      const embed = notificationEmbed(claim.order, entry, prefs.locale);
      const messageId = await sender.send(customerId, embed, nonceFor(entry.id));
      return { fate: 'sent', messageId };
    } catch (err) {
      const failure = classifyFailure(err);
      this.#deps.log.warn({ err, orderId: claim.order.orderId, failure }, 'order notification not sent');
      return failure.kind === 'retry'
        ? { fate: 'retry', reason: failure.reason }
        : failure.kind === 'undeliverable'
          ? { fate: 'undeliverable', reason: failure.reason }
          : { fate: 'failed', reason: failure.reason };
    }
  }

  async #retryLater(claim: Claim, reason: string): Promise<void> {
    const { outbox, owner, metrics } = this.#deps;
    const attempts = (claim.entry?.attempts ?? 0) + 1;
    if (attempts >= (this.#deps.maxAttempts ?? 6)) {
      const gaveUp: Result = { fate: 'failed', reason: `gave-up-${reason}` };
      if (await outbox.settle(claim.order.orderId, owner, claim.fence, gaveUp)) {
        metrics.orderNotifications.inc({ outcome: 'failed' });
        await this.#finish(claim, gaveUp);
      }
      return;
    }
    const delayMs = Math.min((this.#deps.backoffBaseMs ?? 2_000) * 2 ** (attempts - 1), 10 * 60_000);
    const next = { attempts, notBefore: Date.now() + delayMs, error: reason };
    if (await outbox.retryLater(claim.order.orderId, owner, claim.fence, next)) {
      metrics.orderNotifications.inc({ outcome: 'retried' });
    }
  }

  /** Log the fate and drop the entry (both idempotent, so a takeover may repeat them). */
  async #finish(claim: Claim, result: Result): Promise<void> {
    const { order, raw } = claim;
    await this.#deps.records.log({
      id: typeof raw.id === 'string' ? raw.id : `malformed-${order.orderId}-${claim.fence}`,
      orderId: order.orderId,
      customerId: order.customerId,
      status: typeof raw.status === 'string' ? raw.status : 'unknown',
      fate: result.fate,
      ...(result.reason ? { reason: result.reason } : {}),
      ...(result.messageId ? { messageId: result.messageId } : {}),
      queuedAt: typeof raw.at === 'string' ? raw.at : new Date().toISOString(),
      decidedAt: new Date().toISOString(),
      attempts: Number(raw.attempts ?? 0) + 1,
    });
    await this.#deps.outbox.remove(order.orderId, this.#deps.owner, claim.fence);
    this.#deps.log.info(
      { orderId: order.orderId, notificationId: raw.id, fate: result.fate, reason: result.reason },
      'order notification done',
    );
  }
}

function isDue(pending: PendingOrder, now: number): boolean {
  const head = pending.head ?? {};
  const leaseUntil = typeof head.leaseUntil === 'number' ? head.leaseUntil : 0;
  const notBefore = typeof head.notBefore === 'number' ? head.notBefore : 0;
  return leaseUntil < now && notBefore <= now;
}
