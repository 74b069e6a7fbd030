/**
 * `npm run talk -- --in question.wav [--out reply.wav] [--voice tiffany] [--as <discordUserId>]`
 *
 * The voice console: streams a WAV (any rate and channel count, converted to 16 kHz mono) to Nova
 * Sonic exactly as a speaker's audio would arrive — real-time pace, then silence until the reply is
 * complete — prints `USER: …` / `ASSISTANT: …` lines and the token usage, and writes the reply
 * (24 kHz mono) as a WAV. Works against real Bedrock (AWS credential chain, AWS_REGION) and against
 * the loopback fake (AWS_ENDPOINT_URL_BEDROCK_RUNTIME).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { createBedrockClient } from '../bedrock/client.ts';
import { sonicSettingsFromConfig } from '../bedrock/sonic/session-options.ts';
import { createSdkStreamFactory } from '../bedrock/sonic/stream.ts';
import { totalTokens } from '../bedrock/sonic/usage.ts';
import { ConfigError, loadConfig, loadDotEnv, type Config } from '../config.ts';
import { createLogger } from '../log.ts';
import { concatPcm } from '../voice/pcm.ts';
import { parseWav, writeWav } from '../voice/wav.ts';
import { toSonicInput } from './talk-audio.ts';
import { runTalk } from './talk-run.ts';

const USAGE =
  'usage: npm run talk -- --in question.wav [--out reply.wav] [--voice tiffany] [--as <discordUserId>]';

function fail(message: string, code = 2): never {
  console.error(`talk: ${message}`);
  process.exit(code);
}

function readArgs() {
  try {
    const { values } = parseArgs({
      options: {
        in: { type: 'string' },
        out: { type: 'string', default: 'reply.wav' },
        voice: { type: 'string' },
        as: { type: 'string' },
      },
      allowPositionals: false,
    });
    if (!values.in) fail(`--in is required\n${USAGE}`);
    if (values.as !== undefined && !/^\d{15,25}$/.test(values.as))
      fail('--as must be a Discord user id (digits)');
    return { ...values, in: values.in };
  } catch (err) {
    return fail(`${(err as Error).message}\n${USAGE}`);
  }
}

function readConfig(): Config {
  try {
    loadDotEnv();
    return loadConfig(process.env, { requireDiscordToken: false });
  } catch (err) {
    if (err instanceof ConfigError) fail(err.message);
    throw err;
  }
}

function systemPrompt(config: Config): string {
  return (
    `You are the voice help desk of ${config.shopName}. Answer briefly and warmly in one or two sentences. ` +
    'If you do not know something, say so.'
  );
}

async function main(): Promise<void> {
  const args = readArgs();
  const config = readConfig();
  // The order tools are wired by the calls layer; until then --as cannot run them.
  if (args.as !== undefined)
    fail('--as needs the order tools, which are not wired into the voice console yet');
  // Logs go to stderr so stdout carries only the conversation.
  const log = createLogger({
    level: config.log.level === 'info' ? 'warn' : config.log.level,
    format: 'json',
    secrets: config.secrets,
    destination: process.stderr,
  });
  const wav = parseWav(await readFile(args.in));
  const settings = sonicSettingsFromConfig(config.sonic);
  const client = createBedrockClient(config, log);
  const result = await runTalk({
    input16k: toSonicInput(wav),
    streamFactory: createSdkStreamFactory(client, { modelId: settings.modelId, log }),
    log,
    session: { ...settings, voiceId: args.voice ?? settings.voiceId },
    systemPrompt: systemPrompt(config),
    print: (line) => console.log(line),
  });
  client.destroy();
  const u = result.usage;
  console.log(
    `usage: input ${u.input.speechTokens} speech + ${u.input.textTokens} text tokens, ` +
      `output ${u.output.speechTokens} speech + ${u.output.textTokens} text tokens, total ${totalTokens(u)}`,
  );
  const reply = concatPcm(
    result.reply24k.map((samples) => ({ samples, sampleRate: 24_000, channels: 1 })),
    24_000,
    1,
  );
  await writeFile(args.out, writeWav(reply));
  console.error(`talk: wrote ${(reply.samples.length / 24_000).toFixed(1)} s of reply audio to ${args.out}`);
}

main().catch((err: unknown) => fail(err instanceof Error ? err.message : String(err), 1));
