/** Loads the committed speech fixtures (made by test/fixtures/voice/make-fixtures.sh). */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { OpusEncoder } from '../../src/voice/opus.ts';
import { pcmFromBytes, upmix, type Pcm } from '../../src/voice/pcm.ts';

const DIR = fileURLToPath(new URL('../fixtures/voice/', import.meta.url));

/** Reads a 16-bit PCM WAV file (RIFF, `fmt ` + `data` chunks). */
export function readWav(path: string): Pcm {
  const bytes = readFileSync(path);
  if (bytes.toString('ascii', 0, 4) !== 'RIFF' || bytes.toString('ascii', 8, 12) !== 'WAVE') {
    throw new Error(`${path} is not a WAV file`);
  }
  let offset = 12;
  let sampleRate = 0;
  let channels = 0;
  while (offset + 8 <= bytes.length) {
    const id = bytes.toString('ascii', offset, offset + 4);
    const size = bytes.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === 'fmt ') {
      channels = bytes.readUInt16LE(body + 2);
      sampleRate = bytes.readUInt32LE(body + 4);
      if (bytes.readUInt16LE(body + 14) !== 16) throw new Error(`${path}: only 16-bit PCM is supported`);
    } else if (id === 'data') {
      return pcmFromBytes(bytes.subarray(body, body + size), sampleRate, channels);
    }
    offset = body + size + (size & 1);
  }
  throw new Error(`${path} has no data chunk`);
}

/** `alice` and `bob` are 48 kHz mono speech; `reply` is 24 kHz mono speech. */
export function fixture(name: 'alice' | 'bob' | 'reply'): Pcm {
  return readWav(`${DIR}${name}.wav`);
}

/** Encodes 48 kHz mono speech the way a Discord client does: 20 ms stereo Opus packets. */
export function discordPackets(speech: Pcm): Buffer[] {
  const encoder = new OpusEncoder({ sampleRate: 48000, channels: 2, bitrate: 64_000 });
  const stereo = upmix(speech).samples;
  const packets: Buffer[] = [];
  for (let i = 0; i + 1920 <= stereo.length; i += 1920)
    packets.push(encoder.encode(stereo.slice(i, i + 1920)));
  encoder.destroy();
  return packets;
}
