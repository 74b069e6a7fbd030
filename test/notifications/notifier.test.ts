/**
 * The notifier and the order outbox on the embedded store, with a DM sender that implements the
 * seam and answers as Discord would (DiscordAPIError 500, 429, 50007). Covers what the end-to-end
 * tests cannot cheaply force: backoff and giving up, a stale lease holder, malformed entries from an
 * external writer, the operator switch, and imports that move a status forward.
 */
import { DiscordAPIError, type APIEmbed } from 'discord.js';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTableInput, openDatabase, TABLES, type Database } from '../../src/db/index.ts';
import { classifyFailure, type DmSender } from '../../src/notifications/dm.ts';
import { Notifier } from '../../src/notifications/notifier.ts';
import { OutboxStore } from '../../src/notifications/outbox-store.ts';
import { NotificationRecords } from '../../src/notifications/records.ts';
import { Metrics } from '../../src/ops/metrics.ts';
import { importOrders } from '../../src/orders/import.ts';
import { OrderStore } from '../../src/orders/store.ts';
import { ALICE, order } from '../orders/fixtures.ts';
import { captureLog, storeConfig } from '../orders/helpers.ts';

const GUILD = '1500000000000000001';
const discordError = (status: number, code: number) =>
  new DiscordAPIError({ message: 'fake', code }, code, status, 'POST', '/channels/1/messages', { body: {} });

/** Answers each send with the next scripted failure, then succeeds. */
class ScriptedSender implements DmSender {
  readonly sent: { userId: string; embed: APIEmbed; nonce: string }[] = [];
  readonly nonces: string[] = [];
  failures: Error[] = [];
  attempts = 0;
  async sharedGuild() {
    return GUILD;
  }
  async send(userId: string, embed: APIEmbed, nonce: string) {
    this.attempts++;
    this.nonces.push(nonce);
    const failure = this.failures.shift();
    if (failure) throw failure;
    this.sent.push({ userId, embed, nonce });
    return `m${this.sent.length}`;
  }
}

describe('the order notifier', () => {
  let db: Database;
  let store: OrderStore;
  let outbox: OutboxStore;
  let records: NotificationRecords;
  let sender: ScriptedSender;
  let metrics: Metrics;
  let n = 0;
  const notifier = (options: { enabled?: boolean; owner?: string; maxAttempts?: number } = {}) =>
    new Notifier({
      outbox,
      records,
      sender,
      guildDefault: async () => undefined,
      metrics,
      log: captureLog().log,
      owner: options.owner ?? 'test-a',
      enabled: options.enabled ?? true,
      pollMs: 60_000,
      leaseMs: 5_000,
      maxAttempts: options.maxAttempts ?? 6,
      backoffBaseMs: 300,
    });
  const fresh = async () => {
    const id = `A-${2000 + n++}`;
    await store.put(order(id, ALICE, 'PAID', '2026-11-20T10:00:00.000Z'));
    return id;
  };
  const fate = async (orderId: string) => (await records.recent(200)).find((r) => r.orderId === orderId);
  const counted = async (outcome: string) => {
    const metric = await metrics.orderNotifications.get();
    return metric.values.find((v) => v.labels.outcome === outcome)?.value ?? 0;
  };

  beforeAll(async () => {
    db = await openDatabase(storeConfig({ TABLE_PREFIX: 'notifier-test-' }), {
      log: captureLog().log,
      inMemory: true,
    });
    store = new OrderStore({ doc: db.doc, tableName: db.tables.orders });
    outbox = new OutboxStore(db.doc, db.tables.orders);
    records = new NotificationRecords(db.doc, db.tables.notifications);
  });
  afterAll(async () => db.close());
  beforeEach(() => {
    sender = new ScriptedSender();
    metrics = new Metrics({ defaultMetrics: false });
  });

  it('queues the notification in the same write as the change, and sends it once', async () => {
    const id = await fresh();
    const { order: changed, queued } = await store.changeStatus(id, 'PREPARING', { source: 'test' });
    expect(changed.status).toBe('PREPARING');
    expect(changed).not.toHaveProperty('outbox');
    expect((await outbox.listPending()).find((p) => p.orderId === id)?.head).toMatchObject({
      id: queued.id,
      status: 'PREPARING',
    });
    await notifier().poll();
    await notifier({ owner: 'test-b' }).poll();
    expect(sender.sent).toHaveLength(1);
    expect(JSON.stringify(sender.sent[0])).not.toContain('Kastanienallee');
    expect(await fate(id)).toMatchObject({ fate: 'sent', status: 'PREPARING', attempts: 1 });
    expect((await outbox.listPending()).some((p) => p.orderId === id)).toBe(false);
  });

  it('retries 5xx and 429 with growing backoff, keeping the same nonce, then sends', async () => {
    const id = await fresh();
    await store.changeStatus(id, 'PREPARING');
    sender.failures = [discordError(500, 0), discordError(429, 0)];
    const worker = notifier();
    await worker.poll();
    const first = (await outbox.listPending()).find((p) => p.orderId === id)?.head;
    expect(first).toMatchObject({ attempts: 1, lastError: 'discord-500' });
    expect(first?.holder).toBeUndefined();
    await worker.poll(); // not due yet: no attempt
    expect(sender.attempts).toBe(1);
    await new Promise((r) => setTimeout(r, 320));
    await worker.poll();
    expect((await outbox.listPending()).find((p) => p.orderId === id)?.head).toMatchObject({ attempts: 2 });
    await worker.poll();
    expect(sender.attempts).toBe(2);
    await new Promise((r) => setTimeout(r, 620));
    await worker.poll();
    expect(sender.sent).toHaveLength(1);
    expect(await fate(id)).toMatchObject({ fate: 'sent', attempts: 3 });
    expect(new Set(sender.nonces).size).toBe(1);
    expect(await counted('retried')).toBe(2);
    expect(await counted('sent')).toBe(1);
  });

  it('gives up after the last attempt and records the failure', async () => {
    const id = await fresh();
    await store.changeStatus(id, 'PREPARING');
    sender.failures = [discordError(503, 0), discordError(503, 0)];
    const worker = notifier({ maxAttempts: 2 });
    await worker.poll();
    await new Promise((r) => setTimeout(r, 320));
    await worker.poll();
    expect(await fate(id)).toMatchObject({ fate: 'failed', reason: 'gave-up-discord-503' });
    expect(await counted('failed')).toBe(1);
  });

  it('records 50007 as undeliverable after one attempt', async () => {
    const id = await fresh();
    await store.changeStatus(id, 'PREPARING');
    sender.failures = [discordError(403, 50007)];
    await notifier().poll();
    await notifier().poll();
    expect(sender.attempts).toBe(1);
    expect(await fate(id)).toMatchObject({ fate: 'undeliverable', reason: 'dms-closed' });
  });

  it('classifies failures in one place', () => {
    expect(classifyFailure(discordError(403, 50007)).kind).toBe('undeliverable');
    expect(classifyFailure(discordError(502, 0)).kind).toBe('retry');
    expect(classifyFailure(discordError(429, 0)).kind).toBe('retry');
    expect(classifyFailure(discordError(400, 50035)).kind).toBe('failed');
    expect(classifyFailure(new Error('socket hang up')).kind).toBe('retry');
  });

  it('a holder whose lease ran out cannot record over the process that took over', async () => {
    const id = await fresh();
    await store.changeStatus(id, 'PREPARING');
    const stale = await outbox.claim(id, 'stalled', 1);
    expect(stale?.fence).toBe(1);
    await new Promise((r) => setTimeout(r, 5));
    await notifier({ owner: 'healthy' }).poll();
    expect(sender.sent).toHaveLength(1);
    if (!stale) throw new Error('no claim');
    expect(await outbox.settle(id, 'stalled', stale.fence, { fate: 'sent' })).toBe(false);
    expect(await outbox.confirm(id, 'stalled', stale.fence, 5_000)).toBe(false);
  });

  it('an entry already settled by a crashed process is finished without sending again', async () => {
    const id = await fresh();
    await store.changeStatus(id, 'PREPARING');
    const crashed = await outbox.claim(id, 'crashed', 1);
    if (!crashed) throw new Error('no claim');
    await outbox.settle(id, 'crashed', crashed.fence, { fate: 'sent', messageId: 'm0' });
    await new Promise((r) => setTimeout(r, 5));
    await notifier().poll();
    expect(sender.attempts).toBe(0);
    expect(await fate(id)).toMatchObject({ fate: 'sent', messageId: 'm0' });
  });

  it('records a malformed entry from an external writer as failed and moves on', async () => {
    const id = await fresh();
    await db.doc.send(
      new UpdateCommand({
        TableName: db.tables.orders,
        Key: { orderId: id },
        UpdateExpression: 'SET outbox = :o, outboxState = :p',
        ExpressionAttributeValues: { ':o': [{ status: 'TELEPORTED' }], ':p': 'pending' },
      }),
    );
    await store.changeStatus(id, 'PREPARING');
    await notifier().poll();
    await notifier().poll();
    const logged = (await records.recent(200)).filter((r) => r.orderId === id);
    expect(logged.map((r) => r.fate).sort()).toEqual(['failed', 'sent']);
    expect(sender.sent).toHaveLength(1);
  });

  it("sends only to the order's customer, whatever a hostile writer puts in the entry", async () => {
    const id = await fresh();
    await db.doc.send(
      new UpdateCommand({
        TableName: db.tables.orders,
        Key: { orderId: id },
        UpdateExpression: 'SET outbox = :o, outboxState = :p',
        ExpressionAttributeValues: {
          ':o': [
            {
              id: 'evil-1',
              status: 'DELIVERED',
              at: '2026-11-22T10:00:00.000Z',
              customerId: '1400000000000000002',
              recipientId: '1400000000000000002',
              channelId: '1500000000000000009',
              deliveryAddress: 'Leak Street 1',
            },
          ],
          ':p': 'pending',
        },
      }),
    );
    await notifier().poll();
    expect(sender.sent.map((s) => s.userId)).toEqual([ALICE]);
    expect(JSON.stringify(sender.sent[0]?.embed)).not.toContain('Leak Street');
  });

  it('with the feature turned off, sends nothing and records each as skipped', async () => {
    const id = await fresh();
    await store.changeStatus(id, 'PREPARING');
    await notifier({ enabled: false }).poll();
    expect(sender.attempts).toBe(0);
    expect(await fate(id)).toMatchObject({ fate: 'skipped', reason: 'turned-off' });
  });

  it('an import that moves a status forward queues a notification; other imports keep the outbox', async () => {
    const id = await fresh();
    await store.changeStatus(id, 'PREPARING');
    const base = order(id, ALICE, 'PREPARING', '2026-11-20T10:00:00.000Z');
    const forward = await importOrders(store, [{ ...base, status: 'OUT_FOR_DELIVERY', carrier: 'DHL' }]);
    expect(forward).toMatchObject({ updated: 1, notified: 1 });
    const pending = (await outbox.listPending()).find((p) => p.orderId === id);
    expect(pending?.queued).toBe(2);
    const again = await importOrders(store, [{ ...base, status: 'OUT_FOR_DELIVERY', deliveryCost: 1 }]);
    expect(again).toMatchObject({ updated: 1, notified: 0 });
    expect((await outbox.listPending()).find((p) => p.orderId === id)?.queued).toBe(2);
    const stored = await store.get(id);
    expect(stored).toMatchObject({ status: 'OUT_FOR_DELIVERY', deliveryCost: 1 });
    expect(stored?.carrier).toBeUndefined();
    const same = [{ ...base, status: 'OUT_FOR_DELIVERY' as const, deliveryCost: 1 }];
    expect(await importOrders(store, same)).toMatchObject({ unchanged: 1, notified: 0 });
    await notifier().poll();
    await notifier().poll();
    expect(sender.sent.map((s) => s.embed.fields?.[0]?.value)).toEqual([
      'Being prepared',
      'Out for delivery',
    ]);
  });

  it('still finds pending notifications in an orders table made before the index existed', async () => {
    const old = { ...TABLES.orders, indexes: TABLES.orders.indexes.filter((i) => i.name !== 'byOutbox') };
    const input = createTableInput('legacy-', old);
    await db.client.send(new CreateTableCommand(input));
    const legacy = new OrderStore({ doc: db.doc, tableName: input.TableName ?? '' });
    outbox = new OutboxStore(db.doc, input.TableName ?? '');
    try {
      await legacy.put(order('A-3001', ALICE, 'PAID', '2026-11-20T10:00:00.000Z'));
      await legacy.changeStatus('A-3001', 'PREPARING');
      expect(await outbox.usesIndex()).toBe(false);
      await notifier().poll();
      expect(sender.sent).toHaveLength(1);
      expect(await outbox.listPending()).toEqual([]);
    } finally {
      outbox = new OutboxStore(db.doc, db.tables.orders);
    }
  });
});
