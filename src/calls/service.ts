/**
 * The calls service commands use: `/voice join|leave|status|optout|optin` and
 * `/voicedesk settings`. It owns the registry, the transcript writer and the summary scheduler,
 * and starts (recover abandoned calls, resume pending summaries) and stops them in order.
 */
import type { Call, CallStatus } from './call.ts';
import type { CallEnvironment } from './environment.ts';
import { joinPreflight, type PreflightRefusal } from './join-preflight.ts';
import type { CallRegistry, JoinResult } from './registry.ts';
import type { GuildSettings } from './settings-store.ts';
import type { Guild } from 'discord.js';

const ROLE_CACHE_MS = 60_000;
/** How long a command waits for the guild's moderator role before using MODERATOR_ROLE_ID. */
const ROLE_LOOKUP_DEADLINE_MS = 1_000;

export class CallsService {
  readonly #env: CallEnvironment;
  readonly #registry: CallRegistry;
  readonly #roles = new Map<string, { roleId: string | undefined; at: number }>();
  readonly #release: () => Promise<void>;

  readonly #onStart: () => void;

  constructor(
    env: CallEnvironment,
    registry: CallRegistry,
    release: () => Promise<void> = async () => undefined,
    onStart: () => void = () => undefined,
  ) {
    this.#env = env;
    this.#registry = registry;
    this.#release = release;
    this.#onStart = onStart;
  }

  /** The consent rule for the voice layer: opted-out members are never subscribed. */
  mayHear(guildId: string, userId: string): boolean {
    return this.#registry.mayHear(guildId, userId);
  }

  #started: Promise<void> | undefined;

  /** Record the end of calls a crashed process left behind, then resume pending summaries. */
  start(): Promise<void> {
    this.#started ??= this.#start();
    return this.#started;
  }

  async #start(): Promise<void> {
    this.#onStart();
    await this.#sweep();
    const unmarked = await this.#env.presence.clearStaleMarkers(this.#env.client.guilds.cache.values());
    if (unmarked > 0) this.#env.log.info({ guilds: unmarked }, 'removed listening markers left by a crash');
    this.#env.summaries.start();
    const every = this.#env.config.calls.heartbeatMs;
    const next = () => {
      if (this.#stopped) return;
      this.#sweepTimer = setTimeout(() => void this.#sweep().finally(next), every);
      this.#sweepTimer.unref();
    };
    next();
  }

  /** What the bot lacks to join `channelId`, from the cache (no request to Discord). */
  preflight(guild: Guild, channelId: string): PreflightRefusal | undefined {
    return joinPreflight(guild, channelId);
  }

  /**
   * Every process, every CALL_HEARTBEAT_MS: end abandoned calls (fenced), replay the transcript
   * journals of calls no longer live, then summarise what was ended. Never overlaps itself.
   */
  async #sweep(): Promise<void> {
    const { log, calls, transcripts, summaries } = this.#env;
    const ended = await this.#registry.recoverAbandoned().catch((err: unknown) => {
      log.warn({ err }, 'could not look for abandoned calls');
      return [];
    });
    await transcripts
      .replayJournals(async (callId) => (await calls.get(callId))?.state !== 'active')
      .catch((err: unknown) => log.warn({ err }, 'could not replay transcript journals'));
    if (ended.length > 0) log.info({ recovered: ended.length }, 'recovered abandoned calls');
    for (const callId of ended) void summaries.enqueue(callId);
  }

  #sweepTimer: NodeJS.Timeout | undefined;
  #stopped = false;

  join(guild: Guild, channelId: string): Promise<JoinResult> {
    return this.#registry.join(guild, channelId);
  }

  leave(guildId: string): Promise<boolean> {
    return this.#registry.leave(guildId);
  }

  call(guildId: string): Call | undefined {
    return this.#registry.call(guildId);
  }

  status(guildId: string): CallStatus | undefined {
    return this.#registry.status(guildId);
  }

  /** Takes effect at once; resolves whether it was also saved (else it lasts for this process). */
  optOut(guildId: string, userId: string): Promise<boolean> {
    return this.#registry.optOut(guildId, userId);
  }

  /**
   * Delete everything `userId` said in this guild's calls (and the bot's answers to them), after
   * writing out lines still queued, so summaries made from now on never see them. Resolves how many
   * lines were removed.
   */
  async forgetMe(guildId: string, userId: string): Promise<number> {
    await this.#env.transcripts.flush();
    return this.#env.forget(guildId, userId);
  }

  optIn(guildId: string, userId: string): Promise<void> {
    return this.#registry.optIn(guildId, userId);
  }

  get maxSessionsPerCall(): number {
    return this.#env.config.calls.maxSessionsPerCall;
  }

  /**
   * Run a mic check; during a call the speaker's assistant does not hear the test utterance, so it
   * neither answers nor transcribes it.
   */
  async micCheck<T>(guildId: string, userId: string, check: () => Promise<T>): Promise<T> {
    const call = this.#registry.call(guildId);
    call?.hold(userId, true);
    try {
      return await check();
    } finally {
      call?.hold(userId, false);
    }
  }

  async isOptedOut(guildId: string, userId: string): Promise<boolean> {
    return (await this.#env.settings.optedOut(guildId)).has(userId);
  }

  /** The bot's name in `guild` without the listening marker (the default wake name). */
  botName(guild: Guild): string {
    return this.#env.presence.botName(guild);
  }

  settings(guildId: string): Promise<GuildSettings> {
    return this.#env.settings.get(guildId);
  }

  /**
   * The guild's moderator role: its `/voicedesk settings` role, else MODERATOR_ROLE_ID. Cached for a
   * minute (settings changed in this process take effect at once); a store outage, or no answer
   * within `deadlineMs` (an interaction must be answered within Discord's 3 s), falls back.
   */
  async moderatorRoleId(
    guildId: string,
    deadlineMs = ROLE_LOOKUP_DEADLINE_MS,
    signal?: AbortSignal,
  ): Promise<string | undefined> {
    const hit = this.#roles.get(guildId);
    if (hit && Date.now() - hit.at < ROLE_CACHE_MS) return hit.roleId;
    const fallback = this.#env.config.discord.moderatorRoleId;
    const deadline = AbortSignal.timeout(deadlineMs);
    try {
      const within = signal ? AbortSignal.any([signal, deadline]) : deadline;
      const roleId = (await this.#env.settings.get(guildId, within)).moderatorRoleId ?? fallback;
      this.#roles.set(guildId, { roleId, at: Date.now() });
      return roleId;
    } catch (err) {
      this.#env.log.warn({ err, guildId }, 'could not read guild settings; using MODERATOR_ROLE_ID');
      return fallback;
    }
  }

  async updateSettings(
    guildId: string,
    changes: { [K in keyof GuildSettings]?: string | null },
  ): Promise<GuildSettings> {
    const updated = await this.#env.settings.update(guildId, changes);
    this.#roles.delete(guildId);
    this.#registry.settingsChanged(guildId, updated);
    return updated;
  }

  /** End every call (their ends recorded, transcripts flushed), then stop the summary scheduler. */
  async stop(): Promise<void> {
    await this.#started;
    this.#stopped = true;
    clearTimeout(this.#sweepTimer);
    await this.#registry.stopAll();
    await this.#env.transcripts.flush();
    this.#env.transcripts.close();
    await this.#env.summaries.stop();
    await this.#release();
  }
}
