/**
 * Order replies for Discord: short markdown with timestamp markup (`<t:unix:R>` renders "in 2
 * days" in the reader's locale, `<t:unix:f>` the full date and time in their time zone). Words come
 * from the message catalogue in the reader's language; money follows their locale.
 * Discord messages are limited to 2000 characters, so item lists are capped.
 */
import { discordTimestamp, formatMoney as formatMoneyIn } from '../i18n/intl-format.ts';
import { ENGLISH_READER, type Language, type Reader } from '../i18n/languages.ts';
import { translate, translatorFor, type Translator } from '../i18n/translate.ts';
import type { Order, OrderStatus } from './types.ts';
import { clipText } from '../discord/clip.ts';

/** The status as people say it: `OUT_FOR_DELIVERY` → "out for delivery" (or the reader's words). */
export function statusInWords(status: OrderStatus, language: Language = 'en'): string {
  return translate(language, `status.${status}`);
}

const MAX_ITEMS_SHOWN = 5;

export function discordTime(iso: string, style: 'R' | 'f' | 'D'): string {
  return discordTimestamp(iso, style);
}

/** Money as the reader writes it (US English unless a locale is given). */
export function formatMoney(amount: number, currency: string, locale = ENGLISH_READER.locale): string {
  return formatMoneyIn(amount, currency, locale);
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

function etaLine(order: Order, now: Date, t: Translator): string | undefined {
  const when = (iso: string) => ({ relative: discordTime(iso, 'R'), full: discordTime(iso, 'f') });
  if (order.status === 'DELIVERED') {
    const delivered = [...order.history].reverse().find((h) => h.status === 'DELIVERED');
    return delivered ? t('order.delivered', when(delivered.at)) : undefined;
  }
  if (!isActive(order.status)) return undefined;
  const eta = order.estimatedDelivery;
  const late = Date.parse(eta) < now.getTime();
  return late ? t('order.late', when(eta)) : t('order.arrives', when(eta));
}

function itemsLine(order: Order, reader: Reader, t: Translator): string {
  const items = order.items
    .slice(0, MAX_ITEMS_SHOWN)
    .map((i) => `${i.quantity} × ${i.name}`)
    .join(', ');
  const money = (amount: number) => formatMoney(amount, order.currency, reader.locale);
  return t('order.items', {
    items,
    hidden: Math.max(0, order.items.length - MAX_ITEMS_SHOWN),
    total: money(order.itemsTotal + order.deliveryCost),
    delivery: money(order.deliveryCost),
  });
}

/** The `/order status` reply, in the reader's language (English by default). */
export function formatOrderStatus(order: Order, now: Date = new Date(), reader = ENGLISH_READER): string {
  const t = translatorFor(reader.language);
  const update = lastUpdate(order);
  const relative = discordTime(update.at, 'R');
  const lines = [
    t('order.heading', { orderId: order.orderId, status: statusInWords(order.status, reader.language) }),
    etaLine(order, now, t),
    update.note
      ? t('order.lastUpdateNote', { relative, note: clipText(update.note, 200) })
      : t('order.lastUpdate', { relative }),
    itemsLine(order, reader, t),
    order.carrier && order.trackingNumber
      ? t('order.tracking', { carrier: order.carrier, trackingNumber: order.trackingNumber })
      : undefined,
  ];
  return lines.filter((l): l is string => l !== undefined).join('\n');
}

/** The `/order list` reply, in the reader's language (English by default). */
export function formatOrderList(
  orders: readonly Order[],
  now: Date = new Date(),
  reader = ENGLISH_READER,
): string {
  const t = translatorFor(reader.language);
  if (orders.length === 0) return t('order.none');
  const lines = orders.map((o) => {
    const eta = !isActive(o.status)
      ? 'none'
      : Date.parse(o.estimatedDelivery) < now.getTime()
        ? 'late'
        : 'arrives';
    return t('order.listLine', {
      orderId: o.orderId,
      status: statusInWords(o.status, reader.language),
      eta,
      arrives: discordTime(o.estimatedDelivery, 'R'),
      ordered: discordTime(o.createdAt, 'D'),
    });
  });
  return [t('order.listHeading'), ...lines, t('order.listFooter')].join('\n');
}
