/**
 * A voice room: the bot in one voice channel. It owns the connection, one receive subscription
 * and input path per human member (including anyone already talking when the bot joined), the
 * call clock that hands each of them one 20 ms frame per tick, and the one playback queue.
 * It leaves by itself when no human has been in the channel for `leaveWhenEmptyMs`.
 */
import {
  AudioPlayerStatus,
  NoSubscriberBehavior,
  StreamType,
  createAudioPlayer,
  createAudioResource,
  type AudioPlayer,
  type AudioPlayerState,
} from '@discordjs/voice';
import { Events, type Client, type Guild, type VoiceState } from 'discord.js';
import type { Logger } from '../log.ts';
import { CallClock } from './clock.ts';
import { VoiceLink, type LinkCloseReason } from './connection.ts';
import { PlaybackQueue, type ReplyEnd } from './playback.ts';
import { Receiver } from './receive.ts';
import {
  addCounters,
  inputCounters,
  NO_VOICE_COUNTERS,
  type SpeakerStats,
  type VoiceCounters,
} from './counters.ts';
import { SpeakerInput, type InputFrame } from './speaker-input.ts';

/** Receives every subscribed speaker's frame on every tick. Must not throw (errors are logged). */
export type FrameListener = (userId: string, frame: InputFrame) => void;
/** `moved`: a moderator dragged the bot to another channel (the room leaves; see `movedTo`). */
export type RoomCloseReason = LinkCloseReason | 'empty' | 'moved';

export interface VoiceRoomOptions {
  readonly client: Client;
  readonly guild: Guild;
  readonly channelId: string;
  readonly readyTimeoutMs: number;
  readonly rejoinAttempts: number;
  readonly leaveWhenEmptyMs: number;
  readonly log: Logger;
  /** Whether a member may be heard at all (consent); by default every human. */
  readonly mayHear?: (userId: string) => boolean;
  readonly onClose?: (reason: RoomCloseReason) => void;
  /** When the main gateway last started a new session (see VoiceLinkOptions). */
  readonly gatewaySessionStartedAt?: () => number | undefined;
  /** A speaker stays undecryptable (DAVE) despite recovery; called once per speaker. */
  readonly onUndecryptable?: (userId: string) => void;
}

/** The AudioPlayer tolerates this many frames without audio (a reply streaming in slowly). */
const MAX_MISSED_FRAMES = 50;

export class VoiceRoom {
  readonly guildId: string;
  readonly channelId: string;
  readonly playback: PlaybackQueue;
  readonly inputs = new Map<string, SpeakerInput>();
  readonly #options: VoiceRoomOptions;
  readonly #log: Logger;
  readonly #link: VoiceLink;
  readonly #player: AudioPlayer;
  readonly #receiver: Receiver;
  readonly #clock: CallClock;
  readonly #listeners = new Set<FrameListener>();
  readonly #heard = new Set<string>();
  readonly #replyEndListeners = new Set<(speakerId: string, how: ReplyEnd) => void>();
  readonly #closeListeners = new Set<(reason: RoomCloseReason) => void>();
  readonly #undecryptableListeners = new Set<(userId: string) => void>();
  readonly #onVoiceState = (before: VoiceState, after: VoiceState) => this.#voiceStateChanged(before, after);
  #emptyTimer: NodeJS.Timeout | undefined;
  #closed = false;
  #movedTo: string | undefined;
  /** Counters of speakers no longer heard, and of clock skips. */
  #retired: VoiceCounters = NO_VOICE_COUNTERS;

  private constructor(options: VoiceRoomOptions, link: VoiceLink) {
    this.#options = options;
    this.#log = options.log;
    this.guildId = options.guild.id;
    this.channelId = options.channelId;
    this.#link = link;
    this.#player = createAudioPlayer({
      behaviors: { noSubscriber: NoSubscriberBehavior.Pause, maxMissedFrames: MAX_MISSED_FRAMES },
    });
    this.#player.on('error', (err) => this.#log.warn({ err }, 'audio player error'));
    this.#player.on('stateChange', (before, after) => this.#playerChanged(before, after));
    link.connection.subscribe(this.#player);
    this.playback = new PlaybackQueue({
      log: this.#log,
      play: (packets) => this.#player.play(createAudioResource(packets, { inputType: StreamType.Opus })),
      onReplyEnd: (speakerId, how) => {
        for (const listener of this.#replyEndListeners) listener(speakerId, how);
      },
    });
    this.#receiver = new Receiver({
      connection: link.connection,
      log: this.#log,
      onPacket: (userId, opus, sequence, arrivedAt) =>
        this.inputs.get(userId)?.accept(opus, sequence, arrivedAt),
      rejoin: () => link.rejoin(),
      onUndecryptable: (userId) => {
        options.onUndecryptable?.(userId);
        for (const listener of this.#undecryptableListeners) {
          try {
            listener(userId);
          } catch (err) {
            this.#log.error({ err, userId }, 'undecryptable-speaker listener failed');
          }
        }
      },
    });
    this.#clock = new CallClock({
      onTick: () => this.#tick(),
      onSkip: (skipped) => {
        // Counted once per tick: a talking speaker's packets lost in the stall are the jitter
        // buffers' overflow drops already, and a silent speaker lost nothing.
        this.#retire({ corruptPackets: 0, droppedIn: skipped, droppedOut: 0, decryptFailures: 0 });
        this.#log.warn({ skipped }, 'call clock stalled; skipped frames');
      },
    });
  }

  /** Joins `channelId` and starts listening to everyone in it. */
  static async open(options: VoiceRoomOptions, signal?: AbortSignal): Promise<VoiceRoom> {
    const created: { room?: VoiceRoom } = {};
    const link = await VoiceLink.open(
      {
        guildId: options.guild.id,
        channelId: options.channelId,
        adapterCreator: options.guild.voiceAdapterCreator,
        readyTimeoutMs: options.readyTimeoutMs,
        rejoinAttempts: options.rejoinAttempts,
        log: options.log,
        ...(options.gatewaySessionStartedAt
          ? { gatewaySessionStartedAt: options.gatewaySessionStartedAt }
          : {}),
        onClose: (reason) => {
          if (created.room) created.room.#teardown(reason);
        },
      },
      signal,
    );
    const room = new VoiceRoom(options, link);
    created.room = room;
    options.client.on(Events.VoiceStateUpdate, room.#onVoiceState);
    for (const userId of room.#humansInChannel()) room.#addSpeaker(userId);
    room.#clock.start();
    room.#checkEmpty();
    return room;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** The channel the bot was moved to, when the room closed because of a move. */
  get movedTo(): string | undefined {
    return this.#movedTo;
  }

  /** Every tick, `listener` gets one frame per subscribed speaker. Returns an unsubscribe. */
  listen(listener: FrameListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Called when a reply finishes playing or is interrupted. Returns an unsubscribe. */
  onReplyEnd(listener: (speakerId: string, how: ReplyEnd) => void): () => void {
    this.#replyEndListeners.add(listener);
    return () => this.#replyEndListeners.delete(listener);
  }

  /** Called once when the room closes (left, removed, failed, or empty). Returns an unsubscribe. */
  onClose(listener: (reason: RoomCloseReason) => void): () => void {
    this.#closeListeners.add(listener);
    return () => this.#closeListeners.delete(listener);
  }

  /** Called once per speaker who stays undecryptable (DAVE) despite recovery. Returns an unsubscribe. */
  onUndecryptable(listener: (userId: string) => void): () => void {
    this.#undecryptableListeners.add(listener);
    return () => this.#undecryptableListeners.delete(listener);
  }

  /** Starts hearing `userId` if they are in the channel and may be heard (for example after opting in). */
  hear(userId: string): void {
    if (!this.#closed && this.#humansInChannel().includes(userId)) this.#addSpeaker(userId);
  }

  /** Stops hearing `userId` now (for example after opting out); their buffered audio is dropped. */
  dropSpeaker(userId: string): void {
    this.#removeSpeaker(userId);
  }

  /** Per-speaker input counters (frames, lost/dropped/corrupt packets) and receive stream errors. */
  stats(): { streamErrors: number; speakers: Record<string, SpeakerStats> } {
    const speakers: Record<string, SpeakerStats> = {};
    const decryptFailures = this.#receiver.decrypt.perSpeaker();
    for (const [userId, input] of this.inputs) {
      speakers[userId] = {
        voicedFrames: input.voicedFrames,
        silentFrames: input.silentFrames,
        lostPackets: input.jitter.lost,
        droppedPackets: input.jitter.dropped,
        corruptPackets: input.decoder.corrupt,
        decryptFailures: decryptFailures[userId] ?? 0,
      };
    }
    return { streamErrors: this.#receiver.streamErrors, speakers };
  }

  /** Audio counters since the room opened, including speakers who left (monotonic). */
  counters(): VoiceCounters {
    let total = addCounters(this.#retired, {
      corruptPackets: 0,
      droppedIn: 0,
      droppedOut: this.playback.underruns,
      decryptFailures: this.#receiver.decrypt.failures,
    });
    for (const input of this.inputs.values()) total = addCounters(total, inputCounters(input));
    return total;
  }

  /** Users being heard. */
  get speakers(): string[] {
    return [...this.inputs.keys()];
  }

  /** Leaves the channel. */
  leave(): void {
    this.#teardown('left');
    this.#link.leave();
  }

  #tick(): void {
    for (const [userId, input] of this.inputs) {
      const frame = input.nextFrame();
      if (frame.voiced && !this.#heard.has(userId)) {
        this.#heard.add(userId);
        this.#log.info({ userId }, 'hearing speaker');
      }
      for (const listener of this.#listeners) {
        try {
          listener(userId, frame);
        } catch (err) {
          this.#log.error({ err, userId }, 'frame listener failed');
        }
      }
    }
  }

  #humansInChannel(): string[] {
    const botId = this.#options.client.user?.id;
    return this.#options.guild.voiceStates.cache
      .filter((s) => s.channelId === this.channelId && s.id !== botId && s.member?.user.bot !== true)
      .map((s) => s.id);
  }

  #addSpeaker(userId: string): void {
    if (this.inputs.has(userId) || !(this.#options.mayHear?.(userId) ?? true)) return;
    this.inputs.set(userId, new SpeakerInput(userId));
    this.#receiver.subscribe(userId);
    this.#log.info({ userId }, 'listening to speaker');
  }

  #removeSpeaker(userId: string): void {
    const input = this.inputs.get(userId);
    if (!input) return;
    this.#receiver.unsubscribe(userId);
    this.#retire(inputCounters(input));
    input.destroy();
    this.inputs.delete(userId);
    this.#log.info({ userId }, 'speaker left');
  }

  #voiceStateChanged(before: VoiceState, after: VoiceState): void {
    if (after.guild.id !== this.guildId || this.#closed) return;
    if (after.id === this.#options.client.user?.id) return this.#botVoiceChanged(after);
    if (after.member?.user.bot === true) return;
    if (after.channelId === this.channelId) this.#addSpeaker(after.id);
    else if (before.channelId === this.channelId) this.#removeSpeaker(after.id);
    this.#checkEmpty();
  }

  /** Moved by a moderator: leave rather than listen where nobody saw the notice. */
  #botVoiceChanged(after: VoiceState): void {
    if (!after.channelId || after.channelId === this.channelId) return;
    this.#movedTo = after.channelId;
    this.#log.info({ to: after.channelId }, 'moved to another voice channel; leaving');
    this.#teardown('moved');
    this.#link.leave();
  }

  #checkEmpty(): void {
    const empty = this.#humansInChannel().length === 0;
    if (!empty) {
      clearTimeout(this.#emptyTimer);
      this.#emptyTimer = undefined;
    } else if (!this.#emptyTimer) {
      this.#emptyTimer = setTimeout(() => {
        this.#log.info({ afterMs: this.#options.leaveWhenEmptyMs }, 'voice channel empty; leaving');
        this.#teardown('empty');
        this.#link.leave();
      }, this.#options.leaveWhenEmptyMs);
    }
  }

  #playerChanged(before: AudioPlayerState, after: AudioPlayerState): void {
    if (after.status === AudioPlayerStatus.Idle && before.status !== AudioPlayerStatus.Idle) {
      this.playback.playerIdle(before.resource.playStream);
    }
  }

  #retire(counters: VoiceCounters): void {
    this.#retired = addCounters(this.#retired, counters);
  }

  #teardown(reason: RoomCloseReason): void {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#emptyTimer);
    this.#clock.stop();
    this.#options.client.off(Events.VoiceStateUpdate, this.#onVoiceState);
    this.#receiver.destroy();
    for (const input of this.inputs.values()) {
      this.#retire(inputCounters(input));
      input.destroy();
    }
    this.inputs.clear();
    this.#player.stop(true);
    this.playback.destroy();
    this.#listeners.clear();
    this.#log.info({ reason }, 'left the voice channel');
    this.#options.onClose?.(reason);
    for (const listener of this.#closeListeners) {
      try {
        listener(reason);
      } catch (err) {
        this.#log.error({ err }, 'room close listener failed');
      }
    }
    this.#closeListeners.clear();
    this.#undecryptableListeners.clear();
  }
}
