import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord, FakeGuild, type FakeUser } from '../fakes/discord/index.ts';
import type { BotProcess } from '../helpers/bot-process.ts';
import { cleanEnv, REPO_ROOT, startBot } from '../helpers/bot-process.ts';

const run = promisify(execFile);
const EPHEMERAL = 64;

describe('the bot process against a loopback Discord', () => {
  let fake: FakeDiscord;
  let alice: FakeUser;
  let guild: FakeGuild;
  let bot: BotProcess | undefined;

  beforeAll(async () => {
    fake = await FakeDiscord.start();
    alice = fake.createUser('alice');
    guild = fake.createGuild('Fake Shop', { members: [alice] });
  });
  afterEach(async () => {
    await bot?.stop();
    bot = undefined;
  });
  afterAll(async () => fake.close());

  it('logs in with only the Guilds and GuildVoiceStates intents and answers /help ephemerally', async () => {
    bot = await startBot(fake.botEnv());
    expect(fake.gateway.identifies.at(-1)?.intents).toBe(1 | 128);
    const reply = await fake.runSlashCommand(alice, guild, 'help');
    expect(reply.callbackType).toBe(4);
    expect(reply.original?.flags).toBe(EPHEMERAL);
    expect(reply.original?.content).toContain('/order status');
    expect(reply.original?.content).toContain('Privacy');

    // A command from a guild the bot is not in (a user install, a guild it left): a clear answer,
    // and nothing runs there, so the caller's Manage Server in their own guild grants nothing.
    const elsewhere = new FakeGuild('Elsewhere', alice.id);
    elsewhere.addMember(alice);
    elsewhere.addTextChannel('general');
    const outside = fake.startInteraction(2, alice, elsewhere, 'order', { subcommand: 'list' });
    const answered = await outside.waitFor((i) => i.callbackType === 4);
    expect(answered.original?.content).toContain('only inside a server it has been added to');
    expect(answered.original?.flags).toBe(EPHEMERAL);
  });

  it('answers an unknown command with an ephemeral apology whose reference is in the error log', async () => {
    bot = await startBot(fake.botEnv());
    const reply = await fake.runSlashCommand(alice, guild, 'no-such-command');
    expect(reply.original?.flags).toBe(EPHEMERAL);
    const ref = /ref `([0-9a-f]{8})`/.exec(reply.original?.content ?? '')?.[1];
    expect(ref).toBeDefined();
    const line = await bot.waitForLog((l) => l.msg === 'command failed');
    expect(line.correlationId).toBe(ref);
    expect(line.userId).toBe(alice.id);
    expect(line.guildId).toBe(guild.id);
  });

  it('never writes the token to its logs, even at debug level', async () => {
    bot = await startBot({ ...fake.botEnv(), LOG_LEVEL: 'trace' });
    await fake.runSlashCommand(alice, guild, 'help');
    await bot.stop();
    const output = bot.rawOutput.join('\n');
    expect(output.length).toBeGreaterThan(200);
    expect(output).not.toContain(fake.token);
  });

  it('stops cleanly on SIGTERM and SIGINT with exit code 0', async () => {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      const proc = await startBot(fake.botEnv());
      const started = Date.now();
      expect(await proc.stop(signal)).toBe(0);
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(proc.logs.some((l) => l.msg === 'stopped')).toBe(true);
    }
  });

  it('survives a gateway disconnect and still answers commands after resuming', async () => {
    bot = await startBot(fake.botEnv());
    fake.gateway.disconnectAll(4000);
    await bot.waitForLog((l) => l.msg === 'gateway resumed' || l.msg === 'logged in to Discord', 20_000);
    await expect.poll(() => fake.gateway.connectedShards, { timeout: 15_000 }).toBe(1);
    const reply = await fake.runSlashCommand(alice, guild, 'help');
    expect(reply.original?.content).toContain('voicedesk');
  });
});

describe('npm start without a token', () => {
  it('prints one clear line naming DISCORD_TOKEN and .env.example, and exits 2', async () => {
    const result = await run('npm', ['start', '--silent'], {
      cwd: REPO_ROOT,
      env: cleanEnv({ DISCORD_TOKEN: '' }),
    }).then(
      () => ({ code: 0, stderr: '' }),
      (err: { code: number; stderr: string }) => err,
    );
    expect(result.code).toBe(2);
    const lines = result.stderr.split('\n').filter((l) => l.trim() && !l.includes('npm warn'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('DISCORD_TOKEN');
    expect(lines[0]).toContain('.env.example');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('npm run deploy-commands', () => {
  let fake: FakeDiscord;
  beforeAll(async () => {
    fake = await FakeDiscord.start();
  });
  afterAll(async () => fake.close());

  const deploy = (args: string[], env: Record<string, string>) =>
    run('npm', ['run', '--silent', 'deploy-commands', '--', ...args], { cwd: REPO_ROOT, env: cleanEnv(env) });

  it('registers every command globally, and a second run changes nothing', async () => {
    const { DISCORD_CLIENT_ID: _id, ...env } = fake.botEnv();
    const first = await deploy([], env);
    expect(first.stdout).toContain('Registered');
    const registered = fake.registeredCommands.get('global') ?? [];
    expect(registered.map((c) => c.name)).toContain('help');
    // Guild commands only: no DMs, no user installs.
    for (const command of registered) {
      expect(command).toMatchObject({ contexts: [0], integration_types: [0] });
    }
    const order = registered.find((c) => c.name === 'order');
    expect(order).toMatchObject({ name_localizations: { fr: 'commande', hi: 'ऑर्डर' } });
    const reads = fake.rest.calls.filter((c) => c.method === 'GET' && c.path.endsWith('/commands'));
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.every((c) => c.query.get('with_localizations') === 'true')).toBe(true);
    const puts = () => fake.rest.calls.filter((c) => c.method === 'PUT').length;
    const before = puts();
    const second = await deploy([], env);
    expect(second.stdout).toContain('nothing to do');
    expect(puts()).toBe(before);
  });

  it('registers in one guild with --guild', async () => {
    const guild = fake.createGuild('Guild Scope');
    await deploy(['--guild', guild.id], fake.botEnv());
    expect(fake.registeredCommands.get(guild.id)?.map((c) => c.name)).toContain('help');
  });

  it('rejects a malformed --guild with a usage line', async () => {
    const err = await deploy(['--guild', 'abc'], fake.botEnv()).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(err).toMatchObject({ code: 2 });
    expect((err as { stderr: string }).stderr).toContain('--guild must be a guild id');
  });
});
