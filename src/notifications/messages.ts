/**
 * The customer-facing texts of order notifications, from the message catalogue (`notify.*`). The
 * language comes from the member's last interaction locale (Discord sends `de`, `en-US`, `es-ES`,
 * `pt-BR`…); unknown ones fall back to English. Dates are Discord timestamps, which each reader's
 * client renders in their own locale and time zone.
 */
import { resolveLanguage, type Language } from '../i18n/languages.ts';
import { translatorFor } from '../i18n/translate.ts';
import { ORDER_STATUSES, type OrderStatus } from '../orders/types.ts';

export type { Language } from '../i18n/languages.ts';

export interface NotificationText {
  readonly status: Readonly<Record<OrderStatus, string>>;
  readonly title: (orderId: string) => string;
  readonly statusField: string;
  readonly expectedDelivery: string;
  readonly carrier: string;
  readonly tracking: string;
  readonly footer: string;
  /** One line under the first `/order` answer. */
  readonly hint: (on: boolean) => string;
  readonly nowOn: string;
  readonly nowOff: string;
  readonly featureOff: string;
}

function textIn(language: Language): NotificationText {
  const t = translatorFor(language);
  return {
    status: Object.fromEntries(ORDER_STATUSES.map((s) => [s, t(`notify.status.${s}`)])) as Record<
      OrderStatus,
      string
    >,
    title: (orderId) => t('notify.title', { orderId }),
    statusField: t('notify.statusField'),
    expectedDelivery: t('notify.expectedDelivery'),
    carrier: t('notify.carrier'),
    tracking: t('notify.tracking'),
    footer: t('notify.footer'),
    hint: (on) => t(on ? 'notify.hintOn' : 'notify.hintOff'),
    nowOn: t('notify.nowOn'),
    nowOff: t('notify.nowOff'),
    featureOff: t('notify.featureOff'),
  };
}

const texts = new Map<Language, NotificationText>();

/** The language for a Discord locale (`de`, `es-ES`, `pt-BR`, `en-GB`…); English when unknown. */
export function languageOf(locale: string | undefined): Language {
  return resolveLanguage(locale);
}

export function textFor(locale: string | undefined): NotificationText {
  const language = languageOf(locale);
  let text = texts.get(language);
  if (!text) {
    text = textIn(language);
    texts.set(language, text);
  }
  return text;
}
