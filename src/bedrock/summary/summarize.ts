/**
 * The call summary through the real Converse API: Nova Pro first, then each fallback model in turn
 * when a model fails or returns something that does not validate. Long transcripts are summarised
 * in parts and merged; a part the model says is too long is split again.
 */
import {
  ConverseCommand,
  type BedrockRuntimeClient,
  type ContentBlock,
  type ConverseCommandOutput,
} from '@aws-sdk/client-bedrock-runtime';
import type { Logger } from '../../log.ts';
import { mergeSummaries } from './merge.ts';
import {
  renderTranscript,
  splitIntoParts,
  SUMMARY_SYSTEM_PROMPT,
  SUMMARY_TOOL_NAME,
  userMessage,
} from './prompt.ts';
import {
  CALL_SUMMARY_JSON_SCHEMA,
  callSummarySchema,
  type CallSummary,
  type SummaryUsage,
  type TranscriptLine,
} from './types.ts';

export class SummaryError extends Error {
  override name = 'SummaryError';
  /** False when retrying later cannot help (e.g. access denied to every model). */
  readonly retryable: boolean;
  constructor(message: string, retryable: boolean, options?: { cause?: unknown }) {
    super(message, options);
    this.retryable = retryable;
  }
}

export interface SummarizeOptions {
  readonly client: BedrockRuntimeClient;
  /** The summary model first, then the fallbacks in order. */
  readonly modelIds: readonly string[];
  readonly lines: readonly TranscriptLine[];
  readonly log: Logger;
  /** Characters of transcript per request (Nova Pro's context is far larger; parts keep latency sane). */
  readonly maxCharsPerPart?: number;
  readonly signal?: AbortSignal;
}

export interface SummaryResult {
  readonly summary: CallSummary;
  /** The model that produced the (last) part. */
  readonly modelId: string;
  readonly usage: SummaryUsage;
  readonly parts: number;
}

const TOO_LONG = /too long|context|max(imum)? (input|token)/i;
const PERMANENT = new Set(['AccessDeniedException', 'ResourceNotFoundException', 'ValidationException']);

/** The summary object from a Converse answer: a tool call's input, or JSON in the text. */
export function extractSummary(content: readonly ContentBlock[] | undefined): CallSummary {
  const tool = content?.find((b) => b.toolUse?.name === SUMMARY_TOOL_NAME)?.toolUse?.input;
  let candidate: unknown = tool;
  if (candidate === undefined) {
    const text = content?.map((b) => b.text ?? '').join('') ?? '';
    const start = text.indexOf('{');
    const end = text.lastIndexOf('}');
    if (start < 0 || end <= start) throw new Error('the answer holds no JSON object');
    candidate = JSON.parse(text.slice(start, end + 1)) as unknown;
  }
  return callSummarySchema.parse(candidate);
}

/** A model that does not support forcing a tool says so in a ValidationException naming toolChoice. */
const NO_TOOL_CHOICE = /toolChoice/i;

/**
 * Ask for the summary as a forced tool call (temperature 0: a structured record, not prose). A
 * model that rejects `toolChoice` is asked again without tools, for the JSON object in its text.
 */
async function askModel(
  options: SummarizeOptions,
  modelId: string,
  message: string,
): Promise<ConverseCommandOutput> {
  try {
    return await send(options, modelId, message, true);
  } catch (err) {
    const e = err as Error;
    if (e.name !== 'ValidationException' || !NO_TOOL_CHOICE.test(e.message)) throw err;
    options.log.info({ modelId }, 'summary model rejects toolChoice; asking for JSON in text');
    return send(options, modelId, `${message}\n\n${JSON_IN_TEXT}`, false);
  }
}

const JSON_IN_TEXT =
  'Answer with only one JSON object, no prose, that matches this JSON Schema: ' +
  JSON.stringify(CALL_SUMMARY_JSON_SCHEMA);

function send(
  options: SummarizeOptions,
  modelId: string,
  message: string,
  withTool: boolean,
): Promise<ConverseCommandOutput> {
  return options.client.send(
    new ConverseCommand({
      modelId,
      system: [{ text: SUMMARY_SYSTEM_PROMPT }],
      messages: [{ role: 'user', content: [{ text: message }] }],
      inferenceConfig: { maxTokens: 2000, temperature: 0 },
      ...(withTool ? { toolConfig: TOOL_CONFIG } : {}),
    }),
    options.signal ? { abortSignal: options.signal } : {},
  );
}

const TOOL_CONFIG = {
  tools: [
    {
      toolSpec: {
        name: SUMMARY_TOOL_NAME,
        description: 'Record the structured summary of the call.',
        inputSchema: { json: CALL_SUMMARY_JSON_SCHEMA as never },
      },
    },
  ],
  toolChoice: { any: {} },
};

interface PartResult {
  summaries: CallSummary[];
  modelId: string;
  usage: SummaryUsage;
}

async function summarizePart(
  options: SummarizeOptions,
  part: string,
  index: number,
  count: number,
): Promise<PartResult> {
  const failures: string[] = [];
  let retryable = false;
  for (const modelId of options.modelIds) {
    options.signal?.throwIfAborted();
    try {
      const answer = await askModel(options, modelId, userMessage(part, index, count));
      if (answer.stopReason === 'model_context_window_exceeded') throw new Error('context window exceeded');
      const usage = {
        inputTokens: answer.usage?.inputTokens ?? 0,
        outputTokens: answer.usage?.outputTokens ?? 0,
      };
      return { summaries: [extractSummary(answer.output?.message?.content)], modelId, usage };
    } catch (err) {
      if (options.signal?.aborted) throw err;
      const name = (err as Error).name;
      const message = (err as Error).message;
      if (TOO_LONG.test(message) && part.length > 2000) return splitAndRetry(options, part, index, count);
      retryable ||= !PERMANENT.has(name);
      failures.push(`${modelId}: ${name}: ${message}`);
      options.log.warn({ modelId, errName: name }, 'summary model failed; trying the next one');
    }
  }
  throw new SummaryError(`every summary model failed (${failures.join('; ')})`, retryable);
}

async function splitAndRetry(options: SummarizeOptions, part: string, index: number, count: number) {
  const lines = part.split('\n');
  const halves = splitIntoParts(lines, Math.ceil(part.length / 2));
  const results: PartResult[] = [];
  for (const half of halves) results.push(await summarizePart(options, half, index, count));
  return combine(results);
}

function combine(results: readonly PartResult[]): PartResult {
  return {
    summaries: results.flatMap((r) => r.summaries),
    modelId: results.at(-1)?.modelId ?? '',
    usage: {
      inputTokens: results.reduce((n, r) => n + r.usage.inputTokens, 0),
      outputTokens: results.reduce((n, r) => n + r.usage.outputTokens, 0),
    },
  };
}

/** Summarise a transcript. Throws `SummaryError` when every model failed for some part. */
export async function summarizeCall(options: SummarizeOptions): Promise<SummaryResult> {
  if (options.modelIds.length === 0) throw new SummaryError('no summary model configured', false);
  const parts = splitIntoParts(renderTranscript(options.lines), options.maxCharsPerPart ?? 200_000);
  const results: PartResult[] = [];
  for (const [index, part] of parts.entries())
    results.push(await summarizePart(options, part, index, parts.length));
  const all = combine(results);
  return {
    summary: mergeSummaries(all.summaries),
    modelId: all.modelId,
    usage: all.usage,
    parts: all.summaries.length,
  };
}
