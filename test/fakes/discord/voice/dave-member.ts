/**
 * A simulated human in a DAVE call: a real DAVE client (@snazzah/davey) that joins the session's
 * group through the fake gateway (dave.ts) like any Discord client, end-to-end encrypts its Opus
 * frames, decrypts the bot's, and re-keys on an invalid commit/welcome or a sole-member reset.
 */
import davey from '@snazzah/davey';
import {
  APPEND,
  DAVE_VERSION,
  OP_ANNOUNCE_COMMIT,
  OP_EXTERNAL_SENDER,
  OP_PREPARE_EPOCH,
  OP_PROPOSALS,
  OP_WELCOME,
  type DaveGroup,
  type DaveParticipant,
} from './dave.ts';
import { ExternalSender, snowflakeBytes, splitCommitWelcome, vector } from './mls.ts';

/** DAVE's magic marker, the last two bytes of every end-to-end encrypted frame. */
export const DAVE_MARKER = 0xfafa;
const AUDIO = 0;

/** Whether an Opus payload carries DAVE's trailer (an end-to-end encrypted frame). */
export function hasDaveMarker(frame: Buffer): boolean {
  return frame.length > 2 && frame.readUInt16BE(frame.length - 2) === DAVE_MARKER;
}

/**
 * A simulated human in the call: a real DAVE client (@snazzah/davey) that joins the group through
 * the gateway like any Discord client and end-to-end encrypts its Opus frames.
 */
export class DaveMember implements DaveParticipant {
  readonly userId: string;
  readonly #group: DaveGroup;
  #session: davey.DAVESession;
  #corrupt = false;
  /** The rogue session, made (asynchronously: ts-mls signs its proposal) when `corrupt` is first set. */
  #rogueSession: davey.DAVESession | undefined;
  #rogueRequested = false;
  /** Frames the member could not send because its session was not ready. */
  unsent = 0;

  constructor(userId: string, group: DaveGroup) {
    this.userId = userId;
    this.#group = group;
    this.#session = new davey.DAVESession(DAVE_VERSION, userId, group.channelId);
  }

  /** Whether frames are encrypted with keys from a group nobody else is in (set by tests). */
  get corrupt(): boolean {
    return this.#corrupt;
  }

  set corrupt(value: boolean) {
    this.#corrupt = value;
    if (!value || this.#rogueRequested) return;
    this.#rogueRequested = true;
    void this.#makeRogue().then((session) => {
      this.#rogueSession = session;
    });
  }

  get ready(): boolean {
    return this.#session.ready;
  }

  /** Joins the group: connect, then send a key package. */
  join(): void {
    this.#group.connect(this);
    this.#group.keyPackage(this.userId, this.#session.getSerializedKeyPackage());
  }

  binary(op: number, payload: Buffer): void {
    const s = this.#session;
    let transitionId = 0;
    try {
      if (op === OP_EXTERNAL_SENDER) s.setExternalSender(payload);
      else if (op === OP_PROPOSALS) {
        const result = s.processProposals(payload.readUInt8(0), payload.subarray(1), this.#group.userIds);
        const { commit, welcome } = result;
        const delay = this.#group.memberCommitDelayMs;
        // The commit's epoch goes along: a commit queued behind a newer epoch is dropped, not announced.
        const info = commit && splitCommitWelcome(commit).info;
        if (commit && delay > 0)
          setTimeout(() => this.#group.commit(this.userId, commit, welcome, info), delay);
        else if (commit) this.#group.commit(this.userId, commit, welcome, info);
      } else if (op === OP_ANNOUNCE_COMMIT || op === OP_WELCOME) {
        transitionId = payload.readUInt16BE(0);
        if (op === OP_ANNOUNCE_COMMIT) s.processCommit(payload.subarray(2));
        else s.processWelcome(payload.subarray(2));
        if (transitionId !== 0) this.#group.ready(this.userId, transitionId);
      }
    } catch {
      if (op !== OP_ANNOUNCE_COMMIT && op !== OP_WELCOME) return;
      this.#group.invalid(this.userId, transitionId);
      this.#rekey();
    }
  }

  json(op: number, d: Record<string, unknown>): void {
    if (op === OP_PREPARE_EPOCH && d.epoch === 1) this.#rekey();
  }

  /** The member's end-to-end encrypted frame, or undefined while it cannot encrypt yet. */
  encrypt(opus: Buffer): Buffer | undefined {
    if (this.#corrupt) return this.#rogueSession?.encryptOpus(opus);
    if (!this.#session.ready) {
      this.unsent++;
      return undefined;
    }
    return this.#session.encryptOpus(opus);
  }

  /** Decrypts `fromUserId`'s frame; undefined if this member cannot. */
  decrypt(fromUserId: string, frame: Buffer): Buffer | undefined {
    try {
      return this.#session.decrypt(fromUserId, AUDIO, frame);
    } catch {
      return undefined;
    }
  }

  leave(): void {
    this.#group.disconnect(this.userId);
  }

  #rekey(): void {
    this.#session.reinit(DAVE_VERSION, this.userId, this.#group.channelId);
    this.#group.keyPackage(this.userId, this.#session.getSerializedKeyPackage());
  }

  /** A group of the same user and a stranger under a different external sender: wrong keys. */
  async #makeRogue(): Promise<davey.DAVESession> {
    const rogue = new davey.DAVESession(DAVE_VERSION, this.userId, this.#group.channelId);
    const helper = new davey.DAVESession(DAVE_VERSION, '1', this.#group.channelId);
    const external = new ExternalSender();
    rogue.setExternalSender(await external.package());
    helper.setExternalSender(await external.package());
    const add = await external.add(
      snowflakeBytes(this.#group.channelId),
      0n,
      helper.getSerializedKeyPackage(),
    );
    const result = rogue.processProposals(APPEND, vector(add), ['1']);
    if (result.commit) rogue.processCommit(result.commit);
    return rogue;
  }
}
