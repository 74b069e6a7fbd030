import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseWav, writeWav, WavError } from '../../src/voice/wav.ts';

describe('WAV files', () => {
  it('round-trips 16-bit PCM at any rate and channel count', () => {
    const pcm = { samples: new Int16Array([1, -1, 32767, -32768, 0, 5]), sampleRate: 44_100, channels: 2 };
    const back = parseWav(writeWav(pcm));
    expect(back.sampleRate).toBe(44_100);
    expect(back.channels).toBe(2);
    expect(Array.from(back.samples)).toEqual([1, -1, 32767, -32768, 0, 5]);
  });

  it('writes the canonical 44-byte header', () => {
    const file = writeWav({ samples: new Int16Array(10), sampleRate: 24_000, channels: 1 });
    expect(file.length).toBe(64);
    expect(file.toString('ascii', 0, 4)).toBe('RIFF');
    expect(file.readUInt32LE(24)).toBe(24_000);
    expect(file.readUInt32LE(28)).toBe(48_000);
    expect(file.readUInt32LE(40)).toBe(20);
  });

  it('reads the espeak-ng fixture (22.05 kHz stereo) and skips extra chunks', () => {
    const pcm = parseWav(readFileSync(new URL('../fixtures/bedrock/question.wav', import.meta.url)));
    expect(pcm.sampleRate).toBe(22_050);
    expect(pcm.channels).toBe(2);
    expect(pcm.samples.length / 2 / 22_050).toBeGreaterThan(3);
    const withList = writeWav({ samples: new Int16Array([7, 8]), sampleRate: 8000, channels: 1 });
    const list = Buffer.concat([Buffer.from('LIST'), Buffer.from([3, 0, 0, 0]), Buffer.from('abc\0')]);
    const patched = Buffer.concat([withList.subarray(0, 36), list, withList.subarray(36)]);
    patched.writeUInt32LE(patched.length - 8, 4);
    expect(Array.from(parseWav(patched).samples)).toEqual([7, 8]);
  });

  it('refuses files that are not 16-bit PCM WAV', () => {
    expect(() => parseWav(Buffer.from('not a wav file at all'))).toThrow(WavError);
    const float = writeWav({ samples: new Int16Array(4), sampleRate: 8000, channels: 1 });
    float.writeUInt16LE(3, 20);
    expect(() => parseWav(float)).toThrow(/only 16-bit PCM/);
  });
});
