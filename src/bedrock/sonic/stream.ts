/**
 * One Nova Sonic bidirectional stream on the real SDK: input written through a queue that works
 * before `send()` resolves, output parsed into typed events, a clean shutdown, and exactly one
 * `onClose` — undefined after our own sessionEnd, a classified SonicError otherwise (a response
 * that just ends without our sessionEnd is a failure: the SDK reports resets and timeouts that way).
 */
import {
  InvokeModelWithBidirectionalStreamCommand,
  type BedrockRuntimeClient,
} from '@aws-sdk/client-bedrock-runtime';
import type { Logger } from '../../log.ts';
import { classifySonicError, SonicError } from './errors.ts';
import { contentEnd, promptEnd, sessionEnd, type SonicInputEvent } from './events-in.ts';
import { parseOutputBytes, parseOutputEvent, type SonicOutputEvent } from './events-out.ts';
import { InputQueue } from './input-queue.ts';
import type { TraceHook } from './trace.ts';

export interface SonicStreamHandlers {
  onEvent(event: SonicOutputEvent): void;
  /** Called once: `undefined` after a clean close, the failure otherwise. */
  onClose(error: SonicError | undefined): void;
}

/** The seam a session depends on; tests and the benchmark get it from `createSdkStreamFactory`. */
export interface SonicStream {
  /** Queue one input event. Throws after close. */
  write(event: SonicInputEvent): void;
  /** contentEnd for open content, promptEnd, sessionEnd, end of input; resolves when the stream is closed. */
  close(): Promise<void>;
  /** Stop at once without the closing events (the stream is already unusable). */
  abort(): void;
  /**
   * Resolves when the service's response arrived (the SDK's `send()` resolved, i.e. its first
   * output event came): setup was processed. Never rejects; a failure goes to `onClose`.
   */
  readonly opened?: Promise<void>;
}

export type SonicStreamFactory = ((handlers: SonicStreamHandlers) => SonicStream) & {
  /** When the credentials streams are signed with expire (temporary credentials), if known. */
  readonly credentialExpiry?: () => Promise<Date | undefined>;
};

export interface SdkStreamOptions {
  readonly modelId: string;
  readonly log: Logger;
  /** How long `close()` waits for the service to end the response before aborting. */
  readonly closeTimeoutMs?: number;
  /** Record every event both ways (one hook per stream), e.g. `TraceWriter.hook`. */
  readonly trace?: () => TraceHook;
}

/** A factory opening streams on `client`; each call opens one stream. */
export function createSdkStreamFactory(
  client: BedrockRuntimeClient,
  options: SdkStreamOptions,
): SonicStreamFactory {
  const factory = (handlers: SonicStreamHandlers) => new SdkSonicStream(client, options, handlers);
  return Object.assign(factory, {
    // The signing stream captures credentials once at its start (reference P14): a session must
    // move to a new stream before they expire.
    credentialExpiry: async (): Promise<Date | undefined> => {
      try {
        const provider = client.config.credentials as unknown as () => Promise<{ expiration?: Date }>;
        const identity = await provider();
        return identity.expiration instanceof Date ? identity.expiration : undefined;
      } catch {
        return undefined;
      }
    },
  });
}

class SdkSonicStream implements SonicStream {
  readonly #queue = new InputQueue();
  readonly #abort = new AbortController();
  readonly #handlers: SonicStreamHandlers;
  readonly #log: Logger;
  readonly #closeTimeoutMs: number;
  readonly #trace: TraceHook | undefined;
  readonly #openContents = new Set<string>();
  #promptName: string | undefined;
  #sessionEndSent = false;
  #closed = false;
  readonly #done: Promise<void>;
  #markOpened: () => void = () => undefined;
  readonly opened = new Promise<void>((resolve) => (this.#markOpened = resolve));

  constructor(client: BedrockRuntimeClient, options: SdkStreamOptions, handlers: SonicStreamHandlers) {
    this.#handlers = handlers;
    this.#log = options.log;
    this.#closeTimeoutMs = options.closeTimeoutMs ?? 3000;
    this.#trace = options.trace?.();
    this.#done = this.#run(client, options.modelId);
  }

  write(event: SonicInputEvent): void {
    if (this.#queue.ended) throw new SonicError('aborted', 'write after the stream input ended');
    this.#track(event);
    this.#trace?.('in', event);
    this.#queue.push(Buffer.from(JSON.stringify(event)));
  }

  async close(): Promise<void> {
    if (!this.#queue.ended && !this.#closed) {
      const prompt = this.#promptName;
      if (prompt !== undefined) {
        for (const name of [...this.#openContents].reverse()) this.write(contentEnd(prompt, name));
        this.write(promptEnd(prompt));
      }
      this.write(sessionEnd());
      this.#queue.end();
    }
    const timer = setTimeout(() => this.#abort.abort(), this.#closeTimeoutMs);
    await this.#done;
    clearTimeout(timer);
  }

  abort(): void {
    if (!this.#queue.ended) this.#queue.end();
    this.#abort.abort();
  }

  #track(event: SonicInputEvent): void {
    const [name, body] = Object.entries(event.event)[0] ?? [];
    const b = body as { promptName?: string; contentName?: string } | undefined;
    if (name === 'promptStart') this.#promptName = b?.promptName;
    else if (name === 'contentStart' && b?.contentName) this.#openContents.add(b.contentName);
    else if (name === 'contentEnd' && b?.contentName) this.#openContents.delete(b.contentName);
    else if (name === 'promptEnd') this.#promptName = undefined;
    else if (name === 'sessionEnd') this.#sessionEndSent = true;
  }

  async #run(client: BedrockRuntimeClient, modelId: string): Promise<void> {
    let failure: SonicError | undefined;
    try {
      const command = new InvokeModelWithBidirectionalStreamCommand({ modelId, body: this.#queue });
      const response = await client.send(command, { abortSignal: this.#abort.signal });
      this.#markOpened();
      for await (const part of response.body ?? []) {
        const bytes = part.chunk?.bytes;
        if (!bytes) continue;
        const event = this.#trace ? this.#traced(bytes) : parseOutputBytes(bytes);
        if (event.type === 'unknown') this.#log.debug({ event: event.name }, 'ignored unknown sonic event');
        else this.#deliver(event);
      }
      if (!this.#sessionEndSent)
        failure = new SonicError('streamEnded', 'the stream ended without our sessionEnd');
    } catch (err) {
      const error = classifySonicError(err);
      const weStopped = this.#abort.signal.aborted && (this.#sessionEndSent || error.code === 'aborted');
      failure = weStopped ? undefined : error;
    }
    this.#finish(failure);
  }

  #traced(bytes: Uint8Array): SonicOutputEvent {
    try {
      const json: unknown = JSON.parse(Buffer.from(bytes).toString('utf8'));
      this.#trace?.('out', json);
      return parseOutputEvent(json);
    } catch {
      return { type: 'unknown', name: '(invalid json)' };
    }
  }

  /** A throwing listener is a bug in its owner; it must not take the stream down with it. */
  #deliver(event: SonicOutputEvent): void {
    try {
      this.#handlers.onEvent(event);
    } catch (err) {
      this.#log.error({ err, event: event.type }, 'sonic event handler threw');
    }
  }

  #finish(error: SonicError | undefined): void {
    if (this.#closed) return;
    this.#closed = true;
    if (!this.#queue.ended) this.#queue.end();
    this.#handlers.onClose(error);
  }
}
