/**
 * The probe's scripted conversation: the same spoken question several times at real-time pace,
 * with silence between, and once spoken over the reply (a barge-in). The tool is offered and
 * answered with a fixed order status, so the model can call it. Every event is traced by the
 * stream factory; the caller analyses the trace afterwards.
 */
import type { Logger } from '../log.ts';
import type { ToolSpec } from '../bedrock/sonic/events-in.ts';
import { SonicSession } from '../bedrock/sonic/session.ts';
import type { SonicSessionOptions } from '../bedrock/sonic/session-options.ts';
import type { SonicStreamFactory } from '../bedrock/sonic/stream.ts';

export interface ProbeRunOptions {
  readonly question16k: Int16Array;
  readonly streamFactory: SonicStreamFactory;
  readonly log: Logger;
  readonly session: Pick<SonicSessionOptions, 'voiceId' | 'inference'>;
  readonly print: (line: string) => void;
  /** Wait at most this long for each reply. */
  readonly replyTimeoutMs?: number;
  /** Speak over the reply this long after its audio started. */
  readonly bargeInAfterMs?: number;
}

export const PROBE_TOOL: ToolSpec = {
  name: 'get_order_status',
  description: 'Look up the status of an order by its number.',
  inputSchema: {
    type: 'object',
    properties: { orderId: { type: 'string', description: 'The order number' } },
    required: ['orderId'],
  },
};

export const PROBE_PROMPT =
  'You are the help desk of a small shop. Keep answers short. When the customer asks about an ' +
  'order, call get_order_status with the order number before answering.';

const FRAME = 320; // 20 ms at 16 kHz
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Four utterances: a tool question, a question, the barge-in over its reply, and a last one. */
export async function runProbe(o: ProbeRunOptions): Promise<void> {
  const session = new SonicSession({
    ...o.session,
    streamFactory: o.streamFactory,
    log: o.log,
    systemPrompt: PROBE_PROMPT,
    tools: [PROBE_TOOL],
    toolHandler: (_name, input) =>
      Promise.resolve({
        orderId: (input as { orderId?: string } | null)?.orderId ?? 'unknown',
        status: 'shipped',
      }),
  });
  let replies = 0;
  let audioStarted = 0;
  let failed: Error | undefined;
  session.on('userTranscript', (t) => o.print(`USER: ${t}`));
  session.on('assistantLine', (r) => o.print(`ASSISTANT: ${r.text}${r.interrupted ? ' [interrupted]' : ''}`));
  session.on('replyStarted', () => (audioStarted = 0));
  session.on('assistantAudio', () => (audioStarted ||= Date.now()));
  session.on('replyEnded', () => replies++);
  session.on('toolUse', (c) => o.print(`TOOL: ${c.name} ${JSON.stringify(c.input)}`));
  session.on('failed', (e) => (failed = e));
  let speaking: Int16Array[] = [];
  const clock = setInterval(() => session.pushAudio(speaking.shift() ?? new Int16Array(FRAME)), 20);
  const say = () => {
    for (let i = 0; i < o.question16k.length; i += FRAME) {
      const frame = new Int16Array(FRAME);
      frame.set(o.question16k.subarray(i, i + FRAME));
      speaking.push(frame);
    }
  };
  const timeout = o.replyTimeoutMs ?? 30_000;
  const waitFor = async (check: () => boolean, what: string) => {
    const deadline = Date.now() + timeout;
    while (!check()) {
      if (failed) throw failed;
      if (Date.now() > deadline) throw new Error(`no ${what} within ${timeout} ms`);
      await sleep(20);
    }
  };
  try {
    for (let turn = 1; turn <= 3; turn++) {
      const before = replies;
      say();
      if (turn === 2) {
        // Speak over this reply once it is audible.
        await waitFor(() => audioStarted > 0 && speaking.length === 0, 'reply audio');
        await sleep(o.bargeInAfterMs ?? 600);
        say();
        await waitFor(() => speaking.length === 0, 'the barge-in speech');
      }
      await waitFor(() => replies > before + (turn === 2 ? 1 : 0), `reply ${turn}`);
      await sleep(3_500); // time for late FINAL text, and a pause between turns
    }
  } finally {
    speaking = [];
    clearInterval(clock);
    await session.close();
  }
}
