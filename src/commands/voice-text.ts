/** What `/voice` says. Kept apart from the handlers so the wording reads in one place. */
import type { CallStatus } from '../calls/call.ts';
import { formatUsd } from '../calls/cost.ts';
import { formatDuration } from '../calls/summary-embed.ts';

export const VOICE_TEXT = {
  guildOnly: 'Voice commands work in a server, not in DMs.',
  notInVoice: 'Join a voice channel first, then run this again.',
  joined: (channelId: string) =>
    `Joined <#${channelId}>. I’m listening, and I posted a notice there about transcription and opting out.`,
  summariesOff:
    'Call summaries are off until someone with Manage Server picks a channel with `/voicedesk settings`.',
  youOptedOut: 'You opted out, so I won’t hear you. Use `/voice optin` if you want to talk to me.',
  alreadyHere: (channelId: string) => `I’m already in <#${channelId}>.`,
  elsewhere: (channelId: string) =>
    `I’m already in <#${channelId}>. End that call with \`/voice leave\` first.`,
  joinFailed: 'I couldn’t connect to that voice channel. Please try again in a moment.',
  busy: (reason: 'calls' | 'lag') =>
    reason === 'calls'
      ? 'I’m already helping in as many calls as I can right now. Please try again in a few minutes.'
      : 'I’m too busy to join a new call right now. Please try again in a minute.',
  left: (channelId: string) => `Left <#${channelId}>.`,
  notJoined: 'I’m not in a voice channel here. Use `/voice join` first.',
  notWithYou: 'Join my voice channel first, then run `/voice test` again.',
  listening: 'Listening: say something, then pause for a second and I’ll play it back.',
  heard: (ms: number) => `I heard ${(ms / 1000).toFixed(1)} s and played it back in the channel.`,
  heardNothing: 'I didn’t hear anything. Check that you are not muted and try again.',
  optedOut:
    'Done: I won’t hear or transcribe you in this server, now or in later calls. `/voice optin` undoes it.',
  optedIn: 'Done: I’ll hear you when you talk to me in a call here. `/voice optout` stops it again.',
} as const;

const SESSION_WORDS: Record<string, string> = {
  open: 'talking to me',
  opening: 'connecting',
  closing: 'finishing',
  idle: 'quiet',
  closed: 'quiet',
};

export function statusText(
  status: CallStatus,
  speakers: readonly { name: string; session: string }[],
  maxPerCall: number,
): string {
  const heard = speakers.length
    ? speakers.map((s) => `${s.name} (${SESSION_WORDS[s.session] ?? s.session})`).join(', ')
    : 'nobody yet';
  const tokens = status.cost.sonicTokens.toLocaleString('en-US');
  return [
    `In <#${status.channelId}> for ${formatDuration(Date.now() - status.startedAt)}.`,
    `Hearing: ${heard}.`,
    `Open assistant sessions: ${status.openSessions} of ${maxPerCall}.`,
    `Tokens so far: ${tokens} (est. ${formatUsd(status.cost.usd)}).`,
  ].join('\n');
}
