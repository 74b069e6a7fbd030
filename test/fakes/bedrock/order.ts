/**
 * The input order the real service enforces, as a small state machine. `accept` returns the
 * validation message the service would raise, or undefined when the event is allowed.
 */

import { voiceAllowed } from './realism.ts';

type Body = Record<string, unknown>;
type Phase = 'new' | 'session' | 'prompt' | 'promptEnded' | 'sessionEnded';

interface OpenBlock {
  readonly name: string;
  readonly type: 'TEXT' | 'TOOL';
  readonly role: string;
  readonly interactive: boolean;
  text: string;
}

/** What a completed block was, for the turn engine. */
export type BlockDone =
  | { readonly kind: 'text'; readonly role: string; readonly interactive: boolean; readonly text: string }
  | { readonly kind: 'toolResult'; readonly toolUseId: string; readonly content: string };

const MAX_TEXT_INPUT = 1024;
const MAX_HISTORY = 40 * 1024;
const RATES = [8000, 16000, 24000];

export class InputOrder {
  phase: Phase = 'new';
  promptName = '';
  audioContentName: string | undefined;
  endpointing: string | undefined;
  #block: OpenBlock | undefined;
  #toolUseId = '';
  #toolContent = '';
  #historyBytes = 0;
  #historyCount = 0;
  readonly expectedToolUseIds = new Set<string>();
  lastDone: BlockDone | undefined;
  readonly #modelId: string;

  constructor(modelId = '') {
    this.#modelId = modelId;
  }

  /** History blocks received so far. */
  get historyCount(): number {
    return this.#historyCount;
  }

  accept(name: string, body: Body): string | undefined {
    this.lastDone = undefined;
    if (this.phase === 'sessionEnded') return 'Received an event after sessionEnd';
    if (name === 'sessionStart') return this.#sessionStart(body);
    if (this.phase === 'new') return 'Session must begin with sessionStart';
    if (name === 'promptStart') return this.#promptStart(body);
    if (name === 'sessionEnd') return this.#sessionEnd();
    if (this.phase !== 'prompt') return `Unexpected ${name}: no open prompt`;
    if (body['promptName'] !== this.promptName) return `Unknown promptName in ${name}`;
    switch (name) {
      case 'contentStart':
        return this.#contentStart(body);
      case 'textInput':
        return this.#textInput(body);
      case 'toolResult':
        return this.#toolResult(body);
      case 'audioInput':
        return this.#audioInput(body);
      case 'contentEnd':
        return this.#contentEnd(body);
      case 'promptEnd':
        if (this.#block) return 'promptEnd while a content block is open';
        this.phase = 'promptEnded';
        return undefined;
      default:
        return `Unknown input event ${name}`;
    }
  }

  #sessionStart(body: Body): string | undefined {
    if (this.phase !== 'new') return 'Duplicate sessionStart';
    const turn = body['turnDetectionConfiguration'] as Body | undefined;
    this.endpointing =
      typeof turn?.['endpointingSensitivity'] === 'string' ? turn['endpointingSensitivity'] : undefined;
    this.phase = 'session';
    return undefined;
  }

  #promptStart(body: Body): string | undefined {
    if (this.phase !== 'session') return 'promptStart must follow sessionStart';
    const audio = body['audioOutputConfiguration'] as Body | undefined;
    if (typeof body['promptName'] !== 'string' || body['promptName'] === '')
      return 'promptStart needs a promptName';
    if (!RATES.includes(Number(audio?.['sampleRateHertz']))) return 'Invalid audio output sample rate';
    if (typeof audio?.['voiceId'] !== 'string' || !voiceAllowed(this.#modelId, audio['voiceId']))
      return 'Received invalid voiceId';
    this.promptName = body['promptName'];
    this.phase = 'prompt';
    return undefined;
  }

  #sessionEnd(): string | undefined {
    if (this.phase !== 'promptEnded') return 'sessionEnd before promptEnd';
    this.phase = 'sessionEnded';
    return undefined;
  }

  #contentStart(body: Body): string | undefined {
    if (this.#block) return 'contentStart while another content block is open';
    const name = body['contentName'];
    if (typeof name !== 'string' || name === '') return 'contentStart needs a contentName';
    const type = body['type'];
    const interactive = body['interactive'] === true;
    if (type === 'AUDIO') {
      if (this.audioContentName !== undefined) return 'Only one audio content per prompt';
      const cfg = body['audioInputConfiguration'] as Body | undefined;
      if (!interactive) return 'Audio input must be interactive';
      if (!RATES.includes(Number(cfg?.['sampleRateHertz'])) || cfg?.['channelCount'] !== 1)
        return 'Invalid audio input';
      this.audioContentName = name;
      return undefined;
    }
    if (type === 'TOOL') {
      const cfg = body['toolResultInputConfiguration'] as Body | undefined;
      const id = cfg?.['toolUseId'];
      if (typeof id !== 'string' || !this.expectedToolUseIds.has(id)) return 'Not expecting a tool result';
      this.#toolUseId = id;
      this.#toolContent = '';
      this.#block = { name, type, role: 'TOOL', interactive, text: '' };
      return undefined;
    }
    if (type !== 'TEXT') return `Unsupported content type ${String(type)}`;
    const role = String(body['role']);
    if (this.audioContentName !== undefined && !interactive) {
      return 'Chat history should be sent completely before streaming audio.';
    }
    if (!interactive && role !== 'SYSTEM' && this.#historyCount === 0 && role !== 'USER') {
      return 'Chat history must start with a USER message';
    }
    this.#block = { name, type, role, interactive, text: '' };
    return undefined;
  }

  #textInput(body: Body): string | undefined {
    const content = body['content'];
    if (this.#block?.type !== 'TEXT' || body['contentName'] !== this.#block.name)
      return 'textInput outside its text content';
    if (typeof content !== 'string') return 'textInput needs content';
    const bytes = Buffer.byteLength(content);
    if (bytes > MAX_TEXT_INPUT) return 'Text input exceeds 1024 bytes';
    if (!this.#block.interactive && this.#block.role !== 'SYSTEM') {
      this.#historyBytes += bytes;
      if (this.#historyBytes > MAX_HISTORY) return 'Chat history exceeds 40 KB';
    }
    this.#block.text += content;
    return undefined;
  }

  #toolResult(body: Body): string | undefined {
    if (this.#block?.type !== 'TOOL' || body['contentName'] !== this.#block.name)
      return 'toolResult outside its tool content';
    if (typeof body['content'] !== 'string') return 'Tool Response parsing error';
    this.#toolContent += body['content'];
    return undefined;
  }

  #audioInput(body: Body): string | undefined {
    if (this.#block) return 'Chat history should be sent completely before streaming audio.';
    if (this.audioContentName === undefined || body['contentName'] !== this.audioContentName) {
      return 'audioInput for an unknown audio content';
    }
    const content = body['content'];
    if (typeof content !== 'string' || Buffer.from(content, 'base64').length % 2 !== 0)
      return 'Invalid audio content';
    return undefined;
  }

  #contentEnd(body: Body): string | undefined {
    const name = body['contentName'];
    if (this.#block && name === this.#block.name) {
      const block = this.#block;
      this.#block = undefined;
      if (block.type === 'TOOL') {
        this.expectedToolUseIds.delete(this.#toolUseId);
        this.lastDone = { kind: 'toolResult', toolUseId: this.#toolUseId, content: this.#toolContent };
      } else {
        if (!block.interactive && block.role !== 'SYSTEM') this.#historyCount++;
        this.lastDone = { kind: 'text', role: block.role, interactive: block.interactive, text: block.text };
      }
      return undefined;
    }
    if (name !== undefined && name === this.audioContentName && !this.#block) {
      this.audioContentName = undefined;
      return undefined;
    }
    return 'contentEnd for a content that is not open';
  }
}
