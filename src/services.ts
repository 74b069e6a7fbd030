/**
 * The services the bot composes at start and hands to commands. Each later layer (orders, calls)
 * adds its service here; commands depend on this interface, never on how a service is built.
 */
import type { Metrics } from './ops/metrics.ts';

export interface Services {
  readonly metrics: Metrics;
  /** Resolves when every service has stopped; called once during shutdown. */
  readonly stop: () => Promise<void>;
}
