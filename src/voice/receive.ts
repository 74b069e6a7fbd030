/**
 * Per-speaker receive: one @discordjs/voice subscription per user (Manual end: our own clock and
 * silence handling decide what silence means), error-isolated so one broken stream never reaches
 * the process or another speaker. A stream that keeps failing is resubscribed with back-off, not
 * in a storm. RTP sequence numbers are read from the clear-text RTP header by a tap placed in
 * front of the library's own UDP listener, so packets can be put back in order. Frames that are
 * still DAVE-encrypted (the library passes them through while its session is not ready) are
 * dropped and counted, never handed on as Opus; see decrypt-watch.ts.
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
import { DecryptWatch, hasDaveMarker } from './decrypt-watch.ts';

export interface ReceiverOptions {
  readonly connection: VoiceConnection;
  readonly log: Logger;
  /** Every Opus packet from a subscribed user, in arrival order. Must not throw. */
  readonly onPacket: (userId: string, opus: Buffer, sequence: number | undefined, arrivedAt: number) => void;
  /** Rejoins the channel when a speaker stays undecryptable (DAVE recovery's last step). */
  readonly rejoin?: () => void;
  /** A speaker stays undecryptable despite recovery; called once per speaker. */
  readonly onUndecryptable?: (userId: string) => void;
  /** DAVE recovery timings (defaults: re-key after 3 s, rejoin and tell after 7 s). */
  readonly recoverAfterMs?: number;
  readonly rejoinAfterMs?: number;
}

const RTP_OPUS_PAYLOAD = 0x78;
const SILENCE_FRAME = Buffer.from([0xf8, 0xff, 0xfe]);
/** Resubscribe at once after a stream error, unless errors come faster than this. */
const ERROR_WINDOW_MS = 1_000;
const MAX_RESUBSCRIBE_DELAY_MS = 1_000;

export class Receiver {
  /** Receive streams that failed (each is resubscribed). */
  streamErrors = 0;
  readonly decrypt: DecryptWatch;
  readonly #options: ReceiverOptions;
  readonly #errors = new Map<string, { count: number; windowStart: number }>();
  readonly #timers = new Map<string, NodeJS.Timeout>();
  readonly #wanted = new Set<string>();
  readonly #streams = new Map<string, AudioReceiveStream>();
  readonly #sequences = new Map<number, number>(); // ssrc → latest RTP sequence
  #udp: VoiceUDPSocket | undefined;
  readonly #tap = (message: Buffer) => this.#onUdp(message);
  readonly #onState = (_old: VoiceConnectionState, state: VoiceConnectionState) => this.#attachTap(state);

  constructor(options: ReceiverOptions) {
    this.#options = options;
    this.decrypt = new DecryptWatch({
      connection: options.connection,
      log: options.log,
      ...(options.rejoin ? { rejoin: options.rejoin } : {}),
      ...(options.onUndecryptable ? { onUndecryptable: options.onUndecryptable } : {}),
      ...(options.recoverAfterMs ? { recoverAfterMs: options.recoverAfterMs } : {}),
      ...(options.rejoinAfterMs ? { rejoinAfterMs: options.rejoinAfterMs } : {}),
    });
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
    this.decrypt.watch(userId);
    if (!this.#streams.has(userId) && !this.#timers.has(userId)) this.#open(userId);
  }

  unsubscribe(userId: string): void {
    this.#wanted.delete(userId);
    this.decrypt.forget(userId);
    clearTimeout(this.#timers.get(userId));
    this.#timers.delete(userId);
    this.#streams.get(userId)?.destroy();
  }

  destroy(): void {
    this.decrypt.destroy();
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
      if (hasDaveMarker(opus)) {
        this.decrypt.fail(userId); // still end-to-end encrypted: noise if decoded
        return;
      }
      if (!opus.equals(SILENCE_FRAME)) this.decrypt.ok(userId);
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
      if (!this.#wanted.has(userId) || connection.state.status === VoiceConnectionStatus.Destroyed) return;
      const delay = stream.errored ? this.#resubscribeDelay(userId) : 0;
      if (delay === 0) {
        this.#open(userId);
        return;
      }
      this.#timers.set(
        userId,
        setTimeout(() => {
          this.#timers.delete(userId);
          if (this.#wanted.has(userId) && !this.#streams.has(userId)) this.#open(userId);
        }, delay),
      );
    });
  }

  /** 0 for an occasional error; a doubling delay (to 1 s) while errors keep coming within a second. */
  #resubscribeDelay(userId: string): number {
    const now = performance.now();
    const errors = this.#errors.get(userId);
    if (!errors || now - errors.windowStart > ERROR_WINDOW_MS) {
      this.#errors.set(userId, { count: 1, windowStart: now });
      return 0;
    }
    errors.count++;
    errors.windowStart = now;
    return errors.count <= 3 ? 0 : Math.min(MAX_RESUBSCRIBE_DELAY_MS, 10 * 2 ** (errors.count - 4));
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
