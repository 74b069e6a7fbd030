/**
 * A loopback Bedrock Runtime on 127.0.0.1 (h2c, port 0) that the real
 * `@aws-sdk/client-bedrock-runtime` talks to: Nova Sonic bidirectional streams and Converse.
 *
 *   const fake = await FakeBedrock.start({ endpointingMs: 300 });
 *   fake.script.add({ user: 'where is my order', reply: 'It ships tomorrow.' });
 *   // client endpoint: fake.endpoint
 */
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import { FakeConverse } from './converse.ts';
import { resolveFakeOptions, type FakeBedrockOptions, type ResolvedFakeOptions } from './options.ts';
import { SeededChoices } from './realism.ts';
import { FakeScript } from './script.ts';
import { verifyRequest, type RequestSignature } from './sigv4.ts';
import { FakeSonicStream, type FakeStreamRecord } from './sonic-stream.ts';
import type { StreamExceptionType } from './wire.ts';

export type { FakeBedrockOptions } from './options.ts';
export type { FakeTurn, FakeToolCall, FakeFailure } from './script.ts';
export type { FakeStreamRecord } from './sonic-stream.ts';

const ROUTE = /^\/model\/([^/]+)\/(invoke-with-bidirectional-stream|converse)$/;

/** An HTTP error to answer the next stream open with, e.g. 429 ThrottlingException. */
export interface OpenRejection {
  readonly status: number;
  readonly errorType: string;
}

export class FakeBedrock {
  /** The script of every stream no `scriptFor` marker matches. */
  readonly script = new FakeScript();
  readonly #scripts: [marker: string, script: FakeScript][] = [];
  readonly converse = new FakeConverse();
  /** Every bidirectional stream, in the order they were opened. */
  readonly streams: FakeStreamRecord[] = [];
  readonly #live = new Map<FakeStreamRecord, FakeSonicStream>();
  readonly #server: http2.Http2Server;
  readonly #options: ResolvedFakeOptions;
  readonly #rejections: OpenRejection[] = [];
  readonly #waiters: (() => void)[] = [];
  readonly #choices: SeededChoices;
  #historyRaces = 0;
  #endpoint = '';
  /** When every stream open was attempted (accepted or refused), epoch ms. */
  readonly openAttempts: number[] = [];
  #throttleUntil = 0;

  private constructor(options: ResolvedFakeOptions) {
    this.#options = options;
    this.#choices = new SeededChoices(options.realism.seed);
    this.#server = http2.createServer();
    this.#server.on('stream', (stream, headers) => this.#route(stream, headers));
    this.#server.on('sessionError', () => undefined);
  }

  static async start(options: FakeBedrockOptions = {}, port = 0): Promise<FakeBedrock> {
    const fake = new FakeBedrock(resolveFakeOptions(options));
    await new Promise<void>((resolve) => fake.#server.listen(port, '127.0.0.1', resolve));
    fake.#endpoint = `http://127.0.0.1:${(fake.#server.address() as AddressInfo).port}`;
    return fake;
  }

  /** `http://127.0.0.1:PORT`, for `AWS_ENDPOINT_URL_BEDROCK_RUNTIME` or the client's `endpoint`. */
  get endpoint(): string {
    return this.#endpoint;
  }

  get openStreams(): number {
    return this.#live.size;
  }

  /**
   * A script of its own for the streams whose system prompt contains `marker` (e.g. a speaker's
   * name), so several speakers' sessions can follow separate conversations.
   */
  scriptFor(marker: string): FakeScript {
    const found = this.#scripts.find(([m]) => m === marker)?.[1];
    if (found) return found;
    const script = new FakeScript();
    this.#scripts.push([marker, script]);
    return script;
  }

  #scriptFor(system: string): FakeScript {
    return this.#scripts.find(([marker]) => system.includes(marker))?.[1] ?? this.script;
  }

  /**
   * The production race "Chat history should be sent completely before streaming audio"
   * (LiveKit: about 5 % of calls), on demand: the next `count` streams that carry history raise it
   * when their AUDIO contentStart arrives.
   */
  raceHistory(count = 1): void {
    this.#historyRaces += count;
  }

  /** Refuse the next stream open with an HTTP error (not retried by the SDK). */
  rejectNextOpen(rejection: OpenRejection): void {
    this.#rejections.push(rejection);
  }

  /**
   * A regional throttle: refuse every stream open for `ms` with HTTP 429 ThrottlingException, the
   * status and error type Bedrock answers InvokeModelWithBidirectionalStream with when throttled.
   */
  throttleOpensFor(ms: number): void {
    this.#throttleUntil = Date.now() + ms;
  }

  /** Raise an exception on a live stream now. */
  raise(record: FakeStreamRecord, type: StreamExceptionType, message = `injected ${type}`): void {
    this.#live.get(record)?.raise(type, message);
  }

  /** End a live stream now without completionEnd. */
  endSilently(record: FakeStreamRecord): void {
    this.#live.get(record)?.endSilently();
  }

  /** Resolves once `count` streams have been opened. */
  async waitForStreams(count: number): Promise<void> {
    while (this.streams.length < count) await new Promise<void>((resolve) => this.#waiters.push(resolve));
  }

  async close(): Promise<void> {
    for (const live of this.#live.values()) live.endSilently();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #route(stream: http2.ServerHttp2Stream, headers: http2.IncomingHttpHeaders): void {
    stream.on('error', () => undefined);
    const match = ROUTE.exec(String(headers[':path'] ?? ''));
    if (headers[':method'] !== 'POST' || !match?.[1])
      return this.#error(stream, 404, 'UnknownOperationException');
    if (!String(headers['authorization'] ?? '').startsWith('AWS4-HMAC-SHA256 ')) {
      return this.#error(stream, 403, 'MissingAuthenticationTokenException');
    }
    let signature: RequestSignature | undefined;
    if (this.#options.secretAccessKey !== undefined) {
      const verified = verifyRequest(headers, this.#options.secretAccessKey);
      if (typeof verified === 'string') return this.#error(stream, 403, 'InvalidSignatureException');
      signature = verified;
    }
    const modelId = decodeURIComponent(match[1]);
    if (match[2] === 'converse') return this.converse.handle(stream, modelId);
    this.openAttempts.push(Date.now());
    if (Date.now() < this.#throttleUntil) return this.#error(stream, 429, 'ThrottlingException');
    const rejection = this.#rejections.shift();
    if (rejection) return this.#error(stream, rejection.status, rejection.errorType);
    if (this.#live.size >= this.#options.maxConcurrentStreams)
      return this.#error(stream, 429, 'ThrottlingException');
    const live = new FakeSonicStream(stream, {
      modelId,
      script: (system) => this.#scriptFor(system),
      options: this.#options,
      signature,
      onClose: () => this.#live.delete(live.record),
      choices: this.#choices,
      historyRace: () => this.#historyRaces > 0 && this.#historyRaces-- > 0,
    });
    this.#live.set(live.record, live);
    this.streams.push(live.record);
    for (const wake of this.#waiters.splice(0)) wake();
  }

  #error(stream: http2.ServerHttp2Stream, status: number, errorType: string): void {
    stream.respond({ ':status': status, 'content-type': 'application/json', 'x-amzn-errortype': errorType });
    stream.end(JSON.stringify({ message: `fake ${errorType}` }));
  }
}
