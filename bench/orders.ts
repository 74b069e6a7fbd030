/**
 * `npm run bench:orders [-- --concurrency 200 --rounds 5 --json]`
 *
 * `/order status` end to end at the bot: the real bot process (`src/index.ts`) with the embedded
 * store under a temporary DATA_DIR, logged in to the loopback Discord in this process. Each round
 * dispatches `concurrency` interactions at once; a request's latency runs from the gateway
 * dispatch to the bot's reply arriving at the fake's REST endpoint. Baseline: bare DocumentClient
 * GetItems at the same concurrency against an embedded store of the same kind in this process.
 * Goal: p99 ≤ 50 ms at 200 concurrent on this machine.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { loadConfig } from '../src/config.ts';
import { openDatabase, type Database } from '../src/db/index.ts';
import { createLogger } from '../src/log.ts';
import { parseImport } from '../src/orders/import-schema.ts';
import { importOrders } from '../src/orders/import.ts';
import { OrderStore } from '../src/orders/store.ts';
import { FakeDiscord, type FakeGuild, type FakeUser } from '../test/fakes/discord/index.ts';
import { REPO_ROOT, startBot } from '../test/helpers/bot-process.ts';

const { values } = parseArgs({
  options: {
    concurrency: { type: 'string', default: '200' },
    rounds: { type: 'string', default: '5' },
    json: { type: 'boolean', default: false },
  },
});
const CONCURRENCY = Number(values.concurrency);
const ROUNDS = Number(values.rounds);
const PREFIX = 'bench-';

const quiet = createLogger({
  level: 'warn',
  format: 'json',
  destination: new Writable({ write: (_c, _e, done) => done() }),
});

function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}
const round2 = (n: number) => Math.round(n * 100) / 100;

/** The example orders, owned by `customer`, written to a fresh embedded store in `dataDir`. */
async function seed(dataDir: string, customer: string): Promise<string[]> {
  const raw = (await readFile(join(REPO_ROOT, 'examples/orders.json'), 'utf8')).replace(
    /14000000000000000\d\d/g,
    customer,
  );
  const parsed = parseImport(JSON.parse(raw));
  if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
  const db = await openStore(dataDir);
  await importOrders(new OrderStore({ doc: db.doc, tableName: db.tables.orders }), parsed.orders);
  await db.close();
  return parsed.orders.map((o) => o.orderId);
}

function openStore(dataDir: string): Promise<Database> {
  const store = loadConfig({ DATA_DIR: dataDir, TABLE_PREFIX: PREFIX }, { requireDiscordToken: false }).store;
  return openDatabase(store, { log: quiet });
}

async function oneStatus(
  fake: FakeDiscord,
  user: FakeUser,
  guild: FakeGuild,
  orderId: string,
): Promise<number> {
  const started = performance.now();
  const interaction = fake.startInteraction(2, user, guild, 'order', {
    subcommand: 'status',
    options: { order_id: orderId },
  });
  await interaction.waitFor((i) => i.callbackType === 4, 30_000);
  if (!interaction.original?.content.startsWith(`**Order ${orderId}**`)) {
    throw new Error(`unexpected reply: ${interaction.original?.content ?? '(none)'}`);
  }
  return performance.now() - started;
}

async function rounds(run: (i: number) => Promise<number>): Promise<number[]> {
  for (let i = 0; i < 50; i++) await run(i); // warm-up: JIT, sockets, LevelDB cache
  const samples: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    samples.push(...(await Promise.all(Array.from({ length: CONCURRENCY }, (_, i) => run(i)))));
  }
  return samples;
}

async function botLatencies(dataDir: string): Promise<number[]> {
  const fake = await FakeDiscord.start();
  const alice = fake.createUser('alice');
  const guild = fake.createGuild('Bench Shop', { members: [alice] });
  const ids = await seed(dataDir, alice.id);
  // `info`: startBot waits for the "logged in" line.
  const bot = await startBot({
    ...fake.botEnv(),
    DATA_DIR: dataDir,
    TABLE_PREFIX: PREFIX,
    LOG_LEVEL: 'info',
  });
  try {
    return await rounds((i) => oneStatus(fake, alice, guild, ids[i % ids.length] ?? 'A-1042'));
  } finally {
    await bot.stop();
    await fake.close();
  }
}

async function getItemLatencies(dataDir: string): Promise<number[]> {
  await seed(dataDir, '1400000000000000001');
  const db = await openStore(dataDir);
  try {
    return await rounds(async (i) => {
      const started = performance.now();
      await db.doc.send(
        new GetCommand({ TableName: db.tables.orders, Key: { orderId: i % 2 ? 'A-1042' : 'B-2187' } }),
      );
      return performance.now() - started;
    });
  } finally {
    await db.close();
  }
}

const root = await mkdtemp(join(tmpdir(), 'voicedesk-bench-orders-'));
try {
  const getItem = await getItemLatencies(join(root, 'baseline'));
  const bot = await botLatencies(join(root, 'bot'));
  const result = {
    concurrency: CONCURRENCY,
    requests: bot.length,
    p50Ms: round2(percentile(bot, 50)),
    p99Ms: round2(percentile(bot, 99)),
    getItemP50Ms: round2(percentile(getItem, 50)),
    getItemP99Ms: round2(percentile(getItem, 99)),
    ratioToGetItem: round2(percentile(bot, 99) / percentile(getItem, 99)),
    goalP99Ms: 50,
  };
  if (values.json) console.log(JSON.stringify(result));
  else {
    console.log(
      `/order status, ${result.requests} requests at ${CONCURRENCY} concurrent, real bot + embedded store`,
    );
    console.log(`  p50 ${result.p50Ms} ms   p99 ${result.p99Ms} ms   (goal p99 ≤ ${result.goalP99Ms} ms)`);
    console.log(
      `  bare GetItem at the same concurrency: p50 ${result.getItemP50Ms} ms   p99 ${result.getItemP99Ms} ms`,
    );
    console.log(`  ratio p99 / GetItem p99: ${result.ratioToGetItem}`);
  }
} finally {
  await rm(root, { recursive: true, force: true });
}
