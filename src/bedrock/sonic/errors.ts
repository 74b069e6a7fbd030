/**
 * Every way a Nova Sonic stream can fail, as one typed error. `classifySonicError` is the only
 * place that inspects SDK exceptions; callers branch on `code` and `recoverable`.
 */

export type SonicErrorCode =
  | 'modelTimeout' // the ~8 minute stream limit: continue on a new stream
  | 'inputTimeout' // "Timed out waiting for input events"
  | 'throttled'
  | 'modelStreamError'
  | 'internal'
  | 'unavailable'
  | 'streamEnded' // the response ended without completionEnd / our sessionEnd
  | 'network'
  | 'validation'
  | 'toolResult' // a tool result the model could not parse or did not expect
  | 'historyRace' // "Chat history should be sent completely before streaming audio": a transient start-up race
  | 'historyRefused' // a validation error on a stream with history: retried with less history
  | 'accessDenied'
  | 'notFound'
  | 'quotaExceeded'
  | 'aborted'
  | 'unknown';

const RECOVERABLE: ReadonlySet<SonicErrorCode> = new Set([
  'modelTimeout',
  'inputTimeout',
  'throttled',
  'modelStreamError',
  'internal',
  'unavailable',
  'streamEnded',
  'network',
  'toolResult',
  'historyRace',
  'historyRefused',
]);

export class SonicError extends Error {
  override name = 'SonicError';
  readonly code: SonicErrorCode;
  /** True when a new stream (with the conversation replayed) may succeed. */
  readonly recoverable: boolean;

  constructor(code: SonicErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.recoverable = RECOVERABLE.has(code);
  }
}

const BY_NAME: Readonly<Record<string, SonicErrorCode>> = {
  ModelTimeoutException: 'modelTimeout',
  ThrottlingException: 'throttled',
  ModelNotReadyException: 'throttled',
  ModelStreamErrorException: 'modelStreamError',
  InternalServerException: 'internal',
  InternalFailure: 'internal',
  ServiceUnavailableException: 'unavailable',
  AccessDeniedException: 'accessDenied',
  UnrecognizedClientException: 'accessDenied',
  InvalidSignatureException: 'accessDenied',
  ExpiredTokenException: 'accessDenied',
  MissingAuthenticationTokenException: 'accessDenied',
  ResourceNotFoundException: 'notFound',
  ServiceQuotaExceededException: 'quotaExceeded',
  AbortError: 'aborted',
  TimeoutError: 'network',
};

/** ValidationExceptions that mean "start over", not "fix the input" (seen live; LiveKit retries them). */
const RECOVERABLE_VALIDATION = [/InternalErrorCode=531/i, /System instability detected/i];

function validationCode(message: string): SonicErrorCode {
  if (/Timed out waiting for input events/i.test(message)) return 'inputTimeout';
  if (/Tool Response parsing error|Not expecting a tool result/i.test(message)) return 'toolResult';
  if (/Chat history should be sent completely/i.test(message)) return 'historyRace';
  if (RECOVERABLE_VALIDATION.some((re) => re.test(message))) return 'internal';
  return 'validation';
}

/** Map anything thrown by the SDK or the stream to a SonicError. */
export function classifySonicError(err: unknown): SonicError {
  if (err instanceof SonicError) return err;
  const e = err instanceof Error ? err : new Error(String(err));
  const code = (e as { code?: unknown }).code;
  let kind: SonicErrorCode | undefined =
    e.name === 'ValidationException' ? validationCode(e.message) : BY_NAME[e.name];
  if (!kind && typeof code === 'string' && /^(E[A-Z]+|ERR_HTTP2_|ERR_STREAM_)/.test(code)) kind = 'network';
  if (!kind && /Truncated event message|socket hang up|stream has been canceled/i.test(e.message))
    kind = 'network';
  return new SonicError(kind ?? 'unknown', `${e.name}: ${e.message}`, { cause: err });
}
