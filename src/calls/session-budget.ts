/**
 * How many Nova Sonic sessions may be open: per call (`MAX_SESSIONS_PER_CALL`), per process
 * (`MAX_SESSIONS_PER_PROCESS`) and, when configured, across the fleet (DynamoDB leases). A denial
 * says which cap was hit so the speaker can be told.
 */
import type { FleetLeases } from './fleet-leases.ts';

export type CapReached = 'call' | 'process' | 'fleet';

export interface SessionPermit {
  release(): void;
  /** True once the fleet slot behind it is no longer this process's (its lease ran out or was taken). */
  lost(now?: number): boolean;
}

export type BudgetAnswer =
  { readonly ok: true; readonly permit: SessionPermit } | { readonly ok: false; readonly reason: CapReached };

export class SessionBudget {
  readonly #perCall: number;
  readonly #perProcess: number;
  readonly #fleet: FleetLeases | undefined;
  readonly #byCall = new Map<string, number>();
  #open = 0;

  constructor(options: { perCall: number; perProcess: number; fleet?: FleetLeases }) {
    this.#perCall = options.perCall;
    this.#perProcess = options.perProcess;
    this.#fleet = options.fleet;
  }

  get open(): number {
    return this.#open;
  }

  openIn(callId: string): number {
    return this.#byCall.get(callId) ?? 0;
  }

  /** `onLost` is called if the fleet slot is lost later (the session must stop). */
  async acquire(callId: string, holder: string, onLost?: () => void): Promise<BudgetAnswer> {
    if (this.openIn(callId) >= this.#perCall) return { ok: false, reason: 'call' };
    if (this.#open >= this.#perProcess) return { ok: false, reason: 'process' };
    // Count before the await so concurrent acquisitions cannot overshoot the local caps.
    this.#take(callId, 1);
    let lease;
    try {
      lease = this.#fleet ? await this.#fleet.acquire(holder, onLost) : undefined;
    } catch (err) {
      this.#take(callId, -1);
      throw err;
    }
    if (this.#fleet && !lease) {
      this.#take(callId, -1);
      return { ok: false, reason: 'fleet' };
    }
    let released = false;
    return {
      ok: true,
      permit: {
        release: () => {
          if (released) return;
          released = true;
          this.#take(callId, -1);
          void lease?.release();
        },
        lost: (now) => lease?.lost(now) ?? false,
      },
    };
  }

  #take(callId: string, delta: number): void {
    this.#open += delta;
    const next = this.openIn(callId) + delta;
    if (next > 0) this.#byCall.set(callId, next);
    else this.#byCall.delete(callId);
  }
}
