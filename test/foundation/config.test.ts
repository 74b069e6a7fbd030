import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';

const base = { DISCORD_TOKEN: 'token-value-123' };

describe('loadConfig', () => {
  it('applies documented defaults', () => {
    const config = loadConfig(base);
    expect(config.discord.apiUrl).toBe('https://discord.com/api');
    expect(config.sonic.modelId).toBe('amazon.nova-2-sonic-v1:0');
    expect(config.summary.modelId).toBe('amazon.nova-pro-v1:0');
    expect(config.sonic.rotateMs).toBe(360_000);
    expect(config.calls.maxSessionsPerCall).toBe(8);
    expect(config.calls.maxSessionsPerProcess).toBe(20);
  });

  it('reads the order DM switch and timings, naming a bad value', () => {
    expect(loadConfig(base).notifications).toEqual({ enabled: true, pollMs: 1_000, leaseMs: 30_000 });
    expect(loadConfig({ ...base, ORDER_NOTIFICATIONS: 'off' }).notifications.enabled).toBe(false);
    expect(() => loadConfig({ ...base, ORDER_NOTIFICATIONS: 'maybe' })).toThrow(/ORDER_NOTIFICATIONS/);
    expect(() => loadConfig({ ...base, ORDER_NOTIFY_LEASE_MS: '10' })).toThrow(/ORDER_NOTIFY_LEASE_MS/);
  });

  it('is frozen all the way down', () => {
    const config = loadConfig(base);
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.discord)).toBe(true);
    expect(() => {
      (config.discord as { token: string }).token = 'x';
    }).toThrow(TypeError);
  });

  it('names DISCORD_TOKEN and .env.example when the token is missing', () => {
    expect(() => loadConfig({})).toThrow(ConfigError);
    expect(() => loadConfig({ DISCORD_TOKEN: '  ' })).toThrow(/DISCORD_TOKEN is not set.*\.env\.example/);
  });

  it('does not need a token for operator tools that never log in', () => {
    expect(loadConfig({}, { requireDiscordToken: false }).discord.token).toBe('');
  });

  it('reports every invalid variable at once', () => {
    const err = (() => {
      try {
        loadConfig({
          ...base,
          SONIC_TOP_P: '3',
          MAX_SESSIONS_PER_CALL: 'many',
          DISCORD_API_URL: 'not a url',
        });
      } catch (e) {
        return e as ConfigError;
      }
      throw new Error('expected a ConfigError');
    })();
    expect(err.issues.map((i) => i.split(':')[0])).toEqual(
      expect.arrayContaining(['SONIC_TOP_P', 'MAX_SESSIONS_PER_CALL', 'DISCORD_API_URL']),
    );
  });

  it('uses the embedded store unless a DynamoDB endpoint or DYNAMODB=aws is given; AWS_REGION alone never selects AWS', () => {
    expect(loadConfig({ ...base, AWS_REGION: 'eu-west-1' }).store.kind).toBe('embedded');
    expect(loadConfig({ ...base, DYNAMODB: 'aws' }).store).toMatchObject({
      kind: 'aws',
      endpoint: undefined,
    });
    expect(loadConfig({ ...base, AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:8000' }).store).toMatchObject({
      kind: 'aws',
      endpoint: 'http://127.0.0.1:8000',
    });
  });

  it('strips a trailing slash from DISCORD_API_URL and lists secrets for log scrubbing', () => {
    const config = loadConfig({
      ...base,
      DISCORD_API_URL: 'http://127.0.0.1:1234/api/',
      AWS_SECRET_ACCESS_KEY: 'aws-secret-xyz',
    });
    expect(config.discord.apiUrl).toBe('http://127.0.0.1:1234/api');
    expect(config.secrets).toEqual(['token-value-123', 'aws-secret-xyz']);
  });

  it('parses lists', () => {
    const config = loadConfig({
      ...base,
      SUMMARY_FALLBACK_MODEL_IDS: 'a:0, b:0,,',
      SHARD_IDS: '0,2',
      SHARD_COUNT: '3',
    });
    expect(config.summary.fallbackModelIds).toEqual(['a:0', 'b:0']);
    expect(config.ops.shardIds).toEqual([0, 2]);
  });
});

describe('values that would spin, and where the token may go', () => {
  const issuesOf = (env: Record<string, string>) => {
    try {
      loadConfig({ ...base, ...env });
      return [];
    } catch (err) {
      // A failed parse also reports the token as missing (the parsed value is unknown then).
      return (err as ConfigError).issues.filter((i) => !i.startsWith('DISCORD_TOKEN'));
    }
  };

  it('refuses zero leases, zero rotation and an idle close under a second, naming each', () => {
    expect(issuesOf({ SESSION_LEASE_MS: '0' })[0]).toMatch(/^SESSION_LEASE_MS/);
    expect(issuesOf({ SUMMARY_LEASE_MS: '0' })[0]).toMatch(/^SUMMARY_LEASE_MS: .*spins/);
    expect(issuesOf({ SONIC_SESSION_ROTATE_MS: '0' })[0]).toMatch(/^SONIC_SESSION_ROTATE_MS: .*spins/);
    expect(issuesOf({ SPEAKER_IDLE_CLOSE_MS: '999' })[0]).toMatch(/^SPEAKER_IDLE_CLOSE_MS: .*1000 ms/);
    expect(issuesOf({ SPEAKER_IDLE_CLOSE_MS: '1000', SUMMARY_LEASE_MS: '1000' })).toEqual([]);
  });

  it('sends the token over https only, except to a loopback host', () => {
    expect(issuesOf({ DISCORD_API_URL: 'http://discord.example.com/api' })[0]).toMatch(
      /^DISCORD_API_URL: must be https/,
    );
    expect(issuesOf({ DISCORD_API_URL: 'ftp://127.0.0.1/api' })).toHaveLength(1);
    expect(issuesOf({ DISCORD_API_URL: 'http://127.0.0.1:9/api' })).toEqual([]);
    expect(issuesOf({ DISCORD_API_URL: 'http://localhost:9/api' })).toEqual([]);
    expect(issuesOf({ DISCORD_API_URL: 'http://[::1]:9/api' })).toEqual([]);
    expect(issuesOf({ DISCORD_API_URL: 'https://proxy.example.com/api' })).toEqual([]);
  });

  it('reads SHOP_GUILD_IDS as Discord ids, absent meaning none', () => {
    expect(loadConfig(base).discord.shopGuildIds).toEqual([]);
    expect(
      loadConfig({ ...base, SHOP_GUILD_IDS: '111111111111111111, 222222222222222222' }).discord.shopGuildIds,
    ).toEqual(['111111111111111111', '222222222222222222']);
    expect(issuesOf({ SHOP_GUILD_IDS: 'my-shop' })[0]).toMatch(/^SHOP_GUILD_IDS/);
  });

  it('makes the bot exit 2 with one line when a value would spin', async () => {
    const { execFile } = await import('node:child_process');
    const { REPO_ROOT, cleanEnv } = await import('../helpers/bot-process.ts');
    const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        ['src/index.ts'],
        { cwd: REPO_ROOT, env: cleanEnv({ DISCORD_TOKEN: 'token-value-123', SPEAKER_IDLE_CLOSE_MS: '10' }) },
        (err, _out, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? null) : 0, stderr }),
      );
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('SPEAKER_IDLE_CLOSE_MS');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('runtime', () => {
  it('runs on the Node the project brings (>= 22.12, needed by @discordjs/voice 0.19)', () => {
    const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
    expect(major > 22 || (major === 22 && minor >= 12)).toBe(true);
  });
});
