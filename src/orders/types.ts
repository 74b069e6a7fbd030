/**
 * The order domain. An order moves RECEIVED → CONFIRMED → PAID → PREPARING → OUT_FOR_DELIVERY →
 * DELIVERED, with the side exits UNAVAILABLE, PAYMENT_FAILED and CANCELLED.
 */

export const ORDER_STATUSES = [
  'RECEIVED',
  'CONFIRMED',
  'PAID',
  'PREPARING',
  'OUT_FOR_DELIVERY',
  'DELIVERED',
  'UNAVAILABLE',
  'PAYMENT_FAILED',
  'CANCELLED',
] as const;

export type OrderStatus = (typeof ORDER_STATUSES)[number];

export function isOrderStatus(value: string): value is OrderStatus {
  return (ORDER_STATUSES as readonly string[]).includes(value);
}

/** Which statuses may follow which. Terminal statuses have none. */
export const TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  RECEIVED: ['CONFIRMED', 'UNAVAILABLE', 'CANCELLED'],
  CONFIRMED: ['PAID', 'PAYMENT_FAILED', 'CANCELLED'],
  PAID: ['PREPARING', 'CANCELLED'],
  PREPARING: ['OUT_FOR_DELIVERY', 'CANCELLED'],
  OUT_FOR_DELIVERY: ['DELIVERED'],
  DELIVERED: [],
  UNAVAILABLE: [],
  PAYMENT_FAILED: ['PAID', 'CANCELLED'],
  CANCELLED: [],
};

/** Statuses from which `to` may be reached. */
export function statusesLeadingTo(to: OrderStatus): OrderStatus[] {
  return ORDER_STATUSES.filter((from) => TRANSITIONS[from].includes(to));
}

/** The delivery address may change only while the order has not left and is still live. */
export const ADDRESS_CHANGEABLE: readonly OrderStatus[] = [
  'RECEIVED',
  'CONFIRMED',
  'PAID',
  'PREPARING',
  'PAYMENT_FAILED',
];

export interface OrderItem {
  readonly name: string;
  readonly quantity: number;
  /** In `currency`, major units (12.5 = 12.50). */
  readonly unitPrice: number;
}

/** How a change reached the order: a customer by voice, or a slash command. */
export type ChangeSource = 'voice' | 'command';

export interface StatusEntry {
  readonly status: OrderStatus;
  /** ISO 8601 UTC. */
  readonly at: string;
  readonly note?: string;
  /** Set on entries that record a change other than a status move (the status is unchanged). */
  readonly change?: 'address';
  /** Discord user id of who made the change. */
  readonly by?: string;
  readonly via?: ChangeSource;
}

export interface Order {
  /** Sayable id, normalised (`A-1042`). */
  readonly orderId: string;
  /** The customer's Discord user id. */
  readonly customerId: string;
  readonly status: OrderStatus;
  readonly items: readonly OrderItem[];
  /** ISO 4217, e.g. `EUR`. */
  readonly currency: string;
  readonly itemsTotal: number;
  readonly deliveryCost: number;
  readonly deliveryAddress: string;
  readonly carrier?: string;
  readonly trackingNumber?: string;
  /** ISO 8601 UTC. */
  readonly estimatedDelivery: string;
  /** ISO 8601 UTC; also the sort key of the customer index. */
  readonly createdAt: string;
  /** ISO 8601 UTC of the last change of any kind. */
  readonly updatedAt: string;
  /** Oldest first. */
  readonly history: readonly StatusEntry[];
}
