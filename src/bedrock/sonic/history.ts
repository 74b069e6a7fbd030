/**
 * The conversation so far, in the shape Nova Sonic accepts as replayed history: USER first, roles
 * alternating (consecutive messages of one role merged), at most 40 messages and 40 KB, newest kept.
 */

export interface HistoryMessage {
  readonly role: 'USER' | 'ASSISTANT';
  readonly text: string;
}

export const MAX_HISTORY_BYTES = 40 * 1024;
export const MAX_HISTORY_MESSAGES = 40;

export class ConversationHistory {
  #messages: HistoryMessage[] = [];

  constructor(initial: readonly HistoryMessage[] = []) {
    for (const m of initial) this.add(m.role, m.text);
  }

  get messages(): readonly HistoryMessage[] {
    return this.#messages;
  }

  add(role: HistoryMessage['role'], text: string): void {
    const trimmed = text.trim();
    if (trimmed === '') return;
    const last = this.#messages.at(-1);
    if (last?.role === role)
      this.#messages[this.#messages.length - 1] = { role, text: `${last.text} ${trimmed}` };
    else this.#messages.push({ role, text: trimmed });
    // Keep memory bounded in very long calls; replay never uses more than this.
    if (this.#messages.length > MAX_HISTORY_MESSAGES * 4)
      this.#messages = this.#messages.slice(-MAX_HISTORY_MESSAGES * 2);
  }

  /** The newest messages that fit the limits, starting with USER. */
  forReplay(maxBytes = MAX_HISTORY_BYTES, maxMessages = MAX_HISTORY_MESSAGES): HistoryMessage[] {
    const kept: HistoryMessage[] = [];
    let bytes = 0;
    for (let i = this.#messages.length - 1; i >= 0 && kept.length < maxMessages; i--) {
      const message = this.#messages[i] as HistoryMessage;
      const size = Buffer.byteLength(message.text);
      if (bytes + size > maxBytes) {
        const room = maxBytes - bytes;
        if (room > 0 && kept.length === 0)
          kept.unshift({ role: message.role, text: tailBytes(message.text, room) });
        break;
      }
      bytes += size;
      kept.unshift(message);
    }
    while (kept[0]?.role === 'ASSISTANT') kept.shift();
    return kept;
  }
}

/** The end of `text` within `maxBytes` UTF-8 bytes, not cutting a character. */
function tailBytes(text: string, maxBytes: number): string {
  const chars = [...text];
  let bytes = 0;
  let start = chars.length;
  while (start > 0 && bytes + Buffer.byteLength(chars[start - 1] as string) <= maxBytes) {
    start--;
    bytes += Buffer.byteLength(chars[start] as string);
  }
  return chars.slice(start).join('');
}
