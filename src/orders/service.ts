/**
 * What commands and voice tools call: the store behind the ownership rule and a deadline. Every
 * read or change goes through {@link canAccess}; somebody else's order is reported exactly like a
 * missing one.
 */
import { StoreUnavailableError } from '../db/index.ts';
import { canAccess, canChange, type Caller } from './access.ts';
import { InvalidAddressError, NotOwnerError, OrderNotFoundError } from './errors.ts';
import { normaliseOrderId, partialOrderId } from './order-id.ts';
import type { OrderStore } from './store.ts';
import type { ChangeSource, Order, OrderStatus } from './types.ts';

export interface OrderServiceOptions {
  readonly store: OrderStore;
  /** Deadline for one operation (Discord allows 3 s for a first reply). */
  readonly timeoutMs?: number;
}

export interface OrderSuggestion {
  readonly orderId: string;
  /** Known for the caller's own orders. */
  readonly status?: OrderStatus;
}

export const MAX_ADDRESS_LENGTH = 300;
const MIN_ADDRESS_LENGTH = 8;
/** Discord's limit on autocomplete choices. */
export const MAX_SUGGESTIONS = 25;

/** Cleaned address, or {@link InvalidAddressError}. */
export function cleanAddress(raw: string): string {
  const address = raw.replace(/\s+/g, ' ').trim();
  if (address.length < MIN_ADDRESS_LENGTH)
    throw new InvalidAddressError('the new address is too short to deliver to');
  if (address.length > MAX_ADDRESS_LENGTH)
    throw new InvalidAddressError(`the new address is longer than ${MAX_ADDRESS_LENGTH} characters`);
  if (!/[\p{L}]/u.test(address) || !/\d/.test(address)) {
    throw new InvalidAddressError('the new address needs a street or place name and a number');
  }
  return address;
}

export class OrderService {
  readonly store: OrderStore;
  private readonly timeoutMs: number;

  constructor(options: OrderServiceOptions) {
    this.store = options.store;
    this.timeoutMs = options.timeoutMs ?? 2_500;
  }

  /** The order `rawId` names, if `caller` may see it. Throws OrderIdError / OrderNotFoundError. */
  async getForCaller(rawId: string, caller: Caller, signal?: AbortSignal): Promise<Order> {
    const orderId = normaliseOrderId(rawId);
    const order = await this.withDeadline(signal, (s) => this.store.get(orderId, s));
    if (!order || !canAccess(order, caller)) throw new OrderNotFoundError(orderId);
    return order;
  }

  /** The caller's own orders, newest first. */
  async listForCaller(caller: Caller, limit = 10, signal?: AbortSignal): Promise<Order[]> {
    return this.withDeadline(signal, (s) => this.store.listByCustomer(caller.userId, { limit, signal: s }));
  }

  /**
   * Order ids for autocomplete: the caller's own orders newest first, filtered by what was typed;
   * moderators also get any id starting with it. At most {@link MAX_SUGGESTIONS}.
   */
  async suggest(caller: Caller, typed: string, signal?: AbortSignal): Promise<OrderSuggestion[]> {
    const partial = typed.trim() === '' ? undefined : partialOrderId(typed);
    if (typed.trim() !== '' && !partial) return [];
    const own = await this.withDeadline(signal, (s) =>
      this.store.listByCustomer(caller.userId, { limit: partial ? 100 : MAX_SUGGESTIONS, signal: s }),
    );
    const mine: OrderSuggestion[] = own
      .filter((o) => !partial || o.orderId.startsWith(partial.prefix))
      .map((o) => ({ orderId: o.orderId, status: o.status }));
    if (!caller.isModerator || !partial) return mine.slice(0, MAX_SUGGESTIONS);
    const others = await this.withDeadline(signal, (s) =>
      this.store.listIdsByPrefix(partial.series, partial.prefix, { limit: MAX_SUGGESTIONS, signal: s }),
    );
    const seen = new Set(mine.map((m) => m.orderId));
    const extra = others.filter((id) => !seen.has(id)).map((orderId) => ({ orderId }));
    return [...mine, ...extra].slice(0, MAX_SUGGESTIONS);
  }

  /**
   * Change the delivery address of the caller's own order. Moderators read other customers'
   * orders but never redirect them: for anyone but the owner this is "no such order on your
   * account" when they may not see it, and a refusal when they may.
   */
  async changeAddress(
    rawId: string,
    rawAddress: string,
    caller: Caller,
    via: ChangeSource,
    signal?: AbortSignal,
  ): Promise<Order> {
    const address = cleanAddress(rawAddress);
    const order = await this.getForCaller(rawId, caller, signal);
    if (!canChange(order, caller)) throw new NotOwnerError(order.orderId);
    return this.withDeadline(signal, (s) =>
      this.store.changeAddress(order.orderId, address, {
        userId: caller.userId,
        via,
        status: order.status,
        signal: s,
      }),
    );
  }

  /** Run `work` with the caller's signal plus this service's deadline; a timeout is an outage. */
  private async withDeadline<T>(
    signal: AbortSignal | undefined,
    work: (signal: AbortSignal) => Promise<T>,
  ): Promise<T> {
    const deadline = AbortSignal.timeout(this.timeoutMs);
    const combined = signal ? AbortSignal.any([signal, deadline]) : deadline;
    try {
      return await work(combined);
    } catch (err) {
      if (deadline.aborted && !(err instanceof StoreUnavailableError)) {
        throw new StoreUnavailableError('order store did not answer in time', { cause: err });
      }
      throw err;
    }
  }
}
