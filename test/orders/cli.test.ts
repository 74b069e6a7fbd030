import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedStore } from '../../src/db/embedded.ts';
import { parseImport } from '../../src/orders/import-schema.ts';
import { cleanEnv, REPO_ROOT } from '../helpers/bot-process.ts';
import { openDatabase } from '../../src/db/index.ts';
import { OrderService } from '../../src/orders/service.ts';
import { OrderStore } from '../../src/orders/store.ts';
import { captureLog, storeConfig, tempDir } from './helpers.ts';

const run = promisify(execFile);

async function cli(dataDir: string, ...args: string[]) {
  try {
    const out = await run(process.execPath, ['src/cli/orders.ts', ...args], {
      cwd: REPO_ROOT,
      env: cleanEnv({ DATA_DIR: dataDir, TABLE_PREFIX: 'cli-' }),
    });
    return { code: 0, stdout: out.stdout, stderr: out.stderr };
  } catch (err) {
    const failed = err as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('npm run orders', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  beforeAll(async () => {
    dir = await tempDir();
  });
  afterAll(async () => dir.remove());

  it('accepts the example file', async () => {
    const parsed = parseImport(JSON.parse(await readFile(join(REPO_ROOT, 'examples/orders.json'), 'utf8')));
    expect(parsed.ok && parsed.orders.length).toBe(12);
  });

  it('reports every problem with its index and writes nothing', async () => {
    const file = join(dir.path, 'bad.json');
    const good = { orderId: 'a 7', customerId: '1400000000000000001', status: 'PAID', currency: 'EUR' };
    const common = {
      deliveryAddress: 'Somewhere 1',
      estimatedDelivery: '2026-12-01T10:00:00Z',
      createdAt: '2026-11-20T10:00:00Z',
    };
    await writeFile(
      file,
      JSON.stringify([
        { ...good, ...common, items: [{ name: 'Tea', quantity: 1, unitPrice: 3 }] },
        { ...good, ...common, orderId: 'nope', items: [{ name: 'Tea', quantity: 0, unitPrice: 3 }] },
        { ...good, ...common, status: 'LOST', createdAt: 'yesterday', items: [] },
        { ...good, ...common, items: [{ name: 'Tea', quantity: 1, unitPrice: 3 }] },
      ]),
    );
    const result = await cli(dir.path, 'import', file);
    expect(result.code).toBe(1);
    for (const expected of [
      '[1].orderId',
      '[1].items[0].quantity',
      '[2].status',
      '[2].createdAt',
      '[2].items',
      '[3].orderId: A-7 is also record [0]',
    ]) {
      expect(result.stderr).toContain(expected);
    }
    expect((await cli(dir.path, 'get', 'A-7')).stderr).toContain('no order A-7');
  });

  it('imports idempotently, then reads, lists and moves an order along', async () => {
    const file = join(REPO_ROOT, 'examples/orders.json');
    expect((await cli(dir.path, 'import', file)).stdout).toContain('12 created, 0 updated, 0 unchanged');
    expect((await cli(dir.path, 'import', file)).stdout).toContain('0 created, 0 updated, 12 unchanged');
    const listed = await cli(dir.path, 'list', '--customer', '1400000000000000002');
    expect(
      listed.stdout
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split('\t')[0]),
    ).toEqual(['B-2231', 'B-2210', 'B-2187', 'B-2150']);
    expect((await cli(dir.path, 'set-status', 'b 2187', 'DELIVERED', '--note', 'porch')).stdout).toContain(
      'B-2187 is now DELIVERED',
    );
    const order = JSON.parse((await cli(dir.path, 'get', 'B-2187')).stdout) as {
      history: { note?: string }[];
    };
    expect(order.history.at(-1)?.note).toBe('porch');
    const refused = await cli(dir.path, 'set-status', 'B-2187', 'PAID');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('cannot go from DELIVERED to PAID');
  });

  it('never lets a re-import revert a customer’s address change or a newer status; --force does', async () => {
    const file = join(REPO_ROOT, 'examples/orders.json');
    const db = await openDatabase(storeConfig({ DATA_DIR: dir.path, TABLE_PREFIX: 'cli-' }), {
      log: captureLog().log,
    });
    try {
      const orders = new OrderService({
        store: new OrderStore({ doc: db.doc, tableName: db.tables.orders }),
      });
      await orders.changeAddress(
        'A-1057',
        'Torstrasse 1, 10119 Berlin',
        { userId: '1400000000000000001', isModerator: false },
        'voice',
      );
    } finally {
      await db.close();
    }
    // B-2187 was set DELIVERED above, after the file's last entry for it.
    const again = await cli(dir.path, 'import', file);
    expect(again.code).toBe(1);
    expect(again.stdout).toContain('2 conflicts');
    expect(again.stderr).toMatch(
      /conflict: A-1057: the customer changed the delivery address at .* \(voice\)/,
    );
    expect(again.stderr).toMatch(/conflict: B-2187: the stored status DELIVERED .* is newer than the file's/);
    const kept = JSON.parse((await cli(dir.path, 'get', 'A-1057')).stdout) as {
      deliveryAddress: string;
      history: { change?: string; by?: string; via?: string; at: string }[];
    };
    expect(kept.deliveryAddress).toBe('Torstrasse 1, 10119 Berlin');
    expect(kept.history.at(-1)).toMatchObject({ change: 'address', by: '1400000000000000001', via: 'voice' });
    expect((await cli(dir.path, 'get', 'B-2187')).stdout).toContain('"status": "DELIVERED"');

    const forced = await cli(dir.path, 'import', file, '--force');
    expect(forced.code).toBe(0);
    expect(forced.stderr).toContain('overwritten (--force)');
    const reverted = JSON.parse((await cli(dir.path, 'get', 'A-1057')).stdout) as { deliveryAddress: string };
    expect(reverted.deliveryAddress).not.toBe('Torstrasse 1, 10119 Berlin');
  }, 60_000); // five CLI runs, each a Node start-up

  it('flags ids that differ only by leading zeros', async () => {
    const example = JSON.parse(await readFile(join(REPO_ROOT, 'examples/orders.json'), 'utf8')) as {
      orderId: string;
    }[];
    const first = example[0];
    if (!first) throw new Error('empty example');
    const [series, digits] = first.orderId.split('-');
    const twin = { ...first, orderId: `${series}-00${digits}` };
    const file = join(dir.path, 'lookalikes.json');
    await writeFile(file, JSON.stringify([first, twin]));
    const result = await cli(dir.path, 'import', file);
    expect(result.stderr).toContain(
      `ids that differ only by leading zeros: ${twin.orderId}, ${first.orderId}`,
    );
  });

  it('says clearly when the bot (or anything else) holds the embedded store', async () => {
    const holder = await startEmbeddedStore({ dataDir: dir.path });
    try {
      const result = await cli(dir.path, 'get', 'A-1042');
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(
        `the embedded store in ${dir.path} is in use by another voicedesk process`,
      );
    } finally {
      await holder.close();
    }
  });

  it('explains its usage on a bad command', async () => {
    const result = await cli(dir.path, 'frobnicate');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('usage: npm run orders');
  });
});
