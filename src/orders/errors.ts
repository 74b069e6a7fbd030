/** Domain errors of the order layer; commands and tools turn them into short user-facing text. */
import type { OrderStatus } from './types.ts';

export type OrderIdProblem = 'empty' | 'too-long' | 'malformed';

/** The input is not an order id. */
export class OrderIdError extends Error {
  override name = 'OrderIdError';
  readonly recoverable = false;
  readonly input: string;
  readonly problem: OrderIdProblem;
  constructor(input: string, problem: OrderIdProblem) {
    super(`not an order id (${problem})`);
    this.input = input;
    this.problem = problem;
  }
}

/** No such order for this caller: missing, or somebody else's (deliberately the same). */
export class OrderNotFoundError extends Error {
  override name = 'OrderNotFoundError';
  readonly recoverable = false;
  readonly orderId: string;
  constructor(orderId: string) {
    super(`no order ${orderId} on this account`);
    this.orderId = orderId;
  }
}

export type AddressRefusal = 'dispatched' | 'delivered' | 'closed';

/** The delivery address cannot change any more; `reason` says why. */
export class AddressChangeRefusedError extends Error {
  override name = 'AddressChangeRefusedError';
  readonly recoverable = false;
  readonly orderId: string;
  readonly status: OrderStatus;
  readonly reason: AddressRefusal;
  constructor(orderId: string, status: OrderStatus) {
    const reason: AddressRefusal =
      status === 'OUT_FOR_DELIVERY' ? 'dispatched' : status === 'DELIVERED' ? 'delivered' : 'closed';
    super(`address of ${orderId} cannot change: order is ${status}`);
    this.orderId = orderId;
    this.status = status;
    this.reason = reason;
  }
}

/** A moderator may read this order but only its customer may change where it goes. */
export class NotOwnerError extends Error {
  override name = 'NotOwnerError';
  readonly recoverable = false;
  readonly orderId: string;
  constructor(orderId: string) {
    super(`only the customer of ${orderId} may change its delivery address`);
    this.orderId = orderId;
  }
}

/** The new address is empty, too long or otherwise unusable. */
export class InvalidAddressError extends Error {
  override name = 'InvalidAddressError';
  readonly recoverable = false;
  constructor(message: string) {
    super(message);
  }
}

/** A status change the lifecycle does not allow (operator CLI; `--force` overrides). */
export class InvalidTransitionError extends Error {
  override name = 'InvalidTransitionError';
  readonly recoverable = false;
  readonly orderId: string;
  readonly from: OrderStatus;
  readonly to: OrderStatus;
  constructor(orderId: string, from: OrderStatus, to: OrderStatus) {
    super(`${orderId} cannot go from ${from} to ${to}`);
    this.orderId = orderId;
    this.from = from;
    this.to = to;
  }
}
