/**
 * What a recorded trace says about the service's turn behaviour: completions per turn, ASR blocks
 * per utterance, how late FINAL text came, the order of barge-in signals, and which realism
 * profile of the loopback (observed / documented) it matches. The output side is replayed through
 * the real parser and turn tracker, so the report also checks the tracker's invariants.
 */
import { parseOutputEvent } from './events-out.ts';
import type { TraceLine } from './trace.ts';
import { TurnTracker } from './turn-tracker.ts';

export interface ReplySummary {
  readonly id: number;
  readonly ended: number;
  readonly finals: number;
  readonly interrupted: boolean;
  /** ms from the reply's end to its FINAL block's end; undefined when FINAL never came. */
  readonly finalDelayMs: number | undefined;
  /** audioOutput events the trace carried during the reply, and how many the tracker passed on. */
  readonly audioInTrace: number;
  readonly audioDelivered: number;
  /** Barge-in related signals from the reply's start to the next USER text, in order. */
  readonly signals: readonly string[];
}

export interface TraceReport {
  readonly streams: number;
  readonly userTurns: readonly string[];
  /** USER text blocks in the trace, in order (the user turns joined must equal these joined). */
  readonly userTexts: readonly string[];
  readonly asrBlocksPerUtterance: readonly number[];
  readonly completionStarts: number;
  /** completionEnd events that arrived before our promptEnd on their stream. */
  readonly completionEndsBeforePromptEnd: number;
  readonly usageEvents: number;
  readonly userSpeechEvents: number;
  readonly replies: readonly ReplySummary[];
  readonly bargeIns: number;
  readonly profile: 'observed' | 'documented' | 'mixed';
}

interface MutableReply {
  id: number;
  startedAt: number;
  endedAt: number | undefined;
  ended: number;
  finals: number;
  interrupted: boolean;
  finalDelayMs: number | undefined;
  audioInTrace: number;
  audioDelivered: number;
  signals: string[];
  collecting: boolean;
}

export function analyzeTrace(lines: readonly TraceLine[]): TraceReport {
  const streams = [...new Set(lines.map((l) => l.stream))];
  const userTurns: string[] = [];
  const userTexts: string[] = [];
  const asrBlocks: number[] = [];
  const replies: MutableReply[] = [];
  let completionStarts = 0;
  let earlyCompletionEnds = 0;
  let usageEvents = 0;
  let userSpeechEvents = 0;
  let bargeIns = 0;
  let replyIds = 0;
  for (const stream of streams) {
    let now = 0;
    let blocks = 0;
    let promptEnded = false;
    let current: MutableReply | undefined;
    const byId = new Map<number, MutableReply>();
    const roles = new Map<string, { type: string; role: string; stage: string | undefined }>();
    const tracker = new TurnTracker(
      {
        userTurnComplete: (text) => {
          userTurns.push(text);
          asrBlocks.push(blocks);
          blocks = 0;
        },
        replyStarted: (id) => {
          for (const r of replies) r.collecting = false;
          current = {
            id,
            startedAt: now,
            endedAt: undefined,
            ended: 0,
            finals: 0,
            interrupted: false,
            finalDelayMs: undefined,
            audioInTrace: 0,
            audioDelivered: 0,
            signals: [],
            collecting: true,
          };
          byId.set(id, current);
          replies.push(current);
        },
        replyText: () => undefined,
        assistantAudio: () => {
          if (current) current.audioDelivered++;
        },
        replyEnded: (r) => {
          const reply = byId.get(r.id);
          if (!reply) return;
          reply.ended++;
          reply.endedAt = now;
          reply.interrupted ||= r.interrupted;
          if (current === reply) current = undefined;
        },
        replyFinal: (r) => {
          const reply = byId.get(r.id);
          if (!reply) return;
          reply.finals++;
          reply.interrupted ||= r.interrupted;
          reply.finalDelayMs = Math.max(0, now - (reply.endedAt ?? now));
        },
        bargeIn: () => bargeIns++,
        toolCall: () => undefined,
        usage: () => usageEvents++,
        userSpeech: () => userSpeechEvents++,
      },
      () => ++replyIds,
    );
    for (const line of lines) {
      if (line.stream !== stream) continue;
      now = line.atMs;
      const [name, body] = Object.entries(line.event)[0] ?? ['', {}];
      if (line.dir === 'in') {
        if (name === 'promptEnd') promptEnded = true;
        continue;
      }
      const event = parseOutputEvent({ event: line.event });
      if (name === 'completionStart') completionStarts++;
      if (name === 'completionEnd' && !promptEnded) earlyCompletionEnds++;
      if (event.type === 'contentStart') {
        roles.set(event.contentId, {
          type: event.contentType,
          role: event.role,
          stage: event.generationStage,
        });
        if (event.role === 'USER' && event.contentType === 'TEXT') {
          blocks++;
          for (const r of replies) r.collecting = false;
        }
      }
      if (event.type === 'textOutput' && (roles.get(event.contentId)?.role ?? event.role) === 'USER')
        userTexts.push(event.content.trim());
      if (event.type === 'audioOutput' && current) current.audioInTrace++;
      const signal = signalOf(event, roles, body);
      tracker.handle(event);
      if (signal) for (const r of replies) if (r.collecting) r.signals.push(signal);
    }
    tracker.finish();
  }
  const turns = Math.max(1, userTurns.length);
  const profile =
    completionStarts >= turns && turns > 1 && earlyCompletionEnds > 0
      ? 'documented'
      : completionStarts <= streams.length && earlyCompletionEnds === 0
        ? 'observed'
        : 'mixed';
  return {
    streams: streams.length,
    userTurns,
    userTexts: userTexts.filter((t) => t !== ''),
    asrBlocksPerUtterance: asrBlocks,
    completionStarts,
    completionEndsBeforePromptEnd: earlyCompletionEnds,
    usageEvents,
    userSpeechEvents,
    replies: replies.map(({ collecting: _c, startedAt: _s, endedAt: _e, ...r }) => r),
    bargeIns,
    profile,
  };
}

function signalOf(
  event: ReturnType<typeof parseOutputEvent>,
  roles: Map<string, { type: string; role: string; stage: string | undefined }>,
  body: Record<string, unknown>,
): string | undefined {
  void body;
  if (event.type === 'textOutput' && event.interrupted) return 'text {interrupted}';
  if (event.type !== 'contentEnd') return undefined;
  const block = roles.get(event.contentId);
  if (block?.role !== 'ASSISTANT') return undefined;
  if (event.contentType === 'AUDIO') return `AUDIO ${event.stopReason ?? '?'}`;
  if (event.contentType === 'TEXT' && (block.stage === 'FINAL' || event.stopReason === 'INTERRUPTED'))
    return `TEXT ${block.stage ?? '?'} ${event.stopReason ?? '?'}`;
  return undefined;
}

/** A short human-readable report (the probe prints this). */
export function formatTraceReport(r: TraceReport): string {
  const finals = r.replies.map((x) =>
    x.finalDelayMs === undefined ? 'missing' : `${Math.round(x.finalDelayMs)} ms`,
  );
  const bargeIns = r.replies.filter((x) => x.interrupted).map((x) => x.signals.join(' → '));
  return [
    `streams: ${r.streams}, user turns: ${r.userTurns.length}, replies: ${r.replies.length}`,
    `completions: ${r.completionStarts} completionStart for ${r.userTurns.length} turns (${(r.completionStarts / Math.max(1, r.userTurns.length)).toFixed(2)} per turn); completionEnd before promptEnd: ${r.completionEndsBeforePromptEnd}`,
    `ASR blocks per utterance: ${r.asrBlocksPerUtterance.join(', ') || '-'}`,
    `FINAL delay after each reply's end: ${finals.join(', ') || '-'}`,
    `barge-in signal order: ${bargeIns.length > 0 ? bargeIns.join(' | ') : 'no barge-in seen'}`,
    `usage events: ${r.usageEvents}, userSpeechStart/End events: ${r.userSpeechEvents}`,
    `profile matched: ${r.profile}`,
  ].join('\n');
}
