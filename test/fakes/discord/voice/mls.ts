/**
 * The few MLS (RFC 9420) messages a DAVE voice gateway writes itself, as the group's external
 * sender: its ExternalSender package (op 25) and external Add/Remove proposals (op 27), signed
 * with its own P-256 key (ciphersuite 2, DHKEMP256_AES128GCM_SHA256_P256, as DAVE v1 requires).
 * Everything else (key packages, commits, welcomes) is produced and checked by real MLS clients
 * (@snazzah/davey, OpenMLS) and only forwarded. Encoding follows RFC 9420 §2.1 (variable-size
 * vector headers) and §6 (PublicMessage, FramedContentTBS, SignWithLabel).
 */
import { createPrivateKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';

const MLS_10 = 1;
const WIRE_PUBLIC_MESSAGE = 1;
const SENDER_EXTERNAL = 2;
const CONTENT_PROPOSAL = 2;
const PROPOSAL_ADD = 1;
const PROPOSAL_REMOVE = 3;
const CREDENTIAL_BASIC = 1;

/** RFC 9420 §2.1.2: a vector's length as a 1, 2 or 4 byte variable-size integer. */
export function varint(length: number): Buffer {
  if (length < 0x40) return Buffer.from([length]);
  if (length < 0x4000) {
    const out = Buffer.alloc(2);
    out.writeUInt16BE(0x4000 | length);
    return out;
  }
  const out = Buffer.alloc(4);
  out.writeUInt32BE((0x80000000 | length) >>> 0);
  return out;
}

/** `opaque x<V>`: the bytes with their variable-size length in front. */
export function vector(bytes: Buffer): Buffer {
  return Buffer.concat([varint(bytes.length), bytes]);
}

function u16(n: number): Buffer {
  const out = Buffer.alloc(2);
  out.writeUInt16BE(n);
  return out;
}

function u32(n: number): Buffer {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(n >>> 0);
  return out;
}

function u64(n: bigint): Buffer {
  const out = Buffer.alloc(8);
  out.writeBigUInt64BE(n);
  return out;
}

/** A Discord snowflake as the 8 big-endian bytes DAVE uses for credentials and group ids. */
export function snowflakeBytes(id: string): Buffer {
  return u64(BigInt(id));
}

/** The voice gateway's signing identity as an MLS external sender. */
export class ExternalSender {
  readonly #key: KeyObject;
  /** Uncompressed SEC1 P-256 public key (65 bytes). */
  readonly publicKey: Buffer;
  readonly identity: Buffer;

  constructor(identity = Buffer.alloc(8)) {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = publicKey.export({ format: 'jwk' });
    this.#key = createPrivateKey(privateKey.export({ format: 'pem', type: 'pkcs8' }));
    this.publicKey = Buffer.concat([
      Buffer.from([4]),
      Buffer.from(String(jwk.x), 'base64url'),
      Buffer.from(String(jwk.y), 'base64url'),
    ]);
    this.identity = identity;
  }

  /** The op 25 payload: `ExternalSender { signature_key<V>; Credential credential }`. */
  package(): Buffer {
    return Buffer.concat([vector(this.publicKey), u16(CREDENTIAL_BASIC), vector(this.identity)]);
  }

  /** An MLSMessage carrying an external Add proposal for a member's KeyPackage. */
  add(groupId: Buffer, epoch: bigint, keyPackage: Buffer): Buffer {
    return this.#proposal(groupId, epoch, Buffer.concat([u16(PROPOSAL_ADD), keyPackage]));
  }

  /** An MLSMessage carrying an external Remove proposal for the member at `leafIndex`. */
  remove(groupId: Buffer, epoch: bigint, leafIndex: number): Buffer {
    return this.#proposal(groupId, epoch, Buffer.concat([u16(PROPOSAL_REMOVE), u32(leafIndex)]));
  }

  #proposal(groupId: Buffer, epoch: bigint, proposal: Buffer): Buffer {
    const content = Buffer.concat([
      vector(groupId),
      u64(epoch),
      Buffer.from([SENDER_EXTERNAL]),
      u32(0), // sender_index: the first (only) entry of the external_senders extension
      vector(Buffer.alloc(0)), // authenticated_data
      Buffer.from([CONTENT_PROPOSAL]),
      proposal,
    ]);
    const header = Buffer.concat([u16(MLS_10), u16(WIRE_PUBLIC_MESSAGE)]);
    // FramedContentTBS for an external sender carries no group context (RFC 9420 §6.1).
    const tbs = Buffer.concat([header, content]);
    const signContent = Buffer.concat([vector(Buffer.from('MLS 1.0 FramedContentTBS')), vector(tbs)]);
    const signature = sign('sha256', signContent, this.#key); // ECDSA, DER-encoded
    // PublicMessage: content, auth { signature<V> } (no confirmation tag for a proposal, no
    // membership tag for an external sender).
    return Buffer.concat([header, content, vector(signature)]);
  }
}

/** Reads the TLS presentation language of RFC 9420 from a buffer, front to back. */
class Reader {
  offset = 0;
  readonly bytes: Buffer;
  constructor(bytes: Buffer) {
    this.bytes = bytes;
  }

  u8(): number {
    const value = this.bytes.readUInt8(this.offset);
    this.offset += 1;
    return value;
  }

  u16(): number {
    const value = this.bytes.readUInt16BE(this.offset);
    this.offset += 2;
    return value;
  }

  u64(): bigint {
    const value = this.bytes.readBigUInt64BE(this.offset);
    this.offset += 8;
    return value;
  }

  skip(length: number): void {
    if (this.offset + length > this.bytes.length) throw new RangeError('MLS message truncated');
    this.offset += length;
  }

  /** `opaque x<V>`. */
  vector(): Buffer {
    const first = this.u8();
    let length = first & 0x3f;
    if (first >> 6 === 1) length = (length << 8) | this.u8();
    else if (first >> 6 === 2)
      length = ((length << 24) | (this.u8() << 16) | (this.u8() << 8) | this.u8()) >>> 0;
    else if (first >> 6 === 3) throw new RangeError('invalid MLS vector length');
    const start = this.offset;
    this.skip(length);
    return this.bytes.subarray(start, start + length);
  }
}

/** A commit as the gateway inspects it. */
export interface CommitInfo {
  readonly groupId: Buffer;
  readonly epoch: bigint;
  /** The committer's leaf index. */
  readonly sender: number;
}

const CONTENT_COMMIT = 3;
const SENDER_MEMBER = 1;

/** Skips a LeafNode (RFC 9420 §7.2) with a basic credential. */
function skipLeafNode(r: Reader): void {
  r.vector(); // encryption_key
  r.vector(); // signature_key
  const credentialType = r.u16();
  if (credentialType !== CREDENTIAL_BASIC) throw new RangeError('only basic credentials are allowed');
  r.vector(); // identity
  for (let i = 0; i < 5; i++) r.vector(); // capabilities: versions, ciphersuites, extensions, proposals, credentials
  const source = r.u8();
  if (source === 1)
    r.skip(16); // key_package: lifetime
  else if (source === 3) r.vector(); // commit: parent_hash
  r.vector(); // extensions
  r.vector(); // signature
}

/**
 * Splits a DAVE op 28 payload (an MLSMessage commit, then a Welcome when the commit adds members)
 * and reads the commit's group id, epoch and committer, as the voice gateway must to pick the
 * first commit of an epoch and forward the welcome on its own.
 */
export function splitCommitWelcome(payload: Buffer): {
  commit: Buffer;
  welcome: Buffer | undefined;
  info: CommitInfo;
} {
  const r = new Reader(payload);
  if (r.u16() !== MLS_10 || r.u16() !== WIRE_PUBLIC_MESSAGE)
    throw new RangeError('not an MLS 1.0 PublicMessage');
  const groupId = r.vector();
  const epoch = r.u64();
  const senderType = r.u8();
  if (senderType !== SENDER_MEMBER) throw new RangeError('a commit must come from a member');
  const sender = r.bytes.readUInt32BE(r.offset);
  r.skip(4);
  r.vector(); // authenticated_data
  if (r.u8() !== CONTENT_COMMIT) throw new RangeError('not a commit');
  r.vector(); // proposals (references)
  if (r.u8() === 1) {
    skipLeafNode(r); // UpdatePath.leaf_node
    r.vector(); // UpdatePath.nodes
  }
  r.vector(); // signature
  r.vector(); // confirmation_tag
  r.vector(); // membership_tag
  const end = r.offset;
  return {
    commit: payload.subarray(0, end),
    welcome: end < payload.length ? payload.subarray(end) : undefined,
    info: { groupId, epoch, sender },
  };
}
