/**
 * What a session remembers across streams: both sides of the conversation (for replayed history),
 * whether the last question is still unanswered, and tokens. It consumes the turn tracker's typed
 * events only. An assistant reply is recorded as soon as its SPECULATIVE text arrives and replaced
 * in place when its FINAL text comes, however late.
 */
import type { TokenUsage } from './events-out.ts';
import { ConversationHistory, MAX_HISTORY_MESSAGES, type HistoryMessage } from './history.ts';
import type { ReplyText } from './turn-tracker.ts';
import { ZERO_USAGE, addUsage } from './usage.ts';

interface Entry {
  readonly role: HistoryMessage['role'];
  text: string;
  readonly replyId?: number;
}

/** Entries kept in memory; replay never uses more than MAX_HISTORY_MESSAGES merged messages. */
const MAX_ENTRIES = MAX_HISTORY_MESSAGES * 4;

export class ConversationLedger {
  #entries: Entry[];
  #awaitingAnswer = false;
  #totalUsage: TokenUsage = ZERO_USAGE;
  #sinceReport: TokenUsage = ZERO_USAGE;

  constructor(initial: readonly HistoryMessage[]) {
    this.#entries = initial.map((m) => ({ role: m.role, text: m.text }));
  }

  /** The conversation in replayable shape (USER first, alternating, bounded). */
  get history(): ConversationHistory {
    return new ConversationHistory(this.#entries);
  }

  /** A user turn is complete and no reply to it has ended yet. */
  get awaitingAnswer(): boolean {
    return this.#awaitingAnswer;
  }

  get totalUsage(): TokenUsage {
    return this.#totalUsage;
  }

  userTurn(text: string): void {
    this.#awaitingAnswer = true;
    this.#push({ role: 'USER', text });
  }

  /** SPECULATIVE text (at once) or FINAL text (replacing it) of one reply. */
  replyText(reply: ReplyText): void {
    const entry = this.#entries.findLast((e) => e.replyId === reply.id);
    if (entry) entry.text = reply.text;
    else this.#push({ role: 'ASSISTANT', text: reply.text, replyId: reply.id });
  }

  /** A finished reply answers the question; an aborted one (its stream died under it) is forgotten. */
  replyEnded(reply: ReplyText): void {
    if (reply.aborted) {
      this.#entries = this.#entries.filter((e) => e.replyId !== reply.id);
      return;
    }
    this.replyText(reply);
    this.#awaitingAnswer = false;
  }

  usage(delta: TokenUsage): void {
    this.#totalUsage = addUsage(this.#totalUsage, delta);
    this.#sinceReport = addUsage(this.#sinceReport, delta);
  }

  /** Tokens since the last call (e.g. per reply, for metrics). */
  takeUsage(): TokenUsage {
    const usage = this.#sinceReport;
    this.#sinceReport = ZERO_USAGE;
    return usage;
  }

  /**
   * History for a new stream, and the question to ask again interactively when the last USER
   * message was never answered (it is then not part of the non-interactive history).
   */
  replay(maxMessages = MAX_HISTORY_MESSAGES): { history: HistoryMessage[]; askAgain: string | undefined } {
    const history = this.history.forReplay(undefined, maxMessages);
    const askAgain =
      this.#awaitingAnswer && history.at(-1)?.role === 'USER' ? history.pop()?.text : undefined;
    return { history, askAgain };
  }

  #push(entry: Entry): void {
    this.#entries.push(entry);
    if (this.#entries.length > MAX_ENTRIES) this.#entries = this.#entries.slice(-MAX_ENTRIES / 2);
  }
}
