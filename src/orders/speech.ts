/**
 * Order answers for the voice assistant: plain sentences the model can say as they are, no
 * markup, dates in words (UTC, the only time zone the bot knows), long numbers shortened.
 */
import { isActive, lastUpdate, statusInWords } from './format.ts';
import type { Order } from './types.ts';

const DAY_MS = 86_400_000;

/** "today", "tomorrow", "yesterday" or "on Thursday, November 26", plus the hour. */
export function spokenDate(iso: string, now: Date): string {
  const when = new Date(iso);
  const days = Math.round((startOfDay(when) - startOfDay(now)) / DAY_MS);
  const time = when.toLocaleTimeString('en-US', { hour: 'numeric', minute: '2-digit', timeZone: 'UTC' });
  const day =
    days === 0
      ? 'today'
      : days === 1
        ? 'tomorrow'
        : days === -1
          ? 'yesterday'
          : `on ${when.toLocaleDateString('en-US', { weekday: 'long', month: 'long', day: 'numeric', timeZone: 'UTC' })}`;
  return `${day} around ${time} UTC`;
}

function startOfDay(date: Date): number {
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
}

function spokenEta(order: Order, now: Date): string {
  if (order.status === 'DELIVERED') {
    const delivered = [...order.history].reverse().find((h) => h.status === 'DELIVERED');
    return delivered ? ` It was delivered ${spokenDate(delivered.at, now)}.` : '';
  }
  if (!isActive(order.status)) return '';
  const eta = order.estimatedDelivery;
  return Date.parse(eta) < now.getTime()
    ? ` It was due ${spokenDate(eta, now)}, so it is running late.`
    : ` It should arrive ${spokenDate(eta, now)}.`;
}

function spokenTracking(order: Order): string {
  if (!order.carrier || !order.trackingNumber) return '';
  return ` It is with ${order.carrier}, tracking number ending in ${order.trackingNumber.slice(-4).split('').join(' ')}.`;
}

/** One order's status as a short spoken answer. */
export function speakOrderStatus(order: Order, now: Date = new Date()): string {
  const update = lastUpdate(order);
  const note = update.note ? ` Latest note: ${update.note.slice(0, 160)}.` : '';
  return `Order ${order.orderId} is ${statusInWords(order.status)}.${spokenEta(order, now)}${spokenTracking(order)}${note}`;
}

/** The caller's orders as a short spoken answer (newest first, at most five named). */
export function speakOrderList(orders: readonly Order[], now: Date = new Date()): string {
  if (orders.length === 0) return 'There are no orders on your account.';
  const named = orders.slice(0, 5).map((o) => {
    const eta = isActive(o.status) && Date.parse(o.estimatedDelivery) >= now.getTime();
    return `${o.orderId}, ${statusInWords(o.status)}${eta ? `, arriving ${spokenDate(o.estimatedDelivery, now)}` : ''}`;
  });
  const rest = orders.length > 5 ? ` and ${orders.length - 5} older ones` : '';
  return `You have ${orders.length} order${orders.length === 1 ? '' : 's'}: ${named.join('; ')}${rest}.`;
}
