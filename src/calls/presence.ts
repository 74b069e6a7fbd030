/**
 * How the bot shows itself in a guild during a call: a consent notice in the voice channel's text
 * chat when it starts listening, a visible "listening" nickname while it does, and short notices
 * to individual speakers. Failures (missing permissions) are logged, never fatal.
 */
import type { Client, Guild } from 'discord.js';
import type { Logger } from '../log.ts';

export const LISTENING_SUFFIX = ' 🔴 listening';

export function consentNotice(botName: string, wakeName: string): string {
  return [
    `🔴 **${botName} is listening in this voice channel.** It answers order questions by voice and keeps a transcript of what people say to it; moderators get a summary when the call ends.`,
    `With two or more people here, start with “${wakeName}” so it knows you mean it.`,
    'Don’t want to be heard or transcribed? Use `/voice optout`: the bot will not listen to you in this server (`/voice optin` to undo).',
  ].join('\n');
}

export class Presence {
  readonly #client: Client;
  readonly #log: Logger;

  constructor(client: Client, log: Logger) {
    this.#client = client;
    this.#log = log;
  }

  /** The name people see for the bot in `guild`. */
  botName(guild: Guild): string {
    const name = guild.members.me?.displayName ?? this.#client.user?.username ?? 'voicedesk';
    return name.endsWith(LISTENING_SUFFIX) ? name.slice(0, -LISTENING_SUFFIX.length) : name;
  }

  /** Post a message in a channel (a voice channel's text chat included); false if it failed. */
  async say(channelId: string, content: string): Promise<boolean> {
    try {
      const channel = await this.#client.channels.fetch(channelId);
      if (!channel?.isSendable()) return false;
      await channel.send({ content, allowedMentions: { parse: ['users'] } });
      return true;
    } catch (err) {
      this.#log.warn({ err, channelId }, 'could not post a notice');
      return false;
    }
  }

  /** Mark the bot as listening (nickname suffix), or restore its name. */
  async listening(guild: Guild, on: boolean): Promise<void> {
    const me = guild.members.me;
    if (!me) return;
    const base = this.botName(guild);
    const nick = on ? `${base}${LISTENING_SUFFIX}`.slice(0, 32) : base === me.user.username ? null : base;
    try {
      await me.setNickname(nick, on ? 'listening in voice' : 'left voice');
    } catch (err) {
      this.#log.debug({ err }, 'could not change the nickname');
    }
  }
}
