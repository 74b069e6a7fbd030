/**
 * Direct messages in the loopback Discord, as the real API behaves:
 * - `POST /users/@me/channels {recipient_id}` opens (or returns the existing) DM channel, type 1.
 *   It succeeds even for a member whose DMs are closed: Discord refuses only the message.
 * - A message to a DM channel is refused with 403 and JSON code 50007 ("Cannot send messages to
 *   this user") when the member does not accept DMs from server members, or when the bot shares no
 *   server with them (documented under JSON error codes; observed by every bot that DMs users).
 * - `nonce` + `enforce_nonce: true` returns the earlier message instead of posting a duplicate.
 * DMs are kept apart from channel messages, so a test can assert nothing reached a public channel.
 */
import type { FakeDiscord } from './index.ts';
import type { RestCall, RestReply } from './rest.ts';
import { serializeBotMessage, serializeUser, snowflake } from './state.ts';

export interface FakeDm {
  readonly id: string;
  readonly channelId: string;
  readonly recipientId: string;
  readonly content: string;
  readonly embeds: unknown[];
  readonly nonce: string | undefined;
  readonly createdAt: number;
}

export class FakeDms {
  readonly messages: FakeDm[] = [];
  /** Every refused attempt (50007), for asserting "no retries". */
  readonly refused: { readonly recipientId: string; readonly at: number }[] = [];
  readonly #channels = new Map<string, string>();
  readonly #refusing = new Set<string>();
  readonly #waiters = new Set<() => void>();
  readonly #fake: FakeDiscord;

  constructor(fake: FakeDiscord) {
    this.#fake = fake;
  }

  /** The member no longer accepts DMs (Privacy settings → Direct messages off). */
  refuseDms(userId: string, refuse = true): void {
    if (refuse) this.#refusing.add(userId);
    else this.#refusing.delete(userId);
  }

  /** DMs to `userId`, oldest first. */
  to(userId: string): FakeDm[] {
    return this.messages.filter((m) => m.recipientId === userId);
  }

  waitFor(predicate: (m: FakeDm) => boolean, timeoutMs = 10_000): Promise<FakeDm> {
    const found = this.messages.find(predicate);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters.delete(check);
        reject(new Error(`no matching DM within ${timeoutMs} ms`));
      }, timeoutMs);
      const check = () => {
        const match = this.messages.find(predicate);
        if (!match) return;
        clearTimeout(timer);
        this.#waiters.delete(check);
        resolve(match);
      };
      this.#waiters.add(check);
    });
  }

  register(): void {
    this.#fake.rest.route('POST', '/users/@me/channels', (call) => this.#open(call));
  }

  /** For `POST /channels/:id/messages`: the reply when `channelId` is a DM channel, else undefined. */
  handleMessage(call: RestCall, channelId: string): RestReply | undefined {
    const recipientId = this.#channels.get(channelId);
    if (recipientId === undefined) return undefined;
    const sharesGuild = [...this.#fake.guilds.values()].some(
      (g) => g.members.has(recipientId) && g.members.has(this.#fake.bot.id),
    );
    if (this.#refusing.has(recipientId) || !sharesGuild) {
      this.refused.push({ recipientId, at: Date.now() });
      return { status: 403, body: { message: 'Cannot send messages to this user', code: 50007 } };
    }
    const body = (call.body ?? {}) as {
      content?: string;
      embeds?: unknown[];
      nonce?: string;
      enforce_nonce?: boolean;
    };
    const earlier =
      body.enforce_nonce && body.nonce ? this.messages.find((m) => m.nonce === body.nonce) : undefined;
    const message = earlier ?? {
      id: snowflake(),
      channelId,
      recipientId,
      content: body.content ?? '',
      embeds: body.embeds ?? [],
      nonce: body.nonce,
      createdAt: Date.now(),
    };
    if (!earlier) {
      this.messages.push(message);
      for (const waiter of [...this.#waiters]) waiter();
    }
    return { status: 200, body: this.#serialize(message) };
  }

  #open(call: RestCall): RestReply {
    const raw = (call.body as { recipient_id?: unknown } | undefined)?.recipient_id;
    const recipientId = typeof raw === 'string' ? raw : '';
    const user = this.#fake.users.get(recipientId);
    if (!user) return { status: 400, body: { message: 'Invalid Recipient(s)', code: 50033 } };
    let channelId = [...this.#channels].find(([, userId]) => userId === recipientId)?.[0];
    if (!channelId) {
      channelId = snowflake();
      this.#channels.set(channelId, recipientId);
    }
    return {
      status: 200,
      body: { id: channelId, type: 1, last_message_id: null, flags: 0, recipients: [serializeUser(user)] },
    };
  }

  #serialize(m: FakeDm) {
    return { ...serializeBotMessage(this.#fake.bot, m), nonce: m.nonce };
  }
}
