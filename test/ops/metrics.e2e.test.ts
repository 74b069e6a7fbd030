import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord } from '../fakes/discord/index.ts';
import { startBot, type BotProcess } from '../helpers/bot-process.ts';

describe('metrics and health listener', () => {
  let fake: FakeDiscord;
  let bot: BotProcess;
  let base: string;

  beforeAll(async () => {
    fake = await FakeDiscord.start();
    fake.createGuild();
    bot = await startBot({ ...fake.botEnv(), METRICS_PORT: '0' });
    const line = await bot.waitForLog((l) => l.msg === 'metrics and health listening');
    expect(line.host).toBe('127.0.0.1');
    base = `http://127.0.0.1:${String(line.port)}`;
  });
  afterAll(async () => {
    await bot.stop();
    await fake.close();
  });

  it('serves Prometheus metrics including the bot gauges and event-loop lag', async () => {
    const res = await fetch(`${base}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    for (const name of [
      'voicedesk_calls',
      'voicedesk_sonic_sessions',
      'voicedesk_turn_latency_seconds',
      'nodejs_eventloop_lag_p99_seconds',
    ]) {
      expect(text).toContain(name);
    }
  });

  it('reports healthy while the gateway is connected', async () => {
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, checks: { gateway: true } });
  });
});
