/** Reading a bot process's Prometheus page in the e2e tests. */
import type { BotProcess } from './bot-process.ts';

/** The base URL of the bot's metrics and health listener (the bot must run with METRICS_PORT set). */
export async function metricsBase(bot: BotProcess): Promise<string> {
  const line = await bot.waitForLog((l) => l.msg === 'metrics and health listening');
  return `http://127.0.0.1:${String(line.port)}`;
}

export async function scrapeMetrics(base: string): Promise<string> {
  return (await fetch(`${base}/metrics`)).text();
}

/** The value of one sample line of a Prometheus text page (0 when absent). */
export function metricSample(page: string, name: string, labels = ''): number {
  const line = page.split('\n').find((l) => l.startsWith(`${name}${labels} `));
  return line === undefined ? 0 : Number(line.slice(line.lastIndexOf(' ') + 1));
}
