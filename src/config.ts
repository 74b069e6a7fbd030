/**
 * Configuration, read once from the environment, validated and frozen.
 * This is the only module that reads `process.env` (Node loads `.env` via `--env-file-if-exists`).
 * AWS credentials are not read here: the AWS SDK's standard credential chain owns them.
 */
import { z } from 'zod';

/** Thrown when the environment is invalid; `index.ts` prints `message` alone and exits 2. */
export class ConfigError extends Error {
  override name = 'ConfigError';
  readonly issues: string[];
  constructor(issues: string[]) {
    const text = issues.join('; ');
    super(text.includes('.env.example') ? text : `${text} (see .env.example)`);
    this.issues = issues;
  }
}

/**
 * Load `.env` (if present) into the environment with Node's own env-file parser. Variables already
 * set in the environment win, as with `node --env-file`.
 */
export function loadDotEnv(path = '.env'): void {
  try {
    process.loadEnvFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

const price = (fallback: number) => z.coerce.number().nonnegative().default(fallback);
const ms = (fallback: number) => z.coerce.number().int().nonnegative().default(fallback);
const count = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();
const csv = z
  .string()
  .default('')
  .transform((v) =>
    v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );
const snowflake = z
  .string()
  .trim()
  .regex(/^\d{15,25}$/, 'must be a Discord id (digits)');

/** A duration with a floor: values below it would make a loop spin, so they are refused. */
const atLeast = (min: number, fallback: number, what: string) =>
  z.coerce.number().int().min(min, `must be at least ${min} ms (lower is ${what})`).default(fallback);

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** The bot token travels to this URL: https, except to a loopback host (the offline fakes). */
function isSafeApiUrl(value: string): boolean {
  if (!URL.canParse(value)) return true; // reported by the url check itself
  const url = new URL(value);
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && (LOOPBACK_HOSTS.has(url.hostname) || /^127\./.test(url.hostname));
}

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['auto', 'json', 'pretty']).default('auto'),

  DISCORD_TOKEN: z.string().trim().default(''),
  DISCORD_CLIENT_ID: snowflake.optional().or(z.literal('').transform(() => undefined)),
  DISCORD_API_URL: z
    .url()
    .default('https://discord.com/api')
    .refine(isSafeApiUrl, 'must be https (plain http only for a loopback host such as 127.0.0.1)'),

  AWS_REGION: z.string().trim().default('us-east-1'),
  AWS_ENDPOINT_URL_BEDROCK_RUNTIME: optionalString.pipe(z.url().optional()),
  AWS_ENDPOINT_URL_DYNAMODB: optionalString.pipe(z.url().optional()),
  DYNAMODB: z.enum(['embedded', 'aws']).optional(),
  DYNAMODB_CREATE_TABLES: z.enum(['true', 'false']).optional(),
  DATA_DIR: z.string().default('./data'),
  TABLE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.-]*$/, 'may contain only letters, digits, _ . -')
    .default('voicedesk-'),
  MODERATOR_ROLE_ID: snowflake.optional().or(z.literal('').transform(() => undefined)),

  SHOP_NAME: z.string().trim().min(1).default('the shop'),
  VOICE_READY_TIMEOUT_MS: ms(20_000),
  VOICE_REJOIN_ATTEMPTS: count(5),
  LEAVE_WHEN_EMPTY_MS: ms(60_000),

  SONIC_MODEL_ID: z.string().trim().min(1).default('amazon.nova-2-sonic-v1:0'),
  SONIC_VOICE: z.string().trim().min(1).default('tiffany'),
  SONIC_ENDPOINTING: z.enum(['HIGH', 'MEDIUM', 'LOW']).default('MEDIUM'),
  SONIC_TEMPERATURE: z.coerce.number().min(0).max(1).default(0.7),
  SONIC_TOP_P: z.coerce.number().min(0).max(1).default(0.9),
  SONIC_MAX_TOKENS: z.coerce.number().int().min(1).max(10_000).default(1024),
  SONIC_SESSION_ROTATE_MS: atLeast(1_000, 360_000, 'a rotation that spins'),

  SPEAKER_IDLE_CLOSE_MS: atLeast(1_000, 120_000, 'an idle close that spins'),
  MAX_SESSIONS_PER_CALL: count(8),
  MAX_SESSIONS_PER_PROCESS: count(20),
  MAX_SESSIONS_FLEET: count(20),
  SESSION_LEASE_MS: z.coerce.number().int().min(1_000).default(30_000),
  SUMMARY_MODEL_ID: z.string().trim().min(1).default('amazon.nova-pro-v1:0'),
  SUMMARY_FALLBACK_MODEL_IDS: csv,
  SUMMARY_LEASE_MS: atLeast(1_000, 60_000, 'a lease that spins'),
  SUMMARY_CHANNEL_ID: snowflake.optional().or(z.literal('').transform(() => undefined)),
  TRANSCRIPT_RETENTION_DAYS: count(30),

  ORDER_NOTIFICATIONS: z.enum(['on', 'off']).default('on'),
  ORDER_NOTIFY_POLL_MS: z.coerce.number().int().min(100).default(1_000),
  ORDER_NOTIFY_LEASE_MS: z.coerce.number().int().min(1_000).default(30_000),

  PRICE_SONIC_SPEECH_IN_PER_MTOK: price(3.0),
  PRICE_SONIC_SPEECH_OUT_PER_MTOK: price(12.0),
  PRICE_SONIC_TEXT_IN_PER_MTOK: price(0.33),
  PRICE_SONIC_TEXT_OUT_PER_MTOK: price(2.75),
  PRICE_SUMMARY_IN_PER_MTOK: price(0.8),
  PRICE_SUMMARY_OUT_PER_MTOK: price(3.2),

  METRICS_PORT: z.coerce.number().int().min(0).max(65_535).optional(),
  METRICS_HOST: z.string().default('127.0.0.1'),
  SHARD_IDS: csv.transform((ids) => ids.map(Number)).pipe(z.array(z.number().int().nonnegative())),
  AWS_SECRET_ACCESS_KEY: z.string().optional(),
  AWS_SESSION_TOKEN: z.string().optional(),
  SHARD_COUNT: z.coerce.number().int().positive().optional(),

  // Whose shop this deployment serves (issue 12): moderator powers count only in these guilds.
  SHOP_GUILD_IDS: csv.pipe(z.array(snowflake)),
  CALL_HEARTBEAT_MS: z.coerce.number().int().min(100).default(15_000),
  CALL_ABANDON_MS: z.coerce.number().int().min(300).default(60_000),
  TRANSCRIPT_FLUSH_MS: z.coerce.number().int().min(10).max(250).default(250),
  MAX_CALLS_PER_PROCESS: count(10),
  CLOCK_SKEW_MARGIN_MS: ms(5_000),
  SONIC_BREAKER_COOLDOWN_MS: z.coerce.number().int().min(100).default(5_000),
  JOIN_MAX_LAG_P99_MS: ms(200),
});

type Env = z.infer<typeof schema>;

/** Where orders, transcripts and settings live. */
export type StoreChoice =
  { kind: 'embedded'; dataDir: string } | { kind: 'aws'; endpoint: string | undefined; region: string };

export interface Config {
  readonly env: Env['NODE_ENV'];
  readonly log: { readonly level: Env['LOG_LEVEL']; readonly format: Env['LOG_FORMAT'] };
  readonly discord: {
    readonly token: string;
    readonly clientId: string | undefined;
    readonly apiUrl: string;
    readonly moderatorRoleId: string | undefined;
    /**
     * The shop's own guilds (SHOP_GUILD_IDS). Moderator powers and the default summary channel
     * apply only there; empty means moderator powers are off everywhere.
     */
    readonly shopGuildIds: readonly string[];
  };
  readonly aws: { readonly region: string; readonly bedrockEndpoint: string | undefined };
  /**
   * `createTables`: create missing tables at start. Default: yes for the embedded store and an
   * explicit endpoint, no for real AWS (where infrastructure owns the tables).
   */
  readonly store: StoreChoice & { readonly tablePrefix: string; readonly createTables: boolean };
  readonly shopName: string;
  readonly voice: {
    readonly readyTimeoutMs: number;
    readonly rejoinAttempts: number;
    readonly leaveWhenEmptyMs: number;
  };
  readonly sonic: {
    readonly modelId: string;
    readonly voiceId: string;
    readonly endpointing: Env['SONIC_ENDPOINTING'];
    readonly temperature: number;
    readonly topP: number;
    readonly maxTokens: number;
    readonly rotateMs: number;
  };
  readonly calls: {
    readonly speakerIdleCloseMs: number;
    readonly maxSessionsPerCall: number;
    readonly maxSessionsPerProcess: number;
    readonly maxSessionsFleet: number;
    /** How long a fleet session slot outlives its holder's last heartbeat (a crashed process's slots return after this). */
    readonly sessionLeaseMs: number;
    readonly transcriptRetentionDays: number;
    /** How often a live call refreshes its record, and every process sweeps for abandoned calls. */
    readonly heartbeatMs: number;
    /** An active call not refreshed for this long (by the sweeper's clock) is ended by the sweep. */
    readonly abandonMs: number;
    /** Transcript lines are journalled at once and written to the store at most this long after. */
    readonly transcriptFlushMs: number;
    /** Local journal of transcript lines not yet known to be in the store. */
    readonly journalDir: string;
    readonly maxCallsPerProcess: number;
    /** Leases (summary claims, fleet slots) count as expired to other processes only this long after expiry. */
    readonly clockSkewMarginMs: number;
    /** First cooldown of the process-wide Nova Sonic breaker (doubles while throttling lasts, up to 60 s). */
    readonly sonicBreakerCooldownMs: number;
    /** New joins are refused while the event loop's p99 delay is above this. */
    readonly joinMaxLagP99Ms: number;
  };
  readonly summary: {
    readonly modelId: string;
    readonly fallbackModelIds: readonly string[];
    readonly channelId: string | undefined;
    /** How long one process holds a summary job without renewing it (a crashed holder's job returns after this). */
    readonly leaseMs: number;
  };
  /** Order status DMs to customers (src/notifications). */
  readonly notifications: {
    /** ORDER_NOTIFICATIONS=off: nothing is sent; pending ones are recorded as skipped. */
    readonly enabled: boolean;
    /** How often the notifier looks for pending notifications. */
    readonly pollMs: number;
    /** How long a claimed notification stays with one process (a crashed holder's returns after this). */
    readonly leaseMs: number;
  };
  /** USD per million tokens, for the cost estimate in `/voice status` and summaries. */
  readonly prices: {
    readonly sonicSpeechIn: number;
    readonly sonicSpeechOut: number;
    readonly sonicTextIn: number;
    readonly sonicTextOut: number;
    readonly summaryIn: number;
    readonly summaryOut: number;
  };
  /** Secret values to scrub from logs; never logged or shown. */
  readonly secrets: readonly string[];
  readonly ops: {
    readonly metricsPort: number | undefined;
    readonly metricsHost: string;
    readonly shardIds: readonly number[];
    readonly shardCount: number | undefined;
  };
}

function chooseStore(env: Env): StoreChoice {
  if (env.AWS_ENDPOINT_URL_DYNAMODB !== undefined || env.DYNAMODB === 'aws') {
    return { kind: 'aws', endpoint: env.AWS_ENDPOINT_URL_DYNAMODB, region: env.AWS_REGION };
  }
  return { kind: 'embedded', dataDir: env.DATA_DIR };
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

export interface LoadOptions {
  /** The bot needs a token; operator CLIs that never log in (orders, talk) do not. */
  readonly requireDiscordToken?: boolean;
}

/** Validate `source` (normally `process.env`) and return the frozen configuration. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env, options: LoadOptions = {}): Config {
  const parsed = schema.safeParse(source);
  const issues = parsed.success
    ? []
    : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  // On a failed parse the token is read raw, so a bad other value is not reported as a missing token.
  const token = parsed.success ? parsed.data.DISCORD_TOKEN : String(source.DISCORD_TOKEN ?? '').trim();
  if ((options.requireDiscordToken ?? true) && !token) {
    issues.unshift('DISCORD_TOKEN is not set: put your bot token in .env (see .env.example)');
  }
  if (!parsed.success || issues.length > 0) throw new ConfigError(issues);
  const env = parsed.data;
  return deepFreeze({
    env: env.NODE_ENV,
    log: { level: env.LOG_LEVEL, format: env.LOG_FORMAT },
    discord: {
      token: env.DISCORD_TOKEN,
      clientId: env.DISCORD_CLIENT_ID,
      apiUrl: env.DISCORD_API_URL.replace(/\/+$/, ''),
      moderatorRoleId: env.MODERATOR_ROLE_ID,
      shopGuildIds: env.SHOP_GUILD_IDS,
    },
    aws: { region: env.AWS_REGION, bedrockEndpoint: env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME },
    store: {
      ...chooseStore(env),
      tablePrefix: env.TABLE_PREFIX,
      createTables:
        env.DYNAMODB_CREATE_TABLES === undefined
          ? env.DYNAMODB !== 'aws' || env.AWS_ENDPOINT_URL_DYNAMODB !== undefined
          : env.DYNAMODB_CREATE_TABLES === 'true',
    },
    shopName: env.SHOP_NAME,
    voice: {
      readyTimeoutMs: env.VOICE_READY_TIMEOUT_MS,
      rejoinAttempts: env.VOICE_REJOIN_ATTEMPTS,
      leaveWhenEmptyMs: env.LEAVE_WHEN_EMPTY_MS,
    },
    sonic: {
      modelId: env.SONIC_MODEL_ID,
      voiceId: env.SONIC_VOICE,
      endpointing: env.SONIC_ENDPOINTING,
      temperature: env.SONIC_TEMPERATURE,
      topP: env.SONIC_TOP_P,
      maxTokens: env.SONIC_MAX_TOKENS,
      rotateMs: env.SONIC_SESSION_ROTATE_MS,
    },
    calls: {
      speakerIdleCloseMs: env.SPEAKER_IDLE_CLOSE_MS,
      maxSessionsPerCall: env.MAX_SESSIONS_PER_CALL,
      maxSessionsPerProcess: env.MAX_SESSIONS_PER_PROCESS,
      maxSessionsFleet: env.MAX_SESSIONS_FLEET,
      sessionLeaseMs: env.SESSION_LEASE_MS,
      transcriptRetentionDays: env.TRANSCRIPT_RETENTION_DAYS,
      heartbeatMs: env.CALL_HEARTBEAT_MS,
      abandonMs: Math.max(env.CALL_ABANDON_MS, 2 * env.CALL_HEARTBEAT_MS),
      transcriptFlushMs: env.TRANSCRIPT_FLUSH_MS,
      journalDir: `${env.DATA_DIR.replace(/\/+$/, '')}/journal`,
      maxCallsPerProcess: env.MAX_CALLS_PER_PROCESS,
      clockSkewMarginMs: env.CLOCK_SKEW_MARGIN_MS,
      sonicBreakerCooldownMs: env.SONIC_BREAKER_COOLDOWN_MS,
      joinMaxLagP99Ms: env.JOIN_MAX_LAG_P99_MS,
    },
    summary: {
      modelId: env.SUMMARY_MODEL_ID,
      fallbackModelIds: env.SUMMARY_FALLBACK_MODEL_IDS,
      channelId: env.SUMMARY_CHANNEL_ID,
      leaseMs: env.SUMMARY_LEASE_MS,
    },
    notifications: {
      enabled: env.ORDER_NOTIFICATIONS === 'on',
      pollMs: env.ORDER_NOTIFY_POLL_MS,
      leaseMs: env.ORDER_NOTIFY_LEASE_MS,
    },
    prices: {
      sonicSpeechIn: env.PRICE_SONIC_SPEECH_IN_PER_MTOK,
      sonicSpeechOut: env.PRICE_SONIC_SPEECH_OUT_PER_MTOK,
      sonicTextIn: env.PRICE_SONIC_TEXT_IN_PER_MTOK,
      sonicTextOut: env.PRICE_SONIC_TEXT_OUT_PER_MTOK,
      summaryIn: env.PRICE_SUMMARY_IN_PER_MTOK,
      summaryOut: env.PRICE_SUMMARY_OUT_PER_MTOK,
    },
    secrets: [env.DISCORD_TOKEN, env.AWS_SECRET_ACCESS_KEY, env.AWS_SESSION_TOKEN].filter(
      (v): v is string => typeof v === 'string' && v.length > 0,
    ),
    ops: {
      metricsPort: env.METRICS_PORT,
      metricsHost: env.METRICS_HOST,
      shardIds: env.SHARD_IDS,
      shardCount: env.SHARD_COUNT,
    },
  });
}

/**
 * For entry points: load `.env`, validate, apply `check`, and on a ConfigError print one line
 * (naming the variable) and exit with code 2, with no stack trace.
 */
export function loadConfigOrExit(check: (config: Config) => void = () => undefined): Config {
  try {
    loadDotEnv();
    const config = loadConfig();
    check(config);
    return config;
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`voicedesk: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
}
