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

  it('scrubs interaction and webhook tokens from URLs, inside errors too', () => {
    const { lines, destination } = capture();
    const log = createLogger({ level: 'info', format: 'json', destination });
    const interactionToken = 'aW50ZXJhY3Rpb246MTIzNDU2Nzg5MDEyMzQ1Njc4OnNlY3JldA';
    const webhookToken = 'wH0Ok-t0ken_value.with.dots';
    // What discord.js throws when an interaction reply fails: the token is in `url`.
    const err = Object.assign(new Error('Unknown interaction'), {
      name: 'DiscordAPIError[10062]',
      url: `https://discord.com/api/v10/interactions/1234567890123456789/${interactionToken}/callback`,
      requestBody: { files: [], json: { type: 4 } },
    });
    log.error({ err }, 'reply failed');
    log.warn(
      { request: { url: `/api/v10/webhooks/111122223333444455/${webhookToken}/messages/@original` } },
      'edit',
    );
    const out = lines.join('');
    expect(out).not.toContain(interactionToken);
    expect(out).not.toContain(webhookToken);
    expect(out).toContain('/interactions/1234567890123456789/[Redacted]/callback');
  });

  it('redacts sensitive keys at any depth, not only one level down', () => {
    const { lines, destination } = capture();
    const log = createLogger({ level: 'info', format: 'json', destination });
    log.info(
      { a: { b: { c: { token: 'deep-token-value', deliveryAddress: '9 Hidden Rd', kept: 'yes' } } } },
      'deep',
    );
    const entry = JSON.parse(lines[0] ?? '{}') as { a: { b: { c: Record<string, string> } } };
    expect(entry.a.b.c).toEqual({ token: '[Redacted]', deliveryAddress: '[Redacted]', kept: 'yes' });
  });

  it('carries child bindings such as guildId and userId', () => {
    const { lines, destination } = capture();
    createLogger({ level: 'info', format: 'json', destination })
      .child({ guildId: 'g1', userId: 'u1' })
      .info('hi');
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ guildId: 'g1', userId: 'u1', msg: 'hi' });
  });
});
