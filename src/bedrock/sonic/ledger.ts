/**
 * What a session remembers across streams: the final transcript (for replayed history), whether
 * the last question is still unanswered, the assistant's words of the current turn, and tokens.
 */
import type { GenerationStage, TokenUsage } from './events-out.ts';
import { ConversationHistory, type HistoryMessage } from './history.ts';
import type { UsageReport } from './session-options.ts';
import { ZERO_USAGE, addUsage } from './usage.ts';

export class ConversationLedger {
  readonly history: ConversationHistory;
  #awaitingAnswer = false;
  #final: string[] = [];
  #speculative: string[] = [];
  #turnUsage: TokenUsage = ZERO_USAGE;
  #totalUsage: TokenUsage = ZERO_USAGE;

  constructor(initial: readonly HistoryMessage[]) {
    this.history = new ConversationHistory(initial);
  }

  /** A USER transcript arrived and its reply has not completed yet. */
  get awaitingAnswer(): boolean {
    return this.#awaitingAnswer;
  }

  get totalUsage(): TokenUsage {
    return this.#totalUsage;
  }

  completionStarted(): void {
    this.#final = [];
    this.#speculative = [];
  }

  userTranscript(text: string): void {
    this.#awaitingAnswer = true;
    this.history.add('USER', text);
  }

  assistantText(text: string, stage: GenerationStage): void {
    (stage === 'FINAL' ? this.#final : this.#speculative).push(text);
  }

  usage(delta: TokenUsage): void {
    this.#turnUsage = addUsage(this.#turnUsage, delta);
    this.#totalUsage = addUsage(this.#totalUsage, delta);
  }

  /** The turn is over: record what was said (FINAL text reflects a barge-in; else the speculative text). */
  completionEnded(): UsageReport {
    const spoken = this.#final.length > 0 ? this.#final : this.#speculative;
    this.history.add('ASSISTANT', spoken.join(' '));
    this.completionStarted();
    this.#awaitingAnswer = false;
    const report = { turn: this.#turnUsage, total: this.#totalUsage };
    this.#turnUsage = ZERO_USAGE;
    return report;
  }

  /**
   * History for a new stream, and the question to ask again interactively when the last USER
   * message was never answered (it is then not part of the non-interactive history).
   */
  replay(): { history: HistoryMessage[]; askAgain: string | undefined } {
    const history = this.history.forReplay();
    const askAgain =
      this.#awaitingAnswer && history.at(-1)?.role === 'USER' ? history.pop()?.text : undefined;
    return { history, askAgain };
  }
}
