/**
 * The voice service commands use: at most one room per guild; join, leave, look up, and the mic
 * check. Stopping it leaves every channel. A room that gives up on a lost connection says so in
 * the text channel it was started from.
 */
import { Events, type Client, type Guild } from 'discord.js';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import { playBack, recordUtterance, type RecordOptions } from './mic-check.ts';
import { durationMs } from './pcm.ts';
import { NO_VOICE_COUNTERS, addCounters, type VoiceCounters } from './counters.ts';
import { VoiceRoom, type RoomCloseReason, type VoiceRoomOptions } from './room.ts';

export interface VoiceServiceDeps {
  readonly client: Client;
  readonly config: Pick<Config['voice'], 'readyTimeoutMs' | 'rejoinAttempts' | 'leaveWhenEmptyMs'>;
  readonly log: Logger;
  /** Consent hook for later layers; by default every human is heard. */
  readonly mayHear?: (guildId: string, userId: string) => boolean;
}

export interface JoinRequest {
  readonly guild: Guild;
  readonly channelId: string;
  /** Where to say that the connection was lost for good. */
  readonly textChannelId?: string | undefined;
  readonly signal?: AbortSignal;
}

export type MicCheckResult =
  { readonly heard: false } | { readonly heard: true; readonly durationMs: number };

export const GIVE_UP_MESSAGE = (channelId: string) =>
  `I lost the voice connection to <#${channelId}> and could not get it back. Use \`/voice join\` to try again.`;
export const ENDED_BY_DISCORD_MESSAGE = (channelId: string, reason: 'rate-limited' | 'terminated') =>
  reason === 'rate-limited'
    ? `Discord disconnected me from <#${channelId}> for making too many voice requests, so the call ended.`
    : `Discord ended the voice session in <#${channelId}>, so the call ended.`;

/** Told once to a speaker whose end-to-end encrypted audio the bot still cannot decrypt. */
export const UNDECRYPTABLE_MESSAGE = (userId: string) =>
  `<@${userId}> I can't hear you: your audio reaches me end-to-end encrypted (Discord's DAVE) but I can't ` +
  `decrypt it. I'm reconnecting to fix it; if it keeps happening, leave the voice channel and join again.`;

export class VoiceService {
  readonly #deps: VoiceServiceDeps;
  readonly #rooms = new Map<string, VoiceRoom>();
  readonly #joining = new Map<string, Promise<VoiceRoom>>();
  /** Counters of rooms that have closed. */
  #closedCounters: VoiceCounters = NO_VOICE_COUNTERS;
  /** When a shard last started a new gateway session (READY, not a resume). */
  #gatewaySessionStartedAt: number | undefined;

  constructor(deps: VoiceServiceDeps) {
    this.#deps = deps;
    deps.client.on(Events.ShardReady, () => {
      this.#gatewaySessionStartedAt = Date.now();
    });
  }

  /** The guild's room, if the bot is in a voice channel there. */
  room(guildId: string): VoiceRoom | undefined {
    const room = this.#rooms.get(guildId);
    return room && !room.closed ? room : undefined;
  }

  /** Joins `channelId` (moving from another channel of the guild if needed). */
  async join(request: JoinRequest): Promise<VoiceRoom> {
    const guildId = request.guild.id;
    const current = this.room(guildId);
    if (current?.channelId === request.channelId) return current;
    const pending = this.#joining.get(guildId);
    if (pending) return pending;
    current?.leave();
    const joining = this.#open(request).finally(() => this.#joining.delete(guildId));
    this.#joining.set(guildId, joining);
    return joining;
  }

  /** Leaves the guild's voice channel; false if the bot was not in one. */
  leave(guildId: string): boolean {
    const room = this.room(guildId);
    room?.leave();
    return room !== undefined;
  }

  /** Records `userId`'s next utterance and plays it back to the channel. */
  async micCheck(guildId: string, userId: string, options: RecordOptions = {}): Promise<MicCheckResult> {
    const room = this.room(guildId);
    if (!room) throw new Error('micCheck: not in a voice channel');
    const utterance = await recordUtterance(room, userId, options);
    if (!utterance || room.closed) return { heard: false };
    playBack(room, `mic-check:${userId}`, utterance);
    return { heard: true, durationMs: Math.round(durationMs(utterance)) };
  }

  /** Audio counters of every room this service has had, open or closed (monotonic). */
  counters(): VoiceCounters {
    let total = this.#closedCounters;
    for (const room of this.#rooms.values()) if (!room.closed) total = addCounters(total, room.counters());
    return total;
  }

  /** Leaves every channel. */
  async stop(): Promise<void> {
    await Promise.allSettled([...this.#joining.values()]);
    for (const room of this.#rooms.values()) room.leave();
    this.#rooms.clear();
  }

  async #open(request: JoinRequest): Promise<VoiceRoom> {
    const { client, config, mayHear } = this.#deps;
    const guildId = request.guild.id;
    const log = this.#deps.log.child({ guildId, channelId: request.channelId });
    const options: VoiceRoomOptions = {
      client,
      guild: request.guild,
      channelId: request.channelId,
      readyTimeoutMs: config.readyTimeoutMs,
      rejoinAttempts: config.rejoinAttempts,
      leaveWhenEmptyMs: config.leaveWhenEmptyMs,
      log,
      gatewaySessionStartedAt: () => this.#gatewaySessionStartedAt,
      ...(mayHear ? { mayHear: (userId: string) => mayHear(guildId, userId) } : {}),
      onClose: (reason) => this.#closed(guildId, room, reason, request),
      onUndecryptable: (userId) => this.#say(request, UNDECRYPTABLE_MESSAGE(userId)),
    };
    const room: VoiceRoom = await VoiceRoom.open(options, request.signal);
    this.#rooms.set(guildId, room);
    return room;
  }

  #closed(guildId: string, room: VoiceRoom, reason: RoomCloseReason, request: JoinRequest): void {
    this.#closedCounters = addCounters(this.#closedCounters, room.counters());
    if (this.#rooms.get(guildId) === room) this.#rooms.delete(guildId);
    const content =
      reason === 'failed'
        ? GIVE_UP_MESSAGE(request.channelId)
        : reason === 'rate-limited' || reason === 'terminated'
          ? ENDED_BY_DISCORD_MESSAGE(request.channelId, reason)
          : undefined;
    if (content !== undefined) this.#say(request, content);
  }

  /** Posts `content` in the text channel the join came from, if there is one. */
  #say(request: JoinRequest, content: string): void {
    if (request.textChannelId === undefined) return;
    const channel = request.guild.channels.cache.get(request.textChannelId);
    if (!channel?.isSendable()) return;
    channel.send({ content, allowedMentions: { parse: ['users'] } }).catch((err: unknown) => {
      this.#deps.log.warn({ err, guildId: request.guild.id }, 'could not post a voice notice');
    });
  }
}
