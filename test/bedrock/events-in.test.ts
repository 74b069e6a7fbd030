import { describe, expect, it } from 'vitest';
import {
  audioContentStart,
  audioInput,
  contentEnd,
  promptEnd,
  promptStart,
  sessionEnd,
  sessionStart,
  splitText,
  textBlock,
  textContentStart,
  textInput,
  toolContentStart,
  toolResult,
  toolResultBlock,
} from '../../src/bedrock/sonic/events-in.ts';

const json = (v: unknown) => JSON.stringify(v);

describe('Nova Sonic input event builders', () => {
  it('builds sessionStart with Nova 2 turn detection', () => {
    expect(json(sessionStart({ maxTokens: 1024, topP: 0.9, temperature: 0.7, endpointing: 'MEDIUM' }))).toBe(
      '{"event":{"sessionStart":{"inferenceConfiguration":{"maxTokens":1024,"topP":0.9,"temperature":0.7},"turnDetectionConfiguration":{"endpointingSensitivity":"MEDIUM"}}}}',
    );
  });

  it('omits turn detection when no endpointing is given (Nova Sonic v1)', () => {
    expect(json(sessionStart({ maxTokens: 10, topP: 1, temperature: 0 }))).toBe(
      '{"event":{"sessionStart":{"inferenceConfiguration":{"maxTokens":10,"topP":1,"temperature":0}}}}',
    );
  });

  it('builds promptStart with 24 kHz audio output, the voice and the tools as a JSON-string schema', () => {
    const event = promptStart({
      promptName: 'p1',
      voiceId: 'tiffany',
      tools: [{ name: 'get_order', description: 'Look up an order', inputSchema: { type: 'object' } }],
    });
    expect(json(event)).toBe(
      '{"event":{"promptStart":{"promptName":"p1","textOutputConfiguration":{"mediaType":"text/plain"},' +
        '"audioOutputConfiguration":{"mediaType":"audio/lpcm","sampleRateHertz":24000,"sampleSizeBits":16,"channelCount":1,"voiceId":"tiffany","encoding":"base64","audioType":"SPEECH"},' +
        '"toolUseOutputConfiguration":{"mediaType":"application/json"},' +
        '"toolConfiguration":{"tools":[{"toolSpec":{"name":"get_order","description":"Look up an order","inputSchema":{"json":"{\\"type\\":\\"object\\"}"}}}],"toolChoice":{"auto":{}}}}}}',
    );
  });

  it('leaves tool configuration out of promptStart when there are no tools', () => {
    expect(json(promptStart({ promptName: 'p', voiceId: 'matthew' }))).not.toContain('tool');
  });

  it('builds TEXT, AUDIO and TOOL content starts', () => {
    expect(json(textContentStart('p', 'c', 'SYSTEM', false))).toBe(
      '{"event":{"contentStart":{"promptName":"p","contentName":"c","type":"TEXT","interactive":false,"role":"SYSTEM","textInputConfiguration":{"mediaType":"text/plain"}}}}',
    );
    expect(json(audioContentStart('p', 'a'))).toBe(
      '{"event":{"contentStart":{"promptName":"p","contentName":"a","type":"AUDIO","interactive":true,"role":"USER","audioInputConfiguration":{"mediaType":"audio/lpcm","sampleRateHertz":16000,"sampleSizeBits":16,"channelCount":1,"audioType":"SPEECH","encoding":"base64"}}}}',
    );
    expect(json(toolContentStart('p', 't', 'tu-1'))).toBe(
      '{"event":{"contentStart":{"promptName":"p","contentName":"t","interactive":false,"type":"TOOL","role":"TOOL","toolResultInputConfiguration":{"toolUseId":"tu-1","type":"TEXT","textInputConfiguration":{"mediaType":"text/plain"}}}}}',
    );
  });

  it('builds content, end and closing events', () => {
    expect(json(textInput('p', 'c', 'hi'))).toBe(
      '{"event":{"textInput":{"promptName":"p","contentName":"c","content":"hi"}}}',
    );
    expect(json(toolResult('p', 't', '{"ok":true}'))).toBe(
      '{"event":{"toolResult":{"promptName":"p","contentName":"t","content":"{\\"ok\\":true}"}}}',
    );
    expect(json(contentEnd('p', 'c'))).toBe('{"event":{"contentEnd":{"promptName":"p","contentName":"c"}}}');
    expect(json(promptEnd('p'))).toBe('{"event":{"promptEnd":{"promptName":"p"}}}');
    expect(json(sessionEnd())).toBe('{"event":{"sessionEnd":{}}}');
  });

  it('encodes audio as base64 little-endian int16, honouring a subarray view', () => {
    const all = new Int16Array([0, 1, -2, 0x1234]);
    expect(json(audioInput('p', 'a', all.subarray(1)))).toBe(
      '{"event":{"audioInput":{"promptName":"p","contentName":"a","content":"' +
        Buffer.from([1, 0, 0xfe, 0xff, 0x34, 0x12]).toString('base64') +
        '"}}}',
    );
  });

  it('splits text into pieces of at most 1 KB without cutting a character', () => {
    const text = 'é'.repeat(1000); // 2 bytes each
    const pieces = splitText(text);
    expect(pieces.map((p) => Buffer.byteLength(p))).toEqual([1024, 976]);
    expect(pieces.join('')).toBe(text);
    expect(splitText('')).toEqual(['']);
  });

  it('splits a long system prompt at whitespace, never inside a word', () => {
    const words = Array.from({ length: 400 }, (_, i) => `word${i}`);
    const text = words.join(' ');
    const pieces = splitText(text);
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.every((p) => Buffer.byteLength(p) <= 1024)).toBe(true);
    expect(pieces.join('')).toBe(text);
    for (const piece of pieces.slice(0, -1)) expect(piece).toMatch(/\s$/);
    expect(pieces.flatMap((p) => p.trim().split(' '))).toEqual(words);
  });

  it('builds a whole text block and a whole tool result block', () => {
    expect(textBlock('p', 'c', 'USER', 'a'.repeat(1500), false).map((e) => Object.keys(e.event)[0])).toEqual([
      'contentStart',
      'textInput',
      'textInput',
      'contentEnd',
    ]);
    expect(toolResultBlock('p', 't', 'tu', '{}').map((e) => Object.keys(e.event)[0])).toEqual([
      'contentStart',
      'toolResult',
      'contentEnd',
    ]);
  });
});
