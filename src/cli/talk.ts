/**
 * `npm run talk -- --in question.wav [--out reply.wav] [--voice tiffany] [--as <discordUserId>] [--trace out.jsonl]`
 *
 * The voice console: streams a WAV (any rate and channel count, converted to 16 kHz mono) to Nova
 * Sonic exactly as a speaker's audio would arrive — real-time pace, then silence until the reply is
 * complete — prints `USER: …` / `ASSISTANT: …` lines and the token usage, and writes the reply
 * (24 kHz mono) as a WAV. Works against real Bedrock (AWS credential chain, AWS_REGION) and against
 * the loopback fake (AWS_ENDPOINT_URL_BEDROCK_RUNTIME). `--trace` records every event both ways
 * (JSON lines with timings, audio reduced to sizes; see src/bedrock/sonic/trace.ts).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { TraceWriter } from '../bedrock/sonic/trace.ts';
import { totalTokens } from '../bedrock/sonic/usage.ts';
import { systemPrompt } from '../calls/prompt.ts';
import { concatPcm } from '../voice/pcm.ts';
import { parseWav, writeWav } from '../voice/wav.ts';
import { cliFail, cliLogger, type CliFail, openSonic, readCliConfig } from './sonic-cli.ts';
import { toSonicInput } from './talk-audio.ts';
import { openCustomerTools, type CustomerTools } from './talk-tools.ts';
import { runTalk, type TalkResult } from './talk-run.ts';

const USAGE =
  'usage: npm run talk -- --in question.wav [--out reply.wav] [--voice tiffany] [--as <discordUserId>] [--trace out.jsonl]';

const fail: CliFail = cliFail('talk');

function readArgs() {
  try {
    const { values } = parseArgs({
      options: {
        in: { type: 'string' },
        out: { type: 'string', default: 'reply.wav' },
        voice: { type: 'string' },
        as: { type: 'string' },
        trace: { type: 'string' },
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

async function main(): Promise<void> {
  const args = readArgs();
  const config = readCliConfig(fail);
  // Logs go to stderr so stdout carries only the conversation.
  const log = cliLogger(config);
  const wav = parseWav(await readFile(args.in));
  const tools: CustomerTools | undefined =
    args.as === undefined ? undefined : await openCustomerTools(config, log, args.as);
  const trace = args.trace === undefined ? undefined : new TraceWriter(args.trace);
  const { settings, client, streamFactory } = openSonic(config, log, trace);
  const prompt = systemPrompt({
    shopName: config.shopName,
    speakerName: 'a customer',
    botName: 'the help desk',
    shared: false,
  });
  try {
    const result = await runTalk({
      input16k: toSonicInput(wav),
      streamFactory,
      log,
      session: { ...settings, voiceId: args.voice ?? settings.voiceId },
      systemPrompt: prompt,
      ...(tools ? { tools: tools.specs, toolHandler: tools.handler } : {}),
      print: (line) => console.log(line),
    });
    await report(result, args.out);
  } finally {
    client.destroy();
    await tools?.close();
  }
}

async function report(result: TalkResult, out: string): Promise<void> {
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
  await writeFile(out, writeWav(reply));
  console.error(`talk: wrote ${(reply.samples.length / 24_000).toFixed(1)} s of reply audio to ${out}`);
}

main().catch((err: unknown) => fail(err instanceof Error ? err.message : String(err), 1));
