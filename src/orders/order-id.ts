/**
 * Order ids are short and sayable: 1–3 letters, a dash, 1–8 digits (`A-1042`). Input from people
 * and voice transcripts varies ("a 1042", "A1042", "a-1042", "A dash 1042"), so ids are normalised
 * before they are validated or looked up.
 */
import { OrderIdError } from './errors.ts';

/** Longest raw input accepted before normalising (autocomplete and voice can send anything). */
export const MAX_ORDER_ID_INPUT = 32;

const CANONICAL = /^([A-Z]{1,3})-(\d{1,8})$/;
const LOOSE = /^([A-Z]{1,3})(\d{1,8})$/;

/**
 * NFKC first (fullwidth `Ａ－１０４２` and other compatibility forms become `A-1042`), then
 * uppercase, spoken "dash"/"hyphen" and every separator removed. Letters that only look Latin
 * (Cyrillic `А`) survive NFKC unchanged and are then refused by the pattern, so no lookalike
 * spelling can alias another id.
 */
function squash(raw: string): string {
  return raw
    .normalize('NFKC')
    .toUpperCase()
    .replace(/\b(DASH|HYPHEN|MINUS)\b/g, '')
    .replace(/[\s\-‐‑‒–—_.#:]+/g, '');
}

/** The canonical id for `raw`, or an {@link OrderIdError} saying what is wrong. */
export function normaliseOrderId(raw: string): string {
  const trimmed = raw.trim();
  if (trimmed.length === 0) throw new OrderIdError(raw, 'empty');
  if (trimmed.length > MAX_ORDER_ID_INPUT) throw new OrderIdError(raw, 'too-long');
  const match = LOOSE.exec(squash(trimmed));
  if (!match) throw new OrderIdError(raw, 'malformed');
  return `${match[1]}-${match[2]}`;
}

/** Is `id` already canonical? (Stored ids are.) */
export function isCanonicalOrderId(id: string): boolean {
  return CANONICAL.test(id);
}

/** The letter series of a canonical id (`A-1042` → `A`), the key of the `bySeries` index. */
export function orderSeries(id: string): string {
  return id.slice(0, id.indexOf('-'));
}

/**
 * A partial id as typed into autocomplete, squashed for prefix matching against canonical ids:
 * `"a 10"` → `{ series: 'A', prefix: 'A-10' }`. Undefined when it cannot start any id.
 */
export function partialOrderId(raw: string): { series: string; prefix: string } | undefined {
  if (raw.length > MAX_ORDER_ID_INPUT) return undefined;
  const squashed = squash(raw);
  const match = /^([A-Z]{1,3})(\d{0,8})$/.exec(squashed);
  if (!match?.[1]) return undefined;
  const digits = match[2] ?? '';
  return { series: match[1], prefix: digits ? `${match[1]}-${digits}` : match[1] };
}
