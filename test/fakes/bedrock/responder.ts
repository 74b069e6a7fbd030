/**
 * The fake model's turn engine: answers an utterance (or interactive text) with USER transcript,
 * tool calls, SPECULATIVE text, 24 kHz audio faster than real time, FINAL text and usage, and the
 * barge-in sequence when speech arrives during playback — shaped by the realism profile
 * (realism.ts): `observed` (one completion per stream, reply ends at AUDIO END_TURN, FINAL late or
 * missing, split ASR, many usage events) or `documented` (a completion around every turn).
 */
import { randomUUID } from 'node:crypto';
import type { ResolvedFakeOptions } from './options.ts';
import type { SeededChoices } from './realism.ts';
import type { FakeScript, FakeTurn } from './script.ts';
import type { StreamExceptionType } from './wire.ts';

/** How the responder talks to its stream. */
export interface ResponderOutput {
  send(name: string, body: Record<string, unknown>): void;
  raise(type: StreamExceptionType, message: string): void;
  endSilently(): void;
  /** A turn was answered completely. */
  turnDone(): void;
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
  readonly #choices: SeededChoices;
  readonly #observed: boolean;
  /** Observed profile: the one completion of the stream. */
  #completionId: string | undefined;
  /** Observed profile: the last reply, until its FINAL text went out (late, or on a barge-in). */
  #pendingFinal:
    | { ids: object; text: string; startedAt: number; audioMs: number; timer: NodeJS.Timeout | undefined }
    | undefined;
  /** Tool use ids the stream should accept results for. */
  readonly onToolUse: (toolUseId: string) => void;

  constructor(
    out: ResponderOutput,
    script: () => FakeScript,
    options: ResolvedFakeOptions,
    onToolUse: (id: string) => void,
    choices: SeededChoices,
  ) {
    this.#out = out;
    this.#script = script;
    this.#options = options;
    this.onToolUse = onToolUse;
    this.#choices = choices;
    this.#observed = options.realism.profile === 'observed';
  }

  /** Speech began: a barge-in if assistant audio is still playing. */
  speechStarted(): void {
    if (Date.now() >= this.#playingUntil) return;
    if (this.#busy) this.#bargedIn = true;
    const pending = this.#pendingFinal;
    if (this.#observed && pending) {
      // The reply's audio already ended END_TURN; the barge-in shows as FINAL TEXT INTERRUPTED.
      clearTimeout(pending.timer);
      this.#pendingFinal = undefined;
      const played = Math.min(1, (Date.now() - pending.startedAt) / pending.audioMs);
      this.#text(pending.ids, 'ASSISTANT', 'FINAL', truncate(pending.text, played), 'INTERRUPTED');
    }
  }

  /** Observed profile: the service sends setup usage once the system prompt is processed. */
  systemPromptProcessed(): void {
    this.#usage({}, usage(0, 20, 0, 0));
  }

  /** The client's promptEnd: the observed service sends its one completionEnd only now. */
  promptEnded(): void {
    this.#flushFinal();
    if (this.#observed && this.#completionId)
      this.#out.send('completionEnd', { completionId: this.#completionId, stopReason: 'END_TURN' });
  }

  /** The stream is over: no late FINAL after it. */
  stop(): void {
    clearTimeout(this.#pendingFinal?.timer);
    this.#pendingFinal = undefined;
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
    if (this.#observed) return this.#observedTurn(turn, speechMs, typed);
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
    this.#out.turnDone();
  }

  /** Sequence A/B/C as observed: no per-turn completion, the reply ends at AUDIO END_TURN. */
  async #observedTurn(turn: FakeTurn, speechMs: number, typed: string | undefined): Promise<void> {
    const out = this.#out;
    this.#flushFinal();
    if (!this.#completionId) {
      this.#completionId = randomUUID();
      out.send('completionStart', { completionId: this.#completionId });
    }
    const ids = { completionId: this.#completionId };
    this.#bargedIn = false;
    const parts = this.#usageParts(turn, speechMs);
    if (typed === undefined) {
      const words = turn.user.split(' ');
      const split =
        turn.splitAsr ?? (words.length >= 3 && this.#choices.chance(this.#options.realism.asrSplitRate));
      if (split) {
        const half = Math.ceil(words.length / 2);
        this.#text(ids, 'USER', 'FINAL', words.slice(0, half).join(' '), 'PARTIAL_TURN');
        this.#usage(ids, parts.shift());
        this.#text(ids, 'USER', 'FINAL', words.slice(half).join(' '), 'PARTIAL_TURN');
      } else this.#text(ids, 'USER', 'FINAL', turn.user, 'PARTIAL_TURN');
    }
    this.#usage(ids, parts.shift());
    if (this.#fail(turn, 'transcript')) return;
    for (const call of turn.tools ?? []) {
      const ok = await this.#tool(ids, call.name, call.input, call.check, call.doubleEncode);
      if (!ok || !out.open) return;
    }
    this.#text(ids, 'ASSISTANT', 'SPECULATIVE', turn.reply, 'PARTIAL_TURN');
    this.#usage(ids, parts.shift());
    const audio = await this.#observedAudio(ids, turn, parts);
    if (!audio) return;
    for (const rest of parts.splice(0)) this.#usage(ids, rest);
    this.#script().complete();
    this.#out.turnDone();
    if (this.#bargedIn) {
      // Speech arrived while the audio was still being generated.
      const played = Math.min(1, (Date.now() - audio.startedAt) / audio.audioMs);
      this.#text(ids, 'ASSISTANT', 'FINAL', truncate(turn.reply, played), 'INTERRUPTED');
      return;
    }
    const final = turn.final ?? this.#finalChoice();
    const pending = {
      ids,
      text: turn.reply,
      startedAt: audio.startedAt,
      audioMs: audio.audioMs,
      timer: undefined as NodeJS.Timeout | undefined,
    };
    this.#pendingFinal = pending;
    if (final === 'missing') return;
    pending.timer = setTimeout(() => {
      if (this.#pendingFinal !== pending) return;
      this.#pendingFinal = undefined;
      if (out.open) this.#text(ids, 'ASSISTANT', 'FINAL', turn.reply, 'END_TURN');
    }, final);
  }

  #finalChoice(): number | 'missing' {
    const r = this.#options.realism;
    if (this.#choices.chance(r.finalMissingRate)) return 'missing';
    return this.#choices.between(r.finalDelayMs[0], r.finalDelayMs[1]);
  }

  /** A late FINAL still pending when the next turn starts is sent now (the service is in order). */
  #flushFinal(): void {
    const pending = this.#pendingFinal;
    if (!pending) return;
    clearTimeout(pending.timer);
    this.#pendingFinal = undefined;
    // A reply whose FINAL was chosen missing keeps it missing: only a scheduled one is flushed.
    if (pending.timer) this.#text(pending.ids, 'ASSISTANT', 'FINAL', pending.text, 'END_TURN');
  }

  /** The turn's usage split over several events; the deltas sum to the documented profile's one event. */
  #usageParts(turn: FakeTurn, speechMs: number): ReturnType<typeof usage>[] {
    const n = Math.max(1, this.#options.realism.usageEventsPerTurn);
    const outSpeech = Math.round(((turn.replyAudioMs ?? 0) / 1000) * 20);
    const whole = [
      Math.round((speechMs / 1000) * 25),
      Math.ceil(turn.user.length / 4),
      outSpeech,
      Math.ceil(turn.reply.length / 4),
    ];
    return Array.from({ length: n }, (_, i) => {
      const share = (v: number) => Math.floor((v * (i + 1)) / n) - Math.floor((v * i) / n);
      return usage(share(whole[0] ?? 0), share(whole[1] ?? 0), share(whole[2] ?? 0), share(whole[3] ?? 0));
    });
  }

  /** Opens the reply's AUDIO block and marks the reply as playing for its length. */
  #startAudio(ids: object, turn: FakeTurn) {
    const contentId = randomUUID();
    const audioMs = turn.replyAudioMs ?? Math.max(200, turn.reply.length * 40);
    const total = Math.round((audioMs / 1000) * 24_000);
    const chunk = this.#options.outputChunkSamples;
    this.#out.send('contentStart', {
      ...ids,
      contentId,
      type: 'AUDIO',
      role: 'ASSISTANT',
      audioOutputConfiguration: { mediaType: 'audio/lpcm', sampleRateHertz: 24000 },
    });
    const startedAt = Date.now();
    this.#playingUntil = startedAt + audioMs;
    return { contentId, audioMs, total, chunk, startedAt };
  }

  /** Audio generated faster than real time; the block ends END_TURN as soon as generation is done. */
  async #observedAudio(
    ids: object,
    turn: FakeTurn,
    parts: ReturnType<typeof usage>[],
  ): Promise<{ startedAt: number; audioMs: number } | undefined> {
    const out = this.#out;
    const { contentId, audioMs, total, chunk, startedAt } = this.#startAudio(ids, turn);
    let sentChunks = 0;
    for (let sent = 0; sent < total && !this.#bargedIn; sent += chunk) {
      if (sent >= total / 2 && this.#fail(turn, 'audio')) return undefined;
      out.send('audioOutput', { ...ids, contentId, content: tone(Math.min(chunk, total - sent), sent) });
      if (++sentChunks % 3 === 0 && parts.length > 1) this.#usage(ids, parts.shift());
      await sleep(this.#options.outputIntervalMs);
      if (!out.open) return undefined;
    }
    out.send('contentEnd', { ...ids, contentId, type: 'AUDIO', stopReason: 'END_TURN' });
    return { startedAt, audioMs };
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
    doubleEncode?: boolean,
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
    const twice =
      doubleEncode ?? (this.#observed && this.#choices.chance(this.#options.realism.doubleEncodeRate));
    const content = twice ? JSON.stringify(JSON.stringify(input)) : JSON.stringify(input);
    out.send('toolUse', { ...ids, contentId, toolName: name, toolUseId, content });
    out.send('contentEnd', { ...ids, contentId, type: 'TOOL', stopReason: 'TOOL_USE' });
    const resultContent = await result;
    this.#toolWaiters.delete(toolUseId);
    let ok: boolean;
    try {
      // The content must be a JSON object (LiveKit, AWS samples); prose or a bare value fails the stream.
      const parsed: unknown = JSON.parse(resultContent);
      ok = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
      ok &&= check ? check(resultContent) : true;
    } catch {
      ok = false;
    }
    if (!ok) out.raise('validationException', 'Tool Response parsing error');
    return ok;
  }

  /** Streams the reply audio; resolves with the fraction played before a barge-in, or undefined on failure. */
  async #audio(ids: object, turn: FakeTurn): Promise<number | undefined> {
    const out = this.#out;
    const { contentId, audioMs, total, chunk, startedAt: started } = this.#startAudio(ids, turn);
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

  #usage(ids: object, delta: ReturnType<typeof usage> | undefined): void {
    if (!delta) return;
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

/** What was spoken of `text` when `fraction` of its audio played (whole words). */
function truncate(text: string, fraction: number): string {
  return (
    text
      .slice(0, Math.floor(text.length * fraction))
      .replace(/\s*\S*$/, '')
      .trim() ||
    text.split(' ')[0] ||
    ''
  );
}

/** A 440 Hz tone at 24 kHz, base64 LPCM; `offset` keeps the phase continuous across chunks. */
function tone(samples: number, offset: number): string {
  const pcm = new Int16Array(samples);
  for (let i = 0; i < samples; i++)
    pcm[i] = Math.round(8000 * Math.sin((2 * Math.PI * 440 * (offset + i)) / 24_000));
  return Buffer.from(pcm.buffer).toString('base64');
}
