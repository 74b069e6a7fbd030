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
  const leases = (owner: string, leaseMs = 10_000) =>
    new FleetLeases({ doc: db.doc, table: names().leases, max: 3, owner, log, leaseMs });

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
