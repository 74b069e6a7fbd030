/**
 * Merging the summaries of a transcript's parts (a transcript longer than one request is summarised
 * in parts). Deterministic: lists are unioned without duplicates, sentiment agrees or becomes mixed.
 */
import type { CallSummary } from './types.ts';

function uniqueBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const item of items) {
    const k = key(item).trim().toLowerCase();
    if (!seen.has(k)) seen.set(k, item);
  }
  return [...seen.values()];
}

export function mergeSummaries(parts: readonly CallSummary[]): CallSummary {
  if (parts.length === 1 && parts[0]) return parts[0];
  const overalls = new Set(parts.map((p) => p.sentiment.overall));
  const [only] = overalls;
  return {
    participants: uniqueBy(
      parts.flatMap((p) => p.participants),
      (p) => p,
    ),
    topics: uniqueBy(
      parts.flatMap((p) => p.topics),
      (t) => t,
    ).slice(0, 20),
    sentiment: {
      overall: overalls.size === 1 && only ? only : 'mixed',
      notes: parts
        .map((p) => p.sentiment.notes)
        .filter(Boolean)
        .join(' ')
        .slice(0, 500),
    },
    actionItems: uniqueBy(
      parts.flatMap((p) => p.actionItems),
      (a) => `${a.owner}|${a.item}`,
    ).slice(0, 25),
    // A later part knows more about an order than an earlier one: keep the last note per id.
    ordersDiscussed: uniqueBy(parts.flatMap((p) => p.ordersDiscussed).reverse(), (o) => o.orderId)
      .reverse()
      .slice(0, 25),
    unresolvedQuestions: uniqueBy(
      parts.flatMap((p) => p.unresolvedQuestions),
      (q) => q,
    ).slice(0, 20),
  };
}
