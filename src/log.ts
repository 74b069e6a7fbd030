/**
 * Structured logging with pino: JSON in production or when piped, pretty in a terminal.
 * Secrets are removed twice: by key (redact paths, and the same keys at any depth of plain objects)
 * and by value (every configured secret string, and interaction/webhook tokens found in URL paths,
 * are scrubbed from each finished line), so a token inside an error never reaches the output.
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

/**
 * Interaction and webhook tokens travel in URL paths (`/interactions/<id>/<token>/callback`,
 * `/webhooks/<appId>/<token>/messages/@original`), so they reach logs inside e.g.
 * `DiscordAPIError.url`. They are not configured secrets; they are found by shape.
 */
const URL_TOKEN = /(\/(?:interactions|webhooks)\/\d+\/)[A-Za-z0-9._~%-]{8,}/g;

function scrubber(secrets: readonly (string | undefined)[]): (line: string) => string {
  const values = secrets.filter((s): s is string => typeof s === 'string' && s.length >= 6);
  return (line) =>
    values
      .reduce((out, secret) => out.replaceAll(secret, '[Redacted]'), line)
      .replace(URL_TOKEN, '$1[Redacted]');
}

/** Keys whose values never reach the output, at any depth (pino's redact paths reach one level). */
const SENSITIVE_KEYS = new Set(
  REDACT_PATHS.filter((path) => !path.includes('.')).map((key) => key.toLowerCase()),
);
const MAX_DEPTH = 8;

/** A copy of plain objects and arrays with sensitive keys replaced; errors and other classes are kept. */
function redactDeep(value: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH || seen.has(value)) return value;
  const isArray = Array.isArray(value);
  if (!isArray && Object.getPrototypeOf(value) !== Object.prototype) return value;
  seen.add(value);
  if (isArray) return value.map((item) => redactDeep(item, depth + 1, seen));
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    out[key] = SENSITIVE_KEYS.has(key.toLowerCase()) ? '[Redacted]' : redactDeep(inner, depth + 1, seen);
  }
  return out;
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
    formatters: {
      log: (object: Record<string, unknown>) =>
        redactDeep(object, 0, new WeakSet()) as Record<string, unknown>,
    },
    hooks: { streamWrite: scrub },
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
