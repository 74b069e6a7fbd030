/**
 * The DynamoDB client and DocumentClient. One pair per process; both share a keep-alive agent so
 * a GetItem costs one round trip. The embedded store gets the per-process credentials it answers;
 * other endpoints use the SDK's credential chain.
 */
import { Agent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { NodeHttpHandler } from '@smithy/node-http-handler';

export interface DynamoTarget {
  /** `undefined` → the SDK's regional endpoint for `region`. */
  readonly endpoint: string | undefined;
  readonly region: string;
  /** The embedded store: its per-process credentials, no retries beyond one. */
  readonly embedded: boolean;
  /** Credentials the endpoint expects (the embedded store's); otherwise the SDK's chain. */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

export interface DynamoClients {
  readonly client: DynamoDBClient;
  readonly doc: DynamoDBDocumentClient;
}

/** Bounds one HTTP attempt; callers add their own deadline via `abortSignal`. */
const REQUEST_TIMEOUT_MS = 5_000;
const CONNECT_TIMEOUT_MS = 2_000;

export function createDynamoClients(target: DynamoTarget): DynamoClients {
  const agentOptions = { keepAlive: true, maxSockets: 64 };
  const config: DynamoDBClientConfig = {
    region: target.region,
    requestHandler: new NodeHttpHandler({
      httpAgent: new Agent(agentOptions),
      httpsAgent: new HttpsAgent(agentOptions),
      connectionTimeout: CONNECT_TIMEOUT_MS,
      requestTimeout: REQUEST_TIMEOUT_MS,
      // Without this the handler only logs a warning and a hung store holds the request forever.
      throwOnRequestTimeout: true,
    }),
    ...(target.endpoint !== undefined ? { endpoint: target.endpoint } : {}),
    ...(target.embedded
      ? {
          credentials: target.credentials ?? { accessKeyId: 'AKIDEMBEDDED', secretAccessKey: 'embedded' },
          maxAttempts: 2,
        }
      : {}),
  };
  const client = new DynamoDBClient(config);
  const doc = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  return { client, doc };
}

/** SDK `send()` options for an optional signal (exactOptionalPropertyTypes forbids `undefined`). */
export function sendOptions(signal: AbortSignal | undefined): { abortSignal?: AbortSignal } {
  return signal ? { abortSignal: signal } : {};
}
