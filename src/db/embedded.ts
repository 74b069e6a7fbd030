/**
 * The embedded DynamoDB-compatible store: dynalite in this process on a loopback port, persisted
 * in LevelDB under `dataDir` (or in memory for tests). dynalite serves no transactions, TTL
 * configuration, PartiQL or streams, so code paths it serves must not use them.
 *
 * dynalite accepts any SigV4 signature, and a loopback port is open to every local user. So each
 * start picks a random access key id (a per-process secret, never logged) and a request whose
 * Authorization does not carry it is refused before dynalite sees it: other local users can
 * neither read nor change orders and transcripts. Nothing to set up.
 */
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import dynalite from 'dynalite';
import { EmbeddedStoreBusyError } from './errors.ts';

export interface EmbeddedStore {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  /** Absolute LevelDB directory, or `undefined` when in memory. */
  readonly path: string | undefined;
  /** The only credentials the store answers (fresh per start; keep out of logs). */
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  /** Stop serving and close LevelDB (flushes it). Safe to call twice. */
  close(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Directory for the data; `undefined` keeps everything in memory (tests). */
  readonly dataDir: string | undefined;
}

interface LevelDatabase {
  open(): Promise<void>;
  close(): Promise<void>;
}
type LevelConstructor = new (path: string) => LevelDatabase;

/** The `level` package dynalite itself resolves, so the lock probe uses the same LevelDB build. */
function levelFromDynalite(): LevelConstructor {
  const requireHere = createRequire(import.meta.url);
  const requireFromDynalite = createRequire(requireHere.resolve('dynalite'));
  return (requireFromDynalite('level') as { Level: LevelConstructor }).Level;
}

/**
 * LevelDB allows one process per directory. dynalite opens it lazily and crashes on a locked
 * directory, so probe first and fail with a clear message instead.
 */
async function assertNotLocked(path: string, dataDir: string): Promise<void> {
  const Level = levelFromDynalite();
  const probe = new Level(path);
  try {
    await probe.open();
  } catch (err) {
    const cause = (err as { cause?: { code?: unknown } }).cause;
    if (cause?.code === 'LEVEL_LOCKED') throw new EmbeddedStoreBusyError(dataDir, { cause: err });
    throw err;
  }
  await probe.close();
}

const PING_TIMEOUT_MS = 5_000;

/**
 * One ListTables over HTTP: resolves once dynalite's LevelDB is really open (it opens lazily), so
 * the lock is held before this store is handed out and a later probe sees it.
 */
async function ping(endpoint: string, accessKeyId: string): Promise<void> {
  const response = await fetch(endpoint, {
    method: 'POST',
    signal: AbortSignal.timeout(PING_TIMEOUT_MS),
    headers: {
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': 'DynamoDB_20120810.ListTables',
      'x-amz-date': '20260101T000000Z',
      // dynalite checks that a SigV4 header is present, not the signature; the gate checks the key id.
      authorization: `AWS4-HMAC-SHA256 Credential=${accessKeyId}/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0`,
    },
    body: '{}',
  });
  if (!response.ok) throw new Error(`embedded store answered ${response.status} to ListTables`);
  await response.arrayBuffer();
}

const REFUSED = JSON.stringify({
  __type: 'com.amazon.coral.service#UnrecognizedClientException',
  message: 'The security token included in the request is invalid.',
});

/** Put a key check in front of dynalite's request handler. */
function gate(server: Server, accessKeyId: string): void {
  const handlers = server.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[];
  server.removeAllListeners('request');
  const expected = `Credential=${accessKeyId}/`;
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (req.headers.authorization?.includes(expected)) {
      for (const handler of handlers) handler.call(server, req, res);
      return;
    }
    req.resume();
    res.writeHead(400, { 'content-type': 'application/x-amz-json-1.0' }).end(REFUSED);
  });
}

export async function startEmbeddedStore(options: EmbeddedOptions): Promise<EmbeddedStore> {
  let path: string | undefined;
  if (options.dataDir !== undefined) {
    path = join(resolve(options.dataDir), 'dynamodb');
    await mkdir(path, { recursive: true });
    await assertNotLocked(path, options.dataDir);
  }
  const server = dynalite({
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
    ...(path !== undefined ? { path } : {}),
  });
  const credentials = {
    accessKeyId: `AKIDVD${randomBytes(12).toString('hex').toUpperCase()}`,
    secretAccessKey: randomBytes(24).toString('base64url'),
  };
  gate(server, credentials.accessKeyId);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= new Promise<void>((done, fail) => {
      server.close((err) => (err ? fail(err) : done()));
      // Every user of the store has stopped by now; a client polling on a keep-alive connection
      // (the order notifier, once a second) would otherwise hold the close open indefinitely.
      server.closeAllConnections();
    }));
  try {
    await ping(endpoint, credentials.accessKeyId);
  } catch (err) {
    await close().catch(() => undefined);
    throw options.dataDir === undefined ? err : new EmbeddedStoreBusyError(options.dataDir, { cause: err });
  }
  return { endpoint, path, credentials, close };
}
