/**
 * The voice layer's own counters reach /metrics: corrupt packets sent into a live call show up as
 * Opus decode errors, and a burst faster than real time as dropped input frames.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendGarbage } from '../fakes/discord/voice/index.ts';
import { startBot, type BotProcess } from '../helpers/bot-process.ts';
import { joinCall } from '../helpers/calls.ts';
import { metricsBase, metricSample, scrapeMetrics } from '../helpers/metrics.ts';
import { World } from '../helpers/world.ts';

describe('audio metrics', () => {
  let world: World;
  let bot: BotProcess;
  let base: string;

  beforeAll(async () => {
    world = await World.start();
    bot = await startBot(world.botEnv({ METRICS_PORT: '0' }));
    base = await metricsBase(bot);
  }, 30_000);
  afterAll(async () => {
    await bot?.stop();
    await world?.close();
  });

  const scrape = () => scrapeMetrics(base);

  it('exports zero decode errors and both drop directions before any audio', async () => {
    const page = await scrape();
    expect(page).toContain('voicedesk_opus_decode_errors_total 0');
    expect(page).toContain('voicedesk_dropped_frames_total{direction="in"} 0');
    expect(page).toContain('voicedesk_dropped_frames_total{direction="out"} 0');
  });

  it('counts corrupt Opus packets and overflowing input in a live call', async () => {
    const alice = world.customer('alice');
    world.inVoice(['alice']);
    await joinCall(world, alice);
    await bot.waitForLog((l) => l.msg === 'listening to speaker');

    await sendGarbage(world.voice, world.guild.id, alice.id, 3_000);
    await expect
      .poll(async () => metricSample(await scrape(), 'voicedesk_opus_decode_errors_total'), {
        timeout: 10_000,
      })
      .toBeGreaterThan(0);
    const page = await scrape();
    expect(metricSample(page, 'voicedesk_dropped_frames_total', '{direction="in"}')).toBeGreaterThan(0);
    expect(bot.child.exitCode).toBeNull();

    // Counters are monotonic: the speaker leaving (their input is destroyed) keeps what was counted.
    const before = metricSample(page, 'voicedesk_opus_decode_errors_total');
    world.inVoice(['alice'], null);
    await bot.waitForLog((l) => l.msg === 'speaker left');
    expect(metricSample(await scrape(), 'voicedesk_opus_decode_errors_total')).toBeGreaterThanOrEqual(before);
  }, 60_000);
});
