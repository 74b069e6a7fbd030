/**
 * Order update DMs as the rest of the bot sees them: the notifier (started when the client is
 * ready) and what `/order` needs (a customer's choice, the first-use hint). Built from the shared
 * database, the Discord client and the guild settings.
 */
import type { Client } from 'discord.js';
import type { Config } from '../config.ts';
import type { Database } from '../db/index.ts';
import type { Logger } from '../log.ts';
import type { Metrics } from '../ops/metrics.ts';
import { discordDmSender } from './dm.ts';
import { textFor } from './messages.ts';
import { Notifier } from './notifier.ts';
import { OutboxStore } from './outbox-store.ts';
import { NotificationRecords, type Choice } from './records.ts';

const HINT_DEADLINE_MS = 2_000;

export interface NotificationsDeps {
  readonly config: Config;
  readonly log: Logger;
  readonly client: Client;
  readonly metrics: Metrics;
  readonly db: Database;
  /** A guild's `/voicedesk settings` default for members who never chose. */
  readonly guildDefault: (guildId: string) => Promise<Choice | undefined>;
  /** Identifies this process in claims. */
  readonly owner: string;
}

/** Who is using `/order`, as Discord tells it. */
export interface OrderUse {
  readonly userId: string;
  readonly guildId: string | null;
  readonly locale: string;
}

export class NotificationService {
  readonly enabled: boolean;
  readonly #records: NotificationRecords;
  readonly #notifier: Notifier;
  readonly #log: Logger;
  readonly #guildDefault: (guildId: string) => Promise<Choice | undefined>;

  constructor(deps: NotificationsDeps) {
    const { config, db } = deps;
    this.enabled = config.notifications.enabled;
    this.#log = deps.log.child({ service: 'notifications' });
    this.#records = new NotificationRecords(db.doc, db.tables.notifications);
    this.#guildDefault = deps.guildDefault;
    this.#notifier = new Notifier({
      outbox: new OutboxStore(db.doc, db.tables.orders),
      records: this.#records,
      sender: discordDmSender(deps.client),
      guildDefault: deps.guildDefault,
      metrics: deps.metrics,
      log: this.#log,
      owner: deps.owner,
      enabled: config.notifications.enabled,
      pollMs: config.notifications.pollMs,
      leaseMs: config.notifications.leaseMs,
    });
  }

  start(): void {
    this.#notifier.start();
    this.#log.info({ enabled: this.enabled }, 'order notifier started');
  }

  stop(): Promise<void> {
    return this.#notifier.stop();
  }

  /** Turn a customer's order DMs on or off; returns the reply in their language. */
  async setChoice(use: OrderUse, choice: Choice): Promise<string> {
    const text = textFor(use.locale);
    if (!this.enabled) return text.featureOff;
    await this.#records.setChoice(use.userId, choice, use.locale);
    return choice === 'on' ? text.nowOn : text.nowOff;
  }

  /**
   * Record the member's locale and server; the one-line hint the first time they use `/order`,
   * else undefined. Never throws: a store problem costs the hint, not the answer.
   */
  async firstUseHint(use: OrderUse): Promise<string | undefined> {
    if (!this.enabled) return undefined;
    // The hint follows the answer; it must never hold the command up for long.
    const signal = AbortSignal.timeout(HINT_DEADLINE_MS);
    try {
      if (!(await this.#records.noteUse(use.userId, use, signal))) return undefined;
      const explicit = (await this.#records.prefs(use.userId, signal)).notify;
      const fallback = use.guildId ? await this.#guildDefault(use.guildId) : undefined;
      return textFor(use.locale).hint((explicit ?? fallback ?? 'on') === 'on');
    } catch (err) {
      this.#log.warn({ err }, 'could not record an /order use');
      return undefined;
    }
  }
}
