/**
 * The calls of this process, at most one per guild. Starts a call (consent notice first, then the
 * voice room), ends it, answers status, and applies opt-outs and settings to live calls. At start
 * it records the end of calls a crashed process left active, so their summaries still happen.
 */
import { randomUUID } from 'node:crypto';
import type { Guild } from 'discord.js';
import { translate } from '../i18n/translate.ts';
import type { VoiceService } from '../voice/service.ts';
import { Call, type CallStatus } from './call.ts';
import type { CallEnvironment } from './environment.ts';
import { consentNotice } from './presence.ts';
import { joinPreflight, type PreflightRefusal } from './join-preflight.ts';
import type { GuildSettings } from './settings-store.ts';

export type JoinResult =
  | { readonly kind: 'started'; readonly call: Call; readonly summariesOff: boolean }
  | { readonly kind: 'already-here'; readonly call: Call }
  | { readonly kind: 'elsewhere'; readonly channelId: string }
  /** The bot lacks what it needs in the channel (checked before asking Discord). */
  | { readonly kind: 'refused'; readonly refusal: PreflightRefusal }
  /** The consent notice could not be posted, so the bot did not join: no notice, no listening. */
  | { readonly kind: 'notice-refused' }
  /** Shed: this process has MAX_CALLS_PER_PROCESS calls, or its event loop is lagging. */
  | { readonly kind: 'shed'; readonly reason: 'calls' | 'lag' };

/**
 * A moderator moved the bot: the call ends (summary as usual) rather than following, because the
 * people in the new channel never saw a consent notice. The bot leaves; `/voice join` starts anew.
 */
export const MOVED_NOTICE = (to: string | undefined): string =>
  // English until calls know their guild's language (#14: per-guild language)
  to ? translate('en', 'notice.movedTo', { channelId: to }) : translate('en', 'notice.moved');

const PERSIST_ATTEMPTS = 3;
const PERSIST_BACKOFF_MS = 200;

/** Try `write` a few times with backoff; false (logged) when it never succeeded. */
async function persistWithRetries(write: () => Promise<void>, log: CallEnvironment['log']): Promise<boolean> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await write();
      return true;
    } catch (err) {
      if (attempt >= PERSIST_ATTEMPTS) {
        log.warn({ err, attempts: attempt }, 'could not save an opt-out; it holds in this process only');
        return false;
      }
      await new Promise((r) => setTimeout(r, PERSIST_BACKOFF_MS * 2 ** (attempt - 1)));
    }
  }
}

export class CallRegistry {
  readonly #env: CallEnvironment;
  readonly #voice: VoiceService;
  readonly #calls = new Map<string, Call>();
  readonly #starting = new Map<string, Promise<JoinResult>>();
  /** Opted-out members per guild, loaded once per guild and kept current here. */
  readonly #optOuts = new Map<string, Set<string>>();

  readonly #loopLagP99Ms: () => number;

  constructor(env: CallEnvironment, voice: VoiceService, loopLagP99Ms: () => number = () => 0) {
    this.#env = env;
    this.#voice = voice;
    this.#loopLagP99Ms = loopLagP99Ms;
  }

  /** The consent rule the voice layer asks before subscribing anyone. */
  mayHear(guildId: string, userId: string): boolean {
    return !(this.#optOuts.get(guildId)?.has(userId) ?? false);
  }

  call(guildId: string): Call | undefined {
    const call = this.#calls.get(guildId);
    return call?.state === 'active' ? call : undefined;
  }

  get active(): Call[] {
    return [...this.#calls.values()].filter((c) => c.state === 'active');
  }

  join(guild: Guild, channelId: string): Promise<JoinResult> {
    const current = this.call(guild.id);
    if (current) {
      return Promise.resolve(
        current.channelId === channelId
          ? { kind: 'already-here', call: current }
          : { kind: 'elsewhere', channelId: current.channelId },
      );
    }
    const pending = this.#starting.get(guild.id);
    if (pending) return pending;
    const refusal = joinPreflight(guild, channelId);
    if (refusal) return Promise.resolve({ kind: 'refused', refusal });
    const refused = this.#shed();
    if (refused) {
      this.#env.metrics.joinsRefused.inc({ reason: refused.reason });
      this.#env.log.warn({ guildId: guild.id, reason: refused.reason }, 'join refused (shedding load)');
      return Promise.resolve(refused);
    }
    const starting = this.#start(guild, channelId).finally(() => this.#starting.delete(guild.id));
    this.#starting.set(guild.id, starting);
    return starting;
  }

  /** A new call would overload this process: too many calls, or the event loop already lags. */
  #shed(): Extract<JoinResult, { kind: 'shed' }> | undefined {
    const { maxCallsPerProcess, joinMaxLagP99Ms } = this.#env.config.calls;
    if (this.active.length + this.#starting.size >= maxCallsPerProcess)
      return { kind: 'shed', reason: 'calls' };
    if (this.#loopLagP99Ms() > joinMaxLagP99Ms) return { kind: 'shed', reason: 'lag' };
    return undefined;
  }

  async #start(guild: Guild, channelId: string): Promise<JoinResult> {
    const { settings, calls, presence } = this.#env;
    const [guildSettings, optedOut] = await Promise.all([
      settings.get(guild.id),
      settings.optedOut(guild.id),
    ]);
    // Opt-outs taken in memory while the store was failing stay in force.
    for (const userId of this.#optOuts.get(guild.id) ?? []) optedOut.add(userId);
    this.#optOuts.set(guild.id, optedOut);
    const botName = presence.botName(guild);
    // Consent before audio: the notice is up before the bot hears anyone, or the bot stays out.
    if (!(await presence.say(channelId, consentNotice(botName, guildSettings.wakeName ?? botName)))) {
      this.#env.log.warn({ guildId: guild.id, channelId }, 'consent notice refused; not joining');
      return { kind: 'notice-refused' };
    }
    const room = await this.#voice.join({ guild, channelId, textChannelId: channelId });
    const callId = randomUUID();
    const startedAt = Date.now();
    const channelName = guild.channels.cache.get(channelId)?.name ?? 'voice';
    await calls.create({ callId, guildId: guild.id, voiceChannelId: channelId, channelName, startedAt });
    const call = new Call(this.#env, { callId, guild, room, startedAt, settings: guildSettings });
    this.#calls.set(guild.id, call);
    room.onClose((reason) => {
      void call.end(reason === 'left' ? 'leave' : reason);
      if (reason === 'moved') void presence.say(channelId, MOVED_NOTICE(room.movedTo));
    });
    await presence.listening(guild, true);
    call.log.info({ channelId }, 'call started');
    const summariesOff = (await this.#env.summaryChannel(guild.id)) === undefined;
    return { kind: 'started', call, summariesOff };
  }

  /** End the guild's call; false if there was none. */
  async leave(guildId: string, reason = 'leave'): Promise<boolean> {
    const call = this.call(guildId);
    if (!call) return false;
    await call.end(reason);
    this.#calls.delete(guildId);
    return true;
  }

  status(guildId: string): CallStatus | undefined {
    return this.call(guildId)?.status();
  }

  /**
   * Stop hearing a member at once (memory first: fail closed), then persist it with retries.
   * Resolves whether the opt-out was saved; unsaved, it still holds for this process.
   */
  async optOut(guildId: string, userId: string): Promise<boolean> {
    let optedOut = this.#optOuts.get(guildId);
    if (!optedOut) this.#optOuts.set(guildId, (optedOut = new Set()));
    optedOut.add(userId);
    const forgotten = this.call(guildId)?.forget(userId);
    const saved = await persistWithRetries(() => this.#env.settings.optOut(guildId, userId), this.#env.log);
    await forgotten;
    return saved;
  }

  async optIn(guildId: string, userId: string): Promise<void> {
    await this.#env.settings.optIn(guildId, userId);
    this.#optOuts.get(guildId)?.delete(userId);
    this.call(guildId)?.room.hear(userId);
  }

  /** A moderator changed the guild's settings: live calls use them from now on. */
  settingsChanged(guildId: string, settings: GuildSettings): void {
    const call = this.call(guildId);
    if (call) call.settings = settings;
  }

  /** End every call (shutdown). */
  async stopAll(): Promise<void> {
    await Promise.allSettled(this.active.map((call) => this.leave(call.guild.id, 'shutdown')));
  }

  /**
   * Record the end of calls whose process stopped heart-beating (crashed, or failed to record the
   * end), fenced so a live owner's call is never ended, and start their summaries. Returns the
   * call ids this sweep ended.
   */
  async recoverAbandoned(): Promise<string[]> {
    const staleBefore = Date.now() - this.#env.config.calls.abandonMs;
    const ended: string[] = [];
    for (const record of await this.#env.calls.listAbandoned(staleBefore)) {
      if (this.active.some((call) => call.callId === record.callId)) continue;
      if (!(await this.#env.calls.markAbandoned(record, staleBefore))) continue;
      ended.push(record.callId);
      this.#env.log.warn(
        { callId: record.callId, guildId: record.guildId },
        'recorded the end of an abandoned call',
      );
    }
    return ended;
  }
}
