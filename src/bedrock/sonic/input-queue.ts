/**
 * The request body of a bidirectional stream: an async iterable fed by synchronous `push`.
 * It must accept events before `client.send()` resolves, because `send()` resolves only when the
 * service's first output event arrives, and the service speaks only after our first events.
 */

export interface PayloadPart {
  readonly chunk: { readonly bytes: Uint8Array };
}

export class InputQueue implements AsyncIterable<PayloadPart> {
  #items: PayloadPart[] = [];
  #head = 0;
  #wake: (() => void) | undefined;
  #ended = false;

  /** Events queued but not yet taken by the SDK. */
  get length(): number {
    return this.#items.length - this.#head;
  }

  get ended(): boolean {
    return this.#ended;
  }

  push(bytes: Uint8Array): void {
    if (this.#ended) throw new Error('input queue already ended');
    this.#items.push({ chunk: { bytes } });
    this.#wakeUp();
  }

  /** No more input: the SDK then sends its empty end frame and half-closes the stream. */
  end(): void {
    this.#ended = true;
    this.#wakeUp();
  }

  #wakeUp(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<PayloadPart> {
    for (;;) {
      if (this.#head < this.#items.length) {
        const item = this.#items[this.#head++] as PayloadPart;
        if (this.#head > 256 && this.#head * 2 > this.#items.length) {
          this.#items = this.#items.slice(this.#head);
          this.#head = 0;
        }
        yield item;
      } else if (this.#ended) {
        return;
      } else {
        await new Promise<void>((resolve) => (this.#wake = resolve));
      }
    }
  }
}
