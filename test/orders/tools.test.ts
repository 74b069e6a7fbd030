import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/index.ts';
import { OrderService } from '../../src/orders/service.ts';
import { OrderStore } from '../../src/orders/store.ts';
import { createOrderTools, ORDER_TOOL_SPECS, type OrderTools } from '../../src/orders/tools.ts';
import { ALICE, BOB, order } from './fixtures.ts';
import { captureLog, storeConfig } from './helpers.ts';

const NOW = new Date('2026-11-24T12:00:00Z');
const alice = { userId: ALICE, isModerator: false };
const bob = { userId: BOB, isModerator: false };
const moderator = { userId: '1400000000000000009', isModerator: true };

describe('the voice order tools', () => {
  let db: Database;
  let tools: OrderTools;
  beforeAll(async () => {
    db = await openDatabase(storeConfig({ TABLE_PREFIX: 'tools-test-' }), {
      log: captureLog().log,
      inMemory: true,
    });
    const store = new OrderStore({ doc: db.doc, tableName: db.tables.orders });
    await store.put(
      order('A-1042', ALICE, 'OUT_FOR_DELIVERY', '2026-11-20T09:00:00.000Z', {
        carrier: 'DHL',
        trackingNumber: '00340434161234567890',
        estimatedDelivery: '2026-11-25T15:00:00.000Z',
      }),
    );
    await store.put(order('A-1050', ALICE, 'PREPARING', '2026-11-23T09:00:00.000Z'));
    tools = createOrderTools(new OrderService({ store }), () => NOW);
  });
  afterAll(async () => db.close());

  it('describes every tool with a JSON schema object', () => {
    expect(ORDER_TOOL_SPECS.map((s) => s.name)).toEqual([
      'get_order_status',
      'list_my_orders',
      'change_delivery_address',
    ]);
    for (const spec of ORDER_TOOL_SPECS) expect(spec.inputSchema.type).toBe('object');
  });

  it('tells the owner the status, arrival and tracking in plain words', async () => {
    const result = await tools.getOrderStatus({ orderId: 'a 1042' }, alice);
    expect(result.ok).toBe(true);
    expect(result.text).toBe(
      'Order A-1042 is out for delivery. It should arrive tomorrow around 3:00 PM UTC. It is with DHL, tracking number ending in 7 8 9 0.',
    );
    expect(result.data).toMatchObject({ orderId: 'A-1042', status: 'OUT_FOR_DELIVERY', carrier: 'DHL' });
  });

  it("answers somebody else's order exactly like a missing one", async () => {
    const other = await tools.getOrderStatus({ orderId: 'A-1042' }, bob);
    const missing = await tools.getOrderStatus({ orderId: 'A-9999' }, bob);
    expect(other).toEqual({ ok: false, text: 'There is no order A-1042 on your account.' });
    expect(missing.text).toBe('There is no order A-9999 on your account.');
  });

  it('lets a moderator read any order', async () => {
    expect((await tools.getOrderStatus({ orderId: 'A-1042' }, moderator)).ok).toBe(true);
  });

  it('ignores identity smuggled into the input', async () => {
    const result = await tools.listMyOrders({ userId: ALICE, isModerator: true }, bob);
    expect(result.text).toBe('There are no orders on your account.');
  });

  it("lists only the caller's orders, newest first", async () => {
    const result = await tools.listMyOrders({}, alice);
    expect(result.text).toMatch(/^You have 2 orders: A-1050, being prepared.*; A-1042, out for delivery/);
  });

  it('changes the address before dispatch and refuses it after, saying why', async () => {
    const before = await tools.changeDeliveryAddress(
      { orderId: 'A-1050', address: 'Torstrasse 1, 10119 Berlin' },
      alice,
    );
    expect(before).toMatchObject({
      ok: true,
      text: 'Done: order A-1050 will now be delivered to Torstrasse 1, 10119 Berlin.',
    });
    const after = await tools.changeDeliveryAddress(
      { orderId: 'A-1042', address: 'Torstrasse 1, 10119 Berlin' },
      alice,
    );
    expect(after).toEqual({
      ok: false,
      text: 'Order A-1042 is already out for delivery, so the address can no longer be changed.',
    });
  });

  it("cannot change somebody else's address", async () => {
    const result = await tools.changeDeliveryAddress(
      { orderId: 'A-1050', address: 'Elsewhere 9, 10000 Berlin' },
      bob,
    );
    expect(result.text).toBe('There is no order A-1050 on your account.');
  });

  it('turns bad input into model-safe text', async () => {
    expect((await tools.getOrderStatus({}, alice)).ok).toBe(false);
    expect((await tools.getOrderStatus({ orderId: 'banana' }, alice)).text).toMatch(
      /does not sound like an order id/,
    );
    expect((await tools.changeDeliveryAddress({ orderId: 'A-1050', address: 'x' }, alice)).text).toMatch(
      /too short/,
    );
    const handler = tools.handlerFor(alice);
    expect((await handler('drop_tables', {}, AbortSignal.timeout(1000))).ok).toBe(false);
  });

  it('reports an unreachable store as a temporary problem', async () => {
    const deadDb = await openDatabase(storeConfig({ TABLE_PREFIX: 'dead-' }), {
      log: captureLog().log,
      inMemory: true,
    });
    const store = new OrderStore({ doc: deadDb.doc, tableName: deadDb.tables.orders });
    await deadDb.close();
    const dead = createOrderTools(new OrderService({ store, timeoutMs: 1000 }), () => NOW);
    const result = await dead.getOrderStatus({ orderId: 'A-1042' }, alice);
    expect(result).toEqual({
      ok: false,
      text: 'The order system is not answering right now. Please try again in a minute.',
    });
  });
});
