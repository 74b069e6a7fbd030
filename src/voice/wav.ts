/**
 * RIFF/WAVE files with 16-bit PCM, any rate and channel count (WAVE_FORMAT_PCM or
 * WAVE_FORMAT_EXTENSIBLE with the PCM subformat). Other encodings are refused with a clear error.
 */
import { pcmFromBytes, pcmToBytes, type Pcm } from './pcm.ts';

export class WavError extends Error {
  override name = 'WavError';
}

const FORMAT_PCM = 1;
const FORMAT_EXTENSIBLE = 0xfffe;

interface Chunk {
  readonly id: string;
  readonly body: Buffer;
}

function* chunks(file: Buffer): Generator<Chunk> {
  let at = 12;
  while (at + 8 <= file.length) {
    const id = file.toString('ascii', at, at + 4);
    const size = file.readUInt32LE(at + 4);
    // A truncated last chunk (streamed recordings often have size 0 or too large) keeps what exists.
    const end = Math.min(file.length, at + 8 + size);
    yield { id, body: file.subarray(at + 8, id === 'data' && size === 0 ? file.length : end) };
    at = end + (size % 2);
  }
}

function readFormat(body: Buffer): { channels: number; sampleRate: number } {
  if (body.length < 16) throw new WavError('fmt chunk too short');
  let format = body.readUInt16LE(0);
  const channels = body.readUInt16LE(2);
  const sampleRate = body.readUInt32LE(4);
  const bits = body.readUInt16LE(14);
  if (format === FORMAT_EXTENSIBLE && body.length >= 26) format = body.readUInt16LE(24);
  if (format !== FORMAT_PCM || bits !== 16) {
    throw new WavError(
      `unsupported WAV encoding (format ${format}, ${bits} bits): only 16-bit PCM is supported`,
    );
  }
  if (channels < 1 || sampleRate < 1) throw new WavError('invalid channel count or sample rate');
  return { channels, sampleRate };
}

/** Parse a 16-bit PCM WAV file. */
export function parseWav(file: Buffer): Pcm {
  if (
    file.length < 12 ||
    file.toString('ascii', 0, 4) !== 'RIFF' ||
    file.toString('ascii', 8, 12) !== 'WAVE'
  ) {
    throw new WavError('not a RIFF/WAVE file');
  }
  let format: { channels: number; sampleRate: number } | undefined;
  for (const chunk of chunks(file)) {
    if (chunk.id === 'fmt ') format = readFormat(chunk.body);
    else if (chunk.id === 'data') {
      if (!format) throw new WavError('data chunk before fmt chunk');
      const usable = chunk.body.subarray(0, chunk.body.length - (chunk.body.length % (2 * format.channels)));
      return pcmFromBytes(usable, format.sampleRate, format.channels);
    }
  }
  throw new WavError(format ? 'no data chunk' : 'no fmt chunk');
}

/** Encode PCM as a canonical 44-byte-header 16-bit PCM WAV file. */
export function writeWav(pcm: Pcm): Buffer {
  const data = pcmToBytes(pcm.samples);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(FORMAT_PCM, 20);
  header.writeUInt16LE(pcm.channels, 22);
  header.writeUInt32LE(pcm.sampleRate, 24);
  header.writeUInt32LE(pcm.sampleRate * pcm.channels * 2, 28);
  header.writeUInt16LE(pcm.channels * 2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}
