/** Audio counters of a voice room and its speakers: the voice layer counts, ops exports them. */
import type { SpeakerInput } from './speaker-input.ts';

/** One speaker's input counters since they were first heard. */
export interface SpeakerStats {
  readonly voicedFrames: number;
  readonly silentFrames: number;
  readonly lostPackets: number;
  readonly droppedPackets: number;
  readonly corruptPackets: number;
  /** Frames that could not be DAVE-decrypted (dropped, never decoded). */
  readonly decryptFailures: number;
}

/**
 * A room's audio counters since it opened, monotonic (speakers who left still count), for the
 * operations side to export. The voice layer only counts; it knows nothing about metrics.
 */
export interface VoiceCounters {
  /** Corrupt Opus packets skipped. */
  readonly corruptPackets: number;
  /**
   * Input frames dropped: late, duplicate or overflow packets in the jitter buffers, and every
   * tick the call clock skipped after a stall.
   */
  readonly droppedIn: number;
  /** Output gaps: reply playback ran dry mid-reply and the player sent silence before more came. */
  readonly droppedOut: number;
  /** Frames that could not be DAVE-decrypted (end-to-end encryption), all speakers. */
  readonly decryptFailures: number;
}

export const NO_VOICE_COUNTERS: VoiceCounters = {
  corruptPackets: 0,
  droppedIn: 0,
  droppedOut: 0,
  decryptFailures: 0,
};

/** Adds two sets of counters. */
export function addCounters(a: VoiceCounters, b: VoiceCounters): VoiceCounters {
  return {
    corruptPackets: a.corruptPackets + b.corruptPackets,
    droppedIn: a.droppedIn + b.droppedIn,
    droppedOut: a.droppedOut + b.droppedOut,
    decryptFailures: a.decryptFailures + b.decryptFailures,
  };
}

/** A speaker input's share of the room counters. */
export function inputCounters(input: SpeakerInput): VoiceCounters {
  return {
    corruptPackets: input.decoder.corrupt,
    droppedIn: input.jitter.dropped,
    droppedOut: 0,
    decryptFailures: 0,
  };
}
