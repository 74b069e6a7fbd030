/** What `/voice` says. Kept apart from the handlers so the wording reads in one place. */
import type { CallStatus } from '../calls/call.ts';
import { formatUsd } from '../calls/cost.ts';
import { formatDuration } from '../calls/summary-embed.ts';
import { clipText, DISCORD_MESSAGE_LIMIT, joinWithin } from '../discord/clip.ts';

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
  joinNoAnswer: (channelId: string, waitedMs: number) =>
    `Discord did not let me into <#${channelId}>: no answer within ${Math.round(waitedMs / 1000)} s. That usually means my role can’t View Channel or Connect there, or the channel is full. A moderator can check my permissions for that channel.`,
  stageRefused: 'I don’t work in stage channels. Start me in a regular voice channel.',
  notVoice: 'That isn’t a voice channel I can join.',
  missingPermissions: (channelId: string, names: readonly string[]) =>
    `I can’t join <#${channelId}>: I’m missing ${names.join(', ')} there. A moderator can grant my role ${names.length > 1 ? 'these permissions' : 'this permission'} in that channel.`,
  noticeRefused: (channelId: string) =>
    `I didn’t join <#${channelId}>: I couldn’t post the notice about listening in its chat, and I don’t listen without it. A moderator can let me Send Messages there.`,
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
  optedOutNotSaved:
    'Done for this call: I won’t hear or transcribe you. I could not save the setting just now, so it may not last after a restart; run `/voice optout` again later to be sure.',
  notYourCall: 'Only people in the call’s voice channel (or the shop’s moderators) can do that.',
  joinRoleNeeded: (roleId: string) => `Only members with <@&${roleId}> can start a call here.`,
  forgot: (lines: number) =>
    lines === 0
      ? 'There was nothing of yours in the transcripts of this server.'
      : `Done: I deleted ${lines} transcript line${lines === 1 ? '' : 's'} of yours (and my answers to you) in this server. Summaries made from now on won’t include them.`,
  forgetFailed: 'I couldn’t delete your lines just now. Nothing was changed; please try again in a minute.',
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
  const tokens = status.cost.sonicTokens.toLocaleString('en-US');
  const lines = [
    `In <#${status.channelId}> for ${formatDuration(Date.now() - status.startedAt)}.`,
    `Open assistant sessions: ${status.openSessions} of ${maxPerCall}.`,
    `Tokens so far: ${tokens} (est. ${formatUsd(status.cost.usd)}).`,
  ];
  // The speaker list is what grows: it gets whatever room the other lines leave in one message.
  const room = DISCORD_MESSAGE_LIMIT - lines.join('\n').length - '\nHearing: .'.length;
  const names = speakers.map((s) => `${clipText(s.name, 40)} (${SESSION_WORDS[s.session] ?? s.session})`);
  const heard = names.length ? joinWithin(names, room).text : 'nobody yet';
  lines.splice(1, 0, `Hearing: ${heard}.`);
  return clipText(lines.join('\n'), DISCORD_MESSAGE_LIMIT);
}
