/**
 * A loopback Discord voice server for end-to-end tests: `wss://` voice gateway v8 on 127.0.0.1
 * (self-signed certificate, trusted by the bot through NODE_EXTRA_CA_CERTS), UDP IP discovery,
 * `aead_aes256_gcm_rtpsize` RTP both ways, SPEAKING so SSRCs map to users, no DAVE (version 0).
 * Plug it into the fake gateway with `fake.setVoiceProvider(server)`.
 */
import { randomUUID } from 'node:crypto';
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { once } from 'node:events';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { VoiceProvider } from '../gateway.ts';
import { testCertificate } from './cert.ts';
import { decryptPacket } from './rtp.ts';
import { FakeVoiceSession, MODE, type UserStream } from './session.ts';

interface Grant {
  readonly guildId: string;
  readonly channelId: string;
  readonly userId: string;
  readonly sessionId: string;
}

interface VoiceMessage {
  op: number;
  d: Record<string, unknown>;
}

export class FakeVoiceServer implements VoiceProvider {
  readonly certFile: string;
  /** Every session ever opened, oldest first. */
  readonly sessions: FakeVoiceSession[] = [];
  readonly identifies: Record<string, unknown>[] = [];
  /** When set, IDENTIFY is refused (closed with 4006), so the bot cannot connect. */
  refuse = false;
  readonly #grants = new Map<string, Grant>();
  readonly #users = new Map<string, UserStream>();
  readonly #https: Server;
  readonly #wss = new WebSocketServer({ noServer: true });
  readonly #udp: Socket = createSocket('udp4');
  readonly #waiters = new Set<() => void>();
  #nextSsrc = 1001;

  private constructor() {
    const { cert, key, certFile } = testCertificate();
    this.certFile = certFile;
    this.#https = createServer({ cert, key });
    this.#https.on('upgrade', (req, socket, head) =>
      this.#wss.handleUpgrade(req, socket, head, (ws) => this.#accept(ws)),
    );
    this.#udp.on('message', (msg, rinfo) => this.#onUdp(msg, rinfo));
  }

  static async start(): Promise<FakeVoiceServer> {
    const server = new FakeVoiceServer();
    server.#https.listen(0, '127.0.0.1');
    server.#udp.bind(0, '127.0.0.1');
    await Promise.all([once(server.#https, 'listening'), once(server.#udp, 'listening')]);
    return server;
  }

  get endpoint(): string {
    return `127.0.0.1:${(this.#https.address() as AddressInfo).port}`;
  }

  /** Environment a bot process needs to trust this server. */
  botEnv(): Record<string, string> {
    return { NODE_EXTRA_CA_CERTS: this.certFile };
  }

  serverUpdate(request: Grant): { endpoint: string; token: string } {
    const token = randomUUID();
    this.#grants.set(token, request);
    return { endpoint: this.endpoint, token };
  }

  disconnect(guildId: string): void {
    for (const s of this.sessions) if (s.guildId === guildId) s.closed = true;
    this.#notify();
  }

  /** The guild's live, ready session. */
  current(guildId: string): FakeVoiceSession | undefined {
    return this.sessions.findLast((s) => s.guildId === guildId && s.ready && !s.closed);
  }

  /** A user's RTP stream (SSRC, sequence, timestamp), stable for the server's lifetime. */
  userStream(userId: string): UserStream {
    let stream = this.#users.get(userId);
    if (!stream) {
      stream = { ssrc: this.#nextSsrc++ + 1000, sequence: Math.floor(Math.random() * 60_000), timestamp: 0 };
      this.#users.set(userId, stream);
    }
    return stream;
  }

  /** Resolves when `predicate` holds (checked on every server event and every 50 ms). */
  async waitFor<T>(probe: () => T | undefined | false, timeoutMs = 10_000, what = 'condition'): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = probe();
      if (value !== undefined && value !== false) return value;
      if (Date.now() > deadline) throw new Error(`fake voice: ${what} not reached within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, 50);
        this.#waiters.add(done);
        function done() {
          clearTimeout(timer);
          resolve();
        }
      });
    }
  }

  /** Waits for a ready session in `guildId` other than `previous`. */
  waitForSession(
    guildId: string,
    previous?: FakeVoiceSession,
    timeoutMs = 15_000,
  ): Promise<FakeVoiceSession> {
    return this.waitFor(
      () => {
        const s = this.current(guildId);
        return s && s !== previous ? s : undefined;
      },
      timeoutMs,
      `voice session for guild ${guildId}`,
    );
  }

  async close(): Promise<void> {
    for (const client of this.#wss.clients) client.terminate();
    this.#udp.close();
    this.#https.closeAllConnections();
    await new Promise<void>((resolve) => this.#https.close(() => resolve()));
  }

  #notify(): void {
    for (const waiter of [...this.#waiters]) waiter();
    this.#waiters.clear();
  }

  #accept(ws: WebSocket): void {
    let session: FakeVoiceSession | undefined;
    ws.send(JSON.stringify({ op: 8, d: { heartbeat_interval: 13_750 } }));
    ws.on('message', (data: RawData, isBinary: boolean) => {
      if (isBinary) return; // DAVE binary opcodes: not spoken (version 0)
      const text = Array.isArray(data)
        ? Buffer.concat(data).toString('utf8')
        : Buffer.from(data as ArrayBuffer).toString('utf8');
      const message = JSON.parse(text) as VoiceMessage;
      session = this.#handle(ws, session, message) ?? session;
      this.#notify();
    });
    ws.on('error', () => undefined);
  }

  #handle(
    ws: WebSocket,
    session: FakeVoiceSession | undefined,
    { op, d }: VoiceMessage,
  ): FakeVoiceSession | undefined {
    switch (op) {
      case 0:
        return this.#identify(ws, d);
      case 1:
        session?.sendOp(4, { mode: MODE, secret_key: [...(session?.key ?? [])], dave_protocol_version: 0 });
        if (session) session.ready = true;
        return undefined;
      case 3:
        ws.send(JSON.stringify({ op: 6, d: { t: d.t } }));
        return undefined;
      case 5:
        session?.botSpeaking.push(d);
        return undefined;
      case 7:
        return this.#resume(ws, d);
      default:
        return undefined;
    }
  }

  #identify(ws: WebSocket, d: Record<string, unknown>): FakeVoiceSession | undefined {
    this.identifies.push({ ...d, token: '***' });
    const grant = this.#grants.get(String(d.token));
    if (!grant || this.refuse) {
      ws.close(4006, 'session no longer valid');
      return undefined;
    }
    for (const s of this.sessions) if (s.guildId === grant.guildId) s.closed = true;
    const session = new FakeVoiceSession({
      guildId: grant.guildId,
      channelId: grant.channelId,
      botUserId: grant.userId,
      token: String(d.token),
      ssrc: this.#nextSsrc++,
      socket: ws,
      sendUdp: (packet, to) => this.#udp.send(packet, to.port, to.address),
    });
    this.sessions.push(session);
    const { port } = this.#udp.address();
    session.sendOp(2, { ssrc: session.ssrc, ip: '127.0.0.1', port, modes: [MODE], heartbeat_interval: 1 });
    return session;
  }

  #resume(ws: WebSocket, d: Record<string, unknown>): FakeVoiceSession | undefined {
    const session = this.sessions.find((s) => s.token === d.token && !s.closed);
    if (!session) {
      ws.close(4006, 'session no longer valid');
      return undefined;
    }
    session.socket = ws;
    session.resumes++;
    session.sendOp(9, null);
    return session;
  }

  #onUdp(msg: Buffer, rinfo: RemoteInfo): void {
    if (msg.length === 74 && msg.readUInt16BE(0) === 1) {
      const ssrc = msg.readUInt32BE(4);
      const session = this.sessions.findLast((s) => s.ssrc === ssrc);
      if (!session) return;
      session.client = { address: rinfo.address, port: rinfo.port };
      const reply = Buffer.alloc(74);
      reply.writeUInt16BE(2, 0);
      reply.writeUInt16BE(70, 2);
      reply.writeUInt32BE(ssrc, 4);
      reply.write(rinfo.address, 8, 'utf8');
      reply.writeUInt16BE(rinfo.port, 72);
      this.#udp.send(reply, rinfo.port, rinfo.address);
      return;
    }
    if (msg.length <= 12) return; // keepalives
    const session = this.sessions.findLast((s) => s.ssrc === msg.readUInt32BE(8));
    if (!session) return;
    const packet = decryptPacket(msg, session.key);
    if (packet)
      session.received.push({ opus: packet.opus, sequence: packet.header.sequence, at: Date.now() });
  }
}
