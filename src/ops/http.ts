/**
 * The optional operations listener (`METRICS_PORT`, loopback by default): `/metrics` in Prometheus
 * text format and `/healthz`, which is 200 only while the gateway is connected and the store answers.
 */
import { createServer, type Server } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../log.ts';
import type { Metrics } from './metrics.ts';

export interface HealthCheck {
  readonly name: string;
  /** Resolves true when healthy; a rejection or a timeout counts as unhealthy. */
  check(signal: AbortSignal): Promise<boolean>;
}

export interface OpsServer {
  readonly port: number;
  close(): Promise<void>;
}

const CHECK_TIMEOUT_MS = 2_000;

async function runChecks(checks: readonly HealthCheck[]): Promise<Record<string, boolean>> {
  const results = await Promise.all(
    checks.map(async (c) => {
      const signal = AbortSignal.timeout(CHECK_TIMEOUT_MS);
      const ok = await Promise.race([
        c.check(signal).catch(() => false),
        new Promise<boolean>((resolve) => signal.addEventListener('abort', () => resolve(false))),
      ]);
      return [c.name, ok] as const;
    }),
  );
  return Object.fromEntries(results);
}

export async function startOpsServer(options: {
  port: number;
  host: string;
  metrics: Metrics;
  checks: readonly HealthCheck[];
  log: Logger;
}): Promise<OpsServer> {
  const server: Server = createServer((req, res) => {
    void (async () => {
      if (req.url === '/metrics') {
        const body = await options.metrics.registry.metrics();
        res.writeHead(200, { 'content-type': options.metrics.registry.contentType }).end(body);
      } else if (req.url === '/healthz') {
        const checks = await runChecks(options.checks);
        const ok = Object.values(checks).every(Boolean);
        res
          .writeHead(ok ? 200 : 503, { 'content-type': 'application/json' })
          .end(JSON.stringify({ ok, checks }));
      } else {
        res.writeHead(404).end();
      }
    })().catch((err: unknown) => {
      options.log.warn({ err }, 'ops request failed');
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  server.listen(options.port, options.host);
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  options.log.info({ port, host: options.host }, 'metrics and health listening');
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
