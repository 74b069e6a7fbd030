import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.ts';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { lines, destination };
}

const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.fake.discord-token-value';

describe('createLogger', () => {
  it('never writes a configured secret, whether under a key, in a message or inside an error', () => {
    const { lines, destination } = capture();
    const log = createLogger({ level: 'trace', format: 'json', secrets: [TOKEN], destination });
    log.info({ token: TOKEN }, 'by key');
    log.info({ config: { discord: { token: TOKEN } } }, 'nested key');
    log.info({ detail: `Authorization: Bot ${TOKEN}` }, 'in a value');
    log.error({ err: new Error(`login failed with ${TOKEN}`) }, 'in an error');
    log.child({ userId: '1' }).debug(`in the message ${TOKEN}`);
    expect(lines).toHaveLength(5);
    for (const line of lines) expect(line).not.toContain(TOKEN);
    expect(lines.join('')).toContain('[Redacted]');
  });

  it('redacts credentials and personal data by key', () => {
    const { lines, destination } = capture();
    const log = createLogger({ level: 'info', format: 'json', destination });
    log.info(
      {
        credentials: { accessKeyId: 'AKIA', secretAccessKey: 'shh' },
        address: '1 Main St',
        transcript: 'hello',
      },
      'keys',
    );
    const entry = JSON.parse(lines[0] ?? '{}') as Record<string, unknown>;
    expect(entry.credentials).toBe('[Redacted]');
    expect(entry.address).toBe('[Redacted]');
    expect(entry.transcript).toBe('[Redacted]');
  });

  it('carries child bindings such as guildId and userId', () => {
    const { lines, destination } = capture();
    createLogger({ level: 'info', format: 'json', destination })
      .child({ guildId: 'g1', userId: 'u1' })
      .info('hi');
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ guildId: 'g1', userId: 'u1', msg: 'hi' });
  });
});
