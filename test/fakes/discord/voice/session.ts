/**
 * One bot voice session on the fake voice server: the v8 voice WebSocket (HELLO, IDENTIFY → READY,
 * SELECT_PROTOCOL → SESSION_DESCRIPTION with `dave_protocol_version: 0`, heartbeats, RESUME,
 * SPEAKING) plus the RTP the bot sends, recorded and decryptable.
 */
import { randomBytes } from 'node:crypto';
import type { WebSocket } from 'ws';
import { OpusDecoder } from '../../../../src/voice/opus.ts';
import { encryptPacket, SILENCE_FRAME } from './rtp.ts';

export const MODE = 'aead_aes256_gcm_rtpsize';

/** A fake user's outgoing RTP stream state (kept per user across sessions, as Discord does). */
export interface UserStream {
  readonly ssrc: number;
  sequence: number;
  timestamp: number;
}

export interface ReceivedPacket {
  readonly opus: Buffer;
  readonly sequence: number;
  readonly at: number;
}

export class FakeVoiceSession {
  readonly guildId: string;
  readonly channelId: string;
  readonly botUserId: string;
  readonly token: string;
  readonly ssrc: number;
  readonly key = randomBytes(32);
  /** Opus packets the bot sent (silence frames included). */
  readonly received: ReceivedPacket[] = [];
  /** SPEAKING payloads the bot sent. */
  readonly botSpeaking: unknown[] = [];
  socket: WebSocket;
  client: { address: string; port: number } | undefined;
  ready = false;
  closed = false;
  resumes = 0;
  readonly #announced = new Set<string>();
  readonly #send: (packet: Buffer, to: { address: string; port: number }) => void;
  #seq = 0;
  #nonce = 0;

  constructor(options: {
    guildId: string;
    channelId: string;
    botUserId: string;
    token: string;
    ssrc: number;
    socket: WebSocket;
    sendUdp: (packet: Buffer, to: { address: string; port: number }) => void;
  }) {
    this.guildId = options.guildId;
    this.channelId = options.channelId;
    this.botUserId = options.botUserId;
    this.token = options.token;
    this.ssrc = options.ssrc;
    this.socket = options.socket;
    this.#send = options.sendUdp;
  }

  /** Sends a voice gateway message (sequenced, as v8 does). */
  sendOp(op: number, d: unknown): void {
    if (this.socket.readyState !== this.socket.OPEN) return;
    this.socket.send(JSON.stringify({ op, d, seq: ++this.#seq }));
  }

  /** Sends one Opus packet from `userId`, announcing the user's SSRC (op 5) the first time. */
  sendAudio(userId: string, stream: UserStream, opus: Buffer): void {
    if (!this.ready || this.closed || !this.client) return;
    if (!this.#announced.has(userId)) {
      this.#announced.add(userId);
      this.sendOp(5, { user_id: userId, ssrc: stream.ssrc, speaking: 1 });
    }
    this.sendRaw(encryptPacket(stream, opus, this.key, this.#nonce++));
  }

  /** Sends bytes as they are to the bot's UDP address. */
  sendRaw(packet: Buffer): void {
    if (this.client && !this.closed) this.#send(packet, this.client);
  }

  /** The user left: Discord tells the bot with CLIENT_DISCONNECT. */
  userLeft(userId: string): void {
    this.#announced.delete(userId);
    this.sendOp(13, { user_id: userId });
  }

  /** Drops the voice WebSocket: `code` < 4000 lets the bot resume, 4006 forces a new session. */
  drop(code = 4006): void {
    if (code === 1006) this.socket.terminate();
    else this.socket.close(code, 'dropped by test');
  }

  /** What the bot played, decoded to mono at `rate` (silence frames included, in arrival order). */
  botAudio(rate: 16000 | 24000 | 48000 = 16000): Int16Array {
    const decoder = new OpusDecoder(rate, 1);
    const frames = this.received.map((p) => decoder.decode(p.opus) ?? new Int16Array(0));
    decoder.destroy();
    const out = new Int16Array(frames.reduce((n, f) => n + f.length, 0));
    let offset = 0;
    for (const f of frames) {
      out.set(f, offset);
      offset += f.length;
    }
    return out;
  }

  /** Packets the bot sent that carry audio (not the 3-byte silence frame). */
  get audioPackets(): number {
    return this.received.filter((p) => !p.opus.equals(SILENCE_FRAME)).length;
  }
}
