/**
 * Nova Sonic input events as data: pure builders, one per event, each returning the exact
 * `{"event":{...}}` object the service expects. Serialise with `JSON.stringify`; nothing here does I/O.
 */

/** Nova 2 turn detection: the pause before the model takes its turn (HIGH 1.5 s, MEDIUM 1.75 s, LOW 2 s). */
export type Endpointing = 'HIGH' | 'MEDIUM' | 'LOW';
export type TextRole = 'SYSTEM' | 'USER' | 'ASSISTANT';

/** One input event, `{ event: { <name>: body } }`. */
export interface SonicInputEvent {
  readonly event: Readonly<Record<string, unknown>>;
}

export interface InferenceSettings {
  readonly maxTokens: number;
  readonly topP: number;
  readonly temperature: number;
  /** Omitted for models without turn detection (Nova Sonic v1). */
  readonly endpointing?: Endpointing | undefined;
}

/** A tool the model may call. `inputSchema` is a JSON Schema object; it goes on the wire as a string. */
export interface ToolSpec {
  readonly name: string;
  readonly description: string;
  readonly inputSchema: Readonly<Record<string, unknown>>;
}

export interface PromptSettings {
  readonly promptName: string;
  readonly voiceId: string;
  readonly tools?: readonly ToolSpec[];
}

/** Nova Sonic audio formats: input 16 kHz, output 24 kHz, both 16-bit mono LPCM. */
export const INPUT_SAMPLE_RATE_HZ = 16_000;
export const OUTPUT_SAMPLE_RATE_HZ = 24_000;

const ev = (name: string, body: Record<string, unknown>): SonicInputEvent => ({ event: { [name]: body } });

export function sessionStart(settings: InferenceSettings): SonicInputEvent {
  const inferenceConfiguration = {
    maxTokens: settings.maxTokens,
    topP: settings.topP,
    temperature: settings.temperature,
  };
  return ev(
    'sessionStart',
    settings.endpointing === undefined
      ? { inferenceConfiguration }
      : {
          inferenceConfiguration,
          turnDetectionConfiguration: { endpointingSensitivity: settings.endpointing },
        },
  );
}

export function promptStart(settings: PromptSettings): SonicInputEvent {
  const body: Record<string, unknown> = {
    promptName: settings.promptName,
    textOutputConfiguration: { mediaType: 'text/plain' },
    audioOutputConfiguration: {
      mediaType: 'audio/lpcm',
      sampleRateHertz: OUTPUT_SAMPLE_RATE_HZ,
      sampleSizeBits: 16,
      channelCount: 1,
      voiceId: settings.voiceId,
      encoding: 'base64',
      audioType: 'SPEECH',
    },
  };
  const tools = settings.tools ?? [];
  if (tools.length > 0) {
    body['toolUseOutputConfiguration'] = { mediaType: 'application/json' };
    body['toolConfiguration'] = {
      tools: tools.map((t) => ({
        toolSpec: {
          name: t.name,
          description: t.description,
          inputSchema: { json: JSON.stringify(t.inputSchema) },
        },
      })),
      toolChoice: { auto: {} },
    };
  }
  return ev('promptStart', body);
}

/** A TEXT block start. `interactive: false` marks context (system prompt, history); `true` a live user turn. */
export function textContentStart(
  promptName: string,
  contentName: string,
  role: TextRole,
  interactive: boolean,
): SonicInputEvent {
  return ev('contentStart', {
    promptName,
    contentName,
    type: 'TEXT',
    interactive,
    role,
    textInputConfiguration: { mediaType: 'text/plain' },
  });
}

/** Nova 2 rejects a single `textInput` over 1 KB: split with `splitText` first. */
export function textInput(promptName: string, contentName: string, content: string): SonicInputEvent {
  return ev('textInput', { promptName, contentName, content });
}

/** The one AUDIO block of a prompt: 16 kHz 16-bit mono LPCM, base64, interactive. */
export function audioContentStart(promptName: string, contentName: string): SonicInputEvent {
  return ev('contentStart', {
    promptName,
    contentName,
    type: 'AUDIO',
    interactive: true,
    role: 'USER',
    audioInputConfiguration: {
      mediaType: 'audio/lpcm',
      sampleRateHertz: INPUT_SAMPLE_RATE_HZ,
      sampleSizeBits: 16,
      channelCount: 1,
      audioType: 'SPEECH',
      encoding: 'base64',
    },
  });
}

/** `samples` are 16 kHz mono; the wire wants little-endian int16 (the host order on every Node target). */
export function audioInput(promptName: string, contentName: string, samples: Int16Array): SonicInputEvent {
  const content = Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength).toString('base64');
  return ev('audioInput', { promptName, contentName, content });
}

export function toolContentStart(
  promptName: string,
  contentName: string,
  toolUseId: string,
): SonicInputEvent {
  return ev('contentStart', {
    promptName,
    contentName,
    interactive: false,
    type: 'TOOL',
    role: 'TOOL',
    toolResultInputConfiguration: {
      toolUseId,
      type: 'TEXT',
      textInputConfiguration: { mediaType: 'text/plain' },
    },
  });
}

/** `content` is the tool result as a JSON string. */
export function toolResult(promptName: string, contentName: string, content: string): SonicInputEvent {
  return ev('toolResult', { promptName, contentName, content });
}

export function contentEnd(promptName: string, contentName: string): SonicInputEvent {
  return ev('contentEnd', { promptName, contentName });
}

export function promptEnd(promptName: string): SonicInputEvent {
  return ev('promptEnd', { promptName });
}

export function sessionEnd(): SonicInputEvent {
  return ev('sessionEnd', {});
}

/** Nova 2's limit for one `textInput`, in UTF-8 bytes. */
export const MAX_TEXT_INPUT_BYTES = 1024;

/**
 * Split `text` into pieces of at most `maxBytes` UTF-8 bytes, at whitespace where possible (a
 * word longer than the limit is cut between code points). Joined back, the pieces are the text.
 */
export function splitText(text: string, maxBytes = MAX_TEXT_INPUT_BYTES): string[] {
  if (Buffer.byteLength(text) <= maxBytes) return [text];
  const pieces: string[] = [];
  let current = '';
  let bytes = 0;
  // Words with their trailing whitespace, so no piece starts with a space and nothing is lost.
  for (const word of text.match(/\S+\s*|\s+/g) ?? []) {
    const size = Buffer.byteLength(word);
    if (bytes + size <= maxBytes) {
      current += word;
      bytes += size;
      continue;
    }
    if (current !== '') pieces.push(current);
    current = '';
    bytes = 0;
    for (const ch of word) {
      const chSize = Buffer.byteLength(ch);
      if (bytes + chSize > maxBytes) {
        pieces.push(current);
        current = '';
        bytes = 0;
      }
      current += ch;
      bytes += chSize;
    }
  }
  if (current !== '') pieces.push(current);
  return pieces;
}

/** A whole TEXT block: contentStart, one textInput per ≤ 1 KB piece, contentEnd. */
export function textBlock(
  promptName: string,
  contentName: string,
  role: TextRole,
  text: string,
  interactive: boolean,
): SonicInputEvent[] {
  return [
    textContentStart(promptName, contentName, role, interactive),
    ...splitText(text).map((piece) => textInput(promptName, contentName, piece)),
    contentEnd(promptName, contentName),
  ];
}

/** A whole TOOL result block. */
export function toolResultBlock(
  promptName: string,
  contentName: string,
  toolUseId: string,
  content: string,
): SonicInputEvent[] {
  return [
    toolContentStart(promptName, contentName, toolUseId),
    toolResult(promptName, contentName, content),
    contentEnd(promptName, contentName),
  ];
}
