/**
 * `npm run orders -- <command>`: operator access to the order store, without the bot.
 *   import <file.json> [--force]              validate every record, then write (idempotent); orders
 *                                             changed since (address by the customer, newer status)
 *                                             are conflicts, left alone unless --force
 *   get <orderId>                             one order as JSON
 *   list --customer <discordUserId>           a customer's orders, newest first
 *   set-status <orderId> <STATUS> [--note …] [--force]   (queues the customer's DM)
 *   notifications [--pending]                 recent customer notifications and their fate
 * Uses the store the configuration chooses: the embedded one under DATA_DIR (only while the bot
 * is not running: LevelDB allows one process) or any DynamoDB endpoint.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, loadDotEnv } from '../config.ts';
import { EmbeddedStoreBusyError, openDatabase, TableMissingError, type Database } from '../db/index.ts';
import { createLogger } from '../log.ts';
import { parseImport } from '../orders/import-schema.ts';
import { importOrders } from '../orders/import.ts';
import { normaliseOrderId } from '../orders/order-id.ts';
import { OrderStore } from '../orders/store.ts';
import { printNotifications, queuedLine } from './notifications-print.ts';
import { isOrderStatus, ORDER_STATUSES } from '../orders/types.ts';

const USAGE = `usage: npm run orders -- import <file.json> [--force]
       npm run orders -- get <orderId>
       npm run orders -- list --customer <discordUserId>
       npm run orders -- set-status <orderId> <STATUS> [--note <text>] [--force]
       npm run orders -- notifications [--pending]
STATUS: ${ORDER_STATUSES.join(' | ')}`;

class UsageError extends Error {
  override name = 'UsageError';
}

/** Validate the whole file before opening the store, so a bad file never touches it. */
async function readImportFile(file: string) {
  let content: unknown;
  try {
    content = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new UsageError(`cannot read ${file}: ${(err as Error).message}`);
  }
  const parsed = parseImport(content);
  if (!parsed.ok) {
    console.error(`${file}: ${parsed.problems.length} problem(s); nothing was written:`);
    for (const problem of parsed.problems) console.error(`  ${problem}`);
    process.exit(1);
  }
  return parsed.orders;
}

async function run(command: string, args: string[], flags: Flags, open: Open) {
  const openStore = async () => (await open()).store;
  if (command === 'import') {
    const [file] = args;
    if (!file) throw new UsageError('import needs a file');
    const orders = await readImportFile(file);
    const report = await importOrders(await openStore(), orders, { force: flags.force });
    console.log(
      `imported ${orders.length} orders: ${report.created} created, ${report.updated} updated, ${report.unchanged} unchanged, ${report.conflicts.length} conflicts; ${report.notified} customer notification(s) queued`,
    );
    for (const group of report.lookalikes)
      console.error(
        `warning: ids that differ only by leading zeros: ${group.join(', ')} (people say them alike)`,
      );
    for (const conflict of report.conflicts)
      console.error(
        `conflict: ${conflict.orderId}: ${conflict.reason}; ${flags.force ? 'overwritten (--force)' : 'left as stored (use --force to overwrite)'}`,
      );
    if (report.conflicts.length > 0 && !flags.force) process.exitCode = 1;
  } else if (command === 'get') {
    const id = normaliseOrderId(args[0] ?? '');
    const order = await (await openStore()).get(id);
    if (!order) {
      console.error(`no order ${id}`);
      process.exitCode = 1;
    } else console.log(JSON.stringify(order, null, 2));
  } else if (command === 'list') {
    if (!flags.customer || !/^\d{15,25}$/.test(flags.customer))
      throw new UsageError('list needs --customer <discordUserId>');
    const orders = await (await openStore()).listByCustomer(flags.customer, { limit: 100 });
    for (const o of orders)
      console.log(`${o.orderId}\t${o.status}\t${o.createdAt}\teta ${o.estimatedDelivery}`);
    if (orders.length === 0) console.log(`no orders for ${flags.customer}`);
  } else if (command === 'set-status') {
    const id = normaliseOrderId(args[0] ?? '');
    const status = (args[1] ?? '').toUpperCase();
    if (!isOrderStatus(status)) throw new UsageError(`unknown status "${args[1] ?? ''}"`);
    const { order, queued } = await (
      await openStore()
    ).changeStatus(id, status, { note: flags.note, force: flags.force, source: 'cli' });
    console.log(`${order.orderId} is now ${order.status}`);
    console.log(queuedLine(queued, flags.notificationsEnabled));
  } else if (command === 'notifications') {
    const { db } = await open();
    await printNotifications(db, { pending: flags.pending });
  } else {
    throw new UsageError(command ? `unknown command "${command}"` : 'no command given');
  }
}

interface Flags {
  readonly customer?: string | undefined;
  readonly note?: string | undefined;
  readonly force: boolean;
  readonly pending: boolean;
  readonly notificationsEnabled: boolean;
}

type Open = () => Promise<{ db: Database; store: OrderStore }>;

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      customer: { type: 'string' },
      note: { type: 'string' },
      force: { type: 'boolean', default: false },
      pending: { type: 'boolean', default: false },
    },
  });
  const [command = '', ...args] = positionals;
  loadDotEnv();
  const config = loadConfig(process.env, { requireDiscordToken: false });
  const log = createLogger({
    level: 'warn',
    format: 'json',
    secrets: config.secrets,
    destination: process.stderr,
  });
  let db: Database | undefined;
  const open = async () => {
    if (db) return { db, store: new OrderStore({ doc: db.doc, tableName: db.tables.orders }) };
    db = await openDatabase(config.store, { log });
    const where =
      config.store.kind === 'embedded'
        ? `embedded store in ${config.store.dataDir}`
        : `DynamoDB ${config.store.endpoint ?? config.store.region}`;
    console.error(`using the ${where}, table ${db.tables.orders}`);
    return { db, store: new OrderStore({ doc: db.doc, tableName: db.tables.orders }) };
  };
  try {
    await run(
      command,
      args,
      {
        customer: values.customer,
        note: values.note,
        force: values.force ?? false,
        pending: values.pending ?? false,
        notificationsEnabled: config.notifications.enabled,
      },
      open,
    );
  } finally {
    await db?.close();
  }
}

try {
  await main();
} catch (err) {
  const known = [UsageError, ConfigError, EmbeddedStoreBusyError, TableMissingError].some(
    (c) => err instanceof c,
  );
  const domain =
    err instanceof Error &&
    ['OrderIdError', 'InvalidTransitionError', 'OrderNotFoundError'].includes(err.name);
  console.error(`orders: ${err instanceof Error ? err.message : String(err)}`);
  if (err instanceof UsageError || (err instanceof TypeError && 'code' in err)) console.error(USAGE);
  if (!known && !domain) console.error(err);
  process.exitCode = err instanceof UsageError ? 2 : 1;
}
