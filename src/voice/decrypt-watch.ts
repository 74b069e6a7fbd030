/**
 * DAVE (end-to-end encryption) health per speaker. Counts the frames of each speaker that could
 * not be decrypted: frames still carrying DAVE's 0xFAFA trailer (the library passes them through
 * while its session is not ready; they are dropped, never decoded as noise), packets the
 * library's DAVE session failed to decrypt (its per-user davey statistics). A speaker who keeps failing is recovered in two steps with back-off:
 * after `recoverAfterMs` the library's own transition recovery (re-key: invalid commit/welcome
 * report and a new key package), after `rejoinAfterMs` a rejoin, and the speaker is told once
 * (through `onUndecryptable`) that they cannot be heard and why.
 */
import type { DAVESession, VoiceConnection } from '@discordjs/voice';
import { VoiceConnectionStatus } from '@discordjs/voice';
import type { Logger } from '../log.ts';

/** DAVE's magic marker: the last two bytes of every end-to-end encrypted frame. */
const DAVE_MARKER = 0xfafa;

/** Whether an Opus payload is a DAVE frame that was not decrypted. */
export function hasDaveMarker(frame: Buffer): boolean {
  return frame.length > 2 && frame.readUInt16BE(frame.length - 2) === DAVE_MARKER;
}

export interface DecryptWatchOptions {
  readonly connection: VoiceConnection;
  readonly log: Logger;
  /** A speaker failing this long gets the library's DAVE re-key. */
  readonly recoverAfterMs?: number;
  /** A speaker still failing this long gets a rejoin, and is told once. */
  readonly rejoinAfterMs?: number;
  /** Rejoins the voice channel (a fresh voice session and DAVE group). */
  readonly rejoin?: () => void;
  /** Called at most once per speaker: they stay undecryptable. */
  readonly onUndecryptable?: (userId: string) => void;
  readonly now?: () => number;
}

interface SpeakerHealth {
  failures: number;
  failingSince: number | undefined;
  lastFailure: number;
  stage: 0 | 1 | 2;
  told: boolean;
  /** Failures davey had counted at the last poll (its counters restart with each session). */
  statsSeen: number;
}

const RECOVER_AFTER_MS = 3_000;
const REJOIN_AFTER_MS = 7_000;
/** A speaker is "still failing" only if a failure came this recently. */
const STILL_FAILING_MS = 1_000;
const POLL_MS = 250;

export class DecryptWatch {
  /** Frames lost to decryption, all speakers, since the watch started (monotonic). */
  failures = 0;
  readonly #options: DecryptWatchOptions;
  readonly #speakers = new Map<string, SpeakerHealth>();
  readonly #timer: NodeJS.Timeout;
  readonly #now: () => number;
  #rejoins = 0;
  #nextRejoinAt = 0;

  constructor(options: DecryptWatchOptions) {
    this.#options = options;
    this.#now = options.now ?? (() => performance.now());
    this.#timer = setInterval(() => this.poll(), POLL_MS);
    this.#timer.unref();
  }

  /** Per-speaker failure counts. */
  perSpeaker(): Record<string, number> {
    return Object.fromEntries([...this.#speakers].map(([userId, h]) => [userId, h.failures]));
  }

  /** Starts watching `userId` (their davey failure counts are read from now on). */
  watch(userId: string): void {
    this.#health(userId);
  }

  /** A frame from `userId` was decrypted (or was never end-to-end encrypted). */
  ok(userId: string): void {
    const health = this.#speakers.get(userId);
    if (!health || health.failingSince === undefined) return;
    const failedForMs = Math.round(this.#now() - health.failingSince);
    // Short gaps are normal around a new epoch; only a long one is worth an info line.
    const level = health.stage > 0 || failedForMs >= 1_000 ? 'info' : 'debug';
    this.#options.log[level]({ userId, failedForMs }, 'speaker decryptable again');
    health.failingSince = undefined;
    health.stage = 0;
  }

  /** `count` frames from `userId` could not be decrypted. */
  fail(userId: string, count = 1): void {
    const health = this.#health(userId);
    const now = this.#now();
    health.failures += count;
    this.failures += count;
    health.lastFailure = now;
    if (health.failingSince === undefined) {
      health.failingSince = now;
      this.#options.log.debug({ userId }, 'speaker frames undecryptable');
    }
  }

  /** Reads davey's per-user failure counts and acts on speakers who keep failing. */
  poll(): void {
    const dave = this.#dave();
    for (const [userId, health] of this.#speakers) {
      const failed = readFailures(dave, userId);
      if (failed !== undefined) {
        const fresh = failed >= health.statsSeen ? failed - health.statsSeen : failed;
        health.statsSeen = failed;
        if (fresh > 0) this.fail(userId, fresh);
      }
      this.#act(userId, health, dave);
    }
  }

  forget(userId: string): void {
    this.#speakers.delete(userId);
  }

  destroy(): void {
    clearInterval(this.#timer);
  }

  #act(userId: string, health: SpeakerHealth, dave: DAVESession | undefined): void {
    const now = this.#now();
    if (health.failingSince === undefined || now - health.lastFailure > STILL_FAILING_MS) return;
    const failingMs = now - health.failingSince;
    const { log } = this.#options;
    if (health.stage === 0 && failingMs >= (this.#options.recoverAfterMs ?? RECOVER_AFTER_MS)) {
      health.stage = 1;
      log.warn(
        { userId, failingMs: Math.round(failingMs), failures: health.failures },
        'speaker undecryptable; re-keying DAVE',
      );
      try {
        dave?.recoverFromInvalidTransition(dave.lastTransitionId ?? 0);
      } catch (err) {
        log.warn({ err, userId }, 'DAVE re-key failed');
      }
    } else if (health.stage === 1 && failingMs >= (this.#options.rejoinAfterMs ?? REJOIN_AFTER_MS)) {
      health.stage = 2;
      if (!health.told) {
        health.told = true;
        log.warn(
          { userId, failingMs: Math.round(failingMs), failures: health.failures },
          'speaker still undecryptable; telling them',
        );
        try {
          this.#options.onUndecryptable?.(userId);
        } catch (err) {
          log.error({ err, userId }, 'undecryptable-speaker listener failed');
        }
      }
      if (now >= this.#nextRejoinAt && this.#options.rejoin) {
        this.#rejoins++;
        // Back-off between rejoins: 10 s, 20 s, 40 s … (at most 5 min).
        this.#nextRejoinAt = now + Math.min(300_000, 10_000 * 2 ** (this.#rejoins - 1));
        log.warn({ userId, rejoins: this.#rejoins }, 'rejoining the voice channel to recover DAVE');
        for (const other of this.#speakers.values()) other.statsSeen = 0;
        try {
          this.#options.rejoin();
        } catch (err) {
          log.warn({ err }, 'rejoin for DAVE recovery failed');
        }
      }
    }
  }

  #health(userId: string): SpeakerHealth {
    let health = this.#speakers.get(userId);
    if (!health) {
      health = { failures: 0, failingSince: undefined, lastFailure: 0, stage: 0, told: false, statsSeen: 0 };
      this.#speakers.set(userId, health);
    }
    return health;
  }

  #dave(): DAVESession | undefined {
    const state = this.#options.connection.state;
    if (state.status !== VoiceConnectionStatus.Ready) return undefined;
    const networking = state.networking.state;
    return 'dave' in networking ? networking.dave : undefined;
  }
}

/** The part of @snazzah/davey's session the library's `SessionMethods` type leaves out. */
interface DecryptionStatsSource {
  getDecryptionStats?(userId: string): { failures: number } | null;
}

function readFailures(dave: DAVESession | undefined, userId: string): number | undefined {
  try {
    const session = dave?.session as DecryptionStatsSource | undefined;
    return session?.getDecryptionStats?.(userId)?.failures;
  } catch {
    return undefined; // no decryptor for this user (yet)
  }
}
