/**
 * For the tests of the Nova Sonic console commands (talk, sonic:probe): runs a command as its own
 * Node process with only the environment that points it at the loopback Bedrock.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { FakeBedrock } from '../fakes/bedrock/server.ts';

export const runNode = promisify(execFile);

export function loopbackSonicEnv(fake: FakeBedrock, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env['PATH'] ?? '',
    AWS_ENDPOINT_URL_BEDROCK_RUNTIME: fake.endpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIDFAKE',
    AWS_SECRET_ACCESS_KEY: 'fake-secret',
    LOG_LEVEL: 'warn',
    ...extra,
  };
}
