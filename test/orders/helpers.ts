/** Shared set-up for order tests: a config for an isolated store and a silent logger. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig, type Config } from '../../src/config.ts';
import { createLogger, type Logger } from '../../src/log.ts';

export interface CapturedLog {
  readonly log: Logger;
  readonly lines: { msg: string; [key: string]: unknown }[];
}

export function captureLog(): CapturedLog {
  const lines: { msg: string }[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n'))
        if (line) lines.push(JSON.parse(line) as { msg: string });
      done();
    },
  });
  return { log: createLogger({ level: 'debug', format: 'json', destination }), lines };
}

export function storeConfig(env: Record<string, string>): Config['store'] {
  return loadConfig(env, { requireDiscordToken: false }).store;
}

export async function tempDir(): Promise<{ path: string; remove(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), 'voicedesk-orders-'));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}
