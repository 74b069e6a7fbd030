/**
 * The fake REST API (`/api/v10/...`): a small route table covering what the bot uses, every call
 * recorded. Bot-authenticated routes check `Authorization: Bot <token>`; interaction callbacks and
 * webhook routes carry no Authorization header, as with real Discord.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface RestCall {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly auth: string | undefined;
  readonly body: unknown;
  readonly at: number;
}

export interface RestReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

type Params = Record<string, string>;
export type RouteHandler = (call: RestCall, params: Params) => RestReply | Promise<RestReply>;

interface Route {
  readonly method: string;
  readonly pattern: RegExp;
  readonly names: string[];
  readonly handler: RouteHandler;
  readonly botAuth: boolean;
}

export class FakeRest {
  readonly calls: RestCall[] = [];
  private readonly routes: Route[] = [];
  private readonly listeners = new Set<(call: RestCall) => void>();
  private readonly token: string;
  /** Test hook: return a reply to override the route (e.g. a 500), or undefined to pass through. */
  intercept: ((call: RestCall) => RestReply | undefined) | undefined;

  constructor(token: string) {
    this.token = token;
  }

  /** Register a route; `path` uses `:name` segments, e.g. `/channels/:channelId/messages`. */
  route(method: string, path: string, handler: RouteHandler, options: { botAuth?: boolean } = {}): void {
    const names: string[] = [];
    const source = path.replace(/:(\w+)/g, (_m, name: string) => {
      names.push(name);
      return '([^/]+)';
    });
    this.routes.push({
      method,
      pattern: new RegExp(`^${source}$`),
      names,
      handler,
      botAuth: options.botAuth ?? true,
    });
  }

  /** Resolves with the first recorded call (past or future) matching `predicate`. */
  waitFor(predicate: (call: RestCall) => boolean, timeoutMs = 10_000): Promise<RestCall> {
    const seen = this.calls.find(predicate);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners.delete(listener);
        reject(new Error(`no matching REST call within ${timeoutMs} ms`));
      }, timeoutMs);
      const listener = (call: RestCall) => {
        if (!predicate(call)) return;
        clearTimeout(timer);
        this.listeners.delete(listener);
        resolve(call);
      };
      this.listeners.add(listener);
    });
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const path = decodeURIComponent(url.pathname.replace(/^\/api\/v10/, ''));
    const call: RestCall = {
      method: req.method ?? 'GET',
      path,
      query: url.searchParams,
      auth: req.headers.authorization,
      body: await readJson(req),
      at: Date.now(),
    };
    this.calls.push(call);
    for (const listener of [...this.listeners]) listener(call);
    const reply = this.intercept?.(call) ?? (await this.dispatch(call));
    send(res, reply);
  }

  private async dispatch(call: RestCall): Promise<RestReply> {
    for (const route of this.routes) {
      if (route.method !== call.method) continue;
      const match = route.pattern.exec(call.path);
      if (!match) continue;
      if (route.botAuth && call.auth !== `Bot ${this.token}`) {
        return { status: 401, body: { message: '401: Unauthorized', code: 0 } };
      }
      const params = Object.fromEntries(route.names.map((name, i) => [name, match[i + 1] ?? '']));
      return route.handler(call, params);
    }
    return { status: 404, body: { message: `Unknown route ${call.method} ${call.path} (fake)`, code: 0 } };
  }
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  if (chunks.length === 0) return undefined;
  const text = Buffer.concat(chunks).toString('utf8');
  const type = req.headers['content-type'] ?? '';
  if (type.startsWith('multipart/form-data')) return parsePayloadJson(text);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Multipart bodies (attachments) carry the JSON under the `payload_json` part. */
function parsePayloadJson(text: string): unknown {
  const match = /name="payload_json"[^\r\n]*\r\n(?:[^\r\n]+\r\n)*\r\n([\s\S]*?)\r\n--/.exec(text);
  try {
    return match?.[1] ? (JSON.parse(match[1]) as unknown) : undefined;
  } catch {
    return undefined;
  }
}

function send(res: ServerResponse, reply: RestReply): void {
  if (reply.body === undefined) {
    res.writeHead(reply.status, reply.headers).end();
    return;
  }
  const text = JSON.stringify(reply.body);
  res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers }).end(text);
}
