/**
 * Where summaries are posted: a Discord text channel, through the REST API. Kept behind a small
 * interface so the summary job reads as its steps. Every message carries the call's marker so a
 * restarted job finds the message it already posted.
 *
 * REST, not the channel cache: with sharding, the process that resumes a pending summary may not
 * own the shard of the guild the summary channel is in, so that channel is not in its cache.
 */
import { DiscordAPIError, Routes, type APIEmbed, type APIMessage, type Client } from 'discord.js';

/**
 * Discord errors that retrying cannot fix: no access or permission in the channel (50001, 50013),
 * an empty message because the embed was dropped for lack of Embed Links (50006), an unknown
 * channel (10003).
 */
const UNPOSTABLE_CODES = new Set([50001, 50013, 50006, 10003]);

/** Whether `err` says the summary cannot be posted in its channel until someone fixes permissions. */
export function isUnpostable(err: unknown): boolean {
  return err instanceof DiscordAPIError && (err.status === 403 || UNPOSTABLE_CODES.has(Number(err.code)));
}

export interface SummaryPoster {
  /**
   * A message of ours in the channel containing `marker`, posted at or after `since` (epoch ms), if
   * any. Pages back through the channel until messages are older than `since`, however many were
   * posted in between (bounded by `MAX_PAGES`).
   */
  findExisting(channelId: string, marker: string, since: number): Promise<string | undefined>;
  /** Post a message; a repeated `nonce` returns the earlier message (Discord's enforce_nonce). */
  post(channelId: string, content: string, nonce: string): Promise<string>;
  edit(channelId: string, messageId: string, message: { content: string; embeds: APIEmbed[] }): Promise<void>;
}

const PAGE = 100;
/** 10 000 messages back at most; a channel that busy in one summary's lifetime is not expected. */
const MAX_PAGES = 100;
const DISCORD_EPOCH = 1_420_070_400_000n;

/** When a Discord id (snowflake) was made, in epoch ms. */
function snowflakeTime(id: string): number {
  return Number((BigInt(id) >> 22n) + DISCORD_EPOCH);
}

export function discordSummaryPoster(client: Client): SummaryPoster {
  return {
    async findExisting(channelId, marker, since) {
      let before: string | undefined;
      for (let page = 0; page < MAX_PAGES; page += 1) {
        const query = new URLSearchParams({ limit: String(PAGE) });
        if (before) query.set('before', before);
        const recent = (await client.rest.get(Routes.channelMessages(channelId), { query })) as APIMessage[];
        const mine = recent.find(
          (m) =>
            m.author.id === client.user?.id &&
            (m.content.includes(marker) || m.embeds.some((e) => e.footer?.text.includes(marker))),
        );
        if (mine) return mine.id;
        const oldest = recent.at(-1);
        if (!oldest || recent.length < PAGE || snowflakeTime(oldest.id) < since) return undefined;
        before = oldest.id;
      }
      return undefined;
    },
    async post(channelId, content, nonce) {
      const message = (await client.rest.post(Routes.channelMessages(channelId), {
        body: { content, nonce, enforce_nonce: true },
      })) as APIMessage;
      return message.id;
    },
    async edit(channelId, messageId, message) {
      await client.rest.patch(Routes.channelMessage(channelId, messageId), { body: message });
    },
  };
}
