/** How the offline demo shows the conversation and the summary on the terminal. */
import type { World } from '../../test/helpers/world.ts';

const BARGE_IN = '"interrupted"';

/** Prints each final line the loopback model hears or says, attributed to the speaker's session. */
export class TranscriptPrinter {
  readonly #world: World;
  readonly #printed = new Map<string, number>();
  readonly #lines: string[] = [];
  #timer: NodeJS.Timeout | undefined;

  constructor(world: World) {
    this.#world = world;
  }

  start(): void {
    this.#timer = setInterval(() => this.#poll(), 50);
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#poll();
  }

  /** Resolves once a printed line contains `text`. */
  async waitFor(text: string, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.#lines.some((l) => l.includes(text))) {
      if (Date.now() > deadline) throw new Error(`the demo never heard "${text}"`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Resolves once the model has started saying `text` (its speculative text, before the audio). */
  async waitForSpeech(text: string, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const said = () =>
      this.#world.bedrock.streams.some((s) =>
        s.texts.some((t) => t.stage === 'SPECULATIVE' && t.text.includes(text)),
      );
    while (!said()) {
      if (Date.now() > deadline) throw new Error(`the model never started "${text}"`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  #poll(): void {
    for (const stream of this.#world.bedrock.streams) {
      const speaker =
        /speaking with (\w+)/.exec(stream.textBlocks.find((b) => b.role === 'SYSTEM')?.text ?? '')?.[1] ??
        '?';
      const done = this.#printed.get(stream.id) ?? 0;
      for (const entry of stream.texts.slice(done)) this.#print(speaker, entry);
      this.#printed.set(stream.id, stream.texts.length);
    }
  }

  #print(speaker: string, entry: { role: string; stage: string; text: string }): void {
    let line: string | undefined;
    if (entry.text.includes(BARGE_IN))
      line = `  (${speaker} talked over the answer: the bot stopped speaking at once)`;
    else if (entry.role === 'USER') line = `  ${speaker}: ${entry.text}`;
    else if (entry.stage === 'FINAL') line = `  voicedesk → ${speaker}: ${entry.text}`;
    if (!line) return;
    this.#lines.push(line);
    console.log(line);
  }
}

interface EmbedLike {
  title?: string;
  fields?: { name: string; value: string }[];
  footer?: { text: string };
}

export function printSummary(embed: unknown): void {
  const e = (embed ?? {}) as EmbedLike;
  console.log(`  ┌ ${e.title ?? '(no title)'}`);
  for (const field of e.fields ?? []) {
    console.log(`  │ ${field.name}`);
    for (const line of field.value.split('\n')) console.log(`  │   ${line}`);
  }
  console.log(`  └ ${e.footer?.text ?? ''}`);
}
