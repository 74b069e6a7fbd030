/**
 * Nova Sonic output events as one typed union, parsed in exactly one place. Unknown event names
 * and malformed bodies become `unknown`, never a throw:
 * the caller logs and ignores them.
 */

export type ContentType = 'TEXT' | 'AUDIO' | 'TOOL';
export type OutputRole = 'USER' | 'ASSISTANT' | 'TOOL';
export type GenerationStage = 'FINAL' | 'SPECULATIVE';
export type StopReason = 'PARTIAL_TURN' | 'END_TURN' | 'INTERRUPTED' | 'TOOL_USE';

/** The barge-in signal Nova sends as text, spaces exactly as the service writes them. */
export const BARGE_IN_SIGNAL = '{ "interrupted" : true }';

export interface TokenCounts {
  readonly speechTokens: number;
  readonly textTokens: number;
}
export interface TokenUsage {
  readonly input: TokenCounts;
  readonly output: TokenCounts;
}

export type SonicOutputEvent =
  | { readonly type: 'completionStart'; readonly completionId: string }
  | {
      readonly type: 'contentStart';
      readonly contentId: string;
      readonly contentType: ContentType;
      readonly role: OutputRole;
      readonly generationStage: GenerationStage | undefined;
    }
  | {
      readonly type: 'textOutput';
      readonly contentId: string;
      readonly role: OutputRole;
      readonly content: string;
      /** True when the text is the barge-in signal rather than words. */
      readonly interrupted: boolean;
    }
  | { readonly type: 'audioOutput'; readonly contentId: string; readonly samples: Int16Array }
  | {
      readonly type: 'toolUse';
      readonly contentId: string;
      readonly toolName: string;
      readonly toolUseId: string;
      /** The tool input as the JSON string the model wrote. */
      readonly input: string;
    }
  | {
      readonly type: 'contentEnd';
      readonly contentId: string;
      readonly contentType: ContentType;
      readonly stopReason: StopReason | undefined;
    }
  | { readonly type: 'completionEnd'; readonly completionId: string; readonly stopReason: string }
  | { readonly type: 'usage'; readonly delta: TokenUsage; readonly total: TokenUsage }
  /** Undocumented but real on Nova 2: the service's own voice detection (offsets into the input audio). */
  | { readonly type: 'userSpeech'; readonly edge: 'start' | 'end'; readonly inputAudioOffsetMs: number }
  | { readonly type: 'unknown'; readonly name: string };

type Body = Record<string, unknown>;

const isObject = (v: unknown): v is Body => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (body: Body, key: string): string => {
  const v = body[key];
  return typeof v === 'string' ? v : '';
};
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const oneOf = <T extends string>(v: unknown, allowed: readonly T[]): T | undefined =>
  allowed.includes(v as T) ? (v as T) : undefined;

const CONTENT_TYPES = ['TEXT', 'AUDIO', 'TOOL'] as const;
const ROLES = ['USER', 'ASSISTANT', 'TOOL'] as const;
const STOP_REASONS = ['PARTIAL_TURN', 'END_TURN', 'INTERRUPTED', 'TOOL_USE'] as const;

function generationStage(body: Body): GenerationStage | undefined {
  const raw = body['additionalModelFields'];
  if (typeof raw !== 'string') return undefined;
  try {
    const fields: unknown = JSON.parse(raw);
    return isObject(fields) ? oneOf(fields['generationStage'], ['FINAL', 'SPECULATIVE'] as const) : undefined;
  } catch {
    return undefined;
  }
}

function tokenCounts(v: unknown): TokenCounts {
  const o = isObject(v) ? v : {};
  return { speechTokens: num(o['speechTokens']), textTokens: num(o['textTokens']) };
}
function tokenUsage(v: unknown): TokenUsage {
  const o = isObject(v) ? v : {};
  return { input: tokenCounts(o['input']), output: tokenCounts(o['output']) };
}

/** Base64 LPCM (little-endian) to samples; copies so the result is aligned and owned. */
export function decodeAudio(base64: string): Int16Array {
  const bytes = Buffer.from(base64, 'base64');
  const samples = new Int16Array(bytes.byteLength >> 1);
  new Uint8Array(samples.buffer).set(bytes.subarray(0, samples.byteLength));
  return samples;
}

const parsers: Record<string, (b: Body) => SonicOutputEvent | undefined> = {
  completionStart: (b) => ({ type: 'completionStart', completionId: str(b, 'completionId') }),
  contentStart: (b) => {
    const contentType = oneOf(b['type'], CONTENT_TYPES);
    const role = oneOf(b['role'], ROLES);
    if (!contentType || !role) return undefined;
    return {
      type: 'contentStart',
      contentId: str(b, 'contentId'),
      contentType,
      role,
      generationStage: generationStage(b),
    };
  },
  textOutput: (b) => {
    const content = str(b, 'content');
    const role = oneOf(b['role'], ROLES) ?? 'ASSISTANT';
    return {
      type: 'textOutput',
      contentId: str(b, 'contentId'),
      role,
      content,
      interrupted: content.includes(BARGE_IN_SIGNAL),
    };
  },
  audioOutput: (b) => ({
    type: 'audioOutput',
    contentId: str(b, 'contentId'),
    samples: decodeAudio(str(b, 'content')),
  }),
  toolUse: (b) => ({
    type: 'toolUse',
    contentId: str(b, 'contentId'),
    toolName: str(b, 'toolName'),
    toolUseId: str(b, 'toolUseId'),
    input: str(b, 'content'),
  }),
  contentEnd: (b) => {
    const contentType = oneOf(b['type'], CONTENT_TYPES);
    if (!contentType) return undefined;
    return {
      type: 'contentEnd',
      contentId: str(b, 'contentId'),
      contentType,
      stopReason: oneOf(b['stopReason'], STOP_REASONS),
    };
  },
  completionEnd: (b) => ({
    type: 'completionEnd',
    completionId: str(b, 'completionId'),
    stopReason: str(b, 'stopReason'),
  }),
  userSpeechStart: (b) => ({
    type: 'userSpeech',
    edge: 'start',
    inputAudioOffsetMs: num(b['inputAudioOffsetMs']),
  }),
  userSpeechEnd: (b) => ({
    type: 'userSpeech',
    edge: 'end',
    inputAudioOffsetMs: num(b['inputAudioOffsetMs']),
  }),
  usageEvent: (b) => {
    const details = isObject(b['details']) ? b['details'] : {};
    return { type: 'usage', delta: tokenUsage(details['delta']), total: tokenUsage(details['total']) };
  },
};

/** Parse one decoded output event (`{"event":{"<name>":{...}}}`). */
export function parseOutputEvent(json: unknown): SonicOutputEvent {
  const event = isObject(json) ? json['event'] : undefined;
  if (!isObject(event)) return { type: 'unknown', name: '(malformed)' };
  const [name, body] = Object.entries(event)[0] ?? ['(empty)', undefined];
  const parse = parsers[name];
  const parsed = parse && isObject(body) ? parse(body) : undefined;
  return parsed ?? { type: 'unknown', name };
}

/** Parse the UTF-8 JSON bytes the SDK yields as `chunk.bytes`. */
export function parseOutputBytes(bytes: Uint8Array): SonicOutputEvent {
  try {
    return parseOutputEvent(
      JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8')),
    );
  } catch {
    return { type: 'unknown', name: '(invalid json)' };
  }
}
