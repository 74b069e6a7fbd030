/** Errors of the database layer. Handlers branch on `name` and `recoverable`. */

/** The embedded store's LevelDB directory is locked by another process. */
export class EmbeddedStoreBusyError extends Error {
  override name = 'EmbeddedStoreBusyError';
  readonly recoverable = false;
  readonly dataDir: string;
  constructor(dataDir: string, options?: ErrorOptions) {
    super(
      `the embedded store in ${dataDir} is in use by another voicedesk process; ` +
        'stop it or set AWS_ENDPOINT_URL_DYNAMODB',
      options,
    );
    this.dataDir = dataDir;
  }
}

/** A table is missing and this process may not create it. */
export class TableMissingError extends Error {
  override name = 'TableMissingError';
  readonly recoverable = false;
  readonly tableName: string;
  constructor(tableName: string, options?: ErrorOptions) {
    super(
      `DynamoDB table ${tableName} does not exist; create it (see src/db/tables) ` +
        'or set DYNAMODB_CREATE_TABLES=true',
      options,
    );
    this.tableName = tableName;
  }
}

/** The database could not be reached or answered with a server-side failure. */
export class StoreUnavailableError extends Error {
  override name = 'StoreUnavailableError';
  readonly recoverable = true;
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

const UNAVAILABLE_NAMES = new Set([
  'TimeoutError',
  'AbortError',
  'InternalServerError',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'ResourceNotFoundException',
  'UnknownOperationException',
]);
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * True when `err` means "the store is not answering properly" (network, timeout, throttling, 5xx,
 * missing table) rather than a domain outcome such as a failed condition. The one classifier for
 * SDK errors; callers wrap such errors in {@link StoreUnavailableError}.
 */
export function isStoreOutage(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  if (UNAVAILABLE_NAMES.has(err.name)) return true;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && NETWORK_CODES.has(code)) return true;
  const fault = (err as { $fault?: unknown }).$fault;
  if (fault === 'server') return true;
  const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return status !== undefined && status >= 500;
}
