/**
 * Token counts and the estimated cost of a call: Nova Sonic speech and text tokens of every speaker
 * plus the summary's Nova Pro tokens, at the configured prices (USD per million tokens).
 */
import type { Config } from '../config.ts';
import type { TokenUsage } from '../bedrock/sonic/events-out.ts';
import type { SonicUsageTotals } from './call-store.ts';

export interface CallCost {
  readonly sonicTokens: number;
  readonly summaryTokens: number;
  readonly usd: number;
}

export function sonicCostUsd(prices: Config['prices'], usage: SonicUsageTotals): number {
  return (
    (usage.speechIn * prices.sonicSpeechIn +
      usage.speechOut * prices.sonicSpeechOut +
      usage.textIn * prices.sonicTextIn +
      usage.textOut * prices.sonicTextOut) /
    1e6
  );
}

export function estimateCost(
  prices: Config['prices'],
  sonic: SonicUsageTotals | undefined,
  summary: { inputTokens: number; outputTokens: number } = { inputTokens: 0, outputTokens: 0 },
): CallCost {
  const usage = sonic ?? NO_USAGE;
  const summaryUsd =
    (summary.inputTokens * prices.summaryIn + summary.outputTokens * prices.summaryOut) / 1e6;
  return {
    sonicTokens: usage.speechIn + usage.speechOut + usage.textIn + usage.textOut,
    summaryTokens: summary.inputTokens + summary.outputTokens,
    usd: sonicCostUsd(prices, usage) + summaryUsd,
  };
}

function thousands(n: number): string {
  return n.toLocaleString('en-US');
}

export function formatUsd(usd: number): string {
  return usd < 0.01 ? `< $0.01` : `$${usd.toFixed(2)}`;
}

export function formatCostFooter(cost: CallCost): string {
  return `Tokens: ${thousands(cost.sonicTokens + cost.summaryTokens)} (Nova Sonic ${thousands(cost.sonicTokens)} · summary ${thousands(cost.summaryTokens)}) · est. ${formatUsd(cost.usd)}`;
}

export const NO_USAGE: SonicUsageTotals = { speechIn: 0, speechOut: 0, textIn: 0, textOut: 0 };

export function toTotals(u: TokenUsage): SonicUsageTotals {
  return {
    speechIn: u.input.speechTokens,
    speechOut: u.output.speechTokens,
    textIn: u.input.textTokens,
    textOut: u.output.textTokens,
  };
}

export function sumTotals(a: SonicUsageTotals, b: SonicUsageTotals): SonicUsageTotals {
  return {
    speechIn: a.speechIn + b.speechIn,
    speechOut: a.speechOut + b.speechOut,
    textIn: a.textIn + b.textIn,
    textOut: a.textOut + b.textOut,
  };
}
