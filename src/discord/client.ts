/**
 * The discord.js client with the minimal intents: Guilds (commands, channels, roles) and
 * GuildVoiceStates (who is in which voice channel). `DISCORD_API_URL` moves REST (and with it the
 * gateway URL, which comes from `GET /gateway/bot`) so the whole client can run against a loopback fake.
 */
import { Client, Events, GatewayIntentBits } from 'discord.js';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';

export function createDiscordClient(config: Config, log: Logger): Client {
  const client = new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildVoiceStates],
    rest: { api: config.discord.apiUrl },
    ...(config.ops.shardIds.length > 0 && config.ops.shardCount !== undefined
      ? { shards: [...config.ops.shardIds], shardCount: config.ops.shardCount }
      : {}),
  });
  client.on(Events.Error, (err) => log.error({ err }, 'discord client error'));
  client.on(Events.Warn, (message) => log.warn({ detail: message }, 'discord client warning'));
  client.on(Events.ShardDisconnect, (event, shardId) =>
    log.warn({ shardId, code: event.code }, 'gateway disconnected'),
  );
  client.on(Events.ShardReconnecting, (shardId) => log.info({ shardId }, 'gateway reconnecting'));
  client.on(Events.ShardResume, (shardId) => log.info({ shardId }, 'gateway resumed'));
  return client;
}
