/**
 * The order import format (`npm run orders -- import file.json`): a JSON array of records.
 * Every record is validated and every problem reported with its array index before anything is
 * written. Ids are normalised like spoken ones; dates are stored as ISO 8601 UTC.
 */
import { z } from 'zod';
import type { OrderIdError } from './errors.ts';
import { normaliseOrderId } from './order-id.ts';
import { ORDER_STATUSES, type Order, type StatusEntry } from './types.ts';

const isoDateTime = z
  .string()
  .refine((v) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(v) && !Number.isNaN(Date.parse(v)), {
    message: 'must be an ISO 8601 date-time such as 2026-11-24T15:00:00Z',
  })
  .transform((v) => new Date(v).toISOString());

const orderId = z.string().transform((raw, ctx) => {
  try {
    return normaliseOrderId(raw);
  } catch (err) {
    ctx.addIssue({
      code: 'custom',
      message: `not an order id like A-1042 (${(err as OrderIdError).problem})`,
    });
    return z.NEVER;
  }
});

const money = z.number().nonnegative().max(1_000_000);
const text = (max: number) => z.string().trim().min(1).max(max);

const item = z.strictObject({
  name: text(200),
  quantity: z.number().int().positive().max(10_000),
  unitPrice: money,
});

const historyEntry = z.strictObject({
  status: z.enum(ORDER_STATUSES),
  at: isoDateTime,
  note: text(500).optional(),
});

export const importRecord = z.strictObject({
  orderId,
  customerId: z.string().regex(/^\d{15,25}$/, 'must be a Discord user id (digits)'),
  status: z.enum(ORDER_STATUSES),
  items: z.array(item).min(1).max(100),
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as EUR'),
  deliveryAddress: text(300),
  estimatedDelivery: isoDateTime,
  createdAt: isoDateTime,
  deliveryCost: money.default(0),
  carrier: text(60).optional(),
  trackingNumber: text(60).optional(),
  history: z.array(historyEntry).max(100).optional(),
});

export type ImportRecord = z.infer<typeof importRecord>;

const cents = (n: number) => Math.round(n * 100) / 100;

/** The stored order for a valid record. Without a history, the creation is its only entry. */
export function orderFromRecord(record: ImportRecord): Order {
  const entries = record.history ?? [{ status: record.status, at: record.createdAt }];
  const history: StatusEntry[] = entries
    .map((h) => ({ status: h.status, at: h.at, ...(h.note ? { note: h.note } : {}) }))
    .sort((a, b) => a.at.localeCompare(b.at));
  const lastAt = history.at(-1)?.at ?? record.createdAt;
  return {
    orderId: record.orderId,
    customerId: record.customerId,
    status: record.status,
    items: record.items,
    currency: record.currency,
    itemsTotal: cents(record.items.reduce((sum, i) => sum + i.quantity * i.unitPrice, 0)),
    deliveryCost: cents(record.deliveryCost),
    deliveryAddress: record.deliveryAddress,
    ...(record.carrier ? { carrier: record.carrier } : {}),
    ...(record.trackingNumber ? { trackingNumber: record.trackingNumber } : {}),
    estimatedDelivery: record.estimatedDelivery,
    createdAt: record.createdAt,
    updatedAt: lastAt > record.createdAt ? lastAt : record.createdAt,
    history,
  };
}

export type ParsedImport = { ok: true; orders: Order[] } | { ok: false; problems: string[] };

function pathText(path: readonly PropertyKey[]): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
}

/** Validate a whole file's content; all problems at once, each prefixed with `[index]`. */
export function parseImport(content: unknown): ParsedImport {
  if (!Array.isArray(content))
    return { ok: false, problems: ['the file must contain a JSON array of orders'] };
  const problems: string[] = [];
  const orders: Order[] = [];
  const firstIndex = new Map<string, number>();
  content.forEach((raw: unknown, index) => {
    const parsed = importRecord.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        problems.push(`[${index}]${pathText(issue.path)}: ${issue.message}`);
      return;
    }
    const seen = firstIndex.get(parsed.data.orderId);
    if (seen !== undefined)
      problems.push(`[${index}].orderId: ${parsed.data.orderId} is also record [${seen}]`);
    else firstIndex.set(parsed.data.orderId, index);
    orders.push(orderFromRecord(parsed.data));
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, orders };
}
