/**
 * How the bot shows itself in a guild during a call: a consent notice in the voice channel's text
 * chat when it starts listening, a visible "listening" nickname while it does, and short notices
 * to individual speakers. Failures (missing permissions) are logged, never fatal.
 */
import type { Client, Guild } from 'discord.js';
import type { Logger } from '../log.ts';
import { isMarked, markedName, unmarkedName } from './listening-marker.ts';

export { LISTENING_SUFFIX } from './listening-marker.ts';

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
  /** The bot's nickname before it was marked, per guild (null: no nickname). */
  readonly #before = new Map<string, string | null>();

  constructor(client: Client, log: Logger) {
    this.#client = client;
    this.#log = log;
  }

  /** The name people see for the bot in `guild`, without the listening marker. */
  botName(guild: Guild): string {
    const me = guild.members.me;
    const account = me?.user.displayName ?? this.#client.user?.displayName ?? 'voicedesk';
    const before = this.#before.get(guild.id);
    if (before !== undefined) return before ?? account;
    return unmarkedName(me?.displayName ?? account, account);
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

  /** Mark the bot as listening (nickname suffix), or restore the nickname it had before. */
  async listening(guild: Guild, on: boolean): Promise<void> {
    const me = guild.members.me;
    if (!me) return;
    const base = this.botName(guild);
    const nick = on ? markedName(base) : this.#restored(guild);
    if (on && !this.#before.has(guild.id))
      this.#before.set(guild.id, isMarked(me.displayName) ? null : me.nickname);
    try {
      await me.setNickname(nick, on ? 'listening in voice' : 'left voice');
      if (!on) this.#before.delete(guild.id);
    } catch (err) {
      this.#log.debug({ err }, 'could not change the nickname');
    }
  }

  /** Remove markers a crashed process left on the bot's nickname in these guilds. */
  async clearStaleMarkers(guilds: Iterable<Guild>): Promise<number> {
    let cleared = 0;
    for (const guild of guilds) {
      if (!isMarked(guild.members.me?.nickname ?? '')) continue;
      await this.listening(guild, false);
      cleared += 1;
    }
    return cleared;
  }

  /** The nickname to go back to: the one before marking, else the marked one without its marker. */
  #restored(guild: Guild): string | null {
    const before = this.#before.get(guild.id);
    if (before !== undefined) return before;
    const me = guild.members.me;
    const account = me?.user.displayName ?? '';
    const name = unmarkedName(me?.displayName ?? account, account);
    return name === account ? null : name;
  }
}
