/**
 * The voice console's conversation: one Nova Sonic session fed a WAV at real-time pace, then
 * silence until the reply is complete. Prints one line per final transcript and returns the reply
 * audio and token usage. Tools are injected, so the order tools can be wired for `--as`.
 */
import type { Logger } from '../log.ts';
import type { ToolSpec } from '../bedrock/sonic/events-in.ts';
import type { TokenUsage } from '../bedrock/sonic/events-out.ts';
import { SonicSession } from '../bedrock/sonic/session.ts';
import type { SonicSessionOptions, ToolHandler } from '../bedrock/sonic/session-options.ts';
import type { SonicStreamFactory } from '../bedrock/sonic/stream.ts';
import { RealtimePacer } from './talk-audio.ts';

export interface TalkRunOptions {
  readonly input16k: Int16Array;
  readonly streamFactory: SonicStreamFactory;
  readonly log: Logger;
  readonly session: Pick<SonicSessionOptions, 'voiceId' | 'inference' | 'rotateMs'>;
  readonly systemPrompt: string;
  readonly tools?: readonly ToolSpec[];
  readonly toolHandler?: ToolHandler;
  /** Called with `USER: …` / `ASSISTANT: …` lines. */
  readonly print: (line: string) => void;
  /** Quiet time after the last reply before the conversation counts as finished. */
  readonly settleMs?: number;
  /** Give up when no reply completes this long after the input ended. */
  readonly replyTimeoutMs?: number;
}

export interface TalkResult {
  readonly reply24k: Int16Array[];
  readonly usage: TokenUsage;
  readonly turns: number;
}

/** Runs the conversation; rejects on a fatal session error or when no reply comes. */
export async function runTalk(o: TalkRunOptions): Promise<TalkResult> {
  const session = new SonicSession({
    ...o.session,
    streamFactory: o.streamFactory,
    log: o.log,
    systemPrompt: o.systemPrompt,
    ...(o.tools ? { tools: o.tools } : {}),
    ...(o.toolHandler ? { toolHandler: o.toolHandler } : {}),
  });
  const reply: Int16Array[] = [];
  let turns = 0;
  let pendingUser = false;
  let lastActivity = Date.now();
  const touch = () => (lastActivity = Date.now());
  session.on('userTranscript', (text) => {
    touch();
    pendingUser = true;
    o.print(`USER: ${text}`);
  });
  session.on('replyText', touch);
  // Once per reply: its FINAL text, or the SPECULATIVE preview when FINAL never came.
  session.on('assistantLine', (reply) => {
    touch();
    o.print(`ASSISTANT: ${reply.text}`);
  });
  session.on('assistantAudio', (samples) => {
    touch();
    reply.push(samples);
  });
  session.on('replyEnded', () => {
    touch();
    pendingUser = false;
    turns++;
  });
  const pacer = new RealtimePacer(o.input16k, (frame) => session.pushAudio(frame));
  pacer.start();
  try {
    await waitForReply(session, () => ({ done: pacer.inputDone, turns, pendingUser, lastActivity }), o);
  } finally {
    pacer.stop();
    await session.close();
  }
  return { reply24k: reply, usage: session.usage, turns };
}

interface Progress {
  readonly done: boolean;
  readonly turns: number;
  readonly pendingUser: boolean;
  readonly lastActivity: number;
}

function waitForReply(session: SonicSession, progress: () => Progress, o: TalkRunOptions): Promise<void> {
  const settleMs = o.settleMs ?? 1500;
  const timeoutMs = o.replyTimeoutMs ?? 30_000;
  return new Promise<void>((resolve, reject) => {
    let inputEndedAt: number | undefined;
    const finish = (error?: Error) => {
      clearInterval(timer);
      session.off('failed', onFailed);
      if (error) reject(error);
      else resolve();
    };
    const onFailed = (error: Error) => finish(error);
    session.on('failed', onFailed);
    const timer = setInterval(() => {
      const p = progress();
      if (!p.done) return;
      inputEndedAt ??= Date.now();
      const quiet = Date.now() - Math.max(p.lastActivity, inputEndedAt);
      if (p.turns > 0 && !p.pendingUser && quiet >= settleMs) finish();
      else if (Date.now() - Math.max(p.lastActivity, inputEndedAt) > timeoutMs) {
        finish(
          new Error(
            p.turns > 0 || p.pendingUser
              ? 'the reply did not complete in time'
              : 'no reply: was anything said?',
          ),
        );
      }
    }, 50);
  });
}
