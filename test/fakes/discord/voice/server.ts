/**
 * A loopback Discord voice server for end-to-end tests: `wss://` voice gateway v8 on 127.0.0.1
 * (self-signed certificate, trusted by the bot through NODE_EXTRA_CA_CERTS), UDP IP discovery,
 * rtpsize transport encryption both ways (the modes offered are settable), SPEAKING so SSRCs map
 * to users, and DAVE end-to-end encryption (protocol version 1, as Discord has required since
 * 2026-03-01; set `daveProtocolVersion = 0` for the old transport-only calls). Users in the bot's
 * voice channel are simulated DAVE clients (see dave.ts). Plug it into the fake gateway with
 * `fake.setVoiceProvider(server)`.
 */
import { randomUUID } from 'node:crypto';
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { once } from 'node:events';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { VoiceProvider } from '../gateway.ts';
import { testCertificate } from './cert.ts';
import { DAVE_VERSION } from './dave.ts';
import { splitCommitWelcome } from './mls.ts';
import { decryptPacket, type EncryptionMode, type PacketShape } from './rtp.ts';
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
  /** DAVE protocol version answered in SESSION_DESCRIPTION (1: end-to-end encrypted, 0: not). */
  daveProtocolVersion = DAVE_VERSION;
  /**
   * Encryption modes offered in READY, in order (the bot takes the first it supports). Discord
   * offers both rtpsize AEAD modes, AES-GCM first ("preferred"), XChaCha "required".
   */
  modes: EncryptionMode[] = [MODE, 'aead_xchacha20_poly1305_rtpsize'];
  /**
   * Shape of the members' RTP packets in new sessions. Discord clients' audio packets carry a
   * one-byte header extension (reports of received packets show the X bit set on every one,
   * e.g. Snazzah/davey#15); padding can be turned on too.
   */
  packetShape: PacketShape = { extensionWords: 1 };
  /** How long simulated members wait before committing (new sessions); > 0 lets the bot's commit win. */
  memberCommitDelayMs = 0;
  /** Binary (DAVE) messages from the bot: opcode and payload size. */
  readonly binaryFromBot: { op: number; bytes: number }[] = [];
  readonly #grants = new Map<string, Grant>();
  /** guildId → userId → voice channel, as the gateway reports users' voice states. */
  readonly #voiceStates = new Map<string, Map<string, string>>();
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
    for (const s of this.sessions) if (s.guildId === guildId) s.close();
    this.#notify();
  }

  /** A user's voice state changed: they join (or leave) the media session of the bot's channel. */
  userVoiceState(guildId: string, userId: string, channelId: string | null): void {
    const states = this.#voiceStates.get(guildId) ?? new Map<string, string>();
    this.#voiceStates.set(guildId, states);
    const before = states.get(userId);
    if (channelId === null) states.delete(userId);
    else states.set(userId, channelId);
    const session = this.current(guildId);
    if (!session) return;
    if (channelId === session.channelId) session.memberJoined(userId);
    else if (before === session.channelId) session.userLeft(userId);
  }

  /**
   * Closes the guild's voice WebSocket with `code`, as Discord does: 4014 (disconnected or moved),
   * 4021/4022 (rate limited / call terminated), 4006 (session invalid), 4015 (server crashed,
   * resumable), 4017 (E2EE required). Resolves false if there was no session.
   */
  closeWith(guildId: string, code: number, reason = 'closed by test'): boolean {
    const session = this.current(guildId);
    if (!session) return false;
    session.socket.close(code, reason);
    if (code !== 4015 && code < 4000) return true;
    if (code !== 4015) session.close();
    this.#notify();
    return true;
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
      const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
      if (isBinary) {
        if (session) this.#binary(session, bytes);
        this.#notify();
        return;
      }
      const text = bytes.toString('utf8');
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
        if (session) this.#selectProtocol(session, d);
        return undefined;
      case 3:
        ws.send(JSON.stringify({ op: 6, d: { t: d.t } }));
        return undefined;
      case 5:
        session?.botSpeaking.push(d);
        return undefined;
      case 7:
        return this.#resume(ws, d);
      case 23:
        session?.dave?.ready(session.botUserId, Number(d.transition_id));
        return undefined;
      case 31:
        session?.dave?.invalid(session.botUserId, Number(d.transition_id));
        return undefined;
      default:
        return undefined;
    }
  }

  #selectProtocol(session: FakeVoiceSession, d: Record<string, unknown>): void {
    const data = (d.data ?? {}) as Record<string, unknown>;
    const mode = this.modes.find((m) => m === data.mode);
    if (!mode) {
      session.socket.close(4016, 'unknown encryption mode');
      return;
    }
    session.mode = mode;
    session.packetShape = this.packetShape;
    const dave = this.daveProtocolVersion;
    session.sendOp(4, { mode, secret_key: [...session.key], dave_protocol_version: dave });
    session.ready = true;
    if (dave < 1) return;
    session.startDave({ memberCommitDelayMs: this.memberCommitDelayMs });
    for (const [userId, channelId] of this.#voiceStates.get(session.guildId) ?? [])
      if (channelId === session.channelId) session.memberJoined(userId);
  }

  /** The bot's DAVE binary messages: op u8, payload (26 key package, 28 commit and welcome). */
  #binary(session: FakeVoiceSession, bytes: Buffer): void {
    if (bytes.length < 1) return;
    const op = bytes.readUInt8(0);
    const payload = bytes.subarray(1);
    this.binaryFromBot.push({ op, bytes: payload.length });
    if (op === 26) session.dave?.keyPackage(session.botUserId, payload);
    if (op !== 28) return;
    let split: ReturnType<typeof splitCommitWelcome>;
    try {
      split = splitCommitWelcome(payload);
    } catch {
      session.dave?.unreadableCommit();
      return;
    }
    session.dave?.commit(session.botUserId, split.commit, split.welcome, split.info);
  }

  #identify(ws: WebSocket, d: Record<string, unknown>): FakeVoiceSession | undefined {
    this.identifies.push({ ...d, token: '***' });
    const grant = this.#grants.get(String(d.token));
    if (!grant || this.refuse) {
      ws.close(4006, 'session no longer valid');
      return undefined;
    }
    if (this.daveProtocolVersion > 0 && !(Number(d.max_dave_protocol_version) > 0)) {
      // Since 2026-03-01 Discord accepts only end-to-end encrypted calls (outside stage channels).
      ws.close(4017, 'E2EE/DAVE protocol required');
      return undefined;
    }
    for (const s of this.sessions) if (s.guildId === grant.guildId) s.close();
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
    session.sendOp(2, {
      ssrc: session.ssrc,
      ip: '127.0.0.1',
      port,
      modes: this.modes,
      heartbeat_interval: 1,
    });
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
    const packet = decryptPacket(msg, session.key, session.mode);
    if (packet) session.botFrame(packet.opus, packet.header.sequence);
  }
}
