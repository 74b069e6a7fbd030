/**
 * One voice connection with @discordjs/voice 0.19 (DAVE on, not self-deafened: a deafened bot
 * receives no audio) and the library's documented recovery recipe: on Disconnected wait up to
 * 5 s for the library to reconnect by itself, otherwise rejoin with back-off; a connection that
 * does not reach Ready in time counts as a failed attempt; after `rejoinAttempts` give up with one
 * clear log line and `onGiveUp`. Every connection error is caught and logged here.
 */
import {
  VoiceConnectionDisconnectReason,
  VoiceConnectionStatus,
  entersState,
  joinVoiceChannel,
  type DiscordGatewayAdapterCreator,
  type VoiceConnection,
  type VoiceConnectionState,
} from '@discordjs/voice';
import type { Logger } from '../log.ts';

/** Thrown when joining fails; `recoverable` says whether trying again later may help. */
export class VoiceJoinError extends Error {
  override name = 'VoiceJoinError';
  readonly recoverable: boolean;
  constructor(message: string, options: { cause?: unknown; recoverable: boolean }) {
    super(message, { cause: options.cause });
    this.recoverable = options.recoverable;
  }
}

export type LinkState = 'connecting' | 'ready' | 'recovering' | 'closed';
/**
 * Why a link closed: we left, someone removed the bot, recovery gave up, or Discord ended the
 * voice session for good (4021 rate limited, 4022 call terminated: never rejoined).
 */
export type LinkCloseReason = 'left' | 'removed' | 'failed' | 'rate-limited' | 'terminated';

export interface VoiceLinkOptions {
  readonly guildId: string;
  readonly channelId: string;
  readonly adapterCreator: DiscordGatewayAdapterCreator;
  readonly readyTimeoutMs: number;
  readonly rejoinAttempts: number;
  readonly log: Logger;
  /** How long the library may take to reconnect by itself after a disconnect. */
  readonly resumeWindowMs?: number;
  /** Back-off before rejoin attempt n is n × this. */
  readonly rejoinBackoffMs?: number;
  readonly onClose?: (reason: LinkCloseReason) => void;
  /**
   * When the main gateway last started a new session (a READY, not a resume). Discord closes the
   * voice socket with 4014 when the gateway session it belonged to is gone; after a new session
   * that is no removal, so the link rejoins instead of giving up.
   */
  readonly gatewaySessionStartedAt?: () => number | undefined;
}

const RESUME_WINDOW_MS = 5_000;
const REJOIN_BACKOFF_MS = 1_000;
/** Discord closes the voice socket with 4014 when the bot was disconnected or moved. */
const CLOSE_DISCONNECTED = 4014;
/** Close codes after which Discord says not to reconnect. */
const CLOSE_FINAL: ReadonlyMap<number, LinkCloseReason> = new Map([
  [4021, 'rate-limited'],
  [4022, 'terminated'],
]);

export class VoiceLink {
  readonly connection: VoiceConnection;
  /** Rejoin attempts since the last Ready. */
  attempts = 0;
  readonly #options: VoiceLinkOptions;
  readonly #log: Logger;
  readonly #abort = new AbortController();
  #state: LinkState = 'connecting';
  #recovering = false;
  #lastError: Error | undefined;
  readonly #openedAt = Date.now();
  readonly #watched = new WeakSet<object>();

  private constructor(options: VoiceLinkOptions) {
    this.#options = options;
    this.#log = options.log;
    this.connection = joinVoiceChannel({
      guildId: options.guildId,
      channelId: options.channelId,
      adapterCreator: options.adapterCreator,
      selfDeaf: false,
      selfMute: false,
      daveEncryption: true,
      // The library's own trace (WebSocket, UDP and DAVE messages), only when someone reads it.
      debug: this.#log.isLevelEnabled('debug'),
    });
    this.connection.on('error', (err) => {
      this.#lastError = err;
      this.#log.warn({ err }, 'voice connection error');
    });
    this.connection.on('debug', (message) => this.#log.debug({ voice: message }, 'voice library'));
  }

  /** Joins and waits for Ready (at most `readyTimeoutMs`). */
  static async open(options: VoiceLinkOptions, signal?: AbortSignal): Promise<VoiceLink> {
    const link = new VoiceLink(options);
    const waits = [AbortSignal.timeout(options.readyTimeoutMs), link.#abort.signal];
    try {
      await entersState(
        link.connection,
        VoiceConnectionStatus.Ready,
        AbortSignal.any(signal ? [...waits, signal] : waits),
      );
    } catch (err) {
      const cause = link.#lastError ?? err;
      link.#close('failed');
      throw new VoiceJoinError(`could not connect to the voice channel within ${options.readyTimeoutMs} ms`, {
        cause,
        recoverable: true,
      });
    }
    link.#setState('ready');
    link.#watchNetworking(link.connection.state);
    link.connection.on('stateChange', (_old, state) => {
      link.#watchNetworking(state);
      void link.#onStateChange(state);
    });
    return link;
  }

  get state(): LinkState {
    return this.#state;
  }

  /** Rejoins the same channel now (a fresh voice session), for example when DAVE cannot recover. */
  rejoin(): void {
    if (this.#state !== 'ready') return;
    this.#log.warn('rejoining the voice channel on request');
    this.connection.rejoin();
  }

  /** Leaves the channel. Safe to call twice. */
  leave(): void {
    this.#close('left');
  }

  #setState(state: LinkState): void {
    if (state === this.#state) return;
    this.#log.info({ from: this.#state, to: state }, 'voice link state');
    this.#state = state;
  }

  async #onStateChange(state: VoiceConnectionState): Promise<void> {
    if (this.#state === 'closed') return;
    if (state.status === VoiceConnectionStatus.Ready) {
      this.attempts = 0;
      this.#setState('ready');
    } else if (state.status === VoiceConnectionStatus.Destroyed) {
      this.#close('left');
    } else if (!this.#recovering) {
      this.#recovering = true;
      this.#setState('recovering');
      try {
        await this.#recover(state);
      } finally {
        this.#recovering = false;
      }
    }
  }

  /** The recipe: give the library a window to reconnect itself, then rejoin with back-off. */
  async #recover(state: VoiceConnectionState): Promise<void> {
    const resumeWindow = this.#options.resumeWindowMs ?? RESUME_WINDOW_MS;
    if (state.status === VoiceConnectionStatus.Disconnected) {
      const closeCode =
        state.reason === VoiceConnectionDisconnectReason.WebSocketClose ? state.closeCode : undefined;
      const reconnecting = await this.#waitFor(
        [VoiceConnectionStatus.Signalling, VoiceConnectionStatus.Connecting],
        resumeWindow,
      );
      const newSession = (this.#options.gatewaySessionStartedAt?.() ?? 0) > this.#openedAt;
      const removed = closeCode === CLOSE_DISCONNECTED && !newSession;
      if (closeCode === CLOSE_DISCONNECTED && newSession)
        this.#log.info('voice closed after a new gateway session; rejoining');
      if (!reconnecting && removed) {
        this.#log.info('removed from the voice channel');
        this.#close('removed');
        return;
      }
    }
    while (!this.#closed()) {
      if (await this.#waitFor([VoiceConnectionStatus.Ready], this.#options.readyTimeoutMs)) return;
      if (this.#closed()) return;
      if (this.attempts >= this.#options.rejoinAttempts) {
        this.#log.error(
          { attempts: this.attempts, err: this.#lastError },
          'voice connection lost and could not be re-established; giving up',
        );
        this.#close('failed');
        return;
      }
      this.attempts++;
      await sleep(this.attempts * (this.#options.rejoinBackoffMs ?? REJOIN_BACKOFF_MS), this.#abort.signal);
      if (this.#closed()) return;
      this.#log.warn({ attempt: this.attempts }, 'rejoining the voice channel');
      this.connection.rejoin();
    }
  }

  /**
   * The library answers every voice close other than 4014 by joining again at once, 4021 (rate
   * limited) and 4022 (call terminated) included, where Discord says not to reconnect. The link
   * hears the close code from the networking layer itself and ends instead of looping.
   */
  #watchNetworking(state: VoiceConnectionState): void {
    if (!('networking' in state) || this.#watched.has(state.networking)) return;
    this.#watched.add(state.networking);
    state.networking.on('close', (code: number) => {
      const final = CLOSE_FINAL.get(code);
      if (!final || this.#closed()) return;
      this.#log.warn({ closeCode: code }, 'Discord ended the voice session; not rejoining');
      this.#close(final);
    });
  }

  #closed(): boolean {
    return this.#state === 'closed';
  }

  async #waitFor(statuses: readonly VoiceConnectionStatus[], ms: number): Promise<boolean> {
    const signal = AbortSignal.any([AbortSignal.timeout(ms), this.#abort.signal]);
    try {
      await Promise.any(statuses.map((s) => entersState(this.connection, s, signal)));
      return true;
    } catch {
      return false;
    }
  }

  #close(reason: LinkCloseReason): void {
    if (this.#state === 'closed') return;
    this.#setState('closed');
    this.#abort.abort();
    if (this.connection.state.status !== VoiceConnectionStatus.Destroyed) {
      try {
        this.connection.destroy();
      } catch (err) {
        this.#log.debug({ err }, 'voice connection already destroyed');
      }
    }
    this.#options.onClose?.(reason);
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
