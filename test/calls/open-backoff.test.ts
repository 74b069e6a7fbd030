/**
 * The throttling backoff: full jitter from the first retry, and a process-wide breaker per error
 * class that opens after repeated failures, re-opens for twice as long when its probe fails, and
 * closes on a success. A fake clock and a scripted random make every figure exact.
 */
import { describe, expect, it } from 'vitest';
import { OpenBackoff, errorClassOf, fullJitterMs } from '../../src/calls/open-backoff.ts';

function harness(random = () => 0.5) {
  const clock = { now: 1_000_000 };
  const backoff = new OpenBackoff({
    threshold: 2,
    cooldownMs: 1_000,
    maxCooldownMs: 8_000,
    retryBaseMs: 1_000,
    retryCapMs: 30_000,
    now: () => clock.now,
    random,
  });
  return { clock, backoff };
}

describe('OpenBackoff', () => {
  it('draws full jitter below base × 2^attempt, capped, from the first retry', () => {
    expect(fullJitterMs(1, 1_000, 30_000, () => 0.999)).toBeCloseTo(1_998, 0);
    expect(fullJitterMs(1, 1_000, 30_000, () => 0)).toBe(0);
    expect(fullJitterMs(10, 1_000, 30_000, () => 0.5)).toBe(15_000);
    const draws = Array.from({ length: 200 }, () => fullJitterMs(3, 1_000, 30_000));
    expect(Math.max(...draws)).toBeLessThan(8_000);
    expect(new Set(draws.map((d) => Math.round(d / 100))).size).toBeGreaterThan(20); // spread, not lockstep
  });

  it('opens the throttling breaker after repeated throttles, doubles it when the probe fails, closes on success', () => {
    const { clock, backoff } = harness();
    expect(backoff.retryDelayMs(1, 'throttled')).toBe(1_000); // jitter 0.5 × 2 s; breaker still closed
    expect(backoff.blockedUntil()).toBe(0);
    const second = backoff.retryDelayMs(2, 'throttled'); // threshold reached: open for 1 s
    expect(backoff.blockedUntil()).toBe(clock.now + 1_000);
    expect(second).toBe(1_000 + 500); // until it closes, plus up to one base of spread
    clock.now += 1_100; // half-open: the probe fails
    backoff.failure('throttled');
    expect(backoff.blockedUntil()).toBe(clock.now + 2_000);
    clock.now += 2_100;
    backoff.failure('throttled');
    expect(backoff.blockedUntil()).toBe(clock.now + 4_000);
    clock.now += 4_100;
    backoff.success();
    expect(backoff.blockedUntil()).toBe(0);
    backoff.failure('throttled'); // closed again: one failure is not enough
    expect(backoff.blockedUntil()).toBe(0);
  });

  it('keeps error classes apart and ignores errors retrying cannot fix', () => {
    const { backoff } = harness();
    backoff.failure('validation');
    backoff.failure('accessDenied');
    expect(backoff.blockedUntil()).toBe(0);
    expect(errorClassOf('throttled')).toBe('throttled');
    expect(errorClassOf('internal')).toBe('unavailable');
    backoff.failure('internal');
    backoff.failure('throttled');
    expect(backoff.blockedUntil()).toBe(0); // one of each class: neither breaker trips
  });
});
