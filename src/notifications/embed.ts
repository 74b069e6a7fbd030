/**
 * The DM a customer gets when an order changes: order id, the new status in words, the expected
 * delivery, carrier and tracking when known. Never the delivery address, the items or the operator's
 * note (free text an operator may have filled with anything): only fields chosen here.
 */
import type { APIEmbed } from 'discord.js';
import { discordTime } from '../orders/format.ts';
import type { OutboxEntry } from '../orders/outbox.ts';
import type { Order, OrderStatus } from '../orders/types.ts';
import { textFor } from './messages.ts';

/** Statuses after which "expected delivery" means nothing any more. */
const NO_ETA: readonly OrderStatus[] = ['DELIVERED', 'UNAVAILABLE', 'CANCELLED'];
const COLOUR: Partial<Record<OrderStatus, number>> = {
  DELIVERED: 0x2e7d32,
  PAYMENT_FAILED: 0xc62828,
  CANCELLED: 0x616161,
  UNAVAILABLE: 0x616161,
};

export function notificationEmbed(order: Order, entry: OutboxEntry, locale: string | undefined): APIEmbed {
  const text = textFor(locale);
  const fields = [{ name: text.statusField, value: text.status[entry.status], inline: true }];
  if (!NO_ETA.includes(entry.status) && !Number.isNaN(Date.parse(order.estimatedDelivery))) {
    fields.push({
      name: text.expectedDelivery,
      value: discordTime(order.estimatedDelivery, 'f'),
      inline: true,
    });
  }
  if (order.carrier) fields.push({ name: text.carrier, value: order.carrier.slice(0, 100), inline: true });
  if (order.trackingNumber) {
    fields.push({ name: text.tracking, value: `\`${order.trackingNumber.slice(0, 100)}\``, inline: true });
  }
  return {
    title: text.title(order.orderId),
    color: COLOUR[entry.status] ?? 0x1565c0,
    fields,
    timestamp: entry.at,
    footer: { text: text.footer },
  };
}
