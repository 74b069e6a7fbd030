/**
 * `npm run demo`: the whole product offline in one command. The real bot process runs against the
 * loopback Discord (with voice), the loopback Bedrock and the embedded store (orders imported with
 * `npm run orders -- import` first, as an operator would). Two scripted members join a voice
 * channel; alice asks about her order (a tool call), bob asks something and then talks over the
 * answer (barge-in); they leave, and the moderators' summary is posted. The demo prints the
 * conversation as it happens, writes what the channel heard to a WAV file, and prints the summary.
 * The loopback models answer from a script: this shows the plumbing, not model quality.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { writeWav } from '../voice/wav.ts';
import { speak } from '../../test/fakes/discord/voice/index.ts';
import { BotProcess, REPO_ROOT } from '../../test/helpers/bot-process.ts';
import { EXAMPLE_ORDERS, World } from '../../test/helpers/world.ts';
import { fixture } from '../../test/voice/fixtures.ts';
import { printSummary, TranscriptPrinter } from './demo-print.ts';

const OUT_DIR = resolve(REPO_ROOT, 'demo-out');
/** The loopback model's end-of-turn pause (the real one is 1.5–2 s depending on SONIC_ENDPOINTING). */
const ENDPOINTING_MS = 700;

/** How long the recording ends in silence (the fake user stops sending after five silent frames). */
function trailingSilenceMs(samples: Int16Array, sampleRate: number): number {
  let end = samples.length;
  while (end > 0 && Math.abs(samples[end - 1] ?? 0) < 64) end -= 1;
  return Math.round(((samples.length - end) / sampleRate) * 1000);
}
const say = (text: string) => console.log(`\n▶ ${text}`);

const SUMMARY = {
  participants: ['alice', 'bob'],
  topics: ['delivery status of A-1042', 'the status of B-2210'],
  sentiment: { overall: 'positive', notes: 'Both customers got their answers quickly.' },
  actionItems: [{ owner: 'moderators', item: 'Check why B-2210 has been waiting for payment confirmation' }],
  ordersDiscussed: [
    { orderId: 'A-1042', note: 'out for delivery, arriving today' },
    { orderId: 'B-2210', note: 'confirmed, awaiting payment' },
  ],
  unresolvedQuestions: [],
};

function scriptTheModels(world: World): void {
  world.bedrock.scriptFor('speaking with alice').add({
    user: 'voicedesk, where is my order A-1042?',
    reply: 'Your order A-1042 is out for delivery with DHL and should arrive today.',
    replyAudioMs: 2300,
    tools: [{ name: 'get_order_status', input: { orderId: 'A-1042' }, check: (c) => c.includes('A-1042') }],
  });
  world.bedrock.scriptFor('speaking with bob').add(
    {
      user: 'voicedesk, tell me about all my orders',
      reply: 'You have four orders. The first one…',
      replyAudioMs: 8000,
    },
    {
      user: 'voicedesk, sorry, just B-2210 please',
      reply: 'B-2210 is confirmed and waiting for your payment.',
      replyAudioMs: 2300,
      tools: [{ name: 'get_order_status', input: { orderId: 'B-2210' }, check: (c) => c.includes('B-2210') }],
    },
  );
  world.bedrock.converse.reply('amazon.nova-pro-v1:0', { text: JSON.stringify(SUMMARY) });
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'voicedesk-demo-'));
  say(`Importing examples/orders.json into the embedded store in ${dataDir}`);
  const imported = execFileSync(process.execPath, ['src/cli/orders.ts', 'import', EXAMPLE_ORDERS], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
    encoding: 'utf8',
  });
  console.log(imported.trim());

  const world = await World.start({ bedrock: { endpointingMs: ENDPOINTING_MS } });
  scriptTheModels(world);
  const { AWS_ENDPOINT_URL_DYNAMODB: _shared, ...env } = world.botEnv();
  say('Starting the bot (logs: demo-out/bot.log)');
  const bot = new BotProcess({ ...env, DATA_DIR: dataDir, LOG_LEVEL: 'info', LEAVE_WHEN_EMPTY_MS: '1500' });
  await bot.ready();
  const printer = new TranscriptPrinter(world);
  try {
    await runScene(world, bot, printer);
  } finally {
    printer.stop();
    mkdirSync(OUT_DIR, { recursive: true });
    writeFileSync(join(OUT_DIR, 'bot.log'), bot.rawOutput.join('\n'));
    await bot.stop();
    await world.close();
  }
}

async function runScene(world: World, bot: BotProcess, printer: TranscriptPrinter): Promise<void> {
  const [alice, bob] = [world.customer('alice'), world.customer('bob')];
  world.inVoice(['alice', 'bob']);
  say('alice and bob are in the Help Desk voice channel; alice runs /voice join');
  const joined = await world.discord.runSlashCommand(
    alice,
    world.guild,
    'voice',
    { subcommand: 'join' },
    20_000,
  );
  console.log(`  bot (only alice sees this): ${joined.original?.content ?? ''}`);
  const notice = await world.discord.waitForMessage((m) => m.channelId === world.helpDesk.id);
  console.log(`  bot in the channel chat:\n${notice.content.replace(/^/gm, '    ')}`);
  const session = await world.voice.waitForSession(world.guild.id);
  printer.start();

  say('alice: "voicedesk, where is my order A-1042?"');
  const question = fixture('alice');
  await speak(world.voice, world.guild.id, alice.id, question);
  const stoppedSpeaking = Date.now() - trailingSilenceMs(question.samples, question.sampleRate);
  await printer.waitFor('Your order A-1042');
  const firstReply = session.received.find((p) => p.at > stoppedSpeaking && p.opus.length > 3)?.at;
  if (firstReply !== undefined) {
    const total = firstReply - stoppedSpeaking;
    console.log(
      `  first reply audio reached the channel ${total} ms after alice stopped speaking: ` +
        `${ENDPOINTING_MS} ms of that is the model's end-of-turn pause, ${total - ENDPOINTING_MS} ms the bot, the tool call and the network`,
    );
  }

  say('bob asks for everything, then talks over the long answer');
  await speak(world.voice, world.guild.id, bob.id, fixture('bob'));
  await printer.waitForSpeech('You have four orders');
  await new Promise((r) => setTimeout(r, 1500));
  await speak(world.voice, world.guild.id, bob.id, fixture('bob'));
  await printer.waitFor('B-2210 is confirmed');
  await new Promise((r) => setTimeout(r, 2500));

  say('Both leave; the bot leaves the empty channel and the call ends');
  world.inVoice(['alice', 'bob'], null);
  const ended = await bot.waitForLog((l) => l.msg === 'call ended', 20_000);
  const audio = join(OUT_DIR, 'channel-heard.wav');
  mkdirSync(OUT_DIR, { recursive: true });
  writeFileSync(audio, writeWav({ samples: session.botAudio(48_000), sampleRate: 48_000, channels: 1 }));
  console.log(`  what the channel heard from the bot: ${audio} (${session.audioPackets} Opus packets)`);

  say('The moderators’ summary (posted in #moderators)');
  const summary = await world.discord.waitForMessage(
    (m) => m.channelId === world.moderators.id && m.embeds.length > 0,
    30_000,
  );
  printSummary(summary.embeds[0]);
  const postedAt = summary.editedAt ?? summary.createdAt;
  console.log(`  posted ${((postedAt - Number(ended.time)) / 1000).toFixed(2)} s after the call ended`);
}

main().catch((err: unknown) => {
  console.error(`demo failed: ${err instanceof Error ? err.stack : String(err)}`);
  process.exit(1);
});
