/**
 * When Nova Sonic refuses streams (a regional throttle, an outage), speakers must not hammer it in
 * lockstep. Two parts, both used at the session-open seam:
 * - every retry waits a full-jitter exponential delay, from the very first retry:
 *   uniform in [0, min(cap, base × 2^attempt)) (the AWS Architecture Blog's "Exponential Backoff
 *   And Jitter"), so retries of many speakers spread out instead of arriving together;
 * - one breaker per error class for the whole process: after `threshold` failures of a class within
 *   `windowMs` it opens for a cooldown, and no session of this process opens or recovers until the
 *   cooldown is over. Then it is half-open: the next failure re-opens it at once with twice the
 *   cooldown (up to `maxCooldownMs`), a success closes it.
 * Recoveries inside a session keep the session's permit (no new fleet lease per retry).
 */
import type { SonicError, SonicErrorCode } from '../bedrock/sonic/errors.ts';

export type OpenErrorClass = 'throttled' | 'unavailable' | 'other';

export function errorClassOf(code: SonicErrorCode): OpenErrorClass {
  if (code === 'throttled' || code === 'quotaExceeded') return 'throttled';
  if (code === 'unavailable' || code === 'internal' || code === 'network') return 'unavailable';
  return 'other';
}

/** Full jitter: uniform in [0, min(capMs, baseMs × 2^attempt)). */
export function fullJitterMs(attempt: number, baseMs: number, capMs: number, random = Math.random): number {
  return random() * Math.min(capMs, baseMs * 2 ** attempt);
}

export interface OpenBackoffOptions {
  readonly threshold?: number;
  readonly windowMs?: number;
  readonly cooldownMs?: number;
  readonly maxCooldownMs?: number;
  /** Base and cap of the per-retry full-jitter delay. */
  readonly retryBaseMs?: number;
  readonly retryCapMs?: number;
  readonly now?: () => number;
  readonly random?: () => number;
}

interface Breaker {
  failures: number[];
  /** 0 while closed; otherwise open until then, half-open after. */
  openUntil: number;
  cooldownMs: number;
}

export class OpenBackoff {
  readonly #threshold: number;
  readonly #windowMs: number;
  readonly #cooldownMs: number;
  readonly #maxCooldownMs: number;
  readonly #retryBaseMs: number;
  readonly #retryCapMs: number;
  readonly #now: () => number;
  readonly #random: () => number;
  readonly #breakers = new Map<OpenErrorClass, Breaker>();

  constructor(options: OpenBackoffOptions = {}) {
    this.#threshold = options.threshold ?? 2;
    this.#windowMs = options.windowMs ?? 10_000;
    this.#cooldownMs = options.cooldownMs ?? 5_000;
    this.#maxCooldownMs = options.maxCooldownMs ?? 60_000;
    this.#retryBaseMs = options.retryBaseMs ?? 1_000;
    this.#retryCapMs = options.retryCapMs ?? 30_000;
    this.#now = options.now ?? Date.now;
    this.#random = options.random ?? Math.random;
  }

  /** A stream of this process failed with `code`; may open (or re-open, longer) the class's breaker. */
  failure(code: SonicErrorCode): void {
    const cls = errorClassOf(code);
    if (cls === 'other') return;
    const now = this.#now();
    const breaker = this.#breakers.get(cls) ?? { failures: [], openUntil: 0, cooldownMs: this.#cooldownMs };
    this.#breakers.set(cls, breaker);
    if (now < breaker.openUntil) return; // a stream that was already under way
    const halfOpen = breaker.openUntil > 0;
    breaker.failures = breaker.failures.filter((at) => now - at < this.#windowMs);
    breaker.failures.push(now);
    if (!halfOpen && breaker.failures.length < this.#threshold) return;
    breaker.openUntil = now + breaker.cooldownMs;
    breaker.cooldownMs = Math.min(this.#maxCooldownMs, breaker.cooldownMs * 2);
    breaker.failures = [];
  }

  /** A stream worked: every breaker closes and its cooldown starts over. */
  success(): void {
    this.#breakers.clear();
  }

  /** Until when (epoch ms) no session may open; 0 when none of the breakers is open. */
  blockedUntil(): number {
    const now = this.#now();
    let until = 0;
    for (const breaker of this.#breakers.values())
      if (breaker.openUntil > now) until = Math.max(until, breaker.openUntil);
    return until;
  }

  /** Delay before retry `attempt` (1-based) after `failure`: full jitter, and never before the breaker closes. */
  retryDelayMs(attempt: number, failure: SonicError | SonicErrorCode): number {
    this.failure(typeof failure === 'string' ? failure : failure.code);
    const jitter = fullJitterMs(attempt, this.#retryBaseMs, this.#retryCapMs, this.#random);
    const blocked = this.blockedUntil();
    // Past the breaker, spread the probes by up to one base delay.
    return blocked > 0 ? blocked - this.#now() + this.#random() * this.#retryBaseMs : jitter;
  }
}
