/**
 * Everything a call needs from the rest of the bot, built once in `src/app.ts` and shared by every
 * call: configuration, stores, the session budget, the model stream factory, the order tools, and
 * how to talk to the channel.
 */
import type { Client } from 'discord.js';
import type { ToolSpec } from '../bedrock/sonic/events-in.ts';
import type { ToolHandler } from '../bedrock/sonic/session-options.ts';
import type { SonicStreamFactory } from '../bedrock/sonic/stream.ts';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import type { Metrics } from '../ops/metrics.ts';
import type { Caller } from '../orders/access.ts';
import type { CallStore } from './call-store.ts';
import type { FreshModeratorCheck } from './member-roles.ts';
import type { OpenBackoff } from './open-backoff.ts';
import type { Presence } from './presence.ts';
import type { SessionBudget } from './session-budget.ts';
import type { SettingsStore } from './settings-store.ts';
import type { SummaryScheduler } from './summary-scheduler.ts';
import type { TranscriptWriter } from './transcript-store.ts';

/** The voice assistant's tools, each call bound to the identity Discord gives the speaker. */
export interface SpeakerTools {
  readonly specs: readonly ToolSpec[];
  handlerFor(caller: Caller): ToolHandler;
}

export interface CallEnvironment {
  readonly config: Config;
  readonly log: Logger;
  readonly metrics: Metrics;
  readonly client: Client;
  readonly calls: CallStore;
  readonly transcripts: TranscriptWriter;
  readonly settings: SettingsStore;
  readonly budget: SessionBudget;
  readonly summaries: SummaryScheduler;
  readonly streamFactory: SonicStreamFactory;
  readonly tools: SpeakerTools;
  readonly presence: Presence;
  /** Moderator status of a speaker, read fresh from Discord (only in the shop's guilds). */
  readonly moderators: FreshModeratorCheck;
  /** Delete a member's transcript lines in a guild's calls; resolves how many were removed. */
  forget(guildId: string, userId: string): Promise<number>;
  /** Process-wide backoff and breaker for Nova Sonic opens (throttling). */
  readonly openBackoff: OpenBackoff;
  /** Where a guild's summaries go: its setting, else SUMMARY_CHANNEL_ID (shop guilds only). */
  summaryChannel(guildId: string): Promise<string | undefined>;
}
