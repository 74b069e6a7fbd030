/** Compact builders of parsed Sonic output events, and a listener recording the tracker's turn events. */
import type { GenerationStage, SonicOutputEvent, StopReason } from '../../src/bedrock/sonic/events-out.ts';
import { TurnTracker, type ReplyText, type TurnListener } from '../../src/bedrock/sonic/turn-tracker.ts';

type Role = 'USER' | 'ASSISTANT';

export const ev = {
  completionStart: (): SonicOutputEvent => ({ type: 'completionStart', completionId: 'c' }),
  completionEnd: (): SonicOutputEvent => ({
    type: 'completionEnd',
    completionId: 'c',
    stopReason: 'END_TURN',
  }),
  speech: (edge: 'start' | 'end'): SonicOutputEvent => ({ type: 'userSpeech', edge, inputAudioOffsetMs: 0 }),
  usage: (speech = 1): SonicOutputEvent => {
    const u = { input: { speechTokens: speech, textTokens: 0 }, output: { speechTokens: 0, textTokens: 0 } };
    return { type: 'usage', delta: u, total: u };
  },
  /** A whole TEXT block: contentStart, textOutput, contentEnd. */
  text: (
    id: string,
    role: Role,
    stage: GenerationStage,
    text: string,
    stop: StopReason,
  ): SonicOutputEvent[] => [
    { type: 'contentStart', contentId: id, contentType: 'TEXT', role, generationStage: stage },
    { type: 'textOutput', contentId: id, role, content: text, interrupted: false },
    { type: 'contentEnd', contentId: id, contentType: 'TEXT', stopReason: stop },
  ],
  /** A whole assistant AUDIO block of `chunks` × 4 samples. */
  audio: (id: string, chunks: number, stop: StopReason): SonicOutputEvent[] => [
    {
      type: 'contentStart',
      contentId: id,
      contentType: 'AUDIO',
      role: 'ASSISTANT',
      generationStage: undefined,
    },
    ...Array.from({ length: chunks }, (): SonicOutputEvent => ({
      type: 'audioOutput',
      contentId: id,
      samples: new Int16Array(4),
    })),
    { type: 'contentEnd', contentId: id, contentType: 'AUDIO', stopReason: stop },
  ],
  interruptedText: (): SonicOutputEvent => ({
    type: 'textOutput',
    contentId: 'x',
    role: 'ASSISTANT',
    content: '{ "interrupted" : true }',
    interrupted: true,
  }),
  tool: (id: string, name: string, input: string): SonicOutputEvent[] => [
    { type: 'contentStart', contentId: id, contentType: 'TOOL', role: 'TOOL', generationStage: undefined },
    { type: 'toolUse', contentId: id, toolName: name, toolUseId: `use-${id}`, input },
    { type: 'contentEnd', contentId: id, contentType: 'TOOL', stopReason: 'TOOL_USE' },
  ],
};

const show = (r: ReplyText) => `${r.id}:${r.final ? 'F' : 'S'}${r.interrupted ? '!' : ''}:${r.text}`;

/** A tracker whose typed events are recorded as short strings. */
export function recordingTracker(): { tracker: TurnTracker; calls: string[] } {
  const calls: string[] = [];
  let ids = 0;
  const listener: TurnListener = {
    userTurnComplete: (t) => calls.push(`user:${t}`),
    replyStarted: (id) => calls.push(`started:${id}`),
    replyText: (r) => calls.push(`text:${show(r)}`),
    assistantAudio: (a) => calls.push(`audio:${a.length}`),
    replyEnded: (r) => calls.push(`ended:${show(r)}`),
    replyFinal: (r) => calls.push(`final:${show(r)}`),
    bargeIn: () => calls.push('bargeIn'),
    toolCall: (c) => calls.push(`tool:${c.name}:${JSON.stringify(c.input)}`),
    usage: () => calls.push('usage'),
    userSpeech: (edge) => calls.push(`speech:${edge}`),
  };
  return { tracker: new TurnTracker(listener, () => ++ids), calls };
}

/** Feed events (or arrays of them) to a tracker. */
export function feed(tracker: TurnTracker, ...events: (SonicOutputEvent | SonicOutputEvent[])[]): void {
  for (const e of events.flat()) tracker.handle(e);
}
