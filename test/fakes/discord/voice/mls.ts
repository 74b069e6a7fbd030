/**
 * The voice gateway's own MLS (RFC 9420) in DAVE, done with ts-mls: its ExternalSender (op 25),
 * the external Add/Remove proposals it signs (op 27, ciphersuite 2,
 * MLS_128_DHKEMP256_AES128GCM_SHA256_P256, as DAVE v1 and davey/OpenMLS use), and reading the
 * bot's op 28 (a commit, then a Welcome when it adds members). Key packages, commits and welcomes
 * are made and checked by real MLS clients (@snazzah/davey, OpenMLS) and only forwarded.
 */
import {
  decodeMlsMessage,
  encodeExternalSender,
  encodeMlsMessage,
  getCiphersuiteFromName,
  getCiphersuiteImpl,
  proposeExternal,
  type CiphersuiteImpl,
  type GroupInfo,
  type Proposal,
} from 'ts-mls';
import { p256 } from '@noble/curves/nist.js';
import { encode } from 'ts-mls/codec/tlsEncoder.js';
import { varLenDataEncoder } from 'ts-mls/codec/variableLength.js';
import { decodeKeyPackage } from 'ts-mls/keyPackage.js';

const CIPHERSUITE = 'MLS_128_DHKEMP256_AES128GCM_SHA256_P256';

/** `opaque x<V>` (RFC 9420 §2.1.2): the bytes with their variable-size length in front. */
export function vector(bytes: Uint8Array): Buffer {
  return Buffer.from(encode(varLenDataEncoder)(bytes));
}

/** A Discord snowflake as the 8 big-endian bytes DAVE uses for credentials and group ids. */
export function snowflakeBytes(id: string): Buffer {
  const out = Buffer.alloc(8);
  out.writeBigUInt64BE(BigInt(id));
  return out;
}

interface Signer {
  readonly cs: CiphersuiteImpl;
  readonly signKey: Uint8Array;
  readonly publicKey: Uint8Array;
  /** The op 25 payload: `ExternalSender { signature_key<V>; Credential credential }`. */
  readonly package: Buffer;
}

/** The voice gateway's signing identity as an MLS external sender (a basic credential). */
export class ExternalSender {
  readonly #signer: Promise<Signer>;

  constructor(identity: Uint8Array = Buffer.alloc(8)) {
    this.#signer = (async () => {
      const cs = await getCiphersuiteImpl(getCiphersuiteFromName(CIPHERSUITE));
      const { signKey } = await cs.signature.keygen();
      // Uncompressed SEC1 (65 bytes), the form DAVE clients (davey/OpenMLS) put in their own key
      // packages; ts-mls's keygen returns the compressed one.
      const publicKey = p256.getPublicKey(signKey, false);
      const credential = { credentialType: 'basic' as const, identity };
      const bytes = encodeExternalSender({ signaturePublicKey: publicKey, credential });
      return { cs, signKey, publicKey, package: Buffer.from(bytes) };
    })();
  }

  /** The op 25 payload. */
  async package(): Promise<Buffer> {
    return (await this.#signer).package;
  }

  /** An MLSMessage carrying an external Add proposal for a member's serialized KeyPackage. */
  async add(groupId: Uint8Array, epoch: bigint, keyPackage: Uint8Array): Promise<Buffer> {
    const decoded = decoding('KeyPackage', () => decodeKeyPackage(keyPackage, 0));
    return this.#propose(groupId, epoch, { proposalType: 'add', add: { keyPackage: decoded[0] } });
  }

  /** An MLSMessage carrying an external Remove proposal for the member at `leafIndex`. */
  async remove(groupId: Uint8Array, epoch: bigint, leafIndex: number): Promise<Buffer> {
    return this.#propose(groupId, epoch, { proposalType: 'remove', remove: { removed: leafIndex } });
  }

  async #propose(groupId: Uint8Array, epoch: bigint, proposal: Proposal): Promise<Buffer> {
    const { cs, signKey, publicKey, package: extensionData } = await this.#signer;
    // The gateway is not a member: it knows the group id and epoch, nothing else of the group's
    // state. ts-mls takes them from a GroupInfo and finds our sender index in its external_senders
    // extension; an external sender's FramedContentTBS carries no GroupContext (RFC 9420 §6.1), so
    // the empty hashes and the unsigned GroupInfo below never reach the message or its signature.
    const groupInfo: GroupInfo = {
      groupContext: {
        version: 'mls10',
        cipherSuite: CIPHERSUITE,
        groupId,
        epoch,
        treeHash: new Uint8Array(),
        confirmedTranscriptHash: new Uint8Array(),
        extensions: [{ extensionType: 'external_senders', extensionData }],
      },
      extensions: [],
      confirmationTag: new Uint8Array(),
      signer: 0,
      signature: new Uint8Array(),
    };
    const message = await proposeExternal(groupInfo, proposal, publicKey, signKey, cs);
    return Buffer.from(encodeMlsMessage(message));
  }
}

/** Runs a ts-mls decoder; undefined or a throw (truncated input) become one error naming `what`. */
function decoding<T>(what: string, decode: () => [T, number] | undefined): [T, number] {
  let decoded: [T, number] | undefined;
  try {
    decoded = decode();
  } catch (cause) {
    throw new RangeError(`unreadable MLS ${what}`, { cause });
  }
  if (!decoded) throw new RangeError(`unreadable MLS ${what}`);
  return decoded;
}

/** A commit as the gateway inspects it. */
export interface CommitInfo {
  readonly groupId: Buffer;
  readonly epoch: bigint;
  /** The committer's leaf index. */
  readonly sender: number;
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
  const [message, end] = decoding('op 28 MLSMessage', () => decodeMlsMessage(payload, 0));
  if (message.wireformat !== 'mls_public_message') throw new RangeError('not an MLS PublicMessage');
  const { content } = message.publicMessage;
  if (content.contentType !== 'commit') throw new RangeError('not a commit');
  if (content.sender.senderType !== 'member') throw new RangeError('a commit must come from a member');
  const info = {
    groupId: Buffer.from(content.groupId),
    epoch: content.epoch,
    sender: content.sender.leafIndex,
  };
  return {
    commit: payload.subarray(0, end),
    welcome: end < payload.length ? payload.subarray(end) : undefined,
    info,
  };
}
