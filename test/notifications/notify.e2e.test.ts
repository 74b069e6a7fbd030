/**
 * Order update DMs with the real bot against the loopback world: `npm run orders -- set-status`
 * (and other writers of the orders table) queue a notification in the same write as the change;
 * the bot's notifier sends it as a DM exactly once, across restarts and two processes, and records
 * what became of it.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableNames } from '../../src/db/index.ts';
import { OutboxStore } from '../../src/notifications/outbox-store.ts';
import { NotificationRecords, type NotificationRecord } from '../../src/notifications/records.ts';
import { OrderStore } from '../../src/orders/store.ts';
import type { FakeDm, FakeUser } from '../fakes/discord/index.ts';
import { cleanEnv, REPO_ROOT, startBot, type BotProcess } from '../helpers/bot-process.ts';
import { World } from '../helpers/world.ts';

const run = promisify(execFile);
/** The promise: a DM within 5 s of the change while the bot runs. */
const DM_WITHIN_MS = 5_000;
/** Tests that start a bot process and run the CLI twice: generous for a loaded CI machine. */
const RESTART_TEST_MS = 90_000;
/** Long enough for several notifier passes (1 s each): a duplicate or retry would show. */
const SETTLE_MS = 3_000;

const ENGLISH = {
  PREPARING: 'Being prepared',
  CONFIRMED: 'Confirmed',
  OUT_FOR_DELIVERY: 'Out for delivery',
  DELIVERED: 'Delivered',
} as const;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const titleOf = (dm: FakeDm) => String((dm.embeds[0] as { title?: string } | undefined)?.title ?? '');
const fieldsOf = (dm: FakeDm) =>
  Object.fromEntries(
    ((dm.embeds[0] as { fields?: { name: string; value: string }[] }).fields ?? []).map((f) => [
      f.name,
      f.value,
    ]),
  );

describe('order update DMs', () => {
  let world: World;
  let bot: BotProcess;
  let records: NotificationRecords;
  let store: OrderStore;
  let alice: FakeUser;
  let bob: FakeUser;
  let carol: FakeUser;
  const botEnv = () => world.botEnv({ ORDER_NOTIFY_POLL_MS: '1000', METRICS_PORT: '0' });

  /** `npm run orders -- …` against the world's store, as an operator runs it. */
  const orders = async (...args: string[]) => {
    const out = await run(process.execPath, ['src/cli/orders.ts', ...args], {
      cwd: REPO_ROOT,
      env: cleanEnv(world.botEnv()),
    });
    return out.stdout;
  };
  const dmsAbout = (user: FakeUser, orderId: string) =>
    world.discord.dms.to(user.id).filter((dm) => titleOf(dm).includes(orderId));
  const publicMentions = (orderId: string) =>
    world.discord.messages.filter((m) => JSON.stringify(m).includes(orderId));
  /** The recorded fate of the notification for `orderId` moving to `status`, once decided. */
  const fateOf = async (orderId: string, status: string, timeoutMs = 8_000): Promise<NotificationRecord> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = (await records.recent(100)).find((r) => r.orderId === orderId && r.status === status);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no recorded fate for ${orderId} → ${status}`);
      await sleep(200);
    }
  };

  beforeAll(async () => {
    world = await World.start();
    await world.seedOrders();
    alice = world.customer('alice');
    bob = world.customer('bob');
    carol = world.customer('carol');
    const tables = tableNames(world.tablePrefix);
    records = new NotificationRecords(world.dynamo.doc, tables.notifications);
    store = new OrderStore({ doc: world.dynamo.doc, tableName: tables.orders });
    bot = await startBot(botEnv());
    await bot.waitForLog((l) => l.msg === 'order notifier started');
  });
  afterAll(async () => {
    await bot.stop();
    await world.close();
  });

  it('tells a first-time /order user in one line, once, in their language', async () => {
    const first = await world.discord.runSlashCommand(alice, world.guild, 'order', {
      subcommand: 'status',
      options: { order_id: 'A-1057' },
      locale: 'de',
    });
    const withHint = await first.waitFor((i) => i.followUps.length > 0);
    expect(withHint.original?.content).toContain('**Order A-1057**');
    expect(withHint.followUps).toHaveLength(1);
    expect(withHint.followUps[0]?.content).toContain('Du bekommst eine DM');
    // `/order notify off` as a German client shows it (the command's German localizations)
    expect(withHint.followUps[0]?.content).toContain('`/bestellung benachrichtigen aus`');
    expect(withHint.followUps[0]?.content.split('\n')).toHaveLength(1);
    expect(withHint.followUps[0]?.flags).toBe(64);
    const again = await world.discord.runSlashCommand(alice, world.guild, 'order', {
      subcommand: 'list',
      locale: 'de',
    });
    await sleep(500);
    expect(again.followUps).toHaveLength(0);
  });

  it('set-status while the bot runs: one DM within 5 s, in their language, without the address', async () => {
    const out = await orders(
      'set-status',
      'A-1057',
      'OUT_FOR_DELIVERY',
      '--note',
      'Kastanienallee 12 side door',
    );
    const changedAt = Date.now();
    expect(out).toContain('A-1057 is now OUT_FOR_DELIVERY');
    expect(out).toMatch(/notification n\w+ queued/);
    const dm = await world.discord.dms.waitFor(
      (m) => m.recipientId === alice.id && titleOf(m).includes('A-1057'),
      DM_WITHIN_MS,
    );
    expect(dm.createdAt - changedAt).toBeLessThan(DM_WITHIN_MS);
    expect(titleOf(dm)).toBe('Bestellung A-1057: Neuigkeit');
    const fields = fieldsOf(dm);
    expect(fields.Status).toBe('In Zustellung');
    expect(fields['Voraussichtliche Lieferung']).toBe(`<t:${Date.parse('2026-11-26T14:00:00Z') / 1000}:f>`);
    const everything = JSON.stringify(dm);
    expect(everything).not.toContain('Kastanienallee');
    expect(everything).not.toContain('10435');
    await sleep(SETTLE_MS);
    expect(dmsAbout(alice, 'A-1057')).toHaveLength(1);
    expect(publicMentions('A-1057')).toEqual([]);
    expect((await fateOf('A-1057', 'OUT_FOR_DELIVERY')).fate).toBe('sent');
  });

  it('includes carrier and tracking when the order has them', async () => {
    await orders('set-status', 'A-1042', 'DELIVERED');
    const dm = await world.discord.dms.waitFor((m) => titleOf(m).includes('A-1042'), DM_WITHIN_MS);
    const fields = fieldsOf(dm);
    expect(fields.Status).toBe('Zugestellt');
    expect(fields.Versanddienst).toBe('DHL');
    expect(fields.Sendungsnummer).toBe('`00340434161094012345`');
    expect(fields['Voraussichtliche Lieferung']).toBeUndefined();
    expect(JSON.stringify(dm)).not.toContain('Kastanienallee');
  });

  it('an external writer following the documented contract gets the DM sent too', async () => {
    const env = world.botEnv();
    const out = await run(
      process.execPath,
      [
        'examples/external-writer.ts',
        'A-1063',
        'PAID',
        '--from',
        'PAYMENT_FAILED',
        '--table',
        tableNames(world.tablePrefix).orders,
      ],
      { cwd: REPO_ROOT, env: cleanEnv({ ...env, AWS_REGION: 'us-east-1' }) },
    );
    expect(out.stdout).toContain('A-1063 is now PAID; notification');
    const dm = await world.discord.dms.waitFor((m) => titleOf(m).includes('A-1063'), DM_WITHIN_MS);
    expect(fieldsOf(dm).Status).toBe('Bezahlt');
    await sleep(SETTLE_MS);
    expect(dmsAbout(alice, 'A-1063')).toHaveLength(1);
  });

  it(
    'a change made while the bot is stopped arrives once after start',
    async () => {
      await bot.stop();
      const out = await orders('set-status', 'B-2210', 'PAID');
      expect(out).toMatch(/notification n\w+ queued/);
      expect((await orders('notifications', '--pending')).split('\n')[0]).toMatch(/^B-2210\tPAID\tqueued /);
      await sleep(500);
      expect(dmsAbout(bob, 'B-2210')).toHaveLength(0);
      bot = await startBot(botEnv());
      const dm = await world.discord.dms.waitFor((m) => titleOf(m).includes('B-2210'), DM_WITHIN_MS);
      expect(titleOf(dm)).toBe('Order B-2210: update');
      expect(fieldsOf(dm).Status).toBe('Paid');
      await sleep(SETTLE_MS);
      expect(dmsAbout(bob, 'B-2210')).toHaveLength(1);
      expect(
        await new OutboxStore(world.dynamo.doc, tableNames(world.tablePrefix).orders).listPending(),
      ).toEqual([]);
    },
    RESTART_TEST_MS,
  );

  it(
    'two bot processes: still one DM per change',
    async () => {
      const second = await startBot(botEnv());
      try {
        await second.waitForLog((l) => l.msg === 'order notifier started');
        const changes: [string, 'PREPARING' | 'CONFIRMED' | 'OUT_FOR_DELIVERY' | 'DELIVERED'][] = [
          ['B-2210', 'PREPARING'],
          ['B-2231', 'CONFIRMED'],
          ['C-3301', 'PREPARING'],
          ['C-3315', 'OUT_FOR_DELIVERY'],
          ['B-2187', 'DELIVERED'],
        ];
        const since = Date.now();
        await Promise.all(changes.map(([id, status]) => store.changeStatus(id, status)));
        for (const [id, status] of changes) expect((await fateOf(id, status)).fate).toBe('sent');
        await sleep(SETTLE_MS);
        for (const [id, status] of changes) {
          const user = id.startsWith('B') ? bob : carol;
          const dms = dmsAbout(user, id).filter(
            (dm) => dm.createdAt >= since && fieldsOf(dm).Status === ENGLISH[status],
          );
          expect(dms, `${id} → ${status}`).toHaveLength(1);
        }
        const done = [...bot.logs, ...second.logs].filter(
          (l) => l.msg === 'order notification done' && (l.time as number) >= since,
        );
        expect(done).toHaveLength(changes.length);
      } finally {
        await second.stop();
      }
    },
    RESTART_TEST_MS,
  );

  it('retries a DM Discord answered with 5xx, with backoff, and sends it once', async () => {
    const guildChannels = new Set([...world.guild.channels.keys()]);
    let refused = 0;
    world.discord.rest.intercept = (call) => {
      const dm = /^\/channels\/(\d+)\/messages$/.exec(call.path);
      if (call.method !== 'POST' || !dm?.[1] || guildChannels.has(dm[1]) || refused >= 4) return undefined;
      refused++; // discord.js retries a 5xx three times itself: four refusals fail one attempt
      return { status: 502, body: { message: 'Bad Gateway', code: 0 } };
    };
    try {
      await store.changeStatus('A-1057', 'DELIVERED');
      const dm = await world.discord.dms.waitFor(
        (m) => titleOf(m).includes('A-1057') && fieldsOf(m).Status === 'Zugestellt',
        10_000,
      );
      expect(refused).toBe(4);
      expect(await fateOf('A-1057', 'DELIVERED')).toMatchObject({ fate: 'sent', attempts: 2 });
      expect(dm.nonce).toBeDefined();
      expect(await scrape(bot)).toMatch(/voicedesk_order_notifications_total\{outcome="retried"\} 1/);
    } finally {
      world.discord.rest.intercept = undefined;
    }
  });

  it('a member with DMs closed: recorded as undeliverable, no retries, no public message', async () => {
    world.discord.dms.refuseDms(carol.id);
    await store.changeStatus('C-3315', 'DELIVERED', { note: '2217 Larkin Street' });
    const record = await fateOf('C-3315', 'DELIVERED');
    expect(record).toMatchObject({ fate: 'undeliverable', reason: 'dms-closed', attempts: 1 });
    await sleep(SETTLE_MS);
    expect(world.discord.dms.refused.filter((r) => r.recipientId === carol.id)).toHaveLength(1);
    expect(dmsAbout(carol, 'C-3315').filter((dm) => titleOf(dm).includes('DELIVERED'))).toHaveLength(0);
    expect(publicMentions('C-3315')).toEqual([]);
    const metrics = await scrape(bot);
    expect(metrics).toMatch(/voicedesk_order_notifications_total\{outcome="undeliverable"\} 1/);
  });

  it('/order notify off: no DM', async () => {
    const reply = await world.discord.runSlashCommand(bob, world.guild, 'order', {
      subcommand: 'notify',
      options: { updates: 'off' },
    });
    expect(reply.original?.content).toContain('No more DMs about your orders');
    const before = world.discord.dms.to(bob.id).length;
    await store.changeStatus('B-2231', 'PAID');
    expect(await fateOf('B-2231', 'PAID')).toMatchObject({ fate: 'skipped', reason: 'opted-out' });
    await sleep(SETTLE_MS);
    expect(world.discord.dms.to(bob.id)).toHaveLength(before);
  });

  it('follows the server default for members who never chose, and their own choice over it', async () => {
    const dave = world.discord.createUser('dave');
    world.discord.addMember(world.guild, dave);
    await store.put(orderFor(dave.id, 'D-4001'));
    const owner = world.discord.users.get(world.guild.ownerId);
    if (!owner) throw new Error('the fake guild has no owner');
    const saved = await world.discord.runSlashCommand(owner, world.guild, 'voicedesk', {
      subcommand: 'settings',
      options: { order_updates: 'off' },
    });
    expect(saved.original?.content).toContain('Order update DMs for members who have not chosen: off');
    await store.changeStatus('D-4001', 'PREPARING');
    expect(await fateOf('D-4001', 'PREPARING')).toMatchObject({
      fate: 'skipped',
      reason: 'server-default-off',
    });
    await world.discord.runSlashCommand(dave, world.guild, 'order', {
      subcommand: 'notify',
      options: { updates: 'on' },
    });
    await store.changeStatus('D-4001', 'OUT_FOR_DELIVERY');
    await world.discord.dms.waitFor((m) => titleOf(m).includes('D-4001'), DM_WITHIN_MS);
  });

  it('a customer the bot shares no server with: recorded as undeliverable', async () => {
    const stranger = world.discord.createUser('stranger');
    await store.put(orderFor(stranger.id, 'E-5001'));
    await store.changeStatus('E-5001', 'PREPARING');
    expect(await fateOf('E-5001', 'PREPARING')).toMatchObject({
      fate: 'undeliverable',
      reason: 'no-shared-server',
    });
    expect(world.discord.dms.to(stranger.id)).toEqual([]);
  });

  it('lists recent notifications and their fate for operators', async () => {
    const out = await orders('notifications');
    const line = (id: string, status: string) =>
      out.split('\n').find((l) => l.includes(`\t${id}\t${status}\t`));
    expect(line('A-1057', 'OUT_FOR_DELIVERY')).toContain('\tsent\t');
    expect(line('C-3315', 'DELIVERED')).toContain('\tundeliverable\tdms-closed');
    expect(line('B-2231', 'PAID')).toContain('\tskipped\topted-out');
  });
});

function orderFor(customerId: string, orderId: string) {
  return {
    orderId,
    customerId,
    status: 'PAID' as const,
    items: [{ name: 'Tea', quantity: 1, unitPrice: 4 }],
    currency: 'EUR',
    itemsTotal: 4,
    deliveryCost: 0,
    deliveryAddress: 'Secret Lane 7, 12345 Hidden Town',
    estimatedDelivery: '2026-12-20T12:00:00Z',
    createdAt: '2026-12-01T12:00:00Z',
    updatedAt: '2026-12-01T12:00:00Z',
    history: [{ status: 'PAID' as const, at: '2026-12-01T12:00:00Z' }],
  };
}

async function scrape(bot: BotProcess): Promise<string> {
  const listening = await bot.waitForLog((l) => l.msg === 'metrics and health listening');
  const response = await fetch(`http://127.0.0.1:${String(listening.port)}/metrics`);
  return response.text();
}
