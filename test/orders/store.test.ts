import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/index.ts';
import {
  AddressChangeRefusedError,
  InvalidTransitionError,
  OrderNotFoundError,
} from '../../src/orders/errors.ts';
import { OrderCache } from '../../src/orders/cache.ts';
import { OrderStore } from '../../src/orders/store.ts';
import { ALICE, BOB, order } from './fixtures.ts';
import { captureLog, storeConfig } from './helpers.ts';

describe.each([
  ['without a cache', false],
  ['with the sole-writer cache', true],
])('the order store on the embedded store, %s', (_label, cached) => {
  let db: Database;
  let store: OrderStore;
  beforeAll(async () => {
    db = await openDatabase(storeConfig({ TABLE_PREFIX: 'store-test-' }), {
      log: captureLog().log,
      inMemory: true,
    });
    store = new OrderStore({
      doc: db.doc,
      tableName: db.tables.orders,
      now: () => new Date('2026-11-22T10:00:00Z'),
      cache: cached ? new OrderCache(2) : undefined,
    });
    await store.put(order('A-1001', ALICE, 'DELIVERED', '2026-11-01T09:00:00.000Z'));
    await store.put(order('A-1002', ALICE, 'PREPARING', '2026-11-20T09:00:00.000Z'));
    await store.put(order('A-1003', ALICE, 'OUT_FOR_DELIVERY', '2026-11-10T09:00:00.000Z'));
    await store.put(order('B-2001', BOB, 'PAID', '2026-11-21T09:00:00.000Z'));
  });
  afterAll(async () => db.close());

  it('reads one order by id and nothing for an unknown id', async () => {
    expect((await store.get('A-1002'))?.status).toBe('PREPARING');
    expect(await store.get('A-9999')).toBeUndefined();
  });

  it("lists a customer's orders newest first and only theirs", async () => {
    const ids = (await store.listByCustomer(ALICE)).map((o) => o.orderId);
    expect(ids).toEqual(['A-1002', 'A-1003', 'A-1001']);
  });

  it('completes id prefixes within a series, highest first', async () => {
    expect(await store.listIdsByPrefix('A', 'A-100')).toEqual(['A-1003', 'A-1002', 'A-1001']);
    expect(await store.listIdsByPrefix('B', 'B')).toEqual(['B-2001']);
  });

  const byAlice = { userId: ALICE, via: 'voice' } as const;

  it('changes the address before dispatch and records who, when and how in the history', async () => {
    await store.get('A-1002');
    const changed = await store.changeAddress('A-1002', 'Neue Strasse 5, 10115 Berlin', byAlice);
    expect(changed.history.at(-1)).toEqual({
      status: 'PREPARING',
      at: '2026-11-22T10:00:00.000Z',
      note: 'delivery address changed',
      change: 'address',
      by: ALICE,
      via: 'voice',
    });
    expect((await store.get('A-1002'))?.deliveryAddress).toBe('Neue Strasse 5, 10115 Berlin');
    expect(changed.deliveryAddress).toBe('Neue Strasse 5, 10115 Berlin');
    expect(changed.updatedAt).toBe('2026-11-22T10:00:00.000Z');
    expect(changed).not.toHaveProperty('series');
  });

  it('refuses an address change once the order is out for delivery, saying so', async () => {
    const error = await store
      .changeAddress('A-1003', 'Neue Strasse 5, 10115 Berlin', byAlice)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AddressChangeRefusedError);
    expect((error as AddressChangeRefusedError).reason).toBe('dispatched');
    expect((await store.get('A-1003'))?.deliveryAddress).toBe('Kastanienallee 12, 10435 Berlin');
  });

  it('refuses an address change for a delivered order and reports a missing one as missing', async () => {
    const delivered = await store
      .changeAddress('A-1001', 'Neue Strasse 5, 10115 Berlin', byAlice)
      .catch((e: unknown) => e);
    expect((delivered as AddressChangeRefusedError).reason).toBe('delivered');
    const missing = await store
      .changeAddress('Z-1', 'Neue Strasse 5, 10115 Berlin', byAlice)
      .catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(OrderNotFoundError);
  });

  it('puts the owner in the write condition: anyone else changes nothing, even with the right status', async () => {
    const before = await store.get('A-1002');
    const error = await store
      .changeAddress('A-1002', 'Mallory Lane 1, 66666 Nowhere', {
        userId: '1499999999999999999',
        via: 'voice',
        status: before?.status,
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OrderNotFoundError);
    expect((await store.get('A-1002'))?.deliveryAddress).toBe(before?.deliveryAddress);
  });

  it('moves along the lifecycle and appends to the status history', async () => {
    const next = await store.setStatus('B-2001', 'PREPARING', { note: 'packing' });
    expect(next.status).toBe('PREPARING');
    expect(next.history.at(-1)).toEqual({
      status: 'PREPARING',
      at: '2026-11-22T10:00:00.000Z',
      note: 'packing',
    });
    expect(next.history).toHaveLength(2);
  });

  it('refuses a status jump the lifecycle forbids unless forced', async () => {
    const error = await store.setStatus('A-1001', 'PREPARING').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidTransitionError);
    expect((error as InvalidTransitionError).from).toBe('DELIVERED');
    const skipped = await store.setStatus('A-1001', 'RECEIVED').catch((e: unknown) => e);
    expect(skipped).toBeInstanceOf(InvalidTransitionError);
    const forced = await store.setStatus('A-1001', 'CANCELLED', { force: true });
    expect(forced.status).toBe('CANCELLED');
  });
});
