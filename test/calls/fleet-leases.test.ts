import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { FleetLeases } from '../../src/calls/fleet-leases.ts';
import { SessionBudget } from '../../src/calls/session-budget.ts';
import { allTableInputs, tableNames } from '../../src/db/index.ts';
import { createLogger } from '../../src/log.ts';
import { startDynalite, type TestDynamo } from '../helpers/dynalite.ts';

const log = createLogger({ level: 'silent', format: 'json' });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('fleet-wide session cap', () => {
  let db: TestDynamo;
  let table = 0;
  const names = () => tableNames(`lease${table}-`);
  const leases = (owner: string, leaseMs = 10_000, max = 3) =>
    new FleetLeases({ doc: db.doc, table: names().leases, max, owner, log, leaseMs, skewMarginMs: 0 });

  beforeAll(async () => {
    db = await startDynalite();
  });
  beforeEach(async () => {
    table += 1;
    await db.createTables(allTableInputs(`lease${table}-`).filter((t) => t.TableName === names().leases));
  });
  afterAll(async () => db.close());

  it('never lets processes together hold more slots than the cap', async () => {
    const a = leases('proc-a');
    const b = leases('proc-b');
    const results = await Promise.all([
      a.acquire('s1'),
      b.acquire('s2'),
      a.acquire('s3'),
      b.acquire('s4'),
      a.acquire('s5'),
    ]);
    expect(results.filter(Boolean)).toHaveLength(3);
    expect(new Set(results.filter(Boolean).map((l) => l?.slot)).size).toBe(3);
    await results.find(Boolean)?.release();
    expect(await b.acquire('s6')).toBeDefined();
    await a.releaseAll();
    await b.releaseAll();
  });

  it('gives a crashed process’s slots back once their leases expire', async () => {
    // What a process that died leaves behind: slots whose leases nobody renews.
    const expiresAt = Date.now() + 300;
    for (const slot of [0, 1, 2]) {
      await db.doc.send(
        new PutCommand({
          TableName: names().leases,
          Item: { pool: 'sonic', slot, holder: 'dead/x', expiresAt },
        }),
      );
    }
    const survivor = leases('survivor');
    expect(await survivor.acquire('a')).toBeUndefined();
    await sleep(400);
    expect(await survivor.acquire('a')).toBeDefined();
    await survivor.releaseAll();
  });

  it('keeps live leases past their lease time by renewing them', async () => {
    const live = leases('live', 300);
    for (const holder of ['a', 'b', 'c']) expect(await live.acquire(holder)).toBeDefined();
    await sleep(800);
    expect(await leases('other').acquire('d')).toBeUndefined();
    expect(live.held).toBe(3);
    await live.releaseAll();
    expect(await leases('other').acquire('d')).toBeDefined();
  });
});

describe('fleet leases under a full fleet, and lost slots', () => {
  let db: TestDynamo;
  const names = tableNames('lease-x-');
  const leases = (owner: string, options: { leaseMs?: number; max?: number; skewMarginMs?: number } = {}) =>
    new FleetLeases({
      doc: db.doc,
      table: names.leases,
      owner,
      log,
      max: options.max ?? 20,
      leaseMs: options.leaseMs ?? 10_000,
      skewMarginMs: options.skewMarginMs ?? 0,
    });

  beforeAll(async () => {
    db = await startDynalite();
    await db.createTables(allTableInputs('lease-x-').filter((t) => t.TableName === names.leases));
  });
  afterAll(async () => db.close());

  it('acquires with O(1) writes: at most two when one slot of twenty is free, at most one when none is', async () => {
    const others = leases('others');
    for (let i = 0; i < 19; i++) expect(await others.acquire(`o${i}`)).toBeDefined();
    const late = leases('late');
    expect(await late.acquire('x')).toBeDefined();
    expect(late.acquireWrites).toBeLessThanOrEqual(2);
    const full = leases('full');
    expect(await full.acquire('y')).toBeUndefined();
    expect(full.acquireWrites).toBeLessThanOrEqual(1);
    await others.releaseAll();
    await late.releaseAll();
  });

  it('treats a slot as another process’s until the clock-skew margin has passed after its expiry', async () => {
    await db.doc.send(
      new PutCommand({
        TableName: names.leases,
        Item: { pool: 'sonic', slot: 0, holder: 'dead/x', expiresAt: Date.now() - 100 },
      }),
    );
    expect(await leases('careful', { max: 1, skewMarginMs: 400 }).acquire('a')).toBeUndefined();
    await sleep(400);
    const taker = leases('careful', { max: 1, skewMarginMs: 400 });
    expect(await taker.acquire('a')).toBeDefined();
    await taker.releaseAll();
  });

  it('reports a slot lost by its own clock at once, and when a renewal finds it taken', async () => {
    const holder = leases('stalled', { max: 1, leaseMs: 300 });
    let lostCalls = 0;
    const lease = await holder.acquire('a', () => (lostCalls += 1));
    if (!lease) throw new Error('no lease');
    expect(lease.lost()).toBe(false);
    expect(lease.lost(Date.now() + 300)).toBe(true); // past the lease by our own clock
    // Someone else took the slot (we stalled past the lease): the next renewal finds out.
    await db.doc.send(
      new PutCommand({
        TableName: names.leases,
        Item: { pool: 'sonic', slot: lease.slot, holder: 'thief/b', expiresAt: Date.now() + 10_000 },
      }),
    );
    await expect.poll(() => lostCalls, { timeout: 2_000 }).toBe(1);
    expect(lease.lost()).toBe(true);
    expect(holder.held).toBe(0);
  });
});

describe('SessionBudget', () => {
  it('applies the per-call and per-process caps and says which one was hit', async () => {
    const budget = new SessionBudget({ perCall: 2, perProcess: 3 });
    const a1 = await budget.acquire('call-a', 'u1');
    const a2 = await budget.acquire('call-a', 'u2');
    expect(await budget.acquire('call-a', 'u3')).toEqual({ ok: false, reason: 'call' });
    const b1 = await budget.acquire('call-b', 'u4');
    expect(await budget.acquire('call-b', 'u5')).toEqual({ ok: false, reason: 'process' });
    expect([a1.ok, a2.ok, b1.ok]).toEqual([true, true, true]);
    if (a1.ok) a1.permit.release();
    if (a1.ok) a1.permit.release(); // twice is harmless
    expect(budget.open).toBe(2);
    expect((await budget.acquire('call-b', 'u5')).ok).toBe(true);
  });
});
