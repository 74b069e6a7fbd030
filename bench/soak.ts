/**
 * `npm run soak [-- --minutes 10 --guilds 5 --speakers 5 --json --bot-env K=V]` (not part of `npm test`)
 *
 * The real bot process (`src/index.ts`, METRICS_PORT on loopback) in the offline world: loopback
 * Discord with voice, loopback Bedrock and dynalite, all in this process. In every guild the
 * speakers take turns (one talks, the bot answers, the next one talks), guilds in parallel, for
 * `--minutes`. Reports dropped frames and decode errors (the bot's /metrics), turn latency p50/p99
 * (the bot's histogram, and at the fake user: end of speech → first reply packet minus the fake's
 * endpointing pause), the bot's CPU, RSS every 10 s with its least-squares slope, and open handles
 * after every call has ended compared with before the first one.
 * Target: 0 dropped frames, flat RSS (|slope| < 1 MB/min after warm-up), no leaked handles.
 *
 * Faults (the bot's DynamoDB goes through the fault-injecting proxy): `--dynamo-blips S` makes
 * DynamoDB fail every request for `--blip-ms` (default 3000) every S seconds; `--bedrock-errors S`
 * raises a modelStreamErrorException on a random live Nova Sonic stream every S seconds; rotations
 * via `--bot-env SONIC_SESSION_ROTATE_MS=…`. The report's `lost` section compares every turn the
 * fake users heard answered with the transcript lines in the store after the calls ended, and
 * counts summaries (one per call). Expected: 0 lost, one summary per call.
 * `--crowd` runs soak-crowd.ts instead (60 members talking in one channel while 20 guilds join).
 */
import { loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { speak } from '../test/fakes/discord/voice/index.ts';
import { startBot } from '../test/helpers/bot-process.ts';
import { World, type WorldGuild } from '../test/helpers/world.ts';
import { DynamoFaultProxy } from '../test/fakes/dynamo/fault-proxy.ts';
import { readTranscript } from '../src/calls/transcript-store.ts';
import { tableNames } from '../src/db/index.ts';
import { runCrowd } from './soak-crowd.ts';
import { firstAudio, replyDone, utterance } from './soak-turns.ts';
import { histogramQuantile, quantile, round, sample, samples, slope } from './soak-stats.ts';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    guilds: { type: 'string', default: '5' },
    speakers: { type: 'string', default: '5' },
    json: { type: 'boolean', default: false },
    /** Extra bot environment, e.g. `--bot-env SONIC_SESSION_ROTATE_MS=60000` (repeatable). */
    'bot-env': { type: 'string', multiple: true, default: [] },
    'dynamo-blips': { type: 'string', default: '0' },
    'blip-ms': { type: 'string', default: '3000' },
    'bedrock-errors': { type: 'string', default: '0' },
    crowd: { type: 'boolean', default: false },
    'crowd-seconds': { type: 'string', default: '20' },
  },
});
const MINUTES = Number(values.minutes);
const GUILDS = Number(values.guilds);
const SPEAKERS = Number(values.speakers);
const ENDPOINTING_MS = 700;
const SAMPLE_EVERY_MS = 10_000;
const WARM_UP_MIN = 2;
const SUMMARY = JSON.stringify({
  participants: ['soak'],
  topics: ['orders'],
  sentiment: { overall: 'neutral', notes: '' },
  actionItems: [],
  ordersDiscussed: [],
  unresolvedQuestions: [],
});

const log = (line: string) => process.stderr.write(`${line}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const world = await World.start({
  bedrock: { endpointingMs: ENDPOINTING_MS, recordAudio: false, maxConcurrentStreams: 200 },
});
world.bedrock.converse.reply('amazon.nova-pro-v1:0', { text: SUMMARY });
const shops: WorldGuild[] = Array.from({ length: GUILDS }, (_, g) =>
  world.addGuild(
    `Soak ${g + 1}`,
    Array.from({ length: SPEAKERS }, (_, s) => `soak-g${g + 1}-s${s + 1}`),
  ),
);
for (const member of shops.flatMap((s) => s.members)) {
  world.bedrock.scriptFor(member.username).add(
    ...Array.from({ length: 400 }, (_, i) => ({
      user: `voicedesk, question ${i} about my order`,
      reply: 'Let me check that. Your order is packed and leaves the warehouse tomorrow morning.',
      replyAudioMs: 1500,
    })),
  );
}
const proxy = await DynamoFaultProxy.start(world.dynamo.endpoint);
const bot = await startBot(
  world.botEnv({
    AWS_ENDPOINT_URL_DYNAMODB: proxy.endpoint,
    METRICS_PORT: '0',
    LOG_LEVEL: 'info',
    MAX_SESSIONS_PER_PROCESS: String(GUILDS * SPEAKERS + 5),
    MAX_SESSIONS_FLEET: String(GUILDS * SPEAKERS + 5),
    LEAVE_WHEN_EMPTY_MS: '600000',
    ...Object.fromEntries(
      values['bot-env'].map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
    ),
  }),
);
const port = Number((await bot.waitForLog((l) => l.msg === 'metrics and health listening')).port);
const metricsUrl = `http://127.0.0.1:${port}/metrics`;
// One retry: the bot closes idle keep-alive sockets after 5 s, and when this process is busy (the
// crowd's MLS work) fetch can reuse one before it has read the close ("other side closed").
const scrape = async () => (await fetch(metricsUrl).catch(() => fetch(metricsUrl))).text();
await sleep(2_000);
const baseline = await scrape();

if (values.crowd) {
  const crowd = await runCrowd({ world, bot, scrape, seconds: Number(values['crowd-seconds']) });
  await bot.stop();
  await proxy.close();
  await world.close();
  process.stdout.write(`${JSON.stringify({ crowd }, null, values.json ? undefined : 2)}\n`);
  process.exit(0);
}

for (const shop of shops) {
  world.inVoiceOf(
    shop,
    shop.members.map((m) => m.username),
  );
  const caller = shop.members[0];
  if (!caller) throw new Error('a guild without members');
  const join = await world.discord.runSlashCommand(
    caller,
    shop.guild,
    'voice',
    { subcommand: 'join' },
    20_000,
  );
  if (!join.original?.content.includes('Joined')) throw new Error(`join failed: ${join.original?.content}`);
  await world.voice.waitForSession(shop.guild.id);
}
log(`soak: ${GUILDS} guilds × ${SPEAKERS} speakers for ${MINUTES} min; bot pid ${bot.child.pid}`);

const latencies: number[] = [];
let turns = 0;
let missed = 0;
/** Turns the fake users heard answered, per guild (each should leave a user and an assistant line). */
const answered = new Map<string, number>();

async function guildLoop(shop: WorldGuild, index: number, deadline: number): Promise<void> {
  const speech = [utterance('alice'), utterance('bob')];
  await sleep(index * 700); // guilds out of step, as real ones are
  for (let turn = 0; Date.now() < deadline; turn++) {
    const member = shop.members[turn % shop.members.length];
    const say = speech[turn % 2];
    const session = world.voice.current(shop.guild.id);
    if (!member || !say || !session) throw new Error('soak: lost the voice session');
    const mark = session.received.length;
    const started = Date.now();
    await speak(world.voice, shop.guild.id, member.id, say.pcm);
    const endOfSpeech = started + say.speechMs;
    turns++;
    const first = await firstAudio(session, mark, endOfSpeech, 10_000);
    if (!first) {
      missed++;
      continue;
    }
    latencies.push(first.at - endOfSpeech - ENDPOINTING_MS);
    answered.set(shop.guild.id, (answered.get(shop.guild.id) ?? 0) + 1);
    await replyDone(session, first.index);
    await sleep(300 + Math.random() * 500);
  }
}

const t0 = Date.now();
const deadline = t0 + MINUTES * 60_000;
const points: {
  min: number;
  rssMB: number;
  heapMB: number;
  externalMB: number;
  buffersMB: number;
  cpuS: number;
}[] = [];
const cpuAtStart = sample(baseline, 'process_cpu_seconds_total');
const sampler = setInterval(() => {
  void scrape().then((page) => {
    const point = {
      min: (Date.now() - t0) / 60_000,
      rssMB: sample(page, 'process_resident_memory_bytes') / 2 ** 20,
      heapMB: sample(page, 'nodejs_heap_size_used_bytes') / 2 ** 20,
      externalMB: sample(page, 'nodejs_external_memory_bytes') / 2 ** 20,
      buffersMB: sample(page, 'voicedesk_array_buffers_bytes') / 2 ** 20,
      cpuS: sample(page, 'process_cpu_seconds_total'),
    };
    points.push(point);
    const cpu = ((point.cpuS - cpuAtStart) / (point.min * 60)) * 100;
    log(
      `${point.min.toFixed(1)} min: rss ${point.rssMB.toFixed(1)} MB, heap ${point.heapMB.toFixed(1)} MB, ` +
        `external ${point.externalMB.toFixed(1)} MB (buffers ${point.buffersMB.toFixed(1)}), ` +
        `bot cpu ${cpu.toFixed(0)}% of a core, turns ${turns}, dropped in/out ` +
        `${sample(page, 'voicedesk_dropped_frames_total', '{direction="in"}')}/` +
        `${sample(page, 'voicedesk_dropped_frames_total', '{direction="out"}')}, load ${loadavg()[0]?.toFixed(2)}`,
    );
  });
}, SAMPLE_EVERY_MS);
const soakCpu = process.cpuUsage();
// The fake users pace their packets on this process's timers: its stalls become bursts at the bot.
const soakLag = monitorEventLoopDelay({ resolution: 10 });
soakLag.enable();
const faults = { dynamoBlips: 0, bedrockErrors: 0 };
const blipEveryS = Number(values['dynamo-blips']);
const blipper =
  blipEveryS > 0
    ? setInterval(() => {
        faults.dynamoBlips += 1;
        proxy.down();
        setTimeout(() => proxy.restore(), Number(values['blip-ms']));
      }, blipEveryS * 1000)
    : undefined;
const errorEveryS = Number(values['bedrock-errors']);
const breaker =
  errorEveryS > 0
    ? setInterval(() => {
        const live = world.bedrock.streams.filter((s) => s.end === 'open');
        const victim = live[Math.floor(Math.random() * live.length)];
        if (!victim) return;
        faults.bedrockErrors += 1;
        world.bedrock.raise(victim, 'modelStreamErrorException');
      }, errorEveryS * 1000)
    : undefined;
await Promise.all(shops.map((shop, i) => guildLoop(shop, i, deadline)));
clearInterval(blipper);
clearInterval(breaker);
proxy.restore();
const wallS = (Date.now() - t0) / 1000;
const running = await scrape();
clearInterval(sampler);
const soakCpuS = (process.cpuUsage(soakCpu).user + process.cpuUsage(soakCpu).system) / 1e6;

// End every call; once the summaries are posted, nothing of the calls should be left open.
for (const shop of shops) {
  const caller = shop.members[0];
  if (caller)
    await world.discord.runSlashCommand(caller, shop.guild, 'voice', { subcommand: 'leave' }, 20_000);
  world.inVoiceOf(
    shop,
    shop.members.map((m) => m.username),
    null,
  );
}
const summaries = () =>
  world.discord.messages.filter((m) => m.channelId === world.moderators.id && m.embeds.length > 0);
for (let waited = 0; summaries().length < GUILDS && waited < 90_000; waited += 250) await sleep(250);
await sleep(5_000);
const end = await scrape();

// What was lost: every answered turn should be in the store as a user line and an assistant line.
const callIds = new Map(
  bot.logs.filter((l) => l.msg === 'call started').map((l) => [String(l.guildId), String(l.callId)]),
);
const lost = { userLines: 0, assistantLines: 0, callsWithoutSummary: 0, duplicateSummaries: 0 };
for (const shop of shops) {
  const callId = callIds.get(shop.guild.id);
  const lines = callId
    ? await readTranscript(world.dynamo.doc, tableNames(world.tablePrefix).transcripts, callId)
    : [];
  const expected = answered.get(shop.guild.id) ?? 0;
  lost.userLines += Math.max(0, expected - lines.filter((l) => l.role === 'user').length);
  lost.assistantLines += Math.max(0, expected - lines.filter((l) => l.role === 'assistant').length);
  const posted = summaries().filter((m) => JSON.stringify(m.embeds).includes(`call ${callId}`)).length;
  if (posted === 0) lost.callsWithoutSummary += 1;
  if (posted > 1) lost.duplicateSummaries += posted - 1;
}

const after = points.filter((p) => p.min >= WARM_UP_MIN);
const handlesBefore = samples(baseline, 'nodejs_active_resources');
const handlesAfter = samples(end, 'nodejs_active_resources');
const report = {
  minutes: MINUTES,
  guilds: GUILDS,
  speakersPerGuild: SPEAKERS,
  turns,
  repliesMissed: missed,
  droppedFrames: {
    in: sample(end, 'voicedesk_dropped_frames_total', '{direction="in"}'),
    out: sample(end, 'voicedesk_dropped_frames_total', '{direction="out"}'),
  },
  decodeErrors: sample(end, 'voicedesk_opus_decode_errors_total'),
  turnLatencyMs: {
    botHistogram: {
      count: sample(end, 'voicedesk_turn_latency_seconds_count'),
      p50: round((histogramQuantile(end, 'voicedesk_turn_latency_seconds', 0.5) ?? NaN) * 1000, 0),
      p99: round((histogramQuantile(end, 'voicedesk_turn_latency_seconds', 0.99) ?? NaN) * 1000, 0),
    },
    fakeUser: {
      count: latencies.length,
      p50: round(quantile(latencies, 0.5), 0),
      p99: round(quantile(latencies, 0.99), 0),
      max: round(Math.max(...latencies), 0),
      note: `first reply packet − end of speech − ${ENDPOINTING_MS} ms endpointing`,
    },
  },
  cpu: {
    botPercentOfCore: round(((sample(running, 'process_cpu_seconds_total') - cpuAtStart) / wallS) * 100),
    soakProcessPercentOfCore: round((soakCpuS / wallS) * 100),
    loadavg1mAtEnd: round(loadavg()[0], 2),
    cores: 2,
  },
  rss: {
    startMB: round(points[0]?.rssMB),
    endMB: round(points.at(-1)?.rssMB),
    maxMB: round(Math.max(...points.map((p) => p.rssMB))),
    slopeMBPerMin: round(slope(points.map((p) => ({ x: p.min, y: p.rssMB }))), 2),
    slopeAfterWarmUpMBPerMin: round(slope(after.map((p) => ({ x: p.min, y: p.rssMB }))), 2),
    heapSlopeAfterWarmUpMBPerMin: round(slope(after.map((p) => ({ x: p.min, y: p.heapMB }))), 2),
    slopeSecondHalfMBPerMin: round(
      slope(points.filter((p) => p.min >= MINUTES / 2).map((p) => ({ x: p.min, y: p.rssMB }))),
      2,
    ),
    externalSlopeAfterWarmUpMBPerMin: round(slope(after.map((p) => ({ x: p.min, y: p.externalMB }))), 2),
    externalAfterCallsMB: round(sample(end, 'nodejs_external_memory_bytes') / 2 ** 20),
    buffersAfterCallsMB: round(sample(end, 'voicedesk_array_buffers_bytes') / 2 ** 20),
    samples: points.map((p) => [round(p.min, 2), round(p.rssMB)]),
  },
  handles: {
    beforeCalls: handlesBefore,
    afterCalls: handlesAfter,
    leaked: sample(end, 'nodejs_active_resources_total') - sample(baseline, 'nodejs_active_resources_total'),
  },
  eventLoopLagMs: {
    botP99: round(sample(running, 'nodejs_eventloop_lag_p99_seconds') * 1000),
    botMax: round(sample(running, 'nodejs_eventloop_lag_max_seconds') * 1000),
    botSheddingP99: round(sample(running, 'voicedesk_event_loop_lag_p99_seconds') * 1000),
    soakP99: round(soakLag.percentile(99) / 1e6),
    soakMax: round(soakLag.max / 1e6),
  },
  botWarningSamples: bot.logs
    .filter((l) => l.level >= 40)
    .slice(0, 8)
    .map((l) => ({ atMin: round((Number(l.time) - t0) / 60_000, 2), msg: l.msg, skipped: l.skipped })),
  botWarnings: Object.fromEntries(
    Object.entries(
      bot.logs
        .filter((l) => l.level >= 40)
        .reduce<Record<string, number>>((n, l) => ({ ...n, [l.msg]: (n[l.msg] ?? 0) + 1 }), {}),
    ),
  ),
  summariesPosted: summaries().length,
  faults: { ...faults, dynamoBlipMs: blipEveryS > 0 ? Number(values['blip-ms']) : 0 },
  lost,
  sonicSessionsAfterCalls: sample(end, 'voicedesk_sonic_sessions'),
};
await bot.stop();
await proxy.close();
await world.close();

if (values.json) process.stdout.write(`${JSON.stringify(report)}\n`);
else
  process.stdout.write(
    `${JSON.stringify({ ...report, rss: { ...report.rss, samples: undefined } }, null, 2)}\n`,
  );
