/**
 * Where summaries are posted: a Discord text channel, through discord.js. Kept behind a small
 * interface so the summary job reads as its steps. Every message carries the call's marker so a
 * restarted job finds the message it already posted.
 */
import { ChannelType, type APIEmbed, type Client, type GuildTextBasedChannel } from 'discord.js';

export interface SummaryPoster {
  /** A recent message of ours in the channel containing `marker`, if any. */
  findExisting(channelId: string, marker: string): Promise<string | undefined>;
  /** Post a message; a repeated `nonce` returns the earlier message (Discord's enforce_nonce). */
  post(channelId: string, content: string, nonce: string): Promise<string>;
  edit(channelId: string, messageId: string, message: { content: string; embeds: APIEmbed[] }): Promise<void>;
}

async function textChannel(client: Client, channelId: string): Promise<GuildTextBasedChannel> {
  const channel = await client.channels.fetch(channelId);
  if (
    !channel ||
    channel.type === ChannelType.DM ||
    channel.type === ChannelType.GroupDM ||
    !channel.isTextBased()
  ) {
    throw new Error(`summary channel ${channelId} is not a server text channel`);
  }
  return channel;
}

export function discordSummaryPoster(client: Client): SummaryPoster {
  return {
    async findExisting(channelId, marker) {
      const channel = await textChannel(client, channelId);
      const recent = await channel.messages.fetch({ limit: 50 });
      const mine = recent.find(
        (m) =>
          m.author.id === client.user?.id &&
          (m.content.includes(marker) || m.embeds.some((e) => e.footer?.text.includes(marker))),
      );
      return mine?.id;
    },
    async post(channelId, content, nonce) {
      const channel = await textChannel(client, channelId);
      const message = await channel.send({ content, nonce, enforceNonce: true });
      return message.id;
    },
    async edit(channelId, messageId, message) {
      const channel = await textChannel(client, channelId);
      await channel.messages.edit(messageId, message);
    },
  };
}
