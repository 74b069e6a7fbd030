/**
 * Domain errors as text the model may say. Never includes stack traces, other customers' data or
 * internal names; whether an order exists for somebody else is never revealed.
 */
import { StoreUnavailableError } from '../db/index.ts';
import {
  AddressChangeRefusedError,
  InvalidAddressError,
  NotOwnerError,
  OrderIdError,
  OrderNotFoundError,
} from './errors.ts';

export function toolErrorText(err: unknown): string {
  if (err instanceof OrderIdError) {
    return err.problem === 'empty'
      ? 'I need the order id, like A-1042.'
      : 'That does not sound like an order id. Order ids look like A-1042: a letter, then a number.';
  }
  if (err instanceof OrderNotFoundError) return `There is no order ${err.orderId} on your account.`;
  if (err instanceof AddressChangeRefusedError) {
    if (err.reason === 'dispatched') {
      return `Order ${err.orderId} is already out for delivery, so the address can no longer be changed.`;
    }
    if (err.reason === 'delivered') return `Order ${err.orderId} has already been delivered.`;
    return `Order ${err.orderId} is closed, so its address cannot be changed.`;
  }
  if (err instanceof NotOwnerError)
    return `Only the customer who placed order ${err.orderId} can change its delivery address.`;
  if (err instanceof InvalidAddressError) return `I could not use that address: ${err.message}.`;
  if (err instanceof StoreUnavailableError) {
    return 'The order system is not answering right now. Please try again in a minute.';
  }
  return 'Something went wrong looking that up. Please try again in a minute.';
}
