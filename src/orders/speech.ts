/**
 * Order answers for the voice assistant: plain sentences the model can say as they are, no
 * markup, dates in words (UTC, the only time zone the bot knows), long numbers shortened. Words
 * come from the message catalogue in the speaker's language (English by default).
 */
import { formatSpokenDay, formatTime } from '../i18n/intl-format.ts';
import { speechReader, type Language, type Reader } from '../i18n/languages.ts';
import { translatorFor, type Translator } from '../i18n/translate.ts';
import { isActive, lastUpdate, statusInWords } from './format.ts';
import type { Order } from './types.ts';

const DAY_MS = 86_400_000;
const MAX_NAMED = 5;

/** "today", "tomorrow", "yesterday" or "on Thursday, November 26", plus the hour. */
export function spokenDate(iso: string, now: Date, reader: Reader = speechReader('en')): string {
  const when = new Date(iso);
  const days = Math.round((startOfDay(when) - startOfDay(now)) / DAY_MS);
  const day = days === 0 ? 'today' : days === 1 ? 'tomorrow' : days === -1 ? 'yesterday' : 'other';
  return translatorFor(reader.language)('speech.when', {
    day,
    date: formatSpokenDay(when, reader.locale),
    time: formatTime(when, reader.locale),
  });
}

function startOfDay(date: Date): number {
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
}

function spokenEta(order: Order, now: Date, reader: Reader, t: Translator): string | undefined {
  if (order.status === 'DELIVERED') {
    const delivered = [...order.history].reverse().find((h) => h.status === 'DELIVERED');
    return delivered ? t('speech.delivered', { when: spokenDate(delivered.at, now, reader) }) : undefined;
  }
  if (!isActive(order.status)) return undefined;
  const eta = order.estimatedDelivery;
  const when = spokenDate(eta, now, reader);
  return Date.parse(eta) < now.getTime() ? t('speech.late', { when }) : t('speech.arrives', { when });
}

function spokenTracking(order: Order, t: Translator): string | undefined {
  if (!order.carrier || !order.trackingNumber) return undefined;
  const digits = order.trackingNumber.slice(-4).split('').join(' ');
  return t('speech.tracking', { carrier: order.carrier, digits });
}

/** One order's status as a short spoken answer, in the speaker's language. */
export function speakOrderStatus(order: Order, now: Date = new Date(), language: Language = 'en'): string {
  const reader = speechReader(language);
  const t = translatorFor(language);
  const update = lastUpdate(order);
  return [
    t('speech.status', { orderId: order.orderId, status: statusInWords(order.status, language) }),
    spokenEta(order, now, reader, t),
    spokenTracking(order, t),
    update.note ? t('speech.note', { note: update.note.slice(0, 160) }) : undefined,
  ]
    .filter((s): s is string => s !== undefined)
    .join(' ');
}

/** The caller's orders as a short spoken answer (newest first, at most five named). */
export function speakOrderList(
  orders: readonly Order[],
  now: Date = new Date(),
  language: Language = 'en',
): string {
  const reader = speechReader(language);
  const t = translatorFor(language);
  if (orders.length === 0) return t('speech.noOrders');
  const named = orders.slice(0, MAX_NAMED).map((o) => {
    const status = statusInWords(o.status, language);
    return isActive(o.status) && Date.parse(o.estimatedDelivery) >= now.getTime()
      ? t('speech.listItemArriving', {
          orderId: o.orderId,
          status,
          when: spokenDate(o.estimatedDelivery, now, reader),
        })
      : t('speech.listItem', { orderId: o.orderId, status });
  });
  return t('speech.list', {
    count: orders.length,
    items: named.join('; '),
    older: Math.max(0, orders.length - MAX_NAMED),
  });
}
