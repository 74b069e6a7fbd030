/**
 * `npm run bench:sonic [-- --sessions 30 --seconds 20 --json]`
 *
 * N concurrent Nova Sonic sessions in this process, each fed real-time 16 kHz audio (a 20 ms frame
 * every 20 ms, speaking 1 s in every 8 s so the fake answers with audio), against the loopback
 * Bedrock in a child process (its CPU is not counted). Measures this process's CPU per session —
 * SDK event signing, JSON and base64 included — and the latency from pushing the frame that
 * completes a 32 ms chunk to that chunk arriving at the server.
 * Targets: ≥ 60 sessions per core; frame → wire p99 ≤ 40 ms.
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { createBedrockClient } from '../src/bedrock/client.ts';
import { SonicSession } from '../src/bedrock/sonic/session.ts';
import { createSdkStreamFactory } from '../src/bedrock/sonic/stream.ts';
import { createLogger } from '../src/log.ts';
import { spawnFakeBedrock } from '../test/fakes/bedrock/child.ts';

const { values } = parseArgs({
  options: {
    sessions: { type: 'string', default: '30' },
    seconds: { type: 'string', default: '20' },
    json: { type: 'boolean', default: false },
  },
});
const N = Number(values.sessions);
const SECONDS = Number(values.seconds);
const WARMUP_MS = 2000;
const FRAME = 320;
const CHUNK = 512;
const now = () => performance.timeOrigin + performance.now();

const sink = new Writable({ write: (_c, _e, done) => done() });
const log = createLogger({ level: 'warn', format: 'json', destination: sink });
const fake = await spawnFakeBedrock({ recordAudio: false, endpointingMs: 600, maxConcurrentStreams: 10_000 });
const client = createBedrockClient({ aws: { region: 'us-east-1', bedrockEndpoint: fake.endpoint } }, log, {
  credentials: { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench-secret' },
  maxAttempts: 1,
});

const speechFrame = new Int16Array(FRAME);
for (let i = 0; i < FRAME; i++)
  speechFrame[i] = Math.round(6000 * Math.sin((2 * Math.PI * 300 * i) / 16_000));
const silentFrame = new Int16Array(FRAME);

interface Speaker {
  readonly session: SonicSession;
  readonly pushTimes: number[];
  readonly offsetFrames: number;
}
const speakers: Speaker[] = [];
let failures = 0;
for (let i = 0; i < N; i++) {
  // A model id per session lets the server's records be matched to sessions.
  const session = new SonicSession({
    streamFactory: createSdkStreamFactory(client, { modelId: `bench-${i}`, log }),
    log,
    voiceId: 'tiffany',
    systemPrompt: 'You are a help desk.',
    inference: { maxTokens: 1024, topP: 0.9, temperature: 0.7, endpointing: 'HIGH' },
  });
  session.on('failed', () => failures++);
  speakers.push({ session, pushTimes: [], offsetFrames: (i * 7) % 400 });
}

const started = performance.now();
let pushed = 0;
let measureFrom = 0;
const loopDelay = monitorEventLoopDelay({ resolution: 5 });
const clock = setInterval(() => {
  const due = Math.floor((performance.now() - started) / 20);
  for (; pushed < due; pushed++) {
    for (const s of speakers) {
      const speaking = (pushed + s.offsetFrames) % 400 < 50; // 1 s of every 8 s
      s.pushTimes.push(now());
      s.session.pushAudio(speaking ? speechFrame : silentFrame);
    }
  }
}, 5);

await new Promise((resolve) => setTimeout(resolve, WARMUP_MS));
measureFrom = now();
const serverFrom = await fake.stats();
const cpuFrom = process.cpuUsage();
loopDelay.enable();
const wallFrom = performance.now();
await new Promise((resolve) => setTimeout(resolve, SECONDS * 1000));
const cpu = process.cpuUsage(cpuFrom);
const wallMs = performance.now() - wallFrom;
loopDelay.disable();
const measureTo = now();
clearInterval(clock);

const stats = await fake.stats();
const serverCpuMs = stats.cpuUserMs + stats.cpuSystemMs - serverFrom.cpuUserMs - serverFrom.cpuSystemMs;
await Promise.all(speakers.map((s) => s.session.close()));
client.destroy();
await fake.close();

const latencies: number[] = [];
speakers.forEach((s, i) => {
  const stream = stats.streams.find((r) => r.modelId === `bench-${i}`);
  stream?.audioTimes.forEach((arrivedAt, k) => {
    const frame = Math.ceil(((k + 1) * CHUNK) / FRAME) - 1; // the frame that completed chunk k
    const pushedAt = s.pushTimes[frame];
    if (pushedAt !== undefined && pushedAt >= measureFrom && pushedAt <= measureTo)
      latencies.push(arrivedAt - pushedAt);
  });
});
latencies.sort((a, b) => a - b);
const pct = (p: number) =>
  latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? NaN;
const cpuPercent = ((cpu.user + cpu.system) / 1000 / wallMs) * 100;
const round = (v: number, d = 2) => Math.round(v * 10 ** d) / 10 ** d;
const result = {
  sessions: N,
  cpuPercentPerSession: round(cpuPercent / N, 3),
  sessionsPerCore: round(100 / (cpuPercent / N), 1),
  frameToWireP99Ms: round(pct(99)),
  frameToWireP50Ms: round(pct(50)),
  frameToWireMaxMs: round(latencies.at(-1) ?? NaN),
  chunksMeasured: latencies.length,
  botCpuPercent: round(cpuPercent, 1),
  serverCpuPercent: round((serverCpuMs / wallMs) * 100, 1),
  eventLoopDelayP99Ms: round(loopDelay.percentile(99) / 1e6),
  seconds: SECONDS,
  sessionFailures: failures,
  serverViolations: stats.streams.reduce((n, s) => n + s.violations.length, 0),
};
if (values.json) console.log(JSON.stringify(result));
else {
  console.log(
    `Nova Sonic sessions: ${N} real-time sessions for ${SECONDS} s against the fake (child process)`,
  );
  for (const [k, v] of Object.entries(result)) console.log(`  ${k}: ${v}`);
  console.log('  targets: sessionsPerCore >= 60, frameToWireP99Ms <= 40');
}
process.exit(0);
