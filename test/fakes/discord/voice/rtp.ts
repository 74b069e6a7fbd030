/**
 * RTP with `aead_aes256_gcm_rtpsize` transport encryption, as Discord voice uses it: a 12-byte
 * header (0x80, 0x78, seq, timestamp, ssrc) in the clear and used as AAD, the AES-256-GCM
 * ciphertext, the 16-byte tag, then the 4-byte big-endian nonce counter (nonce = counter ‖ 0×8).
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';

export const OPUS_PAYLOAD_TYPE = 0x78;
export const SILENCE_FRAME = Buffer.from([0xf8, 0xff, 0xfe]);

export interface RtpHeader {
  readonly sequence: number;
  readonly timestamp: number;
  readonly ssrc: number;
}

function nonceFor(counter: number): Buffer {
  const nonce = Buffer.alloc(12);
  nonce.writeUInt32BE(counter >>> 0, 0);
  return nonce;
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

export function encryptPacket(header: RtpHeader, opus: Buffer, key: Buffer, counter: number): Buffer {
  const head = rtpHeader(header);
  const cipher = createCipheriv('aes-256-gcm', key, nonceFor(counter));
  cipher.setAAD(head);
  const body = Buffer.concat([cipher.update(opus), cipher.final()]);
  const tail = Buffer.alloc(4);
  tail.writeUInt32BE(counter >>> 0, 0);
  return Buffer.concat([head, body, cipher.getAuthTag(), tail]);
}

/** Decrypts a packet from the bot; `undefined` if it is not a valid encrypted RTP packet. */
export function decryptPacket(packet: Buffer, key: Buffer): { header: RtpHeader; opus: Buffer } | undefined {
  if (packet.length < 12 + 16 + 4 || packet[0] === undefined || packet[0] >> 6 !== 2) return undefined;
  let headerSize = 12 + 4 * (packet[0] & 0x0f);
  const extended = (packet[0] & 0x10) !== 0;
  if (extended) headerSize += 4;
  const head = packet.subarray(0, headerSize);
  const counter = packet.readUInt32BE(packet.length - 4);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, nonceFor(counter));
    decipher.setAAD(head);
    decipher.setAuthTag(packet.subarray(packet.length - 20, packet.length - 4));
    let opus = Buffer.concat([
      decipher.update(packet.subarray(headerSize, packet.length - 20)),
      decipher.final(),
    ]);
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
