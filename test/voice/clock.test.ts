import { describe, expect, it } from 'vitest';
import { CallClock, MAX_CATCH_UP_TICKS, type ClockTimers } from '../../src/voice/clock.ts';

/** Manual time: `advance(ms)` fires due timers, optionally running late by `lateMs` each. */
function manualTimers(lateMs = 0) {
  let now = 1000;
  let pending: { at: number; fn: () => void } | undefined;
  const timers: ClockTimers = {
    now: () => now,
    setTimeout: (fn, ms) => (pending = { at: now + ms, fn }),
    clearTimeout: () => (pending = undefined),
  };
  const advance = (ms: number) => {
    const end = now + ms;
    while (pending && pending.at + lateMs <= end) {
      const { at, fn } = pending;
      pending = undefined;
      now = Math.max(now, at + lateMs);
      fn();
    }
    now = end;
  };
  return { timers, advance, jump: (ms: number) => (now += ms) };
}

describe('CallClock', () => {
  it('ticks once per 20 ms with no drift, even when every timer fires late', () => {
    const t = manualTimers(7);
    const ticks: number[] = [];
    const clock = new CallClock({ timers: t.timers, onTick: (n) => ticks.push(n) });
    clock.start();
    t.advance(3_600_000); // one hour
    expect(clock.ticks).toBe(180_000 - 1);
    expect(ticks.slice(0, 3)).toEqual([0, 1, 2]);
    expect(ticks.at(-1)).toBe(180_000 - 2);
  });

  it('catches up after a short stall so no frame is lost', () => {
    const t = manualTimers();
    const clock = new CallClock({ timers: t.timers, onTick: () => undefined });
    clock.start();
    t.advance(100);
    t.jump(95); // the event loop was busy
    t.advance(5);
    expect(clock.ticks).toBe(10);
  });

  it('skips ahead after a long stall instead of flooding consumers', () => {
    const t = manualTimers();
    const skipped: number[] = [];
    const clock = new CallClock({
      timers: t.timers,
      onTick: () => undefined,
      onSkip: (n) => skipped.push(n),
    });
    clock.start();
    t.advance(20);
    t.jump(2000);
    t.advance(1);
    expect(skipped).toEqual([100 - MAX_CATCH_UP_TICKS]);
    expect(clock.ticks).toBe(1 + MAX_CATCH_UP_TICKS);
  });

  it('stops ticking when stopped', () => {
    const t = manualTimers();
    const clock = new CallClock({ timers: t.timers, onTick: () => undefined });
    clock.start();
    t.advance(60);
    clock.stop();
    t.advance(1000);
    expect(clock.ticks).toBe(3);
    expect(clock.running).toBe(false);
  });
});
