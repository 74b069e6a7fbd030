/**
 * What the bot tells people in text during a call. Kept together so the wording is consistent.
 */
import type { CapReached } from './session-budget.ts';

export function capMessage(reason: CapReached): string {
  switch (reason) {
    case 'call':
      return 'Too many people are talking to me in this channel right now, so I can’t listen to you yet. I’ll try again when you next speak.';
    case 'process':
    case 'fleet':
      return 'I’m helping too many people at once right now, so I can’t listen to you yet. I’ll try again when you next speak.';
  }
}
