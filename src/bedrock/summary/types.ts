/**
 * The call summary as data: what the model is asked for (validated with zod before anything is
 * posted) and the transcript it reads. Nothing here knows Discord.
 */
import { z } from 'zod';

/** One line of a call transcript, attributed to the person who spoke or to the assistant. */
export interface TranscriptLine {
  /** Display name of the human who spoke, or whom the assistant answered. */
  readonly speaker: string;
  readonly role: 'user' | 'assistant';
  readonly text: string;
  /** Epoch milliseconds. */
  readonly at: number;
}

const text = (max: number) => z.string().trim().min(1).max(max);

export const SENTIMENTS = ['positive', 'neutral', 'negative', 'mixed'] as const;

export const callSummarySchema = z.object({
  participants: z.array(text(100)).max(50).default([]),
  topics: z.array(text(200)).max(20).default([]),
  sentiment: z.object({
    overall: z.enum(SENTIMENTS),
    notes: z.string().trim().max(500).default(''),
  }),
  actionItems: z
    .array(z.object({ owner: text(100), item: text(300) }))
    .max(25)
    .default([]),
  ordersDiscussed: z
    .array(z.object({ orderId: text(40), note: z.string().trim().max(300).default('') }))
    .max(25)
    .default([]),
  unresolvedQuestions: z.array(text(300)).max(20).default([]),
});

export type CallSummary = z.infer<typeof callSummarySchema>;

/** The JSON schema given to the model as the input schema of the `record_call_summary` tool. */
export const CALL_SUMMARY_JSON_SCHEMA = {
  type: 'object',
  properties: {
    participants: { type: 'array', items: { type: 'string' }, description: 'names of the people who spoke' },
    topics: { type: 'array', items: { type: 'string' }, description: 'what was discussed, short phrases' },
    sentiment: {
      type: 'object',
      properties: {
        overall: { type: 'string', enum: [...SENTIMENTS] },
        notes: { type: 'string', description: 'one sentence on how customers felt and why' },
      },
      required: ['overall'],
    },
    actionItems: {
      type: 'array',
      items: {
        type: 'object',
        properties: { owner: { type: 'string' }, item: { type: 'string' } },
        required: ['owner', 'item'],
      },
    },
    ordersDiscussed: {
      type: 'array',
      items: {
        type: 'object',
        properties: { orderId: { type: 'string' }, note: { type: 'string' } },
        required: ['orderId'],
      },
    },
    unresolvedQuestions: { type: 'array', items: { type: 'string' } },
  },
  required: ['participants', 'topics', 'sentiment', 'actionItems', 'ordersDiscussed', 'unresolvedQuestions'],
} as const;

export interface SummaryUsage {
  readonly inputTokens: number;
  readonly outputTokens: number;
}
