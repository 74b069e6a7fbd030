/**
 * The services the bot composes at start and hands to commands. Each later layer (orders, calls)
 * adds its service here; commands depend on this interface, never on how a service is built.
 */
import type { CallsService } from './calls/service.ts';
import type { NotificationService } from './notifications/service.ts';
import type { Metrics } from './ops/metrics.ts';
import type { OrderService } from './orders/service.ts';
import type { VoiceService } from './voice/service.ts';

export interface Services {
  readonly metrics: Metrics;
  /** Voice channels: join, leave, per-speaker audio in, one voice out, mic check. */
  readonly voice: VoiceService;
  /** Orders behind the ownership rule: status, lists, autocomplete, address changes. */
  readonly orders: OrderService;
  /** Calls: per-speaker assistants in a voice channel, consent, transcripts, summaries, settings. */
  readonly calls: CallsService;
  /** Order update DMs: the customer's choice and the first-use hint (the notifier runs inside). */
  readonly notifications: NotificationService;
  /** Resolves when every service has stopped; called once during shutdown. */
  readonly stop: () => Promise<void>;
}
