/**
 * The moderators' summary of a finished call, exactly once. Steps: claim the call (a leased
 * conditional write) → read the transcript (no human line: no summary) → post or find the
 * "Summarising the call…" message (nonce + marker, id recorded first-writer-wins) → ask Nova Pro →
 * edit the message into the embed → mark it posted. A failure releases the claim with exponential
 * backoff (up to an hour apart, for hours); after the last attempt the message says the summary
 * could not be made. The claim is renewed on a non-overlapping timer; when it is lost the model
 * call is aborted, and every message post or edit is preceded by a conditional renewal (fenced), so
 * a holder that lost the claim never touches the message.
 */
import type { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { createHash } from 'node:crypto';
import { SummaryError, summarizeCall } from '../bedrock/summary/summarize.ts';
import type { TranscriptLine } from '../bedrock/summary/types.ts';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import type { Metrics } from '../ops/metrics.ts';
import type { CallRecord, CallStore } from './call-store.ts';
import { estimateCost, formatCostFooter } from './cost.ts';
import { renderSummaryEmbed } from './summary-embed.ts';
import { mentionsBySpeaker, orderIdsIn, sanitiseSummary, withoutAddresses } from './summary-privacy.ts';
import { isUnpostable, type SummaryPoster } from './summary-poster.ts';
import type { TranscriptEntry } from './transcript-store.ts';

export interface SummaryJobDeps {
  readonly config: Pick<Config, 'summary' | 'prices'>;
  readonly log: Logger;
  readonly metrics: Metrics;
  readonly calls: CallStore;
  readonly readTranscript: (callId: string) => Promise<TranscriptEntry[]>;
  readonly bedrock: BedrockRuntimeClient;
  readonly poster: SummaryPoster;
  /** Where a guild's summaries go (its setting, else SUMMARY_CHANNEL_ID). */
  readonly summaryChannel: (guildId: string) => Promise<string | undefined>;
  /** An order mentioned in the call: whose it is, its status in words, where it goes. */
  readonly orderFacts: (orderId: string) => Promise<OrderFacts | undefined>;
  /** Identifies this process in claims. */
  readonly owner: string;
  readonly leaseMs?: number;
  readonly maxAttempts?: number;
  readonly backoffBaseMs?: number;
  /** Transcript lines of the call this process has not yet managed to write (its spool). */
  readonly unwritten?: (callId: string) => number;
}

/** Failures back off exponentially up to this far apart; with 14 attempts that spans about 7 hours. */
const MAX_BACKOFF_MS = 60 * 60_000;
const MAX_ATTEMPTS = 14;
/** A summary waits this long after the call's end for spooled transcript lines, then notes the gap. */
const GAP_WAIT_MS = 5 * 60_000;

class LeaseLost extends Error {
  override name = 'LeaseLost';
}

export interface OrderFacts {
  readonly customerId: string;
  /** The current status in words. */
  readonly status: string;
  readonly deliveryAddress: string;
}

export type JobOutcome = 'posted' | 'empty' | 'failed' | 'retry' | 'skipped';

/** The text that identifies a call's summary message in its channel. */
export function callMarker(callId: string): string {
  return `call ${callId}`;
}

function nonceFor(callId: string, purpose = ''): string {
  return `vd${createHash('sha256')
    .update(callId + purpose)
    .digest('hex')
    .slice(0, 23)}`;
}

/** Said once in the voice channel's chat when the summary cannot be posted where it should go. */
export const UNPOSTABLE_NOTICE = (summaryChannelId: string | undefined) =>
  `⚠️ I couldn’t post the summary of this call${summaryChannelId ? ` in <#${summaryChannelId}>` : ''}: I’m missing permissions there. A moderator can check with \`/voicedesk settings\`.`;

function toSummaryLines(entries: readonly TranscriptEntry[]): TranscriptLine[] {
  return entries.map((e) => ({ speaker: e.speakerName, role: e.role, text: e.text, at: e.at }));
}

/** The footer's note when some of the call's transcript could not be saved in time. */
function gapNote(unwritten: number): string {
  return unwritten > 0 ? ` · ⚠️ ${unwritten} transcript lines were not saved in time (gap)` : '';
}

export class SummaryJob {
  readonly #deps: SummaryJobDeps;

  constructor(deps: SummaryJobDeps) {
    this.#deps = deps;
  }

  /** Run one attempt for a call. Never throws; the outcome says what happened. */
  async run(callId: string, signal?: AbortSignal): Promise<JobOutcome> {
    const { calls, owner, log } = this.#deps;
    const leaseMs = this.#deps.leaseMs ?? this.#deps.config.summary.leaseMs;
    const record = await calls.claim(callId, owner, leaseMs).catch((err: unknown) => {
      log.warn({ err, callId }, 'could not claim the summary job');
      return undefined;
    });
    if (!record) return 'skipped';
    const started = Date.now();
    // Keep the claim while working; a crashed process stops renewing and another one takes over.
    // Renewals are chained (never overlap); a lost claim aborts the model call at once.
    const lost = new AbortController();
    let renewal: NodeJS.Timeout | undefined;
    const renew = () => {
      renewal = setTimeout(() => {
        calls.renew(callId, owner, leaseMs).then(
          (held) => (held ? renew() : lost.abort(new LeaseLost(`lost the summary claim for ${callId}`))),
          () => renew(),
        );
      }, leaseMs / 3);
    };
    renew();
    const aborted = signal ? AbortSignal.any([signal, lost.signal]) : lost.signal;
    try {
      const outcome = await this.#summarise(record, aborted, leaseMs);
      if (outcome === 'posted')
        this.#deps.metrics.summaryLatency.observe((Date.now() - (record.endedAt ?? started)) / 1000);
      this.#deps.metrics.summaries.inc({ outcome });
      return outcome;
    } catch (err) {
      if (err instanceof LeaseLost || lost.signal.aborted) {
        log.warn({ callId }, 'summary claim lost; another process has the job');
        this.#deps.metrics.summaries.inc({ outcome: 'lease_lost' });
        return 'skipped';
      }
      log.warn({ err, callId, attempt: record.attempts }, 'summary attempt failed');
      return await this.#failed(record, err);
    } finally {
      clearTimeout(renewal);
      lost.abort();
    }
  }

  /** Prove the claim is still ours (a conditional write) right before touching the message. */
  async #fence(callId: string, leaseMs: number): Promise<void> {
    if (!(await this.#deps.calls.renew(callId, this.#deps.owner, leaseMs)))
      throw new LeaseLost(`lost the summary claim for ${callId}`);
  }

  async #summarise(record: CallRecord, signal: AbortSignal, leaseMs: number): Promise<JobOutcome> {
    const { calls, owner } = this.#deps;
    const unwritten = this.#deps.unwritten?.(record.callId) ?? 0;
    const endedAt = record.endedAt ?? record.startedAt;
    if (unwritten > 0 && Date.now() - endedAt < GAP_WAIT_MS)
      throw new Error(`${unwritten} transcript lines are still being saved`);
    const transcript = await this.#deps.readTranscript(record.callId);
    if (!transcript.some((line) => line.role === 'user')) {
      await calls.finish(record.callId, owner, 'empty');
      return 'empty';
    }
    const channelId = record.summaryChannelId ?? (await this.#deps.summaryChannel(record.guildId));
    if (!channelId) {
      this.#deps.log.warn(
        { callId: record.callId, guildId: record.guildId },
        'no summary channel configured',
      );
      await calls.finish(record.callId, owner, 'failed', 'no summary channel configured');
      return 'failed';
    }
    await this.#fence(record.callId, leaseMs);
    const messageId = await this.#placeholder(record, channelId);
    // Orders the speakers mentioned, and their addresses, which the model never sees or repeats.
    const mentions = mentionsBySpeaker(transcript);
    const facts = new Map<string, OrderFacts>();
    for (const orderId of mentions.keys()) {
      const known = await this.#deps.orderFacts(orderId).catch(() => undefined);
      if (known) facts.set(orderId, known);
    }
    const addresses = [...facts.values()].map((f) => f.deliveryAddress);
    const lines = transcript.map((line) => ({ ...line, text: withoutAddresses(line.text, addresses) }));
    const result = await summarizeCall({
      client: this.#deps.bedrock,
      modelIds: [this.#deps.config.summary.modelId, ...this.#deps.config.summary.fallbackModelIds],
      lines: toSummaryLines(lines),
      log: this.#deps.log,
      signal,
    });
    if (result.modelId !== this.#deps.config.summary.modelId)
      this.#deps.metrics.summaries.inc({ outcome: 'fallback' });
    this.#deps.metrics.countTokens('summary_in', result.usage.inputTokens);
    this.#deps.metrics.countTokens('summary_out', result.usage.outputTokens);
    // A live status only for an order its own customer mentioned in this call.
    const summary = sanitiseSummary(result.summary, addresses);
    const orderStatus = new Map<string, string>();
    for (const order of summary.ordersDiscussed) {
      const id = orderIdsIn(order.orderId)[0];
      const known = id === undefined ? undefined : facts.get(id);
      if (id !== undefined && known && mentions.get(id)?.has(known.customerId))
        orderStatus.set(order.orderId, known.status);
    }
    const cost = estimateCost(this.#deps.config.prices, record.usage, result.usage);
    const embed = renderSummaryEmbed({
      summary,
      channelName: record.channelName,
      startedAt: record.startedAt,
      endedAt: record.endedAt ?? Date.now(),
      orderStatus,
      footer: `${formatCostFooter(cost)}${gapNote(unwritten)} · ${callMarker(record.callId)}`,
    });
    await this.#fence(record.callId, leaseMs);
    await this.#deps.poster.edit(channelId, messageId, { content: '', embeds: [embed] });
    await calls.finish(record.callId, owner, 'posted');
    return 'posted';
  }

  /** The progress message: the recorded one, one found by its marker, or a new one (nonce-protected). */
  async #placeholder(record: CallRecord, channelId: string): Promise<string> {
    if (record.summaryMessageId) return record.summaryMessageId;
    const { poster, calls, owner } = this.#deps;
    const marker = callMarker(record.callId);
    const existing = await poster.findExisting(channelId, marker, record.endedAt ?? record.startedAt);
    const posted =
      existing ??
      (await poster.post(
        channelId,
        `📝 Summarising the call in **${record.channelName}**… (${marker})`,
        nonceFor(record.callId),
      ));
    return calls.setSummaryMessage(record.callId, owner, channelId, posted);
  }

  /** Retrying cannot fix missing permissions: report it (metric, log, one notice) and stop. */
  async #unpostable(record: CallRecord, err: unknown): Promise<JobOutcome> {
    const { calls, owner, log, metrics, poster } = this.#deps;
    const fresh = await calls.get(record.callId).catch(() => undefined);
    const channelId =
      fresh?.summaryChannelId ??
      record.summaryChannelId ??
      (await this.#deps.summaryChannel(record.guildId).catch(() => undefined));
    log.error(
      { err, callId: record.callId, guildId: record.guildId, channelId },
      'summary cannot be posted: missing permissions in the summary channel',
    );
    metrics.summaries.inc({ outcome: 'unpostable' });
    await poster
      .post(record.voiceChannelId, UNPOSTABLE_NOTICE(channelId), nonceFor(record.callId, 'unpostable'))
      .catch((noticeErr: unknown) =>
        log.warn({ err: noticeErr, callId: record.callId }, 'could not say that the summary failed'),
      );
    try {
      await calls.finish(record.callId, owner, 'failed', 'summary channel not usable (permissions)');
    } catch (storeErr) {
      log.error({ err: storeErr, callId: record.callId }, 'could not record the summary failure');
    }
    return 'failed';
  }

  async #failed(record: CallRecord, err: unknown): Promise<JobOutcome> {
    const { calls, owner } = this.#deps;
    const attempts = record.attempts ?? 1;
    if (isUnpostable(err)) return this.#unpostable(record, err);
    const retryable = !(err instanceof SummaryError) || err.retryable;
    const reason = err instanceof Error ? err.message : String(err);
    try {
      if (retryable && attempts < (this.#deps.maxAttempts ?? MAX_ATTEMPTS)) {
        const delay = Math.min((this.#deps.backoffBaseMs ?? 5_000) * 2 ** (attempts - 1), MAX_BACKOFF_MS);
        await calls.release(record.callId, owner, Date.now() + delay, reason);
        this.#deps.metrics.summaries.inc({ outcome: 'retried' });
        return 'retry';
      }
      const fresh = await calls.get(record.callId);
      const channelId = fresh?.summaryChannelId;
      const messageId = fresh?.summaryMessageId;
      if (channelId && messageId) {
        const content = `⚠️ The summary of the call in **${record.channelName}** could not be made. (${callMarker(record.callId)})`;
        await this.#deps.poster.edit(channelId, messageId, { content, embeds: [] }).catch(() => undefined);
      }
      await calls.finish(record.callId, owner, 'failed', reason);
      this.#deps.metrics.summaries.inc({ outcome: 'failed' });
      return 'failed';
    } catch (storeErr) {
      this.#deps.log.error({ err: storeErr, callId: record.callId }, 'could not record the summary failure');
      return 'retry';
    }
  }
}
