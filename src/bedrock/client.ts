/**
 * The Bedrock Runtime client, built once from Config. Credentials come from the standard AWS chain;
 * `config.aws.bedrockEndpoint` (AWS_ENDPOINT_URL_BEDROCK_RUNTIME) points it at a loopback fake.
 */
import { BedrockRuntimeClient, type BedrockRuntimeClientConfig } from '@aws-sdk/client-bedrock-runtime';
import { NodeHttp2Handler } from '@smithy/node-http-handler';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';

type SdkLogger = NonNullable<BedrockRuntimeClientConfig['logger']>;

/** A Converse call may think for minutes; the read must not give up first. */
export const CONVERSE_READ_TIMEOUT_MS = 600_000;

export interface BedrockClientOptions {
  /**
   * Per-stream inactivity timeout (default 10 minutes: Bedrock says Nova inference can take many
   * minutes and SDK defaults of about one minute should be raised, so a long Converse read is not cut).
   * On a Sonic stream, expiry after the response started ends it silently, which the stream
   * treats as a failure; the continuous audio upload keeps it from firing.
   */
  readonly requestTimeoutMs?: number;
  /** Idle timeout of an HTTP/2 connection. */
  readonly sessionTimeoutMs?: number;
  /** Static credentials (tests against the fake); otherwise the standard chain. */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
  readonly maxAttempts?: number;
}

/**
 * Routes the SDK's own logging into pino at debug level, so it never writes to the console
 * (without a logger the SDK falls back to `console.warn` on failed streaming requests).
 */
export function sdkLogger(log: Logger): SdkLogger {
  const at =
    (level: 'trace' | 'debug' | 'info') =>
    (...content: unknown[]) =>
      log[level]({ sdk: content.map(String).join(' ') }, 'aws sdk');
  return {
    trace: at('trace'),
    debug: at('debug'),
    info: at('debug'),
    warn: at('debug'),
    error: at('debug'),
  };
}

export function createBedrockClient(
  config: Pick<Config, 'aws'>,
  log: Logger,
  options: BedrockClientOptions = {},
): BedrockRuntimeClient {
  const requestHandler = new NodeHttp2Handler({
    requestTimeout: options.requestTimeoutMs ?? CONVERSE_READ_TIMEOUT_MS,
    sessionTimeout: options.sessionTimeoutMs ?? 300_000,
    disableConcurrentStreams: false,
    maxConcurrentStreams: 20,
  });
  return new BedrockRuntimeClient({
    region: config.aws.region,
    requestHandler,
    logger: sdkLogger(log.child({ component: 'aws-sdk' })),
    ...(config.aws.bedrockEndpoint === undefined ? {} : { endpoint: config.aws.bedrockEndpoint }),
    ...(options.credentials === undefined ? {} : { credentials: { ...options.credentials } }),
    ...(options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts }),
  });
}
