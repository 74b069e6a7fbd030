/**
 * The loopback's realism profiles and its seeded choices.
 *
 * `observed` (the default) follows what public evidence says the real Nova 2 Sonic does
 * (reference nova-sonic.md §3 "Turn model", with its sources: a production Nova 2 bridge verified
 * against the live model, LiveKit's and pipecat's plugins, the AWS Nova 2 samples, a live trace):
 * one `completionStart` per stream and `completionEnd` only after `promptEnd`; a reply ending at
 * ASSISTANT AUDIO `END_TURN`; barge-in as AUDIO `END_TURN` then FINAL TEXT `INTERRUPTED`; USER ASR
 * sometimes split over blocks; FINAL text 0.5–3 s late or missing; many `usageEvent`s per turn;
 * `userSpeechStart`/`userSpeechEnd`; tool input sometimes double-encoded; ~0.5 s endpointing.
 *
 * `documented` keeps the earlier reading of the docs: a completion around every turn, FINAL text
 * right after the audio, the barge-in text signal then AUDIO `INTERRUPTED`.
 *
 * Choices the real service makes unpredictably come from a seeded generator (per server), so a
 * run is reproducible; a script turn can pin any of them.
 */

export type RealismProfile = 'observed' | 'documented';

export interface RealismOptions {
  readonly profile: RealismProfile;
  readonly seed: number;
  /** Share of utterances (of 3+ words) whose ASR comes as two USER blocks. */
  readonly asrSplitRate: number;
  /** Share of replies whose FINAL text never comes. */
  readonly finalMissingRate: number;
  /** FINAL text delay after the reply's audio, uniformly in this range. */
  readonly finalDelayMs: readonly [number, number];
  /** Share of tool calls whose `toolUse.content` is double-encoded. */
  readonly doubleEncodeRate: number;
  /** usageEvents per turn. */
  readonly usageEventsPerTurn: number;
}

export function resolveRealism(o: Partial<RealismOptions>): RealismOptions {
  const observed = (o.profile ?? 'observed') === 'observed';
  return {
    profile: observed ? 'observed' : 'documented',
    seed: o.seed ?? 1,
    asrSplitRate: o.asrSplitRate ?? (observed ? 0.5 : 0),
    finalMissingRate: o.finalMissingRate ?? (observed ? 0.25 : 0),
    finalDelayMs: o.finalDelayMs ?? (observed ? [500, 3000] : [0, 0]),
    doubleEncodeRate: o.doubleEncodeRate ?? (observed ? 0.5 : 0),
    usageEventsPerTurn: o.usageEventsPerTurn ?? (observed ? 6 : 1),
  };
}

/** mulberry32: small, fast, good enough for reproducible test choices. */
export class SeededChoices {
  #state: number;

  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }

  chance(rate: number): boolean {
    return rate > 0 && this.next() < rate;
  }

  between(min: number, max: number): number {
    return Math.round(min + (max - min) * this.next());
  }
}

/** Voices per model (reference §4 "Voices"); a voice of the wrong model is refused. */
const NOVA2_VOICES = new Set([
  'matthew',
  'tiffany',
  'amy',
  'olivia',
  'lupe',
  'carlos',
  'ambre',
  'florian',
  'tina',
  'lennart',
  'beatrice',
  'lorenzo',
  'carolina',
  'leo',
  'arjun',
  'kiara',
]);
const V1_VOICES = new Set([
  'tiffany',
  'matthew',
  'amy',
  'ambre',
  'florian',
  'beatrice',
  'lorenzo',
  'greta',
  'lennart',
  'lupe',
  'carlos',
]);

export function voiceAllowed(modelId: string, voiceId: string): boolean {
  if (modelId.includes('nova-2-sonic')) return NOVA2_VOICES.has(voiceId);
  if (modelId.includes('nova-sonic-v1')) return V1_VOICES.has(voiceId);
  return true;
}
