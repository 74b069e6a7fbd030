/**
 * Runs the model's tool calls through the injected handler, several at once (Nova 2 tools are
 * asynchronous), and turns every outcome into a JSON object string the model can read. Calls belong to the
 * stream that asked; when that stream is retired their results are dropped.
 */
import type { Logger } from '../../log.ts';
import type { SonicLeg } from './leg.ts';
import type { ToolHandler } from './session-options.ts';
import type { ToolCall } from './turn-tracker.ts';

export class ToolRunner {
  readonly #handler: ToolHandler | undefined;
  readonly #log: Logger;
  readonly #running = new Map<string, { leg: SonicLeg; abort: AbortController }>();

  constructor(handler: ToolHandler | undefined, log: Logger) {
    this.#handler = handler;
    this.#log = log;
  }

  run(leg: SonicLeg, call: ToolCall, deliver: (content: string) => void): void {
    const abort = new AbortController();
    this.#running.set(call.toolUseId, { leg, abort });
    void this.#execute(call, abort.signal).then((content) => {
      const entry = this.#running.get(call.toolUseId);
      this.#running.delete(call.toolUseId);
      if (entry && !abort.signal.aborted) deliver(content);
    });
  }

  async #execute(call: ToolCall, signal: AbortSignal): Promise<string> {
    if (!this.#handler) return JSON.stringify({ error: 'No tools are available.' });
    const started = Date.now();
    try {
      const result = await this.#handler(call.name, call.input, signal);
      this.#log.debug({ tool: call.name, ms: Date.now() - started }, 'tool call finished');
      return JSON.stringify(asObject(result));
    } catch (err) {
      this.#log.warn({ err, tool: call.name }, 'tool call failed');
      return JSON.stringify({ error: 'The tool failed. Apologise and offer to try again later.' });
    }
  }

  /** The stream that asked is gone: its results can no longer be delivered. */
  forgetLeg(leg: SonicLeg): void {
    for (const [id, entry] of this.#running) {
      if (entry.leg !== leg) continue;
      entry.abort.abort();
      this.#running.delete(id);
    }
  }

  abortAll(): void {
    for (const entry of this.#running.values()) entry.abort.abort();
    this.#running.clear();
  }
}

/**
 * Nova Sonic parses `toolResult.content` as a JSON object; anything else (a string, a number, an
 * array, nothing) fails the stream with "Tool Response parsing error". Wrap it as `{"result": …}`.
 */
export function asObject(result: unknown): Record<string, unknown> {
  if (typeof result === 'object' && result !== null && !Array.isArray(result))
    return result as Record<string, unknown>;
  return { result: result ?? null };
}
