/**
 * What a moderators' summary may reveal. The summary model reads what people said and writes free
 * text, so before it is rendered:
 * - order ids are tied to who mentioned them; an order's live status is shown only when one of
 *   the speakers who mentioned it is its customer (the model's claim that an order was discussed
 *   is not enough);
 * - delivery addresses of the orders mentioned are replaced, in what the model reads and in
 *   what it wrote;
 * - mentions and markdown links in model text are neutralised, so they show as plain text.
 */
import type { CallSummary } from '../bedrock/summary/types.ts';
import { normaliseOrderId } from '../orders/order-id.ts';
import type { TranscriptEntry } from './transcript-store.ts';

export const ADDRESS_PLACEHOLDER = '(address withheld)';

/** Anything in free text that could be an order id: letters, an optional separator, digits. */
const ID_LIKE = /(?<![\p{L}\p{N}])([\p{L}]{1,3})[\s\-‐‑‒–—_.#:]*(\p{N}{1,8})(?![\p{N}])/gu;

/** Canonical ids in `text` (ids that do not normalise are skipped). */
export function orderIdsIn(text: string): string[] {
  const ids: string[] = [];
  for (const match of text.matchAll(ID_LIKE)) {
    try {
      ids.push(normaliseOrderId(`${match[1] ?? ''}-${match[2] ?? ''}`));
    } catch {
      // not an id
    }
  }
  return ids;
}

/** Each order id mentioned in the transcript → the speakers whose lines mention it. */
export function mentionsBySpeaker(lines: readonly TranscriptEntry[]): Map<string, Set<string>> {
  const mentions = new Map<string, Set<string>>();
  for (const line of lines) {
    for (const id of orderIdsIn(line.text)) {
      let speakers = mentions.get(id);
      if (!speakers) mentions.set(id, (speakers = new Set()));
      speakers.add(line.speakerId);
    }
  }
  return mentions;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Shortest address part worth withholding on its own ("Torstrasse 1", "10119 Berlin"). */
const MIN_PART_LENGTH = 6;

/**
 * An address and its comma-separated parts, longest first: people say part of an address
 * ("deliver it to Torstrasse 1"), so each part is withheld as well as the whole.
 */
function addressPatterns(addresses: readonly string[]): RegExp[] {
  const parts = new Set<string>();
  for (const address of addresses) {
    parts.add(address.trim());
    for (const part of address.split(',')) if (part.trim().length >= MIN_PART_LENGTH) parts.add(part.trim());
  }
  return [...parts]
    .filter((p) => p.length > 0)
    .sort((a, b) => b.length - a.length)
    .map((p) => new RegExp(p.split(/\s+/).map(escapeRegExp).join('[\\s,]+'), 'giu'));
}

/** Replace every given address, or part of one (case and spacing insensitive), with a placeholder. */
export function withoutAddresses(text: string, addresses: readonly string[]): string {
  return addressPatterns(addresses).reduce((out, pattern) => out.replace(pattern, ADDRESS_PLACEHOLDER), text);
}

/**
 * Model text made inert for Discord: user, role and channel mentions and @everyone/@here lose
 * their effect (a zero-width space after `@`/`#`), and markdown link brackets are escaped, so a
 * masked link `[text](url)` shows as those characters.
 */
export function neutralise(text: string): string {
  return text
    .replace(/[\\[\]]/g, '\\$&')
    .replace(/<(@[!&]?|#)(\d+)>/g, (_m, kind: string, id: string) => `<${kind}\u200b${id}>`)
    .replace(/@(everyone|here)/gi, '@\u200b$1');
}

/** The summary with addresses removed and every free-text field neutralised. */
export function sanitiseSummary(summary: CallSummary, addresses: readonly string[]): CallSummary {
  const clean = (text: string) => neutralise(withoutAddresses(text, addresses));
  return {
    participants: summary.participants.map(clean),
    topics: summary.topics.map(clean),
    sentiment: { overall: summary.sentiment.overall, notes: clean(summary.sentiment.notes) },
    actionItems: summary.actionItems.map((a) => ({ owner: clean(a.owner), item: clean(a.item) })),
    ordersDiscussed: summary.ordersDiscussed.map((o) => ({ orderId: clean(o.orderId), note: clean(o.note) })),
    unresolvedQuestions: summary.unresolvedQuestions.map(clean),
  };
}
