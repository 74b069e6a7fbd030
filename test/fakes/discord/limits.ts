/**
 * Discord's documented request limits, enforced by the fake: message and embed sizes
 * (docs "Message Resource" / "Embed Limits"), autocomplete choices (at most 25, names 1–100
 * characters, string values at most 100), nicknames (at most 32), and a per-channel message
 * bucket that answers bursts with 429 and `retry_after`, as Discord's 5 messages per 5 s per
 * channel does. Errors use Discord's codes: 50035 Invalid Form Body, 50006 empty message.
 */
import type { RestReply } from './rest.ts';

export const LIMITS = {
  content: 2000,
  embeds: 10,
  embedTotal: 6000,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  choices: 25,
  choiceName: 100,
  choiceValue: 100,
  nickname: 32,
} as const;

interface Embed {
  title?: string;
  description?: string;
  fields?: { name?: string; value?: string }[];
  footer?: { text?: string };
  author?: { name?: string };
}

export function invalidForm(problem: string): RestReply {
  return { status: 400, body: { message: 'Invalid Form Body', code: 50035, errors: { problem } } };
}

/** Discord counts characters as UTF-16 code units here, like JavaScript's `length`. */
function embedProblem(embed: Embed, index: number): string | undefined {
  const at = `embeds[${index}]`;
  if ((embed.title?.length ?? 0) > LIMITS.title) return `${at}.title longer than ${LIMITS.title}`;
  if ((embed.description?.length ?? 0) > LIMITS.description)
    return `${at}.description longer than ${LIMITS.description}`;
  const fields = embed.fields ?? [];
  if (fields.length > LIMITS.fields) return `${at}.fields more than ${LIMITS.fields}`;
  for (const field of fields) {
    if ((field.name?.length ?? 0) > LIMITS.fieldName) return `${at}.fields.name too long`;
    if ((field.value?.length ?? 0) > LIMITS.fieldValue) return `${at}.fields.value too long`;
  }
  if ((embed.footer?.text?.length ?? 0) > LIMITS.footer) return `${at}.footer.text too long`;
  return undefined;
}

function embedChars(embed: Embed): number {
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.footer?.text?.length ?? 0) +
    (embed.author?.name?.length ?? 0) +
    (embed.fields ?? []).reduce((n, f) => n + (f.name?.length ?? 0) + (f.value?.length ?? 0), 0)
  );
}

/** A 400 reply when a message body breaks a size limit, else undefined. */
export function messageProblem(
  body: { content?: string; embeds?: unknown[] } | undefined,
): RestReply | undefined {
  if ((body?.content?.length ?? 0) > LIMITS.content)
    return invalidForm(`content longer than ${LIMITS.content}`);
  const embeds = (body?.embeds ?? []) as Embed[];
  if (embeds.length > LIMITS.embeds) return invalidForm(`more than ${LIMITS.embeds} embeds`);
  for (const [i, embed] of embeds.entries()) {
    const problem = embedProblem(embed, i);
    if (problem) return invalidForm(problem);
  }
  if (embeds.reduce((n, e) => n + embedChars(e), 0) > LIMITS.embedTotal)
    return invalidForm(`embeds longer than ${LIMITS.embedTotal} characters in total`);
  return undefined;
}

export function choicesProblem(choices: { name: string; value: unknown }[]): RestReply | undefined {
  if (choices.length > LIMITS.choices) return invalidForm(`more than ${LIMITS.choices} choices`);
  for (const choice of choices) {
    if (choice.name.length < 1 || choice.name.length > LIMITS.choiceName)
      return invalidForm('choice name must be 1 to 100 characters');
    if (typeof choice.value === 'string' && choice.value.length > LIMITS.choiceValue)
      return invalidForm('choice value longer than 100 characters');
  }
  return undefined;
}

/** A fixed-window bucket per key: `limit` requests per `windowMs`, then 429 until the window ends. */
export class RateBuckets {
  readonly #limit: number;
  readonly #windowMs: number;
  readonly #windows = new Map<string, { start: number; count: number }>();
  /** How many requests were answered with 429. */
  limited = 0;

  constructor(limit: number, windowMs: number) {
    this.#limit = limit;
    this.#windowMs = windowMs;
  }

  /** Undefined when the request may pass, else the 429 reply. */
  take(key: string, now = Date.now()): RestReply | undefined {
    let window = this.#windows.get(key);
    if (!window || now - window.start >= this.#windowMs) {
      window = { start: now, count: 0 };
      this.#windows.set(key, window);
    }
    window.count += 1;
    if (window.count <= this.#limit) return undefined;
    this.limited += 1;
    const retryAfter = (window.start + this.#windowMs - now) / 1000;
    return {
      status: 429,
      headers: {
        'retry-after': retryAfter.toFixed(3),
        'x-ratelimit-scope': 'user',
        'x-ratelimit-limit': String(this.#limit),
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset-after': retryAfter.toFixed(3),
      },
      body: { message: 'You are being rate limited.', retry_after: retryAfter, global: false },
    };
  }
}
