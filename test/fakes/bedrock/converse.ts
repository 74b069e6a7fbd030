/**
 * `POST /model/{id}/converse` on the fake: scripted replies or failures per model id, and a record
 * of every request body, for the call-summary code.
 */
import type { ServerHttp2Stream } from 'node:http2';
import { randomUUID } from 'node:crypto';

export type ConverseReply =
  | { readonly text: string; readonly stopReason?: string }
  /** An HTTP error as the service sends it, e.g. `{ status: 429, errorType: 'ThrottlingException' }`. */
  | { readonly status: number; readonly errorType: string; readonly message?: string }
  /** Never answer (the client's timeout or abort ends it). */
  | { readonly hang: true };

export interface ConverseRequest {
  readonly modelId: string;
  readonly body: unknown;
}

export class FakeConverse {
  readonly requests: ConverseRequest[] = [];
  readonly #replies = new Map<string, ConverseReply[]>();
  readonly #noToolChoice = new Set<string>();

  /**
   * Models that do not support `toolConfig.toolChoice` (Bedrock: only some models accept `any` /
   * `tool`): a request carrying it gets the service's ValidationException.
   */
  rejectToolChoice(modelId: string): void {
    this.#noToolChoice.add(modelId);
  }

  /** Queue replies for a model id; each request takes the next, the last one repeats. */
  reply(modelId: string, ...replies: ConverseReply[]): void {
    this.#replies.set(modelId, [...(this.#replies.get(modelId) ?? []), ...replies]);
  }

  #next(modelId: string): ConverseReply {
    const queue = this.#replies.get(modelId) ?? [];
    const reply = queue.length > 1 ? queue.shift() : queue[0];
    return reply ?? { text: 'Summary: nothing to report.' };
  }

  handle(stream: ServerHttp2Stream, modelId: string): void {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('error', () => undefined);
    stream.on('end', () => {
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        body = undefined;
      }
      this.requests.push({ modelId, body });
      const toolChoice = (body as { toolConfig?: { toolChoice?: unknown } } | undefined)?.toolConfig
        ?.toolChoice;
      if (toolChoice !== undefined && this.#noToolChoice.has(modelId)) {
        const message = `This model doesn't support the toolConfig.toolChoice.${Object.keys(toolChoice as object)[0] ?? 'any'} field. Remove toolConfig.toolChoice and try again.`;
        this.#answer(stream, { status: 400, errorType: 'ValidationException', message }, body);
        return;
      }
      this.#answer(stream, this.#next(modelId), body);
    });
  }

  #answer(stream: ServerHttp2Stream, reply: ConverseReply, body: unknown): void {
    if ('hang' in reply) return;
    const headers = { 'content-type': 'application/json', 'x-amzn-requestid': randomUUID() };
    if ('status' in reply) {
      stream.respond({
        ...headers,
        ':status': reply.status,
        'x-amzn-errortype': `${reply.errorType}:http://internal.amazon.com/coral/com.amazon.bedrock/`,
      });
      stream.end(JSON.stringify({ message: reply.message ?? `fake ${reply.errorType}` }));
      return;
    }
    const inputTokens = Math.ceil(JSON.stringify(body ?? '').length / 4);
    const outputTokens = Math.ceil(reply.text.length / 4);
    stream.respond({ ...headers, ':status': 200 });
    stream.end(
      JSON.stringify({
        output: { message: { role: 'assistant', content: [{ text: reply.text }] } },
        stopReason: reply.stopReason ?? 'end_turn',
        usage: { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens },
        metrics: { latencyMs: 1 },
      }),
    );
  }
}
