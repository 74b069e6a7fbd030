/**
 * Every customer-facing string of order notifications, per language, in one place (a message
 * catalogue can replace this module). The language comes from the member's last interaction locale
 * (Discord sends `de`, `en-US`, `es-ES`, `fr`…); unknown ones fall back to English. Dates are Discord
 * timestamps, which each reader's client renders in their own locale and time zone.
 */
import type { OrderStatus } from '../orders/types.ts';

export type Language = 'en' | 'de' | 'fr' | 'es';

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

const en: NotificationText = {
  status: {
    RECEIVED: 'Received',
    CONFIRMED: 'Confirmed',
    PAID: 'Paid',
    PREPARING: 'Being prepared',
    OUT_FOR_DELIVERY: 'Out for delivery',
    DELIVERED: 'Delivered',
    UNAVAILABLE: 'Unavailable',
    PAYMENT_FAILED: 'Payment failed',
    CANCELLED: 'Cancelled',
  },
  title: (id) => `Order ${id}: update`,
  statusField: 'Status',
  expectedDelivery: 'Expected delivery',
  carrier: 'Carrier',
  tracking: 'Tracking',
  footer: 'Stop these messages with /order notify off',
  hint: (on) =>
    on
      ? '🔔 You get a DM when your orders change; `/order notify off` stops that.'
      : '🔕 Order update DMs are off for you; `/order notify on` turns them on.',
  nowOn: '🔔 You will get a DM when one of your orders changes.',
  nowOff: '🔕 No more DMs about your orders. `/order notify on` turns them back on.',
  featureOff: 'Order update messages are turned off on this bot.',
};

const de: NotificationText = {
  status: {
    RECEIVED: 'Eingegangen',
    CONFIRMED: 'Bestätigt',
    PAID: 'Bezahlt',
    PREPARING: 'In Vorbereitung',
    OUT_FOR_DELIVERY: 'In Zustellung',
    DELIVERED: 'Zugestellt',
    UNAVAILABLE: 'Nicht verfügbar',
    PAYMENT_FAILED: 'Zahlung fehlgeschlagen',
    CANCELLED: 'Storniert',
  },
  title: (id) => `Bestellung ${id}: Neuigkeit`,
  statusField: 'Status',
  expectedDelivery: 'Voraussichtliche Lieferung',
  carrier: 'Versanddienst',
  tracking: 'Sendungsnummer',
  footer: 'Diese Nachrichten abbestellen: /order notify off',
  hint: (on) =>
    on
      ? '🔔 Du bekommst eine DM, wenn sich deine Bestellungen ändern; `/order notify off` stellt das ab.'
      : '🔕 DMs zu deinen Bestellungen sind aus; `/order notify on` schaltet sie ein.',
  nowOn: '🔔 Du bekommst eine DM, wenn sich eine deiner Bestellungen ändert.',
  nowOff: '🔕 Keine DMs mehr zu deinen Bestellungen. `/order notify on` schaltet sie wieder ein.',
  featureOff: 'Nachrichten zu Bestellungen sind bei diesem Bot ausgeschaltet.',
};

const fr: NotificationText = {
  status: {
    RECEIVED: 'Reçue',
    CONFIRMED: 'Confirmée',
    PAID: 'Payée',
    PREPARING: 'En préparation',
    OUT_FOR_DELIVERY: 'En cours de livraison',
    DELIVERED: 'Livrée',
    UNAVAILABLE: 'Indisponible',
    PAYMENT_FAILED: 'Paiement refusé',
    CANCELLED: 'Annulée',
  },
  title: (id) => `Commande ${id} : mise à jour`,
  statusField: 'Statut',
  expectedDelivery: 'Livraison prévue',
  carrier: 'Transporteur',
  tracking: 'Suivi',
  footer: 'Arrêter ces messages : /order notify off',
  hint: (on) =>
    on
      ? '🔔 Vous recevez un MP quand vos commandes changent ; `/order notify off` l’arrête.'
      : '🔕 Les MP sur vos commandes sont désactivés ; `/order notify on` les active.',
  nowOn: '🔔 Vous recevrez un MP quand une de vos commandes change.',
  nowOff: '🔕 Plus de MP sur vos commandes. `/order notify on` les réactive.',
  featureOff: 'Les messages sur les commandes sont désactivés sur ce bot.',
};

const es: NotificationText = {
  status: {
    RECEIVED: 'Recibido',
    CONFIRMED: 'Confirmado',
    PAID: 'Pagado',
    PREPARING: 'En preparación',
    OUT_FOR_DELIVERY: 'En reparto',
    DELIVERED: 'Entregado',
    UNAVAILABLE: 'No disponible',
    PAYMENT_FAILED: 'Pago fallido',
    CANCELLED: 'Cancelado',
  },
  title: (id) => `Pedido ${id}: novedad`,
  statusField: 'Estado',
  expectedDelivery: 'Entrega prevista',
  carrier: 'Transportista',
  tracking: 'Seguimiento',
  footer: 'Dejar de recibir estos mensajes: /order notify off',
  hint: (on) =>
    on
      ? '🔔 Recibes un MD cuando cambian tus pedidos; `/order notify off` lo desactiva.'
      : '🔕 Los MD sobre tus pedidos están desactivados; `/order notify on` los activa.',
  nowOn: '🔔 Recibirás un MD cuando cambie uno de tus pedidos.',
  nowOff: '🔕 No más MD sobre tus pedidos. `/order notify on` los vuelve a activar.',
  featureOff: 'Los mensajes sobre pedidos están desactivados en este bot.',
};

const TEXTS: Readonly<Record<Language, NotificationText>> = { en, de, fr, es };

/** The language for a Discord locale (`de`, `es-ES`, `en-GB`…); English when unknown. */
export function languageOf(locale: string | undefined): Language {
  const base = (locale ?? '').slice(0, 2).toLowerCase();
  return base in TEXTS ? (base as Language) : 'en';
}

export function textFor(locale: string | undefined): NotificationText {
  return TEXTS[languageOf(locale)];
}
