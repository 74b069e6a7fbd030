/**
 * Runs @discordjs/voice in the test process against the fake voice server, with a tiny gateway
 * adapter standing in for discord.js: op 4 is answered with VOICE_STATE_UPDATE then
 * VOICE_SERVER_UPDATE, in that order. Used to test src/voice pieces without a bot process.
 */
import { getCACertificates, setDefaultCACertificates } from 'node:tls';
import type { DiscordGatewayAdapterCreator } from '@discordjs/voice';
import type { GatewayVoiceStateUpdateDispatchData } from 'discord.js';
import { VoiceLink } from '../../src/voice/connection.ts';
import type { Logger } from '../../src/log.ts';
import { FakeVoiceServer } from '../fakes/discord/voice/index.ts';

export const BOT_ID = '1100000000000000001';
export const GUILD_ID = '1200000000000000001';
export const CHANNEL_ID = '1300000000000000002';

export async function startLoopbackVoice(): Promise<{
  server: FakeVoiceServer;
  adapterCreator: DiscordGatewayAdapterCreator;
  joins: () => number;
}> {
  const server = await FakeVoiceServer.start();
  setDefaultCACertificates([
    ...getCACertificates('default'),
    (await import('node:fs')).readFileSync(server.certFile, 'utf8'),
  ]);
  let joins = 0;
  const adapterCreator: DiscordGatewayAdapterCreator = (methods) => ({
    sendPayload(payload: { d: { guild_id: string; channel_id: string | null } }) {
      const guildId = payload.d.guild_id;
      const channelId = payload.d.channel_id;
      if (channelId === null) {
        server.disconnect(guildId);
        return true;
      }
      joins++;
      setImmediate(() => {
        const sessionId = `session-${joins}`;
        const state = {
          guild_id: guildId,
          channel_id: channelId,
          user_id: BOT_ID,
          session_id: sessionId,
          deaf: false,
          mute: false,
          self_deaf: false,
          self_mute: false,
          self_video: false,
          suppress: false,
          request_to_speak_timestamp: null,
        } as unknown as GatewayVoiceStateUpdateDispatchData;
        methods.onVoiceStateUpdate(state);
        const { endpoint, token } = server.serverUpdate({
          guildId,
          channelId,
          userId: BOT_ID,
          sessionId,
        });
        methods.onVoiceServerUpdate({ guild_id: guildId, endpoint, token });
      });
      return true;
    },
    destroy: () => undefined,
  });
  return { server, adapterCreator, joins: () => joins };
}

/** Joins CHANNEL_ID of GUILD_ID through the loopback (ready within 10 s, one join attempt); `options` override. */
export function openLoopbackLink(
  adapterCreator: DiscordGatewayAdapterCreator,
  log: Logger,
  options: Partial<Parameters<typeof VoiceLink.open>[0]> = {},
): Promise<VoiceLink> {
  return VoiceLink.open({
    guildId: GUILD_ID,
    channelId: CHANNEL_ID,
    adapterCreator,
    readyTimeoutMs: 10_000,
    rejoinAttempts: 1,
    log,
    ...options,
  });
}
