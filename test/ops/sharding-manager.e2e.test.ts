/**
 * `npm run start:sharded` (src/cli/shards.ts): discord.js's ShardingManager starts one bot process
 * per shard on this host, each a normal `src/index.ts` run by Node's type stripping; every guild is
 * answered by its shard; SIGTERM stops them all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shardOf } from '../fakes/discord/gateway.ts';
import { BotProcess } from '../helpers/bot-process.ts';
import { World, type WorldGuild } from '../helpers/world.ts';

describe('npm run start:sharded', () => {
  let world: World;
  let manager: BotProcess;
  const shops: WorldGuild[] = [];

  beforeAll(async () => {
    world = await World.start();
    for (let i = 0; shops.length < 2 && i < 10; i++) {
      const where = world.addGuild(`Shard shop ${i}`, [`member-${i}-x`]);
      if (!shops.some((s) => shardOf(s.guild.id, 2) === shardOf(where.guild.id, 2))) shops.push(where);
      else world.discord.createUser(`filler-${i}`);
    }
    // SHARD_IDS set for the host, as an operator would: the children must not inherit it.
    manager = new BotProcess(world.botEnv({ SHARD_COUNT: '2', SHARD_IDS: '0,1', METRICS_PORT: '0' }), [
      'src/cli/shards.ts',
    ]);
    await manager.waitForLog((l) => l.msg === 'all shards started', 45_000);
  }, 60_000);
  afterAll(async () => {
    await manager?.stop();
    await world?.close();
  });

  it('runs one process per shard, each identifying only its own shard (SHARD_IDS set)', async () => {
    // The manager's "started" can come before a child's own log line is through the pipe.
    await expect
      .poll(() => manager.logs.filter((l) => l.msg === 'logged in to Discord').length, { timeout: 10_000 })
      .toBe(2);
    // Give a child that (wrongly) ran every shard time to identify its second one.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(world.discord.gateway.identifies.map((i) => i.shard).sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
  });

  it('answers commands in guilds on either shard', async () => {
    for (const shop of shops) {
      const member = shop.members[0];
      if (!member) throw new Error('no member');
      const reply = await world.discord.runSlashCommand(member, shop.guild, 'help');
      expect(reply.callbackType).toBe(4);
    }
  }, 30_000);

  it('stops every shard on SIGTERM and exits 0', async () => {
    expect(await manager.stop('SIGTERM')).toBe(0);
    await expect.poll(() => world.discord.gateway.connectedShards, { timeout: 10_000 }).toBe(0);
  }, 30_000);
});
