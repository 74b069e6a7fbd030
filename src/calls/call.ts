/**
 * A call: the bot in one guild's voice channel, composing the voice room (one frame per speaker per
 * tick, one voice out) with one speaker assistant per person who talks, the durable transcript and,
 * at the end, the moderators' summary. It ends on `/voice leave`, an empty channel, a permanent
 * disconnect or shutdown; its end is recorded durably before anything else happens.
 */
import type { Guild } from 'discord.js';
import type { Logger } from '../log.ts';
import type { VoiceRoom } from '../voice/room.ts';
import type { SonicUsageTotals } from './call-store.ts';
import type { CallEnvironment } from './environment.ts';
import type { GuildSettings } from './settings-store.ts';
import { estimateCost, sumTotals, NO_USAGE, type CallCost } from './cost.ts';
import { SpeakerAssistant } from './speaker.ts';
import { createSpeakerDeps } from './speaker-factory.ts';

export type CallState = 'active' | 'ending' | 'ended';

export interface CallStatus {
  readonly callId: string;
  readonly channelId: string;
  readonly startedAt: number;
  readonly speakers: readonly { readonly userId: string; readonly session: string }[];
  readonly openSessions: number;
  readonly usage: SonicUsageTotals;
  readonly cost: CallCost;
}

export class Call {
  readonly callId: string;
  readonly guild: Guild;
  readonly room: VoiceRoom;
  readonly startedAt: number;
  readonly log: Logger;
  /** The guild's settings, kept current by the registry when a moderator changes them. */
  settings: GuildSettings;
  readonly #env: CallEnvironment;
  readonly #speakers = new Map<string, SpeakerAssistant>();
  /** Speakers whose audio is kept from their assistant for now (a mic check). */
  readonly #held = new Set<string>();
  readonly #unlisten: () => void;
  #heartbeat: NodeJS.Timeout | undefined;
  readonly #speakerTimer: NodeJS.Timeout;
  #state: CallState = 'active';
  #droppedSeen = { queueFull: 0, stale: 0 };
  #ending: Promise<void> | undefined;

  constructor(
    env: CallEnvironment,
    args: { callId: string; guild: Guild; room: VoiceRoom; startedAt: number; settings: GuildSettings },
  ) {
    this.#env = env;
    this.settings = args.settings;
    this.callId = args.callId;
    this.guild = args.guild;
    this.room = args.room;
    this.startedAt = args.startedAt;
    this.log = env.log.child({ callId: this.callId, guildId: this.guild.id });
    this.#unlisten = this.room.listen((userId, frame) => {
      if (!this.#held.has(userId)) this.#speakerFor(userId)?.pushFrame(frame);
    });
    this.#beat();
    this.#speakerTimer = setInterval(() => this.#checkSpeakers(), SPEAKER_CHECK_MS);
    this.#speakerTimer.unref();
    env.metrics.calls.inc();
  }

  get state(): CallState {
    return this.#state;
  }

  get channelId(): string {
    return this.room.channelId;
  }

  status(): CallStatus {
    const speakers = [...this.#speakers.values()];
    const usage = speakers.reduce((sum, s) => sumTotals(sum, s.usage), NO_USAGE);
    return {
      callId: this.callId,
      channelId: this.channelId,
      startedAt: this.startedAt,
      speakers: this.room.speakers.map((userId) => ({
        userId,
        session: this.#speakers.get(userId)?.state ?? 'idle',
      })),
      openSessions: speakers.filter((s) => s.state === 'open').length,
      usage,
      cost: estimateCost(this.#env.config.prices, usage),
    };
  }

  /** Keep a speaker's audio from their assistant (true) or give it back (false). */
  hold(userId: string, held: boolean): void {
    if (held) this.#held.add(userId);
    else this.#held.delete(userId);
  }

  /** Stop hearing a member now (they opted out mid-call); their session closes. */
  async forget(userId: string): Promise<void> {
    this.room.dropSpeaker(userId);
    const speaker = this.#speakers.get(userId);
    this.#speakers.delete(userId);
    await speaker?.close();
  }

  /** End the call; safe to call more than once. Resolves when the end is durable and the room left. */
  end(reason: string): Promise<void> {
    this.#ending ??= this.#end(reason);
    return this.#ending;
  }

  #speakerFor(userId: string): SpeakerAssistant | undefined {
    if (this.#state !== 'active') return undefined;
    let speaker = this.#speakers.get(userId);
    if (!speaker) {
      speaker = new SpeakerAssistant(createSpeakerDeps(this.#env, this, userId));
      this.#speakers.set(userId, speaker);
      this.#env.metrics.speakers.inc();
    }
    return speaker;
  }

  async #end(reason: string): Promise<void> {
    this.#state = 'ending';
    this.#unlisten();
    clearTimeout(this.#heartbeat);
    clearInterval(this.#speakerTimer);
    const { calls, transcripts } = this.#env;
    const usage = () => [...this.#speakers.values()].reduce((sum, s) => sumTotals(sum, s.usage), NO_USAGE);
    // First make the end durable, so the summary happens even if we die right after. The
    // transcript is journalled already; the store gets a bounded wait, never an indefinite one.
    await withDeadline(transcripts.flush(), END_FLUSH_WAIT_MS);
    const summaryChannelId = await this.#env.summaryChannel(this.guild.id).catch(() => undefined);
    const endedAt = Date.now();
    const expiresAt = Math.floor(endedAt / 1000) + this.#env.config.calls.transcriptRetentionDays * 86_400;
    const ended = await retry(
      () =>
        calls.markEnded(this.callId, {
          endedAt,
          expiresAt,
          reason,
          usage: usage(),
          ...(summaryChannelId ? { summaryChannelId } : {}),
        }),
      MARK_ENDED_ATTEMPTS,
    ).then(
      () => true,
      (err: unknown) => {
        // The heartbeat has stopped: any process's abandoned-call sweep records the end later.
        this.log.error({ err }, 'could not record the end of the call; the abandoned-call sweep will');
        return false;
      },
    );
    await Promise.allSettled([...this.#speakers.values()].map((s) => s.close()));
    this.#env.metrics.speakers.dec(this.#speakers.size);
    await withDeadline(transcripts.flush(), END_FLUSH_WAIT_MS);
    transcripts.finishCall(this.callId);
    await calls.recordUsage(this.callId, usage()).catch(() => undefined);
    if (!this.room.closed) this.room.leave();
    await this.#env.presence.listening(this.guild, false).catch(() => undefined);
    this.#env.metrics.calls.dec();
    this.#state = 'ended';
    this.log.info({ reason }, 'call ended');
    if (ended) void this.#env.summaries.enqueue(this.callId);
  }

  /** Refresh the call's record; if a sweep ended it meanwhile (we stalled), end here too. */
  #beat(): void {
    this.#heartbeat = setTimeout(() => {
      this.#env.calls.touch(this.callId).then(
        (active) => {
          if (active) return this.#beat();
          this.log.warn('the call was ended by the abandoned-call sweep (this process stalled); ending it');
          void this.end('abandoned');
        },
        () => this.#beat(),
      );
    }, this.#env.config.calls.heartbeatMs);
    this.#heartbeat.unref();
  }

  /** Close sessions of speakers who left, and of speakers quiet for too long, on a timer. */
  #checkSpeakers(): void {
    const present = new Set(this.room.speakers);
    const now = Date.now();
    for (const [userId, speaker] of this.#speakers) speaker.tick(now, present.has(userId));
    const { queueFull, stale } = this.room.playback.droppedMs;
    const seen = this.#droppedSeen;
    if (queueFull > seen.queueFull)
      this.#env.metrics.replyAudioDropped.inc({ reason: 'queue_full' }, (queueFull - seen.queueFull) / 1000);
    if (stale > seen.stale)
      this.#env.metrics.replyAudioDropped.inc({ reason: 'stale' }, (stale - seen.stale) / 1000);
    this.#droppedSeen = { queueFull, stale };
  }
}

/** Speakers are checked for leaving and idleness this often. */
const SPEAKER_CHECK_MS = 250;
/** Call end waits at most this long for the store per transcript flush (the journal has the lines). */
const END_FLUSH_WAIT_MS = 5_000;
const MARK_ENDED_ATTEMPTS = 5;

function withDeadline(work: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

/** Retry `op` with full-jitter exponential backoff (100 ms base), `attempts` times in all. */
async function retry(op: () => Promise<void>, attempts: number): Promise<void> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await op();
    } catch (err) {
      if (attempt + 1 >= attempts) throw err;
      await new Promise((r) => setTimeout(r, Math.random() * 100 * 2 ** (attempt + 1)));
    }
  }
}
