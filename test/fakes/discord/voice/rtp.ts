/**
 * RTP with Discord's "rtpsize" transport encryption, in either mode a client must support:
 * `aead_aes256_gcm_rtpsize` (node:crypto) and `aead_xchacha20_poly1305_rtpsize` (@noble/ciphers).
 * A 12-byte header (0x80, 0x78, seq, timestamp, ssrc), plus the 4-byte extension preamble when
 * the X bit is set, is in the clear and used as AAD; then the ciphertext (extension body, Opus,
 * RTP padding when the P bit is set), the 16-byte tag, and the 4-byte big-endian nonce counter
 * (nonce = counter ‖ zeros, 12 or 24 bytes).
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';

export type EncryptionMode = 'aead_aes256_gcm_rtpsize' | 'aead_xchacha20_poly1305_rtpsize';

/** How a member client shapes its packets: a one-byte header extension (e.g. audio level), padding. */
export interface PacketShape {
  /** 32-bit words of header extension body (RFC 8285 one-byte form, profile 0xBEDE). */
  readonly extensionWords?: number;
  /** RTP padding bytes (1–255) appended to the payload, the last one holding the count. */
  readonly padding?: number;
}

export const OPUS_PAYLOAD_TYPE = 0x78;
export const SILENCE_FRAME = Buffer.from([0xf8, 0xff, 0xfe]);

export interface RtpHeader {
  readonly sequence: number;
  readonly timestamp: number;
  readonly ssrc: number;
}

function nonceFor(counter: number, mode: EncryptionMode = 'aead_aes256_gcm_rtpsize'): Buffer {
  const nonce = Buffer.alloc(mode === 'aead_aes256_gcm_rtpsize' ? 12 : 24);
  nonce.writeUInt32BE(counter >>> 0, 0);
  return nonce;
}

function seal(mode: EncryptionMode, key: Buffer, nonce: Buffer, aad: Buffer, plain: Buffer): Buffer {
  if (mode === 'aead_xchacha20_poly1305_rtpsize')
    return Buffer.from(xchacha20poly1305(key, nonce, aad).encrypt(plain));
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(aad);
  return Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
}

function open(mode: EncryptionMode, key: Buffer, nonce: Buffer, aad: Buffer, sealed: Buffer): Buffer {
  if (mode === 'aead_xchacha20_poly1305_rtpsize')
    return Buffer.from(xchacha20poly1305(key, nonce, aad).decrypt(sealed));
  const decipher = createDecipheriv('aes-256-gcm', key, nonce);
  decipher.setAAD(aad);
  decipher.setAuthTag(sealed.subarray(sealed.length - 16));
  return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - 16)), decipher.final()]);
}

export function rtpHeader({ sequence, timestamp, ssrc }: RtpHeader): Buffer {
  const header = Buffer.alloc(12);
  header[0] = 0x80;
  header[1] = OPUS_PAYLOAD_TYPE;
  header.writeUInt16BE(sequence & 0xffff, 2);
  header.writeUInt32BE(timestamp >>> 0, 4);
  header.writeUInt32BE(ssrc >>> 0, 8);
  return header;
}

export function encryptPacket(
  header: RtpHeader,
  opus: Buffer,
  key: Buffer,
  counter: number,
  mode: EncryptionMode = 'aead_aes256_gcm_rtpsize',
  shape: PacketShape = {},
): Buffer {
  let head = rtpHeader(header);
  let plain = opus;
  const words = shape.extensionWords ?? 0;
  if (words > 0) {
    head[0] = (head[0] ?? 0x80) | 0x10;
    const preamble = Buffer.from([0xbe, 0xde, 0, 0]);
    preamble.writeUInt16BE(words, 2);
    head = Buffer.concat([head, preamble]);
    // One-byte elements: id 1 (audio level), length 1; the rest zero padding.
    const body = Buffer.alloc(words * 4);
    body[0] = 0x10;
    body[1] = 0x7f;
    plain = Buffer.concat([body, plain]);
  }
  const padding = shape.padding ?? 0;
  if (padding > 0) {
    head[0] = (head[0] ?? 0x80) | 0x20;
    const pad = Buffer.alloc(padding);
    pad[padding - 1] = padding;
    plain = Buffer.concat([plain, pad]);
  }
  const sealed = seal(mode, key, nonceFor(counter, mode), head, plain);
  const tail = Buffer.alloc(4);
  tail.writeUInt32BE(counter >>> 0, 0);
  return Buffer.concat([head, sealed, tail]);
}

/** Decrypts a packet from the bot; `undefined` if it is not a valid encrypted RTP packet. */
export function decryptPacket(
  packet: Buffer,
  key: Buffer,
  mode: EncryptionMode = 'aead_aes256_gcm_rtpsize',
): { header: RtpHeader; opus: Buffer } | undefined {
  if (packet.length < 12 + 16 + 4 || packet[0] === undefined || packet[0] >> 6 !== 2) return undefined;
  let headerSize = 12 + 4 * (packet[0] & 0x0f);
  const extended = (packet[0] & 0x10) !== 0;
  if (extended) headerSize += 4;
  const head = packet.subarray(0, headerSize);
  const counter = packet.readUInt32BE(packet.length - 4);
  try {
    let opus = open(mode, key, nonceFor(counter, mode), head, packet.subarray(headerSize, packet.length - 4));
    if (extended) opus = opus.subarray(4 * packet.readUInt16BE(headerSize - 2));
    const header = {
      sequence: packet.readUInt16BE(2),
      timestamp: packet.readUInt32BE(4),
      ssrc: packet.readUInt32BE(8),
    };
    return { header, opus };
  } catch {
    return undefined;
  }
}
