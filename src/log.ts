/**
 * Structured logging with pino: JSON in production or when piped, pretty in a terminal.
 * Secrets are removed twice: by key (redact paths) and by value (every configured secret string is
 * scrubbed from each finished line), so a token inside an error message never reaches the output.
 */
import { pino, type Logger, type DestinationStream } from 'pino';

export type { Logger } from 'pino';

const REDACT_PATHS = [
  'token',
  '*.token',
  'authorization',
  '*.authorization',
  '*.headers.authorization',
  'password',
  '*.password',
  'secretAccessKey',
  '*.secretAccessKey',
  'sessionToken',
  '*.sessionToken',
  'credentials',
  '*.credentials',
  'config.discord.token',
  'discord.token',
  // Transcript text and order details are personal data: kept out of info-level logs by key.
  'transcript',
  '*.transcript',
  'text',
  '*.text',
  'address',
  '*.address',
  'deliveryAddress',
  '*.deliveryAddress',
];

export interface LogOptions {
  readonly level: string;
  readonly format: 'auto' | 'json' | 'pretty';
  /** Secret values (tokens, keys) to scrub from every line. Empty strings are ignored. */
  readonly secrets?: readonly (string | undefined)[];
  /** For tests: write here instead of stdout. */
  readonly destination?: DestinationStream;
}

function scrubber(secrets: readonly (string | undefined)[]): ((line: string) => string) | undefined {
  const values = secrets.filter((s): s is string => typeof s === 'string' && s.length >= 6);
  if (values.length === 0) return undefined;
  return (line) => values.reduce((out, secret) => out.replaceAll(secret, '[Redacted]'), line);
}

/** Create the root logger. Child loggers add `guildId`, `callId`, `userId` bindings. */
export function createLogger(options: LogOptions): Logger {
  const scrub = scrubber(options.secrets ?? []);
  const pretty =
    options.format === 'pretty' ||
    (options.format === 'auto' && !options.destination && process.stdout.isTTY);
  const base = {
    level: options.level,
    base: { app: 'voicedesk' },
    redact: { paths: REDACT_PATHS, censor: '[Redacted]' },
    ...(scrub ? { hooks: { streamWrite: scrub } } : {}),
  };
  if (options.destination) return pino(base, options.destination);
  if (pretty) {
    return pino({
      ...base,
      transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'HH:MM:ss.l' } },
    });
  }
  return pino(base);
}
