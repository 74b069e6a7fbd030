/**
 * `npm run start:sharded`: several shards on one host with discord.js's ShardingManager, one child
 * process per shard, each running `src/index.ts` (the same bot `npm start` runs) with `SHARDS` and
 * `SHARD_COUNT` set by the manager. A shard that dies is respawned.
 *
 * - `SHARD_COUNT`: total shards across every host (default: Discord's recommendation).
 * - `SHARD_IDS`: the shards this host runs (default: all of them).
 * - `METRICS_PORT`: shard N listens on METRICS_PORT + N (0 keeps a random port each).
 *
 * Shards are separate processes, so they need a shared store (DynamoDB): the embedded store is
 * held by one process alone and is refused here.
 */
import { fileURLToPath } from 'node:url';
import { ShardingManager, type Shard } from 'discord.js';
import { ConfigError, loadConfigOrExit } from '../config.ts';
import { createLogger } from '../log.ts';

/** Discord allows one IDENTIFY per 5 s per bucket; the manager waits this long between shards. */
const SPAWN_DELAY_MS = 5_500;
const STOP_GRACE_MS = 12_000;

const config = loadConfigOrExit((c) => {
  if (c.store.kind === 'embedded') {
    throw new ConfigError([
      'start:sharded runs one process per shard and needs a shared store: set DYNAMODB=aws (or AWS_ENDPOINT_URL_DYNAMODB); the embedded store is single-process',
    ]);
  }
});
const log = createLogger({ level: config.log.level, format: config.log.format, secrets: config.secrets });
const manager = new ShardingManager(fileURLToPath(new URL('../index.ts', import.meta.url)), {
  token: config.discord.token,
  totalShards: config.ops.shardCount ?? 'auto',
  shardList: config.ops.shardIds.length > 0 ? [...config.ops.shardIds] : 'auto',
  mode: 'process',
  execArgv: process.execArgv,
});

manager.on('shardCreate', (shard: Shard) => {
  const env = shard.env as NodeJS.ProcessEnv;
  // A child inherits this host's SHARD_IDS; left as is, every child would connect all of them
  // (discord.js reads the manager's SHARDS only when `shards` is not given). Each runs its own.
  env.SHARD_IDS = String(shard.id);
  env.SHARD_COUNT = String(manager.totalShards);
  const base = config.ops.metricsPort;
  if (base !== undefined && base > 0) env.METRICS_PORT = String(base + shard.id);
  shard.on('death', () => log.warn({ shardId: shard.id }, 'shard process exited; respawning'));
  log.info({ shardId: shard.id, totalShards: manager.totalShards }, 'starting shard');
});

/** Stop every shard process with SIGTERM (each stops cleanly) and wait for them to exit. */
async function stopAll(): Promise<void> {
  await Promise.all(
    [...manager.shards.values()].map(
      (shard) =>
        new Promise<void>((resolve) => {
          const child = shard.process;
          shard.removeAllListeners('death');
          if (!child || child.exitCode !== null) return resolve();
          child.removeAllListeners('exit');
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
        }),
    ),
  );
}

const shutdown = (signal: NodeJS.Signals) => {
  log.info({ signal }, 'signal received; stopping shards');
  setTimeout(() => process.exit(1), STOP_GRACE_MS).unref();
  void stopAll().then(() => process.exit(0));
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);

try {
  await manager.spawn({ delay: SPAWN_DELAY_MS });
  log.info({ shards: manager.shards.size }, 'all shards started');
} catch (err) {
  log.fatal({ err }, 'could not start the shards');
  await stopAll();
  process.exit(1);
}
