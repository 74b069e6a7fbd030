import { describe, expect, it } from 'vitest';
import { parseOutputBytes, parseOutputEvent } from '../../src/bedrock/sonic/events-out.ts';

const parse = (text: string) => parseOutputEvent(JSON.parse(text));
const ids = '"sessionId":"s","promptName":"p","completionId":"c"';

describe('Nova Sonic output event parser', () => {
  it('parses completionStart and completionEnd', () => {
    expect(parse(`{"event":{"completionStart":{${ids}}}}`)).toEqual({
      type: 'completionStart',
      completionId: 'c',
    });
    expect(parse(`{"event":{"completionEnd":{${ids},"stopReason":"END_TURN"}}}`)).toEqual({
      type: 'completionEnd',
      completionId: 'c',
      stopReason: 'END_TURN',
    });
  });

  it('parses contentStart with the generation stage from the JSON-string field', () => {
    expect(
      parse(
        `{"event":{"contentStart":{${ids},"contentId":"x","type":"TEXT","role":"ASSISTANT","additionalModelFields":"{\\"generationStage\\":\\"SPECULATIVE\\"}","textOutputConfiguration":{"mediaType":"text/plain"}}}}`,
      ),
    ).toEqual({
      type: 'contentStart',
      contentId: 'x',
      contentType: 'TEXT',
      role: 'ASSISTANT',
      generationStage: 'SPECULATIVE',
    });
    expect(
      parse(`{"event":{"contentStart":{${ids},"contentId":"y","type":"AUDIO","role":"ASSISTANT"}}}`),
    ).toEqual({
      type: 'contentStart',
      contentId: 'y',
      contentType: 'AUDIO',
      role: 'ASSISTANT',
      generationStage: undefined,
    });
  });

  it('parses text output and recognises the barge-in signal', () => {
    expect(
      parse(`{"event":{"textOutput":{${ids},"contentId":"x","content":"hello","role":"USER"}}}`),
    ).toEqual({
      type: 'textOutput',
      contentId: 'x',
      role: 'USER',
      content: 'hello',
      interrupted: false,
    });
    const barge = parse(
      `{"event":{"textOutput":{${ids},"contentId":"x","content":"{ \\"interrupted\\" : true }","role":"ASSISTANT"}}}`,
    );
    expect(barge).toMatchObject({ type: 'textOutput', interrupted: true });
  });

  it('decodes audio output into 16-bit samples', () => {
    const b64 = Buffer.from([1, 0, 0xff, 0x7f, 0x00, 0x80]).toString('base64');
    const event = parse(`{"event":{"audioOutput":{${ids},"contentId":"a","content":"${b64}"}}}`);
    expect(event.type).toBe('audioOutput');
    if (event.type === 'audioOutput') expect(Array.from(event.samples)).toEqual([1, 32767, -32768]);
  });

  it('parses toolUse and contentEnd stop reasons', () => {
    expect(
      parse(
        `{"event":{"toolUse":{${ids},"contentId":"t","toolName":"get_order","toolUseId":"tu","content":"{\\"id\\":\\"A1\\"}"}}}`,
      ),
    ).toEqual({
      type: 'toolUse',
      contentId: 't',
      toolName: 'get_order',
      toolUseId: 'tu',
      input: '{"id":"A1"}',
    });
    for (const stopReason of ['PARTIAL_TURN', 'END_TURN', 'INTERRUPTED', 'TOOL_USE']) {
      expect(
        parse(`{"event":{"contentEnd":{${ids},"contentId":"t","type":"TOOL","stopReason":"${stopReason}"}}}`),
      ).toEqual({
        type: 'contentEnd',
        contentId: 't',
        contentType: 'TOOL',
        stopReason,
      });
    }
  });

  it('parses usage delta and total', () => {
    const event = parse(
      `{"event":{"usageEvent":{${ids},"details":{"delta":{"input":{"speechTokens":150,"textTokens":0},"output":{"speechTokens":0,"textTokens":2}},"total":{"input":{"speechTokens":150,"textTokens":22},"output":{"speechTokens":0,"textTokens":2}}},"totalInputTokens":172,"totalOutputTokens":2,"totalTokens":174}}}`,
    );
    expect(event).toEqual({
      type: 'usage',
      delta: { input: { speechTokens: 150, textTokens: 0 }, output: { speechTokens: 0, textTokens: 2 } },
      total: { input: { speechTokens: 150, textTokens: 22 }, output: { speechTokens: 0, textTokens: 2 } },
    });
  });

  it('parses the undocumented userSpeechStart / userSpeechEnd of Nova 2', () => {
    expect(parse('{"event":{"userSpeechStart":{"inputAudioOffsetMs":3}}}')).toEqual({
      type: 'userSpeech',
      edge: 'start',
      inputAudioOffsetMs: 3,
    });
    expect(parse('{"event":{"userSpeechEnd":{"inputAudioOffsetMs":480}}}')).toMatchObject({ edge: 'end' });
  });

  it('turns unknown, malformed and invalid events into unknown instead of throwing', () => {
    expect(parse('{"event":{"somethingNew":{"x":3}}}')).toEqual({
      type: 'unknown',
      name: 'somethingNew',
    });
    expect(parse('{"event":{"contentStart":{"type":"VIDEO","role":"USER"}}}')).toEqual({
      type: 'unknown',
      name: 'contentStart',
    });
    expect(parse('{"nope":1}')).toEqual({ type: 'unknown', name: '(malformed)' });
    expect(parseOutputBytes(new TextEncoder().encode('{not json'))).toEqual({
      type: 'unknown',
      name: '(invalid json)',
    });
  });
});
