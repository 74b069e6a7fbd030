/** Token accounting across the turns and streams of one session. */
import type { TokenUsage } from './events-out.ts';

export const ZERO_USAGE: TokenUsage = {
  input: { speechTokens: 0, textTokens: 0 },
  output: { speechTokens: 0, textTokens: 0 },
};

export function addUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
  return {
    input: {
      speechTokens: a.input.speechTokens + b.input.speechTokens,
      textTokens: a.input.textTokens + b.input.textTokens,
    },
    output: {
      speechTokens: a.output.speechTokens + b.output.speechTokens,
      textTokens: a.output.textTokens + b.output.textTokens,
    },
  };
}

export function totalTokens(u: TokenUsage): number {
  return u.input.speechTokens + u.input.textTokens + u.output.speechTokens + u.output.textTokens;
}
