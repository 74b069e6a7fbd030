/**
 * One `invoke-with-bidirectional-stream` request on the fake: decodes the signed input, enforces
 * event order (violations raise validationException), runs the VAD and the turn engine, keeps the
 * no-input and stream-length timers, and records everything it received.
 */
import type { ServerHttp2Stream } from 'node:http2';
import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import { ENDPOINTING_MS, type ResolvedFakeOptions } from './options.ts';
import { InputOrder } from './order.ts';
import type { SeededChoices } from './realism.ts';
import { Responder } from './responder.ts';
import type { FakeScript } from './script.ts';
import { verifyChunk, type RequestSignature } from './sigv4.ts';
import { EnergyVad } from './vad.ts';
import {
  FrameSplitter,
  decodeInputFrame,
  encodeException,
  encodeOutputEvent,
  type Envelope,
  type StreamExceptionType,
} from './wire.ts';

export interface ReceivedEvent {
  readonly name: string;
  /** The event body; for audioInput the base64 content is replaced by `samples` (a count). */
  readonly body: Record<string, unknown>;
  readonly atMs: number;
}

export type StreamEnd =
  'open' | 'sessionEnd' | 'clientEnded' | 'clientReset' | 'silent' | `exception:${string}`;

/** Everything one stream received and how it ended. */
export class FakeStreamRecord {
  readonly id = randomUUID();
  readonly modelId: string;
  readonly events: ReceivedEvent[] = [];
  readonly audio: Int16Array[] = [];
  /** Epoch ms (sub-ms precision) at which each audioInput arrived, in order. */
  readonly audioTimes: number[] = [];
  readonly toolResults: { toolUseId: string; content: string }[] = [];
  readonly violations: string[] = [];
  readonly outputs: string[] = [];
  /** Text the fake model sent (USER transcripts and ASSISTANT text), with the generation stage. */
  readonly texts: { role: string; stage: string; text: string }[] = [];
  end: StreamEnd = 'open';
  /** When the first output event went out (the SDK's `send()` resolves on it). */
  firstOutputAtMs: number | undefined;
  /** Turns this stream answered completely (whatever the profile sends around them). */
  turnsDone = 0;
  #stage = '';

  /** Remember what a sent output event said, for tests and the demo. */
  noteOutput(name: string, body: Record<string, unknown>): void {
    this.firstOutputAtMs ??= nowMs();
    this.outputs.push(name);
    if (name === 'contentStart' && body['type'] === 'TEXT') {
      const fields = body['additionalModelFields'];
      this.#stage = /"generationStage":"(\w+)"/.exec(typeof fields === 'string' ? fields : '')?.[1] ?? '';
    }
    if (name === 'textOutput')
      this.texts.push({ role: String(body['role']), stage: this.#stage, text: String(body['content']) });
  }

  constructor(modelId: string) {
    this.modelId = modelId;
  }

  names(): string[] {
    return this.events.map((e) => e.name);
  }

  /** All audio received, concatenated. */
  audioSamples(): Int16Array {
    const out = new Int16Array(this.audio.reduce((n, a) => n + a.length, 0));
    let at = 0;
    for (const a of this.audio) {
      out.set(a, at);
      at += a.length;
    }
    return out;
  }

  /** The text blocks received, in order. */
  readonly textBlocks: { role: string; interactive: boolean; text: string }[] = [];
}

export const nowMs = () => performance.timeOrigin + performance.now();

export interface FakeStreamInit {
  readonly modelId: string;
  /** Picks the script for a stream from its system prompt. */
  readonly script: (systemPrompt: string) => FakeScript;
  readonly options: ResolvedFakeOptions;
  /** Set when signatures are verified: the request's signature seeds the chunk chain. */
  readonly signature: RequestSignature | undefined;
  readonly onClose: () => void;
  readonly choices: SeededChoices;
  /** Raise the history race ("Chat history should be sent completely…") on this stream if it carries history. */
  readonly historyRace: () => boolean;
}

export class FakeSonicStream {
  readonly #signature: RequestSignature | undefined;
  #priorSignature: string;
  readonly record: FakeStreamRecord;
  readonly #stream: ServerHttp2Stream;
  readonly #options: ResolvedFakeOptions;
  readonly #order: InputOrder;
  readonly #historyRace: () => boolean;
  #audioOffsetSamples = 0;
  readonly #splitter = new FrameSplitter();
  readonly #responder: Responder;
  #vad: EnergyVad | undefined;
  #open = true;
  #noInput: NodeJS.Timeout | undefined;
  readonly #limit: NodeJS.Timeout;
  readonly #sessionId = randomUUID();
  readonly onClose: () => void;

  constructor(stream: ServerHttp2Stream, init: FakeStreamInit) {
    const { script, options } = init;
    this.record = new FakeStreamRecord(init.modelId);
    this.#order = new InputOrder(init.modelId);
    this.#historyRace = init.historyRace;
    this.#stream = stream;
    this.#options = options;
    this.onClose = init.onClose;
    this.#signature = init.signature;
    this.#priorSignature = init.signature?.seed ?? '';
    const isOpen = () => this.#open;
    const out = {
      send: (name: string, body: Record<string, unknown>) => this.send(name, body),
      raise: (type: StreamExceptionType, message: string) => this.raise(type, message),
      endSilently: () => this.endSilently(),
      turnDone: () => this.record.turnsDone++,
      get open() {
        return isOpen();
      },
    };
    const system = () => this.record.textBlocks.find((b) => b.role === 'SYSTEM')?.text ?? '';
    this.#responder = new Responder(
      out,
      () => script(system()),
      options,
      (id) => this.#order.expectedToolUseIds.add(id),
      init.choices,
    );
    stream.respond({
      ':status': 200,
      'content-type': 'application/vnd.amazon.eventstream',
      'x-amzn-requestid': randomUUID(),
    });
    stream.on('data', (data: Buffer) => this.#onData(data));
    stream.on('end', () => this.#finish('clientEnded'));
    stream.on('error', () => this.#finish('clientReset'));
    stream.on('close', () => this.#finish('clientReset'));
    this.#limit = setTimeout(
      () =>
        this.raise(
          'modelTimeoutException',
          'Model has timed out in processing the request. Try your request again.',
        ),
      options.streamLimitMs,
    );
    this.#armNoInput();
  }

  /** Send one output event (ids added). */
  send(name: string, body: Record<string, unknown>): void {
    if (!this.#open) return;
    const event = {
      event: { [name]: { sessionId: this.#sessionId, promptName: this.#order.promptName, ...body } },
    };
    this.record.noteOutput(name, body);
    this.#stream.write(encodeOutputEvent(event));
  }

  /** Raise a mid-stream exception and end the stream, as the service does. */
  raise(type: StreamExceptionType, message: string): void {
    if (!this.#open) return;
    this.#stream.write(encodeException(type, message));
    this.#finish(`exception:${type}`);
  }

  /** End the response without completionEnd or an exception. */
  endSilently(): void {
    this.#finish('silent');
  }

  #finish(end: StreamEnd): void {
    if (!this.#open) return;
    this.#open = false;
    this.#responder.stop();
    this.record.end = end;
    clearTimeout(this.#noInput);
    clearTimeout(this.#limit);
    if (!this.#stream.destroyed && !this.#stream.writableEnded) this.#stream.end();
    this.onClose();
  }

  #armNoInput(): void {
    clearTimeout(this.#noInput);
    this.#noInput = setTimeout(
      () => this.raise('validationException', 'Timed out waiting for input events'),
      this.#options.noInputTimeoutMs,
    );
  }

  #onData(data: Buffer): void {
    if (!this.#open) return;
    try {
      for (const frame of this.#splitter.push(data)) {
        const decoded = decodeInputFrame(frame);
        if (!this.#signedCorrectly(decoded.envelope)) return;
        if (decoded.kind === 'end') continue;
        this.#onEvent(decoded.json);
        if (!this.#open) return;
      }
    } catch (err) {
      this.raise('validationException', `Invalid input request: ${(err as Error).message}`);
    }
  }

  #signedCorrectly(envelope: Envelope): boolean {
    if (!this.#signature) return true;
    const { date, signature, payload } = envelope;
    const next =
      date && signature
        ? verifyChunk(this.#signature, this.#priorSignature, date, signature, payload)
        : undefined;
    if (next) {
      this.#priorSignature = next;
      return true;
    }
    this.record.violations.push('invalid chunk signature');
    this.raise('validationException', 'The event chunk signature is invalid');
    return false;
  }

  #onEvent(json: string): void {
    this.#armNoInput();
    const parsed = JSON.parse(json) as { event?: Record<string, Record<string, unknown>> };
    const [name, body] = Object.entries(parsed.event ?? {})[0] ?? ['(none)', {}];
    const violation = this.#order.accept(name, body);
    this.#recordEvent(name, body);
    if (violation) {
      this.record.violations.push(violation);
      this.raise('validationException', violation);
      return;
    }
    this.#dispatch(name, body);
  }

  #recordEvent(name: string, body: Record<string, unknown>): void {
    const atMs = nowMs();
    if (name === 'audioInput' && typeof body['content'] === 'string') {
      const bytes = Buffer.from(body['content'], 'base64');
      const samples = new Int16Array(bytes.length >> 1);
      new Uint8Array(samples.buffer).set(bytes.subarray(0, samples.byteLength));
      this.record.audioTimes.push(atMs);
      if (this.#options.recordAudio) this.record.audio.push(samples);
      this.record.events.push({ name, body: { ...body, content: undefined, samples: samples.length }, atMs });
      this.#lastAudio = samples;
      return;
    }
    this.record.events.push({ name, body, atMs });
  }

  #lastAudio: Int16Array | undefined;

  #dispatch(name: string, body: Record<string, unknown>): void {
    const done = this.#order.lastDone;
    if (name === 'audioInput' && this.#lastAudio) return this.#onAudio(this.#lastAudio);
    // History is judged once it is complete, at the AUDIO contentStart.
    const audioStart = name === 'contentStart' && body['type'] === 'AUDIO';
    if (audioStart && this.#order.historyCount > this.#options.maxHistoryMessages) {
      this.raise('validationException', 'Invalid input request');
      return;
    }
    if (audioStart && this.#order.historyCount > 0 && this.#historyRace()) {
      this.raise('validationException', 'Chat history should be sent completely before streaming audio.');
      return;
    }
    if (name === 'contentEnd' && done?.kind === 'text' && done.role === 'SYSTEM')
      this.#responder.systemPromptProcessed();
    if (name === 'promptEnd') this.#responder.promptEnded();
    if (name === 'contentEnd' && done?.kind === 'text') {
      this.record.textBlocks.push({ role: done.role, interactive: done.interactive, text: done.text });
      if (done.interactive && done.role === 'USER') this.#responder.typed(done.text);
    }
    if (name === 'contentEnd' && done?.kind === 'toolResult') {
      this.record.toolResults.push({ toolUseId: done.toolUseId, content: done.content });
      this.#responder.toolResult(done.toolUseId, done.content);
    }
    if (name === 'sessionEnd') this.#finish('sessionEnd');
    void body;
  }

  #onAudio(samples: Int16Array): void {
    this.#vad ??= new EnergyVad({
      thresholdRms: this.#options.vadThresholdRms,
      minSpeechMs: this.#options.minSpeechMs,
      endpointingMs:
        this.#options.endpointingMs ?? ENDPOINTING_MS[this.#order.endpointing ?? 'MEDIUM'] ?? 1750,
    });
    const observed = this.#options.realism.profile === 'observed';
    const events = this.#vad.push(samples);
    this.#audioOffsetSamples += samples.length;
    const offsetMs = Math.round(this.#audioOffsetSamples / 16);
    for (const event of events) {
      if (event.kind === 'speechStart') {
        if (observed) this.send('userSpeechStart', { inputAudioOffsetMs: offsetMs });
        this.#responder.speechStarted();
      } else {
        if (observed) this.send('userSpeechEnd', { inputAudioOffsetMs: offsetMs });
        this.#responder.utterance(event.speechMs);
      }
    }
  }
}
