/**
 * The voice assistant's order tools. The caller's identity is a separate, trusted argument (the
 * Discord user who owns the audio), never part of the model's input; every result is short
 * speakable `text` plus structured `data`, and domain errors come back as model-safe text.
 */
import { z } from 'zod';
import type { Caller } from './access.ts';
import { MAX_ORDER_ID_INPUT } from './order-id.ts';
import { MAX_ADDRESS_LENGTH, type OrderService } from './service.ts';
import { speakOrderList, speakOrderStatus } from './speech.ts';
import { toolErrorText } from './tool-errors.ts';
import { lastUpdate } from './format.ts';
import type { Order } from './types.ts';

/** Same shape as Nova Sonic's toolSpec (`inputSchema` is JSON Schema). */
export interface OrderToolSpec {
  readonly name: OrderToolName;
  readonly description: string;
  readonly inputSchema: Readonly<Record<string, unknown>>;
}

export type OrderToolName = 'get_order_status' | 'list_my_orders' | 'change_delivery_address';

export interface ToolResult {
  readonly ok: boolean;
  /** Say this (or close to it). */
  readonly text: string;
  readonly data?: unknown;
}

const orderIdProperty = {
  type: 'string',
  description: 'The order id as the customer said it, for example "A-1042" or "a 1042".',
  maxLength: 64,
};

export const ORDER_TOOL_SPECS: readonly OrderToolSpec[] = [
  {
    name: 'get_order_status',
    description:
      "Look up one of the speaker's orders: status, expected delivery, last update, carrier and tracking.",
    inputSchema: { type: 'object', properties: { orderId: orderIdProperty }, required: ['orderId'] },
  },
  {
    name: 'list_my_orders',
    description: "List the speaker's own orders, newest first, with status and expected delivery.",
    inputSchema: { type: 'object', properties: {}, required: [] },
  },
  {
    name: 'change_delivery_address',
    description:
      "Change the delivery address of one of the speaker's orders. Only possible before it is out for delivery. Call only after the speaker confirmed the full new address.",
    inputSchema: {
      type: 'object',
      properties: {
        orderId: orderIdProperty,
        address: {
          type: 'string',
          description: 'The complete new delivery address.',
          maxLength: MAX_ADDRESS_LENGTH,
        },
      },
      required: ['orderId', 'address'],
    },
  },
];

const orderIdInput = z.object({ orderId: z.string().max(MAX_ORDER_ID_INPUT * 2) });
const addressInput = orderIdInput.extend({ address: z.string().max(MAX_ADDRESS_LENGTH * 2) });

function summary(order: Order) {
  return {
    orderId: order.orderId,
    status: order.status,
    estimatedDelivery: order.estimatedDelivery,
    lastUpdate: lastUpdate(order).at,
    items: order.items.map((i) => ({ name: i.name, quantity: i.quantity })),
    ...(order.carrier ? { carrier: order.carrier } : {}),
    ...(order.trackingNumber ? { trackingNumber: order.trackingNumber } : {}),
  };
}

const BAD_INPUT: ToolResult = {
  ok: false,
  text: 'I need the order id, like A-1042. Ask the customer for it.',
};

export interface OrderTools {
  readonly specs: readonly OrderToolSpec[];
  getOrderStatus(input: unknown, caller: Caller, signal?: AbortSignal): Promise<ToolResult>;
  listMyOrders(input: unknown, caller: Caller, signal?: AbortSignal): Promise<ToolResult>;
  changeDeliveryAddress(input: unknown, caller: Caller, signal?: AbortSignal): Promise<ToolResult>;
  /** A handler bound to one caller, for the session's tool runner. Never rejects. */
  handlerFor(caller: Caller): (name: string, input: unknown, signal: AbortSignal) => Promise<ToolResult>;
}

export function createOrderTools(service: OrderService, now: () => Date = () => new Date()): OrderTools {
  const safely = async (work: () => Promise<ToolResult>): Promise<ToolResult> => {
    try {
      return await work();
    } catch (err) {
      return { ok: false, text: toolErrorText(err) };
    }
  };
  const tools: Omit<OrderTools, 'handlerFor'> = {
    specs: ORDER_TOOL_SPECS,
    getOrderStatus: (input, caller, signal) =>
      safely(async () => {
        const parsed = orderIdInput.safeParse(input);
        if (!parsed.success) return BAD_INPUT;
        const order = await service.getForCaller(parsed.data.orderId, caller, signal);
        return { ok: true, text: speakOrderStatus(order, now()), data: summary(order) };
      }),
    listMyOrders: (_input, caller, signal) =>
      safely(async () => {
        const orders = await service.listForCaller(caller, 10, signal);
        return { ok: true, text: speakOrderList(orders, now()), data: { orders: orders.map(summary) } };
      }),
    changeDeliveryAddress: (input, caller, signal) =>
      safely(async () => {
        const parsed = addressInput.safeParse(input);
        if (!parsed.success) return { ok: false, text: 'I need the order id and the complete new address.' };
        const order = await service.changeAddress(
          parsed.data.orderId,
          parsed.data.address,
          caller,
          'voice',
          signal,
        );
        return {
          ok: true,
          text: `Done: order ${order.orderId} will now be delivered to ${order.deliveryAddress}.`,
          data: { ...summary(order), deliveryAddress: order.deliveryAddress },
        };
      }),
  };
  const byName: Record<
    OrderToolName,
    (input: unknown, caller: Caller, signal?: AbortSignal) => Promise<ToolResult>
  > = {
    get_order_status: tools.getOrderStatus,
    list_my_orders: tools.listMyOrders,
    change_delivery_address: tools.changeDeliveryAddress,
  };
  return {
    ...tools,
    handlerFor: (caller) => async (name, input, signal) => {
      const tool = byName[name as OrderToolName] as (typeof byName)[OrderToolName] | undefined;
      if (!tool) return { ok: false, text: `There is no tool called ${name.slice(0, 40)}.` };
      return tool(input, caller, signal);
    },
  };
}
