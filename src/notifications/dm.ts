/**
 * Sending one order DM through Discord's REST API: find a server the bot shares with the customer,
 * open (or reuse) the DM channel (`POST /users/@me/channels`), post the embed with a nonce Discord
 * enforces, and classify failures in one place. REST, not the gateway cache, so any process (any
 * shard) can deliver any customer's notification. Nothing here ever posts to a guild channel.
 */
import { createHash } from 'node:crypto';
import {
  ChannelType,
  DiscordAPIError,
  HTTPError,
  Routes,
  type APIChannel,
  type APIEmbed,
  type APIMessage,
  type Client,
} from 'discord.js';

/** What to do after a failed send. */
export type Failure =
  | { readonly kind: 'undeliverable'; readonly reason: string }
  | { readonly kind: 'retry'; readonly reason: string }
  | { readonly kind: 'failed'; readonly reason: string };

/** Discord answered the DM-channel request with something that is not a DM channel. */
export class NotADmChannelError extends Error {
  override name = 'NotADmChannelError';
  constructor(channelId: string) {
    super(`channel ${channelId} is not a DM channel; nothing was sent`);
  }
}

/** Discord JSON error codes (https://discord.com/developers/docs/topics/opcodes-and-status-codes). */
const CANNOT_MESSAGE_USER = 50007;
const UNKNOWN_USER = 10013;
/** Servers probed for the customer's membership per notification (their last server first). */
const MAX_GUILD_PROBES = 25;

/** Classify a REST failure: the one place that decides retry versus give up. */
export function classifyFailure(err: unknown): Failure {
  if (err instanceof NotADmChannelError) return { kind: 'failed', reason: 'not-a-dm-channel' };
  if (err instanceof DiscordAPIError) {
    if (err.code === CANNOT_MESSAGE_USER) return { kind: 'undeliverable', reason: 'dms-closed' };
    if (err.code === UNKNOWN_USER) return { kind: 'undeliverable', reason: 'unknown-user' };
    if (err.status === 429 || err.status >= 500) return { kind: 'retry', reason: `discord-${err.status}` };
    return { kind: 'failed', reason: `discord-${err.status}-${err.code}` };
  }
  if (err instanceof HTTPError) {
    if (err.status === 429 || err.status >= 500) return { kind: 'retry', reason: `discord-${err.status}` };
    return { kind: 'failed', reason: `discord-${err.status}` };
  }
  // Timeouts, refused connections: Discord did not answer, so try again later.
  return { kind: 'retry', reason: err instanceof Error ? err.name : 'unknown' };
}

/** Discord's nonce is at most 25 characters; derived from the notification id, so a resend dedupes. */
export function nonceFor(notificationId: string): string {
  return `o${createHash('sha256').update(notificationId).digest('hex').slice(0, 24)}`;
}

export interface DmSender {
  /** A server the bot shares with the user (`preferred` first), or undefined. */
  sharedGuild(userId: string, preferred: string | undefined): Promise<string | undefined>;
  /** Post the embed in the user's DM channel; resolves with the message id. */
  send(userId: string, embed: APIEmbed, nonce: string): Promise<string>;
}

export function discordDmSender(client: Client): DmSender {
  const dmChannels = new Map<string, string>();
  const isMember = async (guildId: string, userId: string) => {
    try {
      await client.rest.get(Routes.guildMember(guildId, userId));
      return true;
    } catch (err) {
      // 404 Unknown Member / Unknown Guild, 403 Missing Access: not a server we share with them.
      if (err instanceof DiscordAPIError && err.status >= 400 && err.status < 500) return false;
      throw err;
    }
  };
  return {
    async sharedGuild(userId, preferred) {
      // Their last server, then servers where this process has seen them, then the rest (shop bots
      // are usually in one server; a bot in many probes at most MAX_GUILD_PROBES per notification).
      const seen = client.guilds.cache.filter((g) => g.members.cache.has(userId)).map((g) => g.id);
      const all = [...client.guilds.cache.keys()];
      const candidates = [...new Set([...(preferred ? [preferred] : []), ...seen, ...all])];
      for (const guildId of candidates.slice(0, MAX_GUILD_PROBES)) {
        if (await isMember(guildId, userId)) return guildId;
      }
      return undefined;
    },
    async send(userId, embed, nonce) {
      let channelId = dmChannels.get(userId);
      if (!channelId) {
        const channel = (await client.rest.post(Routes.userChannels(), {
          body: { recipient_id: userId },
        })) as APIChannel;
        // Order details go to a private channel with this one user, never anywhere else.
        if (channel.type !== ChannelType.DM) throw new NotADmChannelError(channel.id);
        channelId = channel.id;
        if (dmChannels.size > 10_000) dmChannels.clear();
        dmChannels.set(userId, channelId);
      }
      const message = (await client.rest.post(Routes.channelMessages(channelId), {
        body: { embeds: [embed], nonce, enforce_nonce: true, allowed_mentions: { parse: [] } },
      })) as APIMessage;
      return message.id;
    },
  };
}
