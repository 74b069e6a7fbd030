/**
 * The fake model's turn engine: answers an utterance (or interactive text) with the documented
 * sequences — USER transcript, tool calls, SPECULATIVE text, 24 kHz audio faster than real time,
 * FINAL text, usage, completionEnd — and the barge-in sequence when speech arrives during playback.
 */
import { randomUUID } from 'node:crypto';
import type { ResolvedFakeOptions } from './options.ts';
import type { FakeScript, FakeTurn } from './script.ts';
import type { StreamExceptionType } from './wire.ts';

/** How the responder talks to its stream. */
export interface ResponderOutput {
  send(name: string, body: Record<string, unknown>): void;
  raise(type: StreamExceptionType, message: string): void;
  endSilently(): void;
  readonly open: boolean;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const BARGE_IN = '{ "interrupted" : true }';
const usage = (inSpeech: number, inText: number, outSpeech: number, outText: number) => ({
  input: { speechTokens: inSpeech, textTokens: inText },
  output: { speechTokens: outSpeech, textTokens: outText },
});

export class Responder {
  readonly #out: ResponderOutput;
  /** The script for this stream, chosen once its system prompt is known. */
  readonly #script: () => FakeScript;
  readonly #options: ResolvedFakeOptions;
  #busy = false;
  #queue: { speechMs: number; typed: string | undefined }[] = [];
  #playingUntil = 0;
  #bargedIn = false;
  #toolWaiters = new Map<string, (content: string) => void>();
  #total = usage(0, 0, 0, 0);
  /** Tool use ids the stream should accept results for. */
  readonly onToolUse: (toolUseId: string) => void;

  constructor(
    out: ResponderOutput,
    script: () => FakeScript,
    options: ResolvedFakeOptions,
    onToolUse: (id: string) => void,
  ) {
    this.#out = out;
    this.#script = script;
    this.#options = options;
    this.onToolUse = onToolUse;
  }

  /** Speech began: a barge-in if assistant audio is still playing. */
  speechStarted(): void {
    if (this.#busy && Date.now() < this.#playingUntil) this.#bargedIn = true;
  }

  utterance(speechMs: number): void {
    this.#enqueue({ speechMs, typed: undefined });
  }

  /** An interactive USER text block (cross-modal input) asks for a reply like an utterance. */
  typed(text: string): void {
    this.#enqueue({ speechMs: 0, typed: text });
  }

  toolResult(toolUseId: string, content: string): void {
    this.#toolWaiters.get(toolUseId)?.(content);
  }

  #enqueue(item: { speechMs: number; typed: string | undefined }): void {
    this.#queue.push(item);
    if (!this.#busy) void this.#drain();
  }

  async #drain(): Promise<void> {
    this.#busy = true;
    try {
      for (let item = this.#queue.shift(); item && this.#out.open; item = this.#queue.shift()) {
        await this.#turn(this.#script().current(), item.speechMs, item.typed);
      }
    } finally {
      this.#busy = false;
    }
  }

  async #turn(turn: FakeTurn, speechMs: number, typed: string | undefined): Promise<void> {
    const out = this.#out;
    const completionId = randomUUID();
    const ids = { completionId };
    this.#bargedIn = false;
    out.send('completionStart', ids);
    if (typed === undefined) this.#text(ids, 'USER', 'FINAL', turn.user, 'PARTIAL_TURN');
    if (this.#fail(turn, 'transcript')) return;
    for (const call of turn.tools ?? []) {
      const ok = await this.#tool(ids, call.name, call.input, call.check);
      if (!ok || !out.open) return;
    }
    this.#text(ids, 'ASSISTANT', 'SPECULATIVE', turn.reply, 'PARTIAL_TURN');
    const playedFraction = await this.#audio(ids, turn);
    if (playedFraction === undefined) return;
    const interrupted = playedFraction < 1;
    const spoken = interrupted
      ? turn.reply.slice(0, Math.floor(turn.reply.length * playedFraction))
      : turn.reply;
    this.#text(ids, 'ASSISTANT', 'FINAL', spoken, interrupted ? 'INTERRUPTED' : 'END_TURN');
    const outSpeech = Math.round(((turn.replyAudioMs ?? 0) / 1000) * 20);
    this.#usage(
      ids,
      usage(
        Math.round((speechMs / 1000) * 25),
        Math.ceil(turn.user.length / 4),
        outSpeech,
        Math.ceil(turn.reply.length / 4),
      ),
    );
    out.send('completionEnd', { ...ids, stopReason: interrupted ? 'INTERRUPTED' : 'END_TURN' });
    this.#script().complete();
  }

  #fail(turn: FakeTurn, at: 'transcript' | 'audio'): boolean {
    void turn;
    const fail = this.#script().takeFailure(at);
    if (!fail) return false;
    if (fail.exception) this.#out.raise(fail.exception, fail.message ?? `injected ${fail.exception}`);
    else this.#out.endSilently();
    return true;
  }

  #text(ids: object, role: string, stage: string, text: string, stopReason: string): void {
    const contentId = randomUUID();
    this.#out.send('contentStart', {
      ...ids,
      contentId,
      type: 'TEXT',
      role,
      additionalModelFields: JSON.stringify({ generationStage: stage }),
      textOutputConfiguration: { mediaType: 'text/plain' },
    });
    this.#out.send('textOutput', { ...ids, contentId, content: text, role });
    this.#out.send('contentEnd', { ...ids, contentId, type: 'TEXT', stopReason });
  }

  async #tool(
    ids: object,
    name: string,
    input: unknown,
    check?: (content: string) => boolean,
  ): Promise<boolean> {
    const contentId = randomUUID();
    const toolUseId = randomUUID();
    const result = new Promise<string>((resolve) => this.#toolWaiters.set(toolUseId, resolve));
    this.onToolUse(toolUseId);
    const out = this.#out;
    out.send('contentStart', {
      ...ids,
      contentId,
      type: 'TOOL',
      role: 'TOOL',
      toolUseOutputConfiguration: { mediaType: 'application/json' },
    });
    out.send('toolUse', { ...ids, contentId, toolName: name, toolUseId, content: JSON.stringify(input) });
    out.send('contentEnd', { ...ids, contentId, type: 'TOOL', stopReason: 'TOOL_USE' });
    const content = await result;
    this.#toolWaiters.delete(toolUseId);
    let ok: boolean;
    try {
      JSON.parse(content);
      ok = check ? check(content) : true;
    } catch {
      ok = false;
    }
    if (!ok) out.raise('validationException', 'Tool Response parsing error');
    return ok;
  }

  /** Streams the reply audio; resolves with the fraction played before a barge-in, or undefined on failure. */
  async #audio(ids: object, turn: FakeTurn): Promise<number | undefined> {
    const out = this.#out;
    const contentId = randomUUID();
    const audioMs = turn.replyAudioMs ?? Math.max(200, turn.reply.length * 40);
    const total = Math.round((audioMs / 1000) * 24_000);
    const chunk = this.#options.outputChunkSamples;
    out.send('contentStart', {
      ...ids,
      contentId,
      type: 'AUDIO',
      role: 'ASSISTANT',
      audioOutputConfiguration: { mediaType: 'audio/lpcm', sampleRateHertz: 24000 },
    });
    const started = Date.now();
    this.#playingUntil = started + audioMs;
    for (let sent = 0; sent < total && !this.#bargedIn; sent += chunk) {
      if (sent >= total / 2 && this.#fail(turn, 'audio')) return undefined;
      out.send('audioOutput', { ...ids, contentId, content: tone(Math.min(chunk, total - sent), sent) });
      await sleep(this.#options.outputIntervalMs);
      if (!out.open) return undefined;
    }
    while (!this.#bargedIn && Date.now() < this.#playingUntil && out.open) await sleep(5);
    if (!out.open) return undefined;
    const played = Math.min(1, (Date.now() - started) / audioMs);
    this.#playingUntil = 0;
    if (this.#bargedIn) {
      out.send('textOutput', { ...ids, contentId: randomUUID(), content: BARGE_IN, role: 'ASSISTANT' });
      out.send('contentEnd', { ...ids, contentId, type: 'AUDIO', stopReason: 'INTERRUPTED' });
      return played;
    }
    out.send('contentEnd', { ...ids, contentId, type: 'AUDIO', stopReason: 'END_TURN' });
    return 1;
  }

  #usage(ids: object, delta: ReturnType<typeof usage>): void {
    const t = this.#total;
    this.#total = usage(
      t.input.speechTokens + delta.input.speechTokens,
      t.input.textTokens + delta.input.textTokens,
      t.output.speechTokens + delta.output.speechTokens,
      t.output.textTokens + delta.output.textTokens,
    );
    const sum = (u: typeof delta) =>
      u.input.speechTokens + u.input.textTokens + u.output.speechTokens + u.output.textTokens;
    this.#out.send('usageEvent', {
      ...ids,
      details: { delta, total: this.#total },
      totalTokens: sum(this.#total),
    });
  }
}

/** A 440 Hz tone at 24 kHz, base64 LPCM; `offset` keeps the phase continuous across chunks. */
function tone(samples: number, offset: number): string {
  const pcm = new Int16Array(samples);
  for (let i = 0; i < samples; i++)
    pcm[i] = Math.round(8000 * Math.sin((2 * Math.PI * 440 * (offset + i)) / 24_000));
  return Buffer.from(pcm.buffer).toString('base64');
}
