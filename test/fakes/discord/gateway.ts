/**
 * The fake main gateway (v10, JSON, no compression): HELLO, IDENTIFY → READY + GUILD_CREATE,
 * heartbeats, RESUME with replay, sharding by guild id, and dispatches driven by tests.
 * Op 4 (voice state update) is answered with VOICE_STATE_UPDATE then, through the voice provider,
 * VOICE_SERVER_UPDATE: the order the real client needs.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { PermissionFlagsBits } from 'discord.js';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  serializeGuild,
  serializeUser,
  serializeVoiceState,
  type FakeGuild,
  type FakeUser,
} from './state.ts';

/** Answers the bot's request to join a voice channel with a voice server address. */
export interface VoiceProvider {
  serverUpdate(request: {
    guildId: string;
    channelId: string;
    userId: string;
    sessionId: string;
  }): { endpoint: string; token: string } | Promise<{ endpoint: string; token: string }>;
  /** The bot left the guild's voice channel. */
  disconnect?(guildId: string): void;
  /** A human's voice state changed (null: left voice), so the voice server knows who is in a call. */
  userVoiceState?(guildId: string, userId: string, channelId: string | null): void;
}

interface GatewaySession {
  readonly id: string;
  socket: WebSocket | undefined;
  shard: [number, number];
  intents: number;
  seq: number;
  readonly sent: { seq: number; t: string; d: unknown }[];
}

interface GatewayDeps {
  readonly token: string;
  readonly bot: FakeUser;
  readonly applicationId: string;
  readonly url: () => string;
  readonly guilds: () => Iterable<FakeGuild>;
  readonly voiceProvider: () => VoiceProvider | undefined;
}

/** The privileged GuildMembers intent (1 << 1): member events need it, except the bot's own update. */
const GUILD_MEMBERS_INTENT = 1 << 1;
const MEMBER_EVENTS = new Set(['GUILD_MEMBER_ADD', 'GUILD_MEMBER_REMOVE', 'GUILD_MEMBER_UPDATE']);

export function shardOf(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

export class FakeGateway {
  readonly identifies: { shard: [number, number]; intents: number }[] = [];
  readonly opsReceived: { op: number; d: unknown }[] = [];
  /** Voice joins Discord silently ignored (no Connect or View Channel, or a full channel). */
  readonly ignoredJoins: { guildId: string; channelId: string; why: string }[] = [];
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly sessions = new Map<string, GatewaySession>();
  private readonly deps: GatewayDeps;

  constructor(deps: GatewayDeps) {
    this.deps = deps;
    this.wss.on('connection', (socket) => this.onConnection(socket));
  }

  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(request, socket, head, (ws) => this.wss.emit('connection', ws, request));
  }

  /** Number of shards currently connected and identified. */
  get connectedShards(): number {
    return [...this.sessions.values()].filter((s) => s.socket?.readyState === 1).length;
  }

  /** Send a dispatch to the session owning `guildId` (or to every session when undefined). */
  dispatch(t: string, d: unknown, guildId?: string): void {
    for (const session of this.sessions.values()) {
      if (guildId !== undefined && shardOf(guildId, session.shard[1]) !== session.shard[0]) continue;
      if (!this.wants(session, t, d)) continue;
      session.seq += 1;
      session.sent.push({ seq: session.seq, t, d });
      session.socket?.send(JSON.stringify({ op: 0, t, s: session.seq, d }));
    }
  }

  /** Member events reach a session only with the GuildMembers intent, except the bot's own. */
  private wants(session: GatewaySession, t: string, d: unknown): boolean {
    if (!MEMBER_EVENTS.has(t) || session.intents & GUILD_MEMBERS_INTENT) return true;
    return t === 'GUILD_MEMBER_UPDATE' && (d as { user?: { id?: string } }).user?.id === this.deps.bot.id;
  }

  /**
   * Forget every session and drop the connections: the client's RESUME gets op 9 (not resumable)
   * and it identifies again, as after a long outage.
   */
  invalidateSessions(): void {
    const sockets = [...this.sessions.values()].map((s) => s.socket);
    this.sessions.clear();
    for (const socket of sockets) socket?.close(4000, 'fake session lost');
  }

  /** Drop every gateway connection with a resumable close code (tests reconnects). */
  disconnectAll(code = 4000): void {
    for (const session of this.sessions.values()) session.socket?.close(code, 'fake disconnect');
  }

  close(): void {
    for (const session of this.sessions.values()) session.socket?.terminate();
    this.wss.close();
  }

  private onConnection(socket: WebSocket): void {
    socket.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 41_250 }, s: null, t: null }));
    let session: GatewaySession | undefined;
    socket.on('message', (raw) => {
      let payload: { op: number; d: unknown };
      try {
        payload = JSON.parse((raw as Buffer).toString('utf8')) as { op: number; d: unknown };
      } catch {
        socket.close(4002, 'decode error');
        return;
      }
      this.opsReceived.push(payload);
      session = this.onOp(socket, payload, session);
    });
    socket.on('close', () => {
      if (session?.socket === socket) session.socket = undefined;
    });
    socket.on('error', () => undefined);
  }

  private onOp(socket: WebSocket, { op, d }: { op: number; d: unknown }, session?: GatewaySession) {
    switch (op) {
      case 1:
        socket.send(JSON.stringify({ op: 11, d: null, s: null, t: null }));
        return session;
      case 2:
        return this.identify(socket, d as { token: string; shard?: [number, number]; intents: number });
      case 6:
        return this.resume(socket, d as { token: string; session_id: string; seq: number });
      case 4:
        if (session) void this.voiceStateUpdate(session, d as VoiceStateRequest);
        return session;
      default:
        return session;
    }
  }

  private identify(socket: WebSocket, d: { token: string; shard?: [number, number]; intents: number }) {
    if (d.token !== this.deps.token) {
      socket.close(4004, 'Authentication failed.');
      return undefined;
    }
    const shard = d.shard ?? [0, 1];
    this.identifies.push({ shard, intents: d.intents });
    const session: GatewaySession = {
      id: randomUUID(),
      socket,
      shard,
      intents: d.intents,
      seq: 0,
      sent: [],
    };
    this.sessions.set(session.id, session);
    const guilds = [...this.deps.guilds()].filter(
      (g) => g.members.has(this.deps.bot.id) && shardOf(g.id, shard[1]) === shard[0],
    );
    this.send(session, 'READY', {
      v: 10,
      user: serializeUser(this.deps.bot),
      guilds: guilds.map((g) => ({ id: g.id, unavailable: true })),
      session_id: session.id,
      resume_gateway_url: this.deps.url(),
      application: { id: this.deps.applicationId, flags: 0 },
      shard,
    });
    for (const guild of guilds) this.send(session, 'GUILD_CREATE', serializeGuild(guild, this.deps.bot.id));
    return session;
  }

  private resume(socket: WebSocket, d: { token: string; session_id: string; seq: number }) {
    const session = this.sessions.get(d.session_id);
    if (!session || d.token !== this.deps.token) {
      socket.send(JSON.stringify({ op: 9, d: false, s: null, t: null }));
      return undefined;
    }
    session.socket = socket;
    for (const event of session.sent.filter((e) => e.seq > d.seq)) {
      socket.send(JSON.stringify({ op: 0, t: event.t, s: event.seq, d: event.d }));
    }
    this.send(session, 'RESUMED', {});
    return session;
  }

  private send(session: GatewaySession, t: string, d: unknown): void {
    session.seq += 1;
    session.sent.push({ seq: session.seq, t, d });
    session.socket?.send(JSON.stringify({ op: 0, t, s: session.seq, d }));
  }

  private async voiceStateUpdate(session: GatewaySession, d: VoiceStateRequest): Promise<void> {
    const guild = [...this.deps.guilds()].find((g) => g.id === d.guild_id);
    if (!guild) return;
    const botId = this.deps.bot.id;
    if (d.channel_id === null) {
      guild.voiceStates.delete(botId);
      this.send(session, 'VOICE_STATE_UPDATE', serializeVoiceState(guild, botId, undefined));
      this.deps.voiceProvider()?.disconnect?.(guild.id);
      return;
    }
    const ignored = this.refusesJoin(guild, d.channel_id);
    if (ignored) {
      // Discord does not answer a join it won't grant: no VOICE_STATE_UPDATE, no error.
      this.ignoredJoins.push({ guildId: guild.id, channelId: d.channel_id, why: ignored });
      return;
    }
    const state = {
      channelId: d.channel_id,
      sessionId: randomUUID().replaceAll('-', ''),
      selfMute: d.self_mute,
      selfDeaf: d.self_deaf,
    };
    guild.voiceStates.set(botId, state);
    this.send(session, 'VOICE_STATE_UPDATE', serializeVoiceState(guild, botId, state));
    const provider = this.deps.voiceProvider();
    if (!provider) return;
    const server = await provider.serverUpdate({
      guildId: guild.id,
      channelId: d.channel_id,
      userId: botId,
      sessionId: state.sessionId,
    });
    this.send(session, 'VOICE_SERVER_UPDATE', { guild_id: guild.id, ...server });
  }

  /** Why Discord would ignore the bot's request to join `channelId`, if it would. */
  private refusesJoin(guild: FakeGuild, channelId: string): string | undefined {
    const botId = this.deps.bot.id;
    const channel = guild.channels.get(channelId);
    if (!channel || channel.kind === 'text') return 'not a voice channel';
    if (!guild.can(botId, channelId, PermissionFlagsBits.ViewChannel | PermissionFlagsBits.Connect))
      return 'no Connect';
    const others = guild.usersInChannel(channelId).filter((id) => id !== botId).length;
    const full = channel.userLimit > 0 && others >= channel.userLimit;
    if (full && !guild.can(botId, channelId, PermissionFlagsBits.MoveMembers)) return 'full';
    return undefined;
  }
}

interface VoiceStateRequest {
  guild_id: string;
  channel_id: string | null;
  self_mute: boolean;
  self_deaf: boolean;
}
