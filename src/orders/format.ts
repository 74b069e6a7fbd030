/**
 * Order replies for Discord: short markdown with timestamp markup (`<t:unix:R>` renders "in 2
 * days" in the reader's locale, `<t:unix:f>` the full date and time in their time zone).
 * Discord messages are limited to 2000 characters, so item lists are capped.
 */
import type { Order, OrderStatus } from './types.ts';
import { clipText } from '../discord/clip.ts';

const STATUS_WORDS: Readonly<Record<OrderStatus, string>> = {
  RECEIVED: 'received',
  CONFIRMED: 'confirmed',
  PAID: 'paid',
  PREPARING: 'being prepared',
  OUT_FOR_DELIVERY: 'out for delivery',
  DELIVERED: 'delivered',
  UNAVAILABLE: 'unavailable',
  PAYMENT_FAILED: 'waiting for payment (the payment failed)',
  CANCELLED: 'cancelled',
};

/** The status as people say it: `OUT_FOR_DELIVERY` → "out for delivery". */
export function statusInWords(status: OrderStatus): string {
  return STATUS_WORDS[status];
}

const MAX_ITEMS_SHOWN = 5;

export function discordTime(iso: string, style: 'R' | 'f' | 'D'): string {
  return `<t:${Math.floor(Date.parse(iso) / 1000)}:${style}>`;
}

/** Building an Intl.NumberFormat costs far more than formatting with one: keep one per currency. */
const moneyFormats = new Map<string, Intl.NumberFormat | undefined>();

export function formatMoney(amount: number, currency: string): string {
  if (!moneyFormats.has(currency)) {
    let format: Intl.NumberFormat | undefined;
    try {
      format = new Intl.NumberFormat('en', { style: 'currency', currency });
    } catch {
      format = undefined; // not an ISO 4217 code Intl knows
    }
    moneyFormats.set(currency, format);
  }
  return moneyFormats.get(currency)?.format(amount) ?? `${amount.toFixed(2)} ${currency}`;
}

/** When the last change happened: the last history entry, or the last update of any kind. */
export function lastUpdate(order: Order): { at: string; note: string | undefined } {
  const last = order.history.at(-1);
  if (last && last.at >= order.updatedAt) return { at: last.at, note: last.note };
  return { at: order.updatedAt, note: undefined };
}

export function isActive(status: OrderStatus): boolean {
  return !['DELIVERED', 'UNAVAILABLE', 'CANCELLED'].includes(status);
}

function etaLine(order: Order, now: Date): string | undefined {
  if (order.status === 'DELIVERED') {
    const delivered = [...order.history].reverse().find((h) => h.status === 'DELIVERED');
    return delivered
      ? `Delivered ${discordTime(delivered.at, 'R')} (${discordTime(delivered.at, 'f')})`
      : undefined;
  }
  if (!isActive(order.status)) return undefined;
  const eta = order.estimatedDelivery;
  const late = Date.parse(eta) < now.getTime();
  return late
    ? `Was due ${discordTime(eta, 'R')} (${discordTime(eta, 'f')}); it is running late`
    : `Arrives ${discordTime(eta, 'R')} (${discordTime(eta, 'f')})`;
}

function itemsLine(order: Order): string {
  const shown = order.items
    .slice(0, MAX_ITEMS_SHOWN)
    .map((i) => `${i.quantity} × ${i.name}`)
    .join(', ');
  const more =
    order.items.length > MAX_ITEMS_SHOWN ? ` and ${order.items.length - MAX_ITEMS_SHOWN} more` : '';
  const total = formatMoney(order.itemsTotal + order.deliveryCost, order.currency);
  return `Items: ${shown}${more} · total ${total} incl. delivery ${formatMoney(order.deliveryCost, order.currency)}`;
}

/** The `/order status` reply. */
export function formatOrderStatus(order: Order, now: Date = new Date()): string {
  const update = lastUpdate(order);
  const lines = [
    `**Order ${order.orderId}** · ${statusInWords(order.status)}`,
    etaLine(order, now),
    `Last update ${discordTime(update.at, 'R')}${update.note ? `: ${clipText(update.note, 200)}` : ''}`,
    itemsLine(order),
    order.carrier && order.trackingNumber
      ? `Tracking: ${order.carrier} \`${order.trackingNumber}\``
      : undefined,
  ];
  return lines.filter((l): l is string => l !== undefined).join('\n');
}

/** The `/order list` reply. */
export function formatOrderList(orders: readonly Order[], now: Date = new Date()): string {
  if (orders.length === 0) return 'You have no orders on this account.';
  const lines = orders.map((o) => {
    const eta = isActive(o.status)
      ? Date.parse(o.estimatedDelivery) < now.getTime()
        ? ' · running late'
        : ` · arrives ${discordTime(o.estimatedDelivery, 'R')}`
      : '';
    return `**${o.orderId}** · ${statusInWords(o.status)}${eta} · ordered ${discordTime(o.createdAt, 'D')}`;
  });
  return [`Your orders, newest first:`, ...lines, 'Details: `/order status order_id:<id>`'].join('\n');
}
