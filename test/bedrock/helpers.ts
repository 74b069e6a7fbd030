/** Shared helpers for the Bedrock tests: a silent logger, a client on the fake, test audio. */
import { Writable } from 'node:stream';
import { createBedrockClient } from '../../src/bedrock/client.ts';
import { createSdkStreamFactory, type SonicStreamFactory } from '../../src/bedrock/sonic/stream.ts';
import { createLogger, type Logger } from '../../src/log.ts';
import type { FakeBedrock } from '../fakes/bedrock/server.ts';

/** A logger that keeps its JSON lines in memory. */
export function memoryLogger(level = 'debug'): { log: Logger; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const log = createLogger({ level, format: 'json', destination });
  const lines = () =>
    chunks
      .join('')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { log, lines };
}

export function fakeClient(fake: FakeBedrock, log: Logger) {
  return createBedrockClient({ aws: { region: 'us-east-1', bedrockEndpoint: fake.endpoint } }, log, {
    credentials: { accessKeyId: 'AKIDFAKE', secretAccessKey: 'fake-secret' },
    requestTimeoutMs: 10_000,
    sessionTimeoutMs: 10_000,
    maxAttempts: 1,
  });
}

export function fakeStreamFactory(
  fake: FakeBedrock,
  log: Logger,
  modelId = 'amazon.nova-2-sonic-v1:0',
): SonicStreamFactory {
  return createSdkStreamFactory(fakeClient(fake, log), { modelId, log, closeTimeoutMs: 2000 });
}

/** 16 kHz speech stand-in: a 300 Hz tone loud enough for the fake's energy VAD. */
export function speech(ms: number): Int16Array {
  const n = Math.round((ms / 1000) * 16_000);
  const out = new Int16Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.round(6000 * Math.sin((2 * Math.PI * 300 * i) / 16_000));
  return out;
}

export function silence(ms: number): Int16Array {
  return new Int16Array(Math.round((ms / 1000) * 16_000));
}

/** Split 16 kHz audio into 20 ms frames (320 samples), padding the last with silence. */
export function frames(audio: Int16Array): Int16Array[] {
  const out: Int16Array[] = [];
  for (let i = 0; i < audio.length; i += 320) {
    const frame = new Int16Array(320);
    frame.set(audio.subarray(i, i + 320));
    out.push(frame);
  }
  return out;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Poll until `check` returns true (or throw after `timeoutMs`). */
export async function until(check: () => boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}
