/**
 * The real bot process against the loopback Discord with the embedded store: orders imported with
 * `npm run orders -- import` first, exactly as an operator would.
 */
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PermissionFlagsBits } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/index.ts';
import { OrderService } from '../../src/orders/service.ts';
import { OrderStore } from '../../src/orders/store.ts';
import { createOrderTools } from '../../src/orders/tools.ts';
import { FakeDiscord, type FakeGuild, type FakeUser } from '../fakes/discord/index.ts';
import { cleanEnv, REPO_ROOT, startBot, type BotProcess } from '../helpers/bot-process.ts';
import { startDynalite } from '../helpers/dynalite.ts';
import { captureLog, storeConfig, tempDir } from './helpers.ts';

const run = promisify(execFile);
const EPHEMERAL = 64;

describe('/order against the real bot', () => {
  let fake: FakeDiscord;
  let guild: FakeGuild;
  let alice: FakeUser;
  let bob: FakeUser;
  let carol: FakeUser;
  let moderator: FakeUser;
  let manager: FakeUser;
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let bot: BotProcess;
  const env = () => ({
    ...fake.botEnv(),
    DATA_DIR: dir.path,
    TABLE_PREFIX: 'e2e-',
    MODERATOR_ROLE_ID: modRoleId,
    SHOP_GUILD_IDS: guild.id,
  });
  let modRoleId = '';

  beforeAll(async () => {
    fake = await FakeDiscord.start();
    [alice, bob, carol, moderator, manager] = ['alice', 'bob', 'carol', 'mo', 'manny'].map((n) =>
      fake.createUser(n),
    ) as [FakeUser, FakeUser, FakeUser, FakeUser, FakeUser];
    guild = fake.createGuild('Shop', { members: [alice, bob, carol] });
    const modRole = guild.addRole('Order desk');
    modRoleId = modRole.id;
    fake.addMember(guild, moderator, [modRole]);
    fake.addMember(guild, manager, [guild.addRole('Managers', PermissionFlagsBits.ManageGuild)]);

    dir = await tempDir();
    const example = await readFile(join(REPO_ROOT, 'examples/orders.json'), 'utf8');
    const mine = example
      .replaceAll('1400000000000000001', alice.id)
      .replaceAll('1400000000000000002', bob.id)
      .replaceAll('1400000000000000003', carol.id);
    await writeFile(join(dir.path, 'orders.json'), mine);
    await run(process.execPath, ['src/cli/orders.ts', 'import', join(dir.path, 'orders.json')], {
      cwd: REPO_ROOT,
      env: cleanEnv({ DATA_DIR: dir.path, TABLE_PREFIX: 'e2e-' }),
    });
    bot = await startBot(env());
  });
  afterAll(async () => {
    await bot.stop();
    await fake.close();
    await dir.remove();
  });

  const status = async (user: FakeUser, orderId: string) => {
    const reply = await fake.runSlashCommand(user, guild, 'order', {
      subcommand: 'status',
      options: { order_id: orderId },
    });
    expect(reply.original?.flags).toBe(EPHEMERAL);
    return reply.original?.content ?? '';
  };

  it('says at start that it uses the embedded store', async () => {
    const line = await bot.waitForLog((l) => l.store === 'embedded');
    expect(line.msg).toContain('embedded');
  });

  it('shows the owner status, ETA, last update, items and tracking', async () => {
    const content = await status(alice, 'A-1042');
    expect(content).toMatch(/^\*\*Order A-1042\*\* · out for delivery\n/);
    expect(content).toMatch(/<t:\d+:R> \(<t:\d+:f>\)/);
    expect(content).toContain('Last update <t:');
    expect(content).toContain('1 × Espresso beans, 1 kg');
    expect(content).toContain('Tracking: DHL `00340434161094012345`');
  });

  it('understands ids typed the way people say them', async () => {
    expect(await status(alice, 'a 1057')).toMatch(/^\*\*Order A-1057\*\* · being prepared/);
  });

  it("answers somebody else's order exactly like one that does not exist", async () => {
    expect(await status(bob, 'A-1042')).toBe('No order A-1042 on your account.');
    expect(await status(bob, 'A-9999')).toBe('No order A-9999 on your account.');
  });

  it('lets the moderator role and Manage Server see any order', async () => {
    expect(await status(moderator, 'A-1042')).toContain('**Order A-1042**');
    expect(await status(manager, 'C-3301')).toContain('**Order C-3301** · paid');
  });

  it('honours the moderator role a manager sets with /voicedesk settings, which only managers may use', async () => {
    const desk = guild.addRole('Help desk');
    const helper = fake.createUser('helper');
    fake.addMember(guild, helper, [desk]);
    expect(await status(helper, 'A-1042')).toBe('No order A-1042 on your account.');
    const refused = await fake.runSlashCommand(alice, guild, 'voicedesk', {
      subcommand: 'settings',
      options: { moderator_role: desk },
    });
    expect(refused.original?.content).toContain('Manage Server');
    const saved = await fake.runSlashCommand(manager, guild, 'voicedesk', {
      subcommand: 'settings',
      options: { moderator_role: desk },
    });
    expect(saved.original?.content).toContain(`<@&${desk.id}>`);
    expect(await status(helper, 'A-1042')).toContain('**Order A-1042**');
    // Cleared, the server falls back to MODERATOR_ROLE_ID.
    await fake.runSlashCommand(manager, guild, 'voicedesk', {
      subcommand: 'settings',
      options: { clear: 'moderatorRoleId' },
    });
    expect(await status(helper, 'A-1042')).toBe('No order A-1042 on your account.');
    expect(await status(moderator, 'A-1042')).toContain('**Order A-1042**');
  });

  it("lists only the caller's orders, newest first", async () => {
    const reply = await fake.runSlashCommand(bob, guild, 'order', { subcommand: 'list' });
    expect(reply.original?.flags).toBe(EPHEMERAL);
    const ids = [...(reply.original?.content ?? '').matchAll(/\*\*([A-Z]-\d+)\*\*/g)].map((m) => m[1]);
    expect(ids).toEqual(['B-2231', 'B-2210', 'B-2187', 'B-2150']);
    const none = await fake.runSlashCommand(moderator, guild, 'order', { subcommand: 'list' });
    expect(none.original?.content).toBe('You have no orders on this account.');
  });

  it("autocompletes only the caller's own orders, newest first", async () => {
    const complete = (user: FakeUser, typed: string) =>
      fake.runAutocomplete(user, guild, 'order', {
        subcommand: 'status',
        options: { order_id: typed },
        focused: 'order_id',
      });
    expect((await complete(alice, '')).map((c) => c.value)).toEqual(['A-1063', 'A-1057', 'A-1042', 'A-0988']);
    expect((await complete(alice, 'a 10')).map((c) => c.value)).toEqual(['A-1063', 'A-1057', 'A-1042']);
    expect((await complete(alice, '')).at(0)?.name).toBe('A-1063 · waiting for payment (the payment failed)');
    expect(await complete(bob, 'A')).toEqual([]);
    expect((await complete(moderator, 'b 22')).map((c) => c.value)).toEqual(['B-2231', 'B-2210']);
    expect(await complete(alice, 'x'.repeat(100))).toEqual([]);
  });

  it('answers malformed and over-long ids with a clear message', async () => {
    expect(await status(alice, 'banana')).toBe(
      'That is not an order id. Order ids look like `A-1042`: a letter, a dash and a number.',
    );
    expect(await status(alice, 'A-1042'.repeat(10))).toBe(
      'That order id is too long. Order ids look like `A-1042`.',
    );
    expect(await status(alice, '<@123> @everyone')).toContain('not an order id');
  });

  it('changes an address through the voice tools before dispatch only, on the same store', async () => {
    await bot.stop();
    const db = await openDatabase(storeConfig({ DATA_DIR: dir.path, TABLE_PREFIX: 'e2e-' }), {
      log: captureLog().log,
    });
    try {
      const tools = createOrderTools(
        new OrderService({ store: new OrderStore({ doc: db.doc, tableName: db.tables.orders }) }),
      );
      const caller = { userId: alice.id, isModerator: false };
      const before = await tools.changeDeliveryAddress(
        { orderId: 'a 1057', address: 'Torstrasse 1, 10119 Berlin' },
        caller,
      );
      expect(before.ok).toBe(true);
      const after = await tools.changeDeliveryAddress(
        { orderId: 'A-1042', address: 'Torstrasse 1, 10119 Berlin' },
        caller,
      );
      expect(after.text).toBe(
        'Order A-1042 is already out for delivery, so the address can no longer be changed.',
      );
      const stranger = await tools.changeDeliveryAddress(
        { orderId: 'A-1057', address: 'Elsewhere 9, 10000 Berlin' },
        { userId: bob.id, isModerator: false },
      );
      expect(stranger.text).toBe('There is no order A-1057 on your account.');
    } finally {
      await db.close();
    }
    bot = await startBot(env());
    expect(await status(alice, 'A-1057')).toContain('Last update');
  });
});

describe('/order with DynamoDB at an endpoint that goes away', () => {
  it('uses the endpoint, then answers a store outage with a clear ephemeral message', async () => {
    const fake = await FakeDiscord.start();
    const alice = fake.createUser('alice');
    const guild = fake.createGuild('Shop', { members: [alice] });
    const dynamo = await startDynalite();
    const bot = await startBot({
      ...fake.botEnv(),
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      AWS_ACCESS_KEY_ID: 'AKIDTEST',
      AWS_SECRET_ACCESS_KEY: 'test-secret-value',
    });
    try {
      expect((await bot.waitForLog((l) => l.msg === 'using DynamoDB')).endpoint).toBe(dynamo.endpoint);
      const ok = await fake.runSlashCommand(alice, guild, 'order', {
        subcommand: 'status',
        options: { order_id: 'A-1' },
      });
      expect(ok.original?.content).toBe('No order A-1 on your account.');
      await dynamo.close();
      const down = await fake.runSlashCommand(alice, guild, 'order', {
        subcommand: 'status',
        options: { order_id: 'A-1' },
      });
      expect(down.original?.flags).toBe(EPHEMERAL);
      expect(down.original?.content).toBe(
        'The order system is not answering right now. Please try again in a minute.',
      );
      const choices = await fake.runAutocomplete(alice, guild, 'order', {
        subcommand: 'status',
        options: { order_id: 'A' },
        focused: 'order_id',
      });
      expect(choices).toEqual([]);
    } finally {
      await bot.stop();
      await dynamo.close();
      await fake.close();
    }
  });
});
