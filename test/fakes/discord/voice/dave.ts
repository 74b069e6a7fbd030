/**
 * DAVE (Discord's audio/video end-to-end encryption, protocol v1) as the voice gateway runs it
 * for one voice session: the MLS delivery service and external sender (opcodes 21–31, see
 * discord/dave-protocol protocol.md). It collects key packages, broadcasts external Add/Remove
 * proposals, takes the first commit of an epoch, announces it (op 29) with a transition id,
 * welcomes the added (op 30), executes transitions when everyone is ready or after a timeout
 * (op 22), handles invalid commit/welcome reports (op 31) by removing and re-adding the member,
 * and resets a sole remaining member (op 24 epoch 1 + op 21 transition 0).
 *
 * Observed behaviour modelled: the commit that (re)creates a group is announced with transition
 * id 0 (executed at once), later ones with ids from 1 (discordjs/discord.js#11445 and
 * openclaw/openclaw#117381 report live sessions with transition id 0).
 *
 * Who commits: simulated members answer proposals at once, so they usually win; with
 * `memberCommitDelayMs` they wait and the bot's commit (split from its welcome in mls.ts) wins.
 * The MLS messages the gateway writes and reads itself are built with ts-mls (mls.ts).
 * Not modelled: proposal revocation (op 27 revoke), commit validation beyond "the epoch's first
 * commit, for the group and epoch the gateway knows, from a member that was sent the proposals",
 * and trimming the welcome to the welcomed member's secrets (the whole welcome is forwarded, which
 * MLS clients accept).
 */
import { ExternalSender, snowflakeBytes, vector, type CommitInfo } from './mls.ts';

export const DAVE_VERSION = 1;

export const OP_PREPARE_TRANSITION = 21;
export const OP_EXECUTE_TRANSITION = 22;
export const OP_PREPARE_EPOCH = 24;
export const OP_EXTERNAL_SENDER = 25;
export const OP_PROPOSALS = 27;
export const OP_ANNOUNCE_COMMIT = 29;
export const OP_WELCOME = 30;
export const APPEND = 0;

/** Someone in the MLS group as the gateway sees them: the bot over its WebSocket, or a member. */
export interface DaveParticipant {
  readonly userId: string;
  binary(op: number, payload: Buffer): void;
  json(op: number, d: Record<string, unknown>): void;
}

type Effect =
  { readonly kind: 'add'; readonly userId: string } | { readonly kind: 'remove'; readonly leaf: number };

export interface DaveGroupOptions {
  readonly channelId: string;
  /** How long a transition waits for everyone's op 23 before it is executed anyway. */
  readonly transitionTimeoutMs?: number;
  /** How long simulated members wait before sending their commit (0: at once, so they win). */
  readonly memberCommitDelayMs?: number;
}

export class DaveGroup {
  readonly channelId: string;
  readonly external = new ExternalSender();
  /** Leaf index → user (null: blank leaf), as the gateway tracks it. */
  leaves: (string | null)[] = [];
  epoch = 0n;
  established = false;
  /** Announced transitions, in order: id, epoch and the member whose commit won. */
  readonly transitions: { id: number; epoch: bigint; committer: string }[] = [];
  /** Commits dropped: late, for another epoch or group, or unparseable. */
  droppedCommits = 0;
  readonly memberCommitDelayMs: number;
  /** Op 31 reports received: user and transition id. */
  readonly invalidReports: { userId: string; transitionId: number }[] = [];
  /** Events the gateway could not handle (e.g. a key package ts-mls cannot read). */
  readonly failures: unknown[] = [];
  readonly #participants = new Map<string, DaveParticipant>();
  readonly #keyPackages = new Map<string, Buffer>();
  /** What each participant has been sent and would commit, in order. */
  readonly #pending = new Map<string, Effect[]>();
  /** In-flight add proposals of an unestablished group (sent to each newly pending member). */
  #inflight: { userId: string; message: Buffer }[] = [];
  readonly #waiting = new Map<number, { users: Set<string>; timer: NodeJS.Timeout }>();
  readonly #lose = new Set<string>();
  /** Members who reported an invalid commit/welcome: back to pending, sent no proposals. */
  readonly #resetting = new Set<string>();
  readonly #queue: (() => void | Promise<void>)[] = [];
  readonly #timeoutMs: number;
  #draining = false;
  #nextTransition = 1;
  #closed = false;

  constructor(options: DaveGroupOptions) {
    this.channelId = options.channelId;
    this.#timeoutMs = options.transitionTimeoutMs ?? 1_000;
    this.memberCommitDelayMs = options.memberCommitDelayMs ?? 0;
  }

  get groupId(): Buffer {
    return snowflakeBytes(this.channelId);
  }

  /** Users connected to this media session (the recognized set members check adds against). */
  get userIds(): string[] {
    return [...this.#participants.keys()];
  }

  /** Whether `userId` holds a leaf of the established group. */
  isMember(userId: string): boolean {
    return this.established && this.leaves.includes(userId);
  }

  /** A participant connected: it gets the external sender package and will send a key package. */
  connect(participant: DaveParticipant): void {
    this.#run(async () => {
      this.#participants.set(participant.userId, participant);
      participant.binary(OP_EXTERNAL_SENDER, await this.external.package());
    });
  }

  /** Op 26. */
  keyPackage(userId: string, keyPackage: Buffer): void {
    this.#run(() => this.#onKeyPackage(userId, keyPackage));
  }

  /** Op 28 (`welcome` present when the commit adds members; `info` read from the commit when known). */
  commit(userId: string, commit: Buffer, welcome: Buffer | undefined, info?: CommitInfo): void {
    this.#run(async () => {
      const epoch = this.established ? this.epoch : 0n;
      if (info && (info.epoch !== epoch || !info.groupId.equals(this.groupId))) this.droppedCommits++;
      else await this.#onCommit(userId, commit, welcome);
    });
  }

  /** An op 28 that could not be read. */
  unreadableCommit(): void {
    this.droppedCommits++;
  }

  /** Op 23. */
  ready(userId: string, transitionId: number): void {
    this.#run(() => {
      const waiting = this.#waiting.get(transitionId);
      waiting?.users.delete(userId);
      if (waiting && waiting.users.size === 0) this.#execute(transitionId);
    });
  }

  /** Op 31: the member could not process a commit or welcome; remove it, re-add on its next key package. */
  invalid(userId: string, transitionId: number): void {
    this.#run(async () => {
      this.invalidReports.push({ userId, transitionId });
      this.#resetting.add(userId);
      const leaf = this.established ? this.leaves.indexOf(userId) : -1;
      if (leaf >= 0)
        this.#propose(
          [{ kind: 'remove', leaf }],
          [await this.external.remove(this.groupId, this.epoch, leaf)],
        );
    });
  }

  /** The participant left the media session. */
  disconnect(userId: string): void {
    this.#run(async () => {
      if (!this.#participants.delete(userId)) return;
      this.#keyPackages.delete(userId);
      this.#pending.delete(userId);
      this.#inflight = this.#inflight.filter((p) => p.userId !== userId);
      const leaf = this.established ? this.leaves.indexOf(userId) : -1;
      if (leaf < 0) return;
      const others = this.leaves.filter((u): u is string => u !== null && u !== userId);
      if (others.length === 1 && others[0] !== undefined) this.#soleMemberReset(others[0]);
      else if (others.length > 1)
        this.#propose(
          [{ kind: 'remove', leaf }],
          [await this.external.remove(this.groupId, this.epoch, leaf)],
        );
    });
  }

  /** Fault injection: the next commit announcement to `userId` is lost on the way. */
  loseNextCommit(userId: string): void {
    this.#lose.add(userId);
  }

  close(): void {
    this.#closed = true;
    for (const { timer } of this.#waiting.values()) clearTimeout(timer);
    this.#waiting.clear();
  }

  /**
   * Serializes every event, one at a time in arrival order (signing a proposal is asynchronous in
   * ts-mls); members answer synchronously, and nothing re-enters. A task that fails (e.g. an
   * unreadable key package) is recorded in `failures` and the next one runs.
   */
  #run(task: () => void | Promise<void>): void {
    if (this.#closed) return;
    this.#queue.push(task);
    if (this.#draining) return;
    this.#draining = true;
    void (async () => {
      for (let next = this.#queue.shift(); next && !this.#closed; next = this.#queue.shift())
        await Promise.resolve()
          .then(next)
          .catch((error: unknown) => this.failures.push(error));
      this.#draining = false;
    })();
  }

  async #onKeyPackage(userId: string, keyPackage: Buffer): Promise<void> {
    if (!this.#participants.has(userId)) return;
    // Signed first: a key package ts-mls cannot read is dropped here (see `failures`), not kept.
    const add = await this.external.add(this.groupId, this.established ? this.epoch : 0n, keyPackage);
    this.#keyPackages.set(userId, keyPackage);
    if (this.established) {
      const effects: Effect[] = [];
      const messages: Buffer[] = [];
      const leaf = this.leaves.indexOf(userId);
      if (leaf >= 0) {
        // About to be re-added with a different key package: remove the stale leaf first.
        effects.push({ kind: 'remove', leaf });
        messages.push(await this.external.remove(this.groupId, this.epoch, leaf));
      }
      effects.push({ kind: 'add', userId });
      messages.push(add);
      this.#propose(effects, messages);
      return;
    }
    // Initial group creation: every pending member has a local group of its own at epoch 0. Once
    // two are proposed to each other, later joiners wait for the group and are re-proposed after
    // its commit (ts-mls signs asynchronously, so they can arrive before it; a member's commit
    // covers only the proposals it had, so the gateway's bookkeeping needs this order).
    if (this.#inflight.length >= 2) return;
    this.#inflight = this.#inflight.filter((p) => p.userId !== userId);
    for (const other of this.#inflight)
      this.#send(userId, [{ kind: 'add', userId: other.userId }], [other.message]);
    for (const other of this.#inflight) this.#send(other.userId, [{ kind: 'add', userId }], [add]);
    this.#inflight.push({ userId, message: add });
  }

  /** Broadcasts proposals to every member of the established group. */
  #propose(effects: Effect[], messages: Buffer[]): void {
    for (const member of this.leaves)
      if (member !== null && !this.#resetting.has(member)) this.#send(member, effects, messages);
  }

  #send(userId: string, effects: Effect[], messages: Buffer[]): void {
    const participant = this.#participants.get(userId);
    if (!participant) return;
    this.#pending.set(userId, [...(this.#pending.get(userId) ?? []), ...effects]);
    participant.binary(OP_PROPOSALS, Buffer.concat([Buffer.from([APPEND]), vector(Buffer.concat(messages))]));
  }

  async #onCommit(userId: string, commit: Buffer, welcome: Buffer | undefined): Promise<void> {
    const effects = this.#pending.get(userId);
    // The first commit of the epoch wins; later ones (for proposals already committed) are dropped.
    if (!effects || effects.length === 0) {
      this.droppedCommits++;
      return;
    }
    const recreated = !this.established;
    const previous = recreated ? [userId] : this.leaves.filter((u): u is string => u !== null);
    const leaves: (string | null)[] = recreated ? [userId] : [...this.leaves];
    const added: string[] = [];
    for (const effect of effects) if (effect.kind === 'remove') leaves[effect.leaf] = null;
    for (const effect of effects) {
      if (effect.kind !== 'add') continue;
      const blank = leaves.indexOf(null);
      if (blank >= 0) leaves[blank] = effect.userId;
      else leaves.push(effect.userId);
      added.push(effect.userId);
      this.#keyPackages.delete(effect.userId);
    }
    while (leaves.length > 0 && leaves.at(-1) === null) leaves.pop();
    this.leaves = leaves;
    this.established = true;
    this.epoch = recreated ? 1n : this.epoch + 1n;
    this.#pending.clear();
    this.#inflight = [];
    const transitionId = recreated ? 0 : this.#nextTransition++;
    this.transitions.push({ id: transitionId, epoch: this.epoch, committer: userId });
    const id = Buffer.alloc(2);
    id.writeUInt16BE(transitionId);
    const stayed = previous.filter((u) => leaves.includes(u) && !added.includes(u));
    for (const member of stayed) {
      if (this.#lose.delete(member)) continue;
      this.#participants.get(member)?.binary(OP_ANNOUNCE_COMMIT, Buffer.concat([id, commit]));
    }
    for (const member of added) this.#resetting.delete(member);
    if (welcome)
      for (const member of added)
        this.#participants.get(member)?.binary(OP_WELCOME, Buffer.concat([id, welcome]));
    if (transitionId !== 0) {
      const users = new Set([...stayed, ...added].filter((u) => this.#participants.has(u)));
      const timer = setTimeout(() => this.#run(() => this.#execute(transitionId)), this.#timeoutMs);
      this.#waiting.set(transitionId, { users, timer });
    }
    // Pending members whose key package was not in this commit are proposed again.
    // One at a time: a member commits each op 27 as it comes, so a commit covers one batch.
    for (const [pending, keyPackage] of this.#keyPackages)
      if (!leaves.includes(pending)) {
        await this.#onKeyPackage(pending, keyPackage);
        break;
      }
  }

  #execute(transitionId: number): void {
    const waiting = this.#waiting.get(transitionId);
    if (!waiting) return;
    clearTimeout(waiting.timer);
    this.#waiting.delete(transitionId);
    for (const member of this.leaves)
      if (member !== null)
        this.#participants.get(member)?.json(OP_EXECUTE_TRANSITION, { transition_id: transitionId });
  }

  #soleMemberReset(userId: string): void {
    this.established = false;
    this.epoch = 0n;
    this.leaves = [];
    this.#pending.clear();
    this.#inflight = [];
    const participant = this.#participants.get(userId);
    participant?.json(OP_PREPARE_EPOCH, { protocol_version: DAVE_VERSION, epoch: 1 });
    participant?.json(OP_PREPARE_TRANSITION, { protocol_version: DAVE_VERSION, transition_id: 0 });
  }
}
