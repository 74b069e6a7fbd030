/**
 * One bot voice session on the fake voice server: the v8 voice WebSocket (HELLO, IDENTIFY → READY,
 * SELECT_PROTOCOL → SESSION_DESCRIPTION, heartbeats, RESUME, SPEAKING), the session's DAVE group
 * when `dave_protocol_version` is 1 (members join it and end-to-end encrypt their frames), plus
 * the RTP the bot sends, recorded, transport-decrypted and (DAVE) decrypted by a member.
 */
import { randomBytes } from 'node:crypto';
import type { WebSocket } from 'ws';
import { OpusDecoder } from '../../../../src/voice/opus.ts';
import { DaveGroup, type DaveParticipant } from './dave.ts';
import { DaveMember, hasDaveMarker } from './dave-member.ts';
import { encryptPacket, SILENCE_FRAME, type EncryptionMode, type PacketShape } from './rtp.ts';

export const MODE: EncryptionMode = 'aead_aes256_gcm_rtpsize';

/** A fake user's outgoing RTP stream state (kept per user across sessions, as Discord does). */
export interface UserStream {
  readonly ssrc: number;
  sequence: number;
  timestamp: number;
}

export interface ReceivedPacket {
  /** The Opus frame (after DAVE decryption when the bot end-to-end encrypted it). */
  readonly opus: Buffer;
  readonly sequence: number;
  readonly at: number;
  /** 'clear': not end-to-end encrypted; 'decrypted': a member decrypted it; 'undecryptable'. */
  readonly e2ee: 'clear' | 'decrypted' | 'undecryptable';
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
  /** The encryption mode the bot selected. */
  mode: EncryptionMode = MODE;
  /** The session's DAVE group (protocol version 1), once the session description was sent. */
  dave: DaveGroup | undefined;
  /** Simulated members in the DAVE group, by user id. */
  readonly members = new Map<string, DaveMember>();
  /** Shape of member RTP packets (header extension, padding), as real clients vary it. */
  packetShape: PacketShape = {};
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

  /** Sends a binary voice gateway message (DAVE opcodes 25, 27, 29, 30): seq u16, op u8, payload. */
  sendBinary(op: number, payload: Buffer): void {
    if (this.socket.readyState !== this.socket.OPEN) return;
    const head = Buffer.alloc(3);
    head.writeUInt16BE(++this.#seq & 0xffff, 0);
    head.writeUInt8(op, 2);
    this.socket.send(Buffer.concat([head, payload]));
  }

  /** Starts the session's DAVE group with the bot in it (it answers with a key package). */
  startDave(options: { memberCommitDelayMs?: number } = {}): void {
    const bot: DaveParticipant = {
      userId: this.botUserId,
      binary: (op, payload) => this.sendBinary(op, payload),
      json: (op, d) => this.sendOp(op, d),
    };
    this.dave = new DaveGroup({ channelId: this.channelId, ...options });
    this.dave.connect(bot);
  }

  /** `userId` connects to the media session: CLIENTS_CONNECT, then their client joins the DAVE group. */
  memberJoined(userId: string): DaveMember | undefined {
    if (!this.dave || this.closed) return undefined;
    const existing = this.members.get(userId);
    if (existing) return existing;
    this.sendOp(11, { user_ids: [userId] });
    const member = new DaveMember(userId, this.dave);
    this.members.set(userId, member);
    member.join();
    return member;
  }

  /** Sends one Opus packet from `userId`, announcing the user's SSRC (op 5) the first time. */
  sendAudio(userId: string, stream: UserStream, opus: Buffer): void {
    if (!this.ready || this.closed || !this.client) return;
    let frame: Buffer | undefined = opus;
    if (this.dave) frame = this.memberJoined(userId)?.encrypt(opus);
    if (!frame) return; // a DAVE client sends nothing until it can encrypt
    if (!this.#announced.has(userId)) {
      this.#announced.add(userId);
      this.sendOp(5, { user_id: userId, ssrc: stream.ssrc, speaking: 1 });
    }
    this.sendRaw(encryptPacket(stream, frame, this.key, this.#nonce++, this.mode, this.packetShape));
  }

  /** Records an Opus frame the bot sent, decrypting it as a member would when it is end-to-end encrypted. */
  botFrame(opus: Buffer, sequence: number): void {
    if (!hasDaveMarker(opus)) {
      this.received.push({ opus, sequence, at: Date.now(), e2ee: 'clear' });
      return;
    }
    for (const member of this.members.values()) {
      const plain = member.decrypt(this.botUserId, opus);
      if (plain) {
        this.received.push({ opus: plain, sequence, at: Date.now(), e2ee: 'decrypted' });
        return;
      }
    }
    this.received.push({ opus, sequence, at: Date.now(), e2ee: 'undecryptable' });
  }

  /** Sends bytes as they are to the bot's UDP address. */
  sendRaw(packet: Buffer): void {
    if (this.client && !this.closed) this.#send(packet, this.client);
  }

  /** The user left: Discord tells the bot with CLIENT_DISCONNECT and removes them from the DAVE group. */
  userLeft(userId: string): void {
    this.#announced.delete(userId);
    this.members.get(userId)?.leave();
    this.members.delete(userId);
    this.sendOp(13, { user_id: userId });
  }

  /** Ends the session's DAVE group (its transition timers). */
  close(): void {
    this.closed = true;
    this.dave?.close();
  }

  /** Drops the voice WebSocket: `code` < 4000 lets the bot resume, 4006 forces a new session. */
  drop(code = 4006): void {
    if (code === 1006) this.socket.terminate();
    else this.socket.close(code, 'dropped by test');
  }

  /** What the bot played, decoded to mono at `rate` (silence frames included, in arrival order). */
  botAudio(rate: 16000 | 24000 | 48000 = 16000): Int16Array {
    const decoder = new OpusDecoder(rate, 1);
    const frames = this.received
      .filter((p) => p.e2ee !== 'undecryptable')
      .map((p) => decoder.decode(p.opus) ?? new Int16Array(0));
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
