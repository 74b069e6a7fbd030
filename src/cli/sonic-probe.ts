/**
 * `npm run sonic:probe [-- --in question.wav] [--trace sonic-probe.jsonl] [--voice tiffany]`
 *
 * For an operator with AWS access: runs a short scripted conversation against the configured
 * Nova Sonic (at least 3 turns, one barge-in, one tool offered and answered), records every event
 * both ways to a trace, then prints what the service did — completions per turn, ASR blocks per
 * utterance, FINAL text delay, the barge-in signal order — and which realism profile of the
 * loopback it matched (`observed` / `documented`). Against the loopback
 * (AWS_ENDPOINT_URL_BEDROCK_RUNTIME) it is how the probe itself is tested.
 * README "Nova Sonic traces" says how to commit a captured trace.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { readTrace, TraceWriter } from '../bedrock/sonic/trace.ts';
import { analyzeTrace, formatTraceReport } from '../bedrock/sonic/trace-report.ts';
import { parseWav } from '../voice/wav.ts';
import { runProbe } from './probe-run.ts';
import { cliFail, cliLogger, openSonic, readCliConfig } from './sonic-cli.ts';
import { toSonicInput } from './talk-audio.ts';

const DEFAULT_QUESTION = fileURLToPath(new URL('../../test/fixtures/bedrock/question.wav', import.meta.url));
const USAGE =
  'usage: npm run sonic:probe [-- --in question.wav] [--trace sonic-probe.jsonl] [--voice tiffany]';

const fail = cliFail('sonic:probe');

function readArgs() {
  try {
    return parseArgs({
      options: {
        in: { type: 'string', default: DEFAULT_QUESTION },
        trace: { type: 'string', default: 'sonic-probe.jsonl' },
        voice: { type: 'string' },
      },
      allowPositionals: false,
    }).values;
  } catch (err) {
    return fail(`${(err as Error).message}\n${USAGE}`);
  }
}

async function main(): Promise<void> {
  const args = readArgs();
  const config = readCliConfig(fail);
  const log = cliLogger(config);
  const question = toSonicInput(parseWav(await readFile(args.in)));
  const trace = new TraceWriter(args.trace);
  const { settings, client, streamFactory } = openSonic(config, log, trace);
  let failure: Error | undefined;
  try {
    await runProbe({
      question16k: question,
      streamFactory,
      log,
      session: { voiceId: args.voice ?? settings.voiceId, inference: settings.inference },
      print: (line) => console.log(line),
    });
  } catch (err) {
    failure = err instanceof Error ? err : new Error(String(err));
  } finally {
    client.destroy();
  }
  // The report of a partial trace still says what the service did.
  console.log(`trace: ${args.trace}`);
  console.log(formatTraceReport(analyzeTrace(readTrace(await readFile(args.trace, 'utf8')))));
  if (failure) throw failure;
}

main().catch((err: unknown) => fail(err instanceof Error ? err.message : String(err), 1));
