/**
 * Per-speaker receive: one @discordjs/voice subscription per user (Manual end: our own clock and
 * silence handling decide what silence means), error-isolated so one broken stream never reaches
 * the process or another speaker. RTP sequence numbers are read from the clear-text RTP header
 * by a tap placed in front of the library's own UDP listener, so packets can be put back in order.
 */
import { performance } from 'node:perf_hooks';
import {
  EndBehaviorType,
  VoiceConnectionStatus,
  type AudioReceiveStream,
  type VoiceConnection,
  type VoiceConnectionState,
  type VoiceUDPSocket,
} from '@discordjs/voice';
import type { Logger } from '../log.ts';

export interface ReceiverOptions {
  readonly connection: VoiceConnection;
  readonly log: Logger;
  /** Every Opus packet from a subscribed user, in arrival order. Must not throw. */
  readonly onPacket: (userId: string, opus: Buffer, sequence: number | undefined, arrivedAt: number) => void;
}

const RTP_OPUS_PAYLOAD = 0x78;

export class Receiver {
  /** Receive streams that failed (each is resubscribed). */
  streamErrors = 0;
  readonly #options: ReceiverOptions;
  readonly #wanted = new Set<string>();
  readonly #streams = new Map<string, AudioReceiveStream>();
  readonly #sequences = new Map<number, number>(); // ssrc → latest RTP sequence
  #udp: VoiceUDPSocket | undefined;
  readonly #tap = (message: Buffer) => this.#onUdp(message);
  readonly #onState = (_old: VoiceConnectionState, state: VoiceConnectionState) => this.#attachTap(state);

  constructor(options: ReceiverOptions) {
    this.#options = options;
    options.connection.on('stateChange', this.#onState);
    this.#attachTap(options.connection.state);
  }

  /** Users currently subscribed. */
  get users(): string[] {
    return [...this.#wanted];
  }

  /** Subscribe to `userId` (idempotent). Audio flows as soon as Discord maps their SSRC. */
  subscribe(userId: string): void {
    this.#wanted.add(userId);
    if (!this.#streams.has(userId)) this.#open(userId);
  }

  unsubscribe(userId: string): void {
    this.#wanted.delete(userId);
    this.#streams.get(userId)?.destroy();
  }

  destroy(): void {
    this.#options.connection.off('stateChange', this.#onState);
    this.#udp?.off('message', this.#tap);
    for (const userId of [...this.#wanted]) this.unsubscribe(userId);
  }

  #open(userId: string): void {
    const { connection, log } = this.#options;
    const stream = connection.receiver.subscribe(userId, { end: { behavior: EndBehaviorType.Manual } });
    this.#streams.set(userId, stream);
    stream.on('data', (opus: Buffer) => {
      const ssrc = connection.receiver.ssrcMap.get(userId)?.audioSSRC;
      const sequence = ssrc === undefined ? undefined : this.#sequences.get(ssrc);
      if (ssrc !== undefined) this.#sequences.delete(ssrc);
      this.#options.onPacket(userId, opus, sequence, performance.now());
    });
    stream.on('error', (err) => {
      this.streamErrors++;
      // A flood of undecryptable packets must not flood the log: first one, then every 100th.
      if (this.streamErrors === 1 || this.streamErrors % 100 === 0) {
        log.warn(
          { err, userId, streamErrors: this.streamErrors },
          'voice receive stream failed; resubscribing',
        );
      }
    });
    // @discordjs/voice 0.19.2 deletes the map entry on the old stream's 'close', so a new
    // subscription must wait for it or it would be silently dropped.
    stream.once('close', () => {
      if (this.#streams.get(userId) === stream) this.#streams.delete(userId);
      if (this.#wanted.has(userId) && connection.state.status !== VoiceConnectionStatus.Destroyed)
        this.#open(userId);
    });
  }

  #attachTap(state: VoiceConnectionState): void {
    const networking = state.status === VoiceConnectionStatus.Ready ? state.networking.state : undefined;
    const udp = networking && 'udp' in networking ? networking.udp : undefined;
    if (udp === this.#udp) return;
    this.#udp?.off('message', this.#tap);
    this.#udp = udp;
    udp?.prependListener('message', this.#tap);
  }

  #onUdp(message: Buffer): void {
    if (message.length < 12 || message[0] === undefined || message[0] >> 6 !== 2) return;
    if (((message[1] ?? 0) & 0x7f) !== RTP_OPUS_PAYLOAD) return;
    const ssrc = message.readUInt32BE(8);
    // Only mapped SSRCs: random traffic must not grow the map.
    if (this.#options.connection.receiver.ssrcMap.get(ssrc))
      this.#sequences.set(ssrc, message.readUInt16BE(2));
  }
}
