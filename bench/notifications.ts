/**
 * `npm run bench:notifications [-- --orders 200 --json]`
 *
 * How fast one notifier drains the order outbox, and what it costs the store: `orders` status
 * changes are queued on the embedded store (in memory, this process), then one Notifier drains
 * them with a DM sender that answers at once, so the figure is the store-side work per
 * notification (claim, confirm, settle, log, remove). Also: DynamoDB requests per notification,
 * and the idle cost (requests per poll with nothing pending).
 *
 * `-- --bot N`: instead, the real bot process in the loopback world (dynalite, loopback Discord);
 * N status changes one after another, each timed from the end of its write to the DM reaching the
 * fake Discord (the target: within 5 s).
 */
import { performance } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/index.ts';
import { createLogger } from '../src/log.ts';
import type { DmSender } from '../src/notifications/dm.ts';
import { Notifier } from '../src/notifications/notifier.ts';
import { OutboxStore } from '../src/notifications/outbox-store.ts';
import { NotificationRecords } from '../src/notifications/records.ts';
import { Metrics } from '../src/ops/metrics.ts';
import { OrderStore } from '../src/orders/store.ts';

const { values } = parseArgs({
  options: {
    orders: { type: 'string', default: '200' },
    bot: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});
if (values.bot !== undefined) {
  await measureBot(Number(values.bot));
  process.exit(0);
}
const ORDERS = Number(values.orders);
const quiet = createLogger({
  level: 'warn',
  format: 'json',
  destination: new Writable({ write: (_c, _e, done) => done() }),
});

const config = loadConfig({ TABLE_PREFIX: 'bench-' }, { requireDiscordToken: false });
const db = await openDatabase(config.store, { log: quiet, inMemory: true });
let requests = 0;
db.doc.middlewareStack.add((next) => (args) => (requests++, next(args)), { step: 'initialize' });
const store = new OrderStore({ doc: db.doc, tableName: db.tables.orders });
const sender: DmSender = { sharedGuild: async () => '1', send: async () => 'm' };
const outbox = new OutboxStore(db.doc, db.tables.orders);
const notifier = new Notifier({
  outbox,
  records: new NotificationRecords(db.doc, db.tables.notifications),
  sender,
  guildDefault: async () => undefined,
  metrics: new Metrics({ defaultMetrics: false }),
  log: quiet,
  owner: 'bench',
  enabled: true,
  pollMs: 60_000,
  leaseMs: 30_000,
});

const at = '2026-11-20T10:00:00.000Z';
for (let i = 0; i < ORDERS; i++) {
  await store.put({
    orderId: `A-${i + 1}`,
    customerId: '1400000000000000001',
    status: 'PAID',
    items: [{ name: 'Tea', quantity: 1, unitPrice: 4 }],
    currency: 'EUR',
    itemsTotal: 4,
    deliveryCost: 0,
    deliveryAddress: 'Somewhere 1, 10000 Town',
    estimatedDelivery: at,
    createdAt: at,
    updatedAt: at,
    history: [{ status: 'PAID', at }],
  });
}
for (let i = 0; i < ORDERS; i++) await store.changeStatus(`A-${i + 1}`, 'PREPARING');

const records = new NotificationRecords(db.doc, db.tables.notifications);
requests = 0;
const started = performance.now();
// Each pass takes up to 50 orders; the extra check per pass is counted too.
while ((await outbox.listPending(1)).length > 0) await notifier.poll();
const drainMs = performance.now() - started;
const drainRequests = requests;
requests = 0;
await notifier.poll();
const idleRequests = requests;
const logged = (await records.recent(ORDERS + 10)).length;
await db.close();

const figures = {
  notifications: ORDERS,
  logged,
  drainMs: Math.round(drainMs),
  perNotificationMs: Math.round((drainMs / ORDERS) * 100) / 100,
  requestsPerNotification: Math.round((drainRequests / ORDERS) * 100) / 100,
  requestsPerIdlePoll: idleRequests,
};
if (values.json) console.log(JSON.stringify(figures));
else console.table(figures);

/** Write-to-DM latency through the real bot: N changes of alice's order A-1057 back and forth. */
async function measureBot(changes: number): Promise<void> {
  const { World } = await import('../test/helpers/world.ts');
  const { startBot } = await import('../test/helpers/bot-process.ts');
  const { tableNames } = await import('../src/db/index.ts');
  const world = await World.start();
  await world.seedOrders();
  const bot = await startBot(world.botEnv({ LOG_LEVEL: 'info' }));
  const orders = new OrderStore({ doc: world.dynamo.doc, tableName: tableNames(world.tablePrefix).orders });
  const latencies: number[] = [];
  try {
    await orders.changeStatus('A-1057', 'CANCELLED', { force: true });
    await world.discord.dms.waitFor(() => true, 15_000); // first pass after start
    for (let i = 0; i < changes; i++) {
      const before = world.discord.dms.messages.length;
      await orders.changeStatus('A-1057', i % 2 === 0 ? 'PREPARING' : 'CANCELLED', { force: true });
      const written = Date.now();
      const dm = await world.discord.dms.waitFor(
        (m) => world.discord.dms.messages.indexOf(m) >= before,
        15_000,
      );
      latencies.push(dm.createdAt - written);
    }
  } finally {
    await bot.stop();
    await world.close();
  }
  const sorted = [...latencies].sort((a, b) => a - b);
  const figures = {
    changes,
    p50Ms: sorted[Math.floor(sorted.length / 2)] ?? NaN,
    maxMs: sorted.at(-1) ?? NaN,
    pollMs: 1000,
  };
  if (values.json) console.log(JSON.stringify(figures));
  else console.table(figures);
}
