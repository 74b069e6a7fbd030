/**
 * `npm run bench [-- --json]` (also `npm run bench:voice`)
 *
 * The voice paths per 20 ms frame, on the committed speech fixtures:
 *   (a) bare Opus decode of Discord packets straight to 16 kHz mono,
 *   (b) the whole speaker input path (jitter buffer + decode + 20 ms framing, as the call clock runs it),
 *   (c) bare Opus encode of 24 kHz mono reply audio,
 *   (d) the whole reply path (queue + framing + encode + the player's stream read),
 * speakers per core (20 ms ÷ (b)), packet → speaker sink latency under the real call clock with
 * arrival jitter, first reply chunk → first Opus packet read by a real @discordjs/voice AudioPlayer,
 * the resampler's alias rejection (mic check path), memory per active speaker, DAVE (end-to-end)
 * decryption of a received frame (@snazzah/davey, what the library adds before (a)), and for
 * comparison the reply path not taken (resample to 48 kHz, upmix, encode stereo).
 * Targets: (b) ≤ 1.5 × (a); (d) ≤ 1.3 × (c); packet → sink p99 ≤ 40 ms; first chunk → Opus p99 ≤ 25 ms;
 * ≤ 3 MB per active speaker.
 */
import { performance } from 'node:perf_hooks';
import type { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import {
  AudioPlayerStatus,
  NoSubscriberBehavior,
  StreamType,
  createAudioPlayer,
  createAudioResource,
} from '@discordjs/voice';
import { pino } from 'pino';
import { CallClock } from '../src/voice/clock.ts';
import { OpusDecoder, OpusEncoder, REPLY_COMPLEXITY } from '../src/voice/opus.ts';
import { upmix } from '../src/voice/pcm.ts';
import { PlaybackQueue } from '../src/voice/playback.ts';
import { createResampler } from '../src/voice/resample.ts';
import { SpeakerInput } from '../src/voice/speaker-input.ts';
import { discordPackets, fixture } from '../test/voice/fixtures.ts';
import { ExternalSender, snowflakeBytes, vector } from '../test/fakes/discord/voice/mls.ts';
import davey from '@snazzah/davey';

const { values } = parseArgs({ options: { json: { type: 'boolean', default: false } } });
const log = pino({ level: 'silent' });
const packets = [...discordPackets(fixture('alice')), ...discordPackets(fixture('bob'))];
const reply = fixture('reply').samples;
const REPEAT = 20;

function usPer(frames: number, run: () => void): number {
  run(); // warm-up
  const start = performance.now();
  run();
  return ((performance.now() - start) * 1000) / frames;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

function decodeUs(): number {
  const decoder = new OpusDecoder(16_000, 1);
  const us = usPer(packets.length * REPEAT, () => {
    for (let r = 0; r < REPEAT; r++) for (const p of packets) decoder.decode(p);
  });
  decoder.destroy();
  return us;
}

function inputPathUs(): number {
  const input = new SpeakerInput('bench');
  let sequence = 0;
  const us = usPer(packets.length * REPEAT, () => {
    for (let r = 0; r < REPEAT; r++) {
      for (const p of packets) {
        input.accept(p, sequence++ & 0xffff, 0);
        input.nextFrame();
      }
    }
  });
  input.destroy();
  return us;
}

function replyFrames(): Int16Array[] {
  const frames: Int16Array[] = [];
  for (let i = 0; i + 480 <= reply.length; i += 480) frames.push(reply.slice(i, i + 480));
  return frames;
}

function encodeUs(complexity = REPLY_COMPLEXITY): number {
  const encoder = new OpusEncoder({ sampleRate: 24_000, channels: 1, complexity });
  const frames = replyFrames();
  const us = usPer(frames.length * REPEAT, () => {
    for (let r = 0; r < REPEAT; r++) for (const f of frames) encoder.encode(f);
  });
  encoder.destroy();
  return us;
}

/** The alternative reply path: resample 24 → 48 kHz, upmix, encode 48 kHz stereo. */
function encode48kStereoUs(): number {
  const encoder = new OpusEncoder({ sampleRate: 48_000, channels: 2, bitrate: 64_000 });
  const resampler = createResampler(24_000, 48_000);
  const frames = replyFrames();
  const us = usPer(frames.length * REPEAT, () => {
    for (let r = 0; r < REPEAT; r++) {
      for (const f of frames) {
        const up = resampler.process(f);
        if (up.length < 960) continue;
        encoder.encode(upmix({ samples: up.subarray(0, 960), sampleRate: 48_000, channels: 1 }).samples);
      }
    }
  });
  encoder.destroy();
  return us;
}

function replyPathUs(): number {
  let stream: Readable | undefined;
  const queue = new PlaybackQueue({ log, play: (s) => (stream = s) });
  const frames = replyFrames().length;
  const us = usPer(frames * REPEAT, () => {
    for (let r = 0; r < REPEAT; r++) {
      // Nova Sonic streams replies in chunks of a few hundred ms, faster than real time.
      for (let i = 0; i < reply.length; i += 7680) {
        queue.enqueue('bench', { samples: reply.subarray(i, i + 7680), sampleRate: 24_000, channels: 1 });
      }
      queue.endReply('bench');
      while (stream?.read() !== null);
      stream = undefined;
    }
  });
  queue.destroy();
  return us;
}

/** Eight speakers, packets every 20 ms with 0-15 ms arrival jitter, under the real call clock. */
async function packetToSink(seconds: number): Promise<number[]> {
  const speakers = Array.from({ length: 8 }, (_, i) => new SpeakerInput(`s${i}`));
  const latencies: number[] = [];
  const clock = new CallClock({
    onTick: () => {
      for (const s of speakers) {
        const frame = s.nextFrame();
        if (frame.arrivedAt !== undefined) latencies.push(performance.now() - frame.arrivedAt);
      }
    },
  });
  clock.start();
  const start = performance.now();
  const timers: NodeJS.Timeout[] = [];
  speakers.forEach((speaker, k) => {
    for (let n = 0; n < seconds * 50; n++) {
      const due = n * 20 + Math.random() * 15;
      timers.push(
        setTimeout(
          () =>
            speaker.accept(packets[(n + k * 7) % packets.length] ?? Buffer.alloc(0), n, performance.now()),
          due,
        ),
      );
    }
  });
  await new Promise((r) => setTimeout(r, seconds * 1000 + 200 - (performance.now() - start)));
  clock.stop();
  for (const t of timers) clearTimeout(t);
  for (const s of speakers) s.destroy();
  return latencies.slice(50); // skip start-up
}

/** First reply chunk → first Opus packet read by a real AudioPlayer (its own 20 ms cycle). */
async function firstChunkToOpus(replies: number): Promise<number[]> {
  const player = createAudioPlayer({ behaviors: { noSubscriber: NoSubscriberBehavior.Play } });
  player.on('error', () => undefined);

  let firstReadAt: number | undefined;
  const queue = new PlaybackQueue({
    log,
    play: (stream) => {
      const read = stream.read.bind(stream);
      stream.read = (size?: number) => {
        const packet = read(size) as unknown;
        if (packet !== null && firstReadAt === undefined) firstReadAt = performance.now();
        return packet;
      };
      player.play(createAudioResource(stream, { inputType: StreamType.Opus }));
    },
  });
  const latencies: number[] = [];
  for (let i = 0; i < replies; i++) {
    firstReadAt = undefined;
    await new Promise((r) => setTimeout(r, Math.random() * 20));
    const enqueuedAt = performance.now();
    queue.enqueue('bench', { samples: reply.subarray(0, 2400), sampleRate: 24_000, channels: 1 });
    queue.endReply('bench');
    while (firstReadAt === undefined) await new Promise((r) => setTimeout(r, 1));
    latencies.push(firstReadAt - enqueuedAt);
    while (player.state.status !== AudioPlayerStatus.Idle) await new Promise((r) => setTimeout(r, 5));
  }
  player.stop(true);
  queue.destroy();
  return latencies;
}

function aliasRejectionDb(): number {
  const resampler = createResampler(48_000, 16_000);
  const tone = new Int16Array(48_000);
  for (let i = 0; i < tone.length; i++)
    tone[i] = Math.round(30_000 * Math.sin((2 * Math.PI * 9000 * i) / 48_000));
  const out = resampler.process(tone).subarray(2000, 14_000);
  let sum = 0;
  for (const s of out) sum += s * s;
  return 20 * Math.log10(Math.sqrt(sum / out.length) / (30_000 / Math.SQRT2));
}

function bytesPerSpeaker(count: number): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const before = process.memoryUsage();
  const speakers = Array.from({ length: count }, (_, i) => new SpeakerInput(`m${i}`));
  speakers.forEach((s, i) => {
    for (let n = 0; n < 3; n++) s.accept(packets[(i + n) % packets.length] ?? Buffer.alloc(0), n, 0);
    s.nextFrame();
  });
  gc?.();
  const after = process.memoryUsage();
  const grown = Math.max(
    after.rss - before.rss,
    after.heapUsed - before.heapUsed + after.arrayBuffers - before.arrayBuffers,
  );
  for (const s of speakers) s.destroy();
  return Math.round(grown / count);
}

/** One member's frames decrypted by another in a two-member DAVE group (real MLS handshake). */
async function daveDecryptUs(): Promise<number> {
  const channel = '1300000000000000002';
  const [alice, bot] = ['1400000000000000001', '1100000000000000001'];
  const external = new ExternalSender();
  const sender = new davey.DAVESession(1, alice, channel);
  const receiver = new davey.DAVESession(1, bot, channel);
  sender.setExternalSender(await external.package());
  receiver.setExternalSender(await external.package());
  const add = vector(await external.add(snowflakeBytes(channel), 0n, receiver.getSerializedKeyPackage()));
  const { commit, welcome } = sender.processProposals(0, add, [bot]);
  if (!commit || !welcome) throw new Error('DAVE handshake failed');
  sender.processCommit(commit);
  receiver.processWelcome(welcome);
  // Every frame decrypts once (the decryptor refuses replayed nonces): fresh frames for each pass.
  const pass = () => Array.from({ length: REPEAT }, () => packets.map((p) => sender.encryptOpus(p))).flat();
  const [warmUp, measured] = [pass(), pass()];
  for (const f of warmUp) receiver.decrypt(alice, 0, f);
  const start = performance.now();
  for (const f of measured) receiver.decrypt(alice, 0, f);
  return ((performance.now() - start) * 1000) / measured.length;
}

const decodeUsPerFrame = decodeUs();
const daveDecryptUsPerFrame = await daveDecryptUs();
const inputPathUsPerFrame = inputPathUs();
const encodeUsPerFrame = encodeUs();
const encodeComplexity5Us = encodeUs(5);
const encodeComplexity10Us = encodeUs(10);
const replyPathUsPerFrame = replyPathUs();
const encode48kStereoUsPerFrame = encode48kStereoUs();
const sink = await packetToSink(5);
const firstChunk = await firstChunkToOpus(40);
const result = {
  decodeUsPerFrame: Number(decodeUsPerFrame.toFixed(1)),
  daveDecryptUsPerFrame: Number(daveDecryptUsPerFrame.toFixed(1)),
  inputPathUsPerFrame: Number(inputPathUsPerFrame.toFixed(1)),
  encodeUsPerFrame: Number(encodeUsPerFrame.toFixed(1)),
  replyComplexity: REPLY_COMPLEXITY,
  encodeComplexity5UsPerFrame: Number(encodeComplexity5Us.toFixed(1)),
  encodeComplexity10UsPerFrame: Number(encodeComplexity10Us.toFixed(1)),
  replyPathUsPerFrame: Number(replyPathUsPerFrame.toFixed(1)),
  encode48kStereoUsPerFrame: Number(encode48kStereoUsPerFrame.toFixed(1)),
  speakersPerCore: Math.floor(20_000 / inputPathUsPerFrame),
  packetToSinkP50Ms: Number(percentile(sink, 50).toFixed(1)),
  packetToSinkP99Ms: Number(percentile(sink, 99).toFixed(1)),
  firstChunkToOpusP50Ms: Number(percentile(firstChunk, 50).toFixed(1)),
  firstChunkToOpusP99Ms: Number(percentile(firstChunk, 99).toFixed(1)),
  resamplerAliasRejectionDb: Number(aliasRejectionDb().toFixed(1)),
  bytesPerSpeaker: bytesPerSpeaker(200),
};

if (values.json) {
  console.log(JSON.stringify(result));
} else {
  console.log(JSON.stringify(result, null, 2));
  const rows: [string, string, string][] = [
    ['(a) decode µs/frame', String(result.decodeUsPerFrame), ''],
    ['DAVE decrypt µs/frame', String(result.daveDecryptUsPerFrame), 'small next to (a)'],
    [
      '(b) input path µs/frame',
      String(result.inputPathUsPerFrame),
      `≤ ${(1.5 * result.decodeUsPerFrame).toFixed(1)} (1.5 × a)`,
    ],
    ['(c) encode µs/frame', String(result.encodeUsPerFrame), `complexity ${result.replyComplexity}`],
    [
      'encode µs/frame, complexity 5 / 10',
      `${result.encodeComplexity5UsPerFrame} / ${result.encodeComplexity10UsPerFrame}`,
      '5 ≈ half of 10: replies use 5',
    ],
    [
      '(d) reply path µs/frame',
      String(result.replyPathUsPerFrame),
      `≤ ${(1.3 * result.encodeUsPerFrame).toFixed(1)} (1.3 × c)`,
    ],
    [
      'alt: resample + 48 kHz stereo encode',
      String(result.encode48kStereoUsPerFrame),
      'not used (for comparison)',
    ],
    ['speakers per core', String(result.speakersPerCore), ''],
    ['packet → sink p50 / p99 ms', `${result.packetToSinkP50Ms} / ${result.packetToSinkP99Ms}`, 'p99 ≤ 40'],
    [
      'first chunk → Opus p50 / p99 ms',
      `${result.firstChunkToOpusP50Ms} / ${result.firstChunkToOpusP99Ms}`,
      'p99 ≤ 25',
    ],
    ['resampler alias rejection dB', String(result.resamplerAliasRejectionDb), '≤ -70'],
    ['bytes per active speaker', String(result.bytesPerSpeaker), '≤ 3 MB'],
  ];
  for (const [name, value, target] of rows)
    console.log(`${name.padEnd(34)} ${value.padStart(14)}   ${target}`);
}
