/**
 * Builds a speaker assistant's dependencies inside a call. This is where identity is bound: the
 * tools get the Discord user id that owns the audio and moderator status from that member's roles,
 * fetched fresh from Discord for each tool call (briefly cached), never anything the model says.
 */
import { SonicSession } from '../bedrock/sonic/session.ts';
import { sonicSettingsFromConfig } from '../bedrock/sonic/session-options.ts';
import type { Caller } from '../orders/access.ts';
import type { Call } from './call.ts';
import type { CallEnvironment } from './environment.ts';
import { systemPrompt } from './prompt.ts';
import type { SpeakerDeps } from './speaker.ts';

/** Humans in the call's voice channel (opted-out people count: they are there). */
export function humansIn(call: Call): number {
  return call.guild.voiceStates.cache.filter(
    (s) => s.channelId === call.channelId && s.member?.user.bot !== true,
  ).size;
}

/** The speaker as a caller, with moderator status read fresh from Discord at each tool call. */
async function callerFor(env: CallEnvironment, call: Call, userId: string): Promise<Caller> {
  const roleId = call.settings.moderatorRoleId ?? env.config.discord.moderatorRoleId;
  return { userId, isModerator: await env.moderators.isModerator(call.guild, userId, roleId) };
}

export function createSpeakerDeps(env: CallEnvironment, call: Call, userId: string): SpeakerDeps {
  const log = call.log.child({ userId });
  const displayName = call.guild.members.cache.get(userId)?.displayName ?? 'a customer';
  const sonic = sonicSettingsFromConfig(env.config.sonic);
  const wakeName = () => call.settings.wakeName ?? env.presence.botName(call.guild);
  const notified = new Set<string>();
  return {
    callId: call.callId,
    userId,
    displayName,
    log,
    metrics: env.metrics,
    budget: env.budget,
    openSession: (history, tools) =>
      new SonicSession({
        streamFactory: env.streamFactory,
        log,
        voiceId: sonic.voiceId,
        inference: sonic.inference,
        rotateMs: env.config.sonic.rotateMs,
        systemPrompt: systemPrompt({
          shopName: env.config.shopName,
          speakerName: displayName,
          botName: wakeName(),
          shared: humansIn(call) >= 2,
        }),
        tools: env.tools.specs,
        toolHandler: tools,
        history,
        // Full jitter from the first retry, and not while the process's breaker is open.
        recoveryDelayMs: (attempt, failure) => env.openBackoff.retryDelayMs(attempt, failure),
      }),
    tools: async (name, input, signal) =>
      env.tools.handlerFor(await callerFor(env, call, userId))(name, input, signal),
    replies: {
      enqueue: (speakerId, samples) =>
        call.room.playback.enqueue(speakerId, { samples, sampleRate: 24_000, channels: 1 }),
      endReply: (speakerId) => call.room.playback.endReply(speakerId),
      interrupt: (speakerId) => void call.room.playback.interrupt(speakerId),
      playing: (speakerId) => call.room.playback.current === speakerId,
    },
    transcript: (entry) => env.transcripts.append(entry),
    addressing: () => ({ required: humansIn(call) >= 2, wakeName: wakeName() }),
    notify: (reason, message) => {
      if (notified.has(reason)) return;
      notified.add(reason);
      void env.presence.say(call.channelId, `<@${userId}> ${message}`);
    },
    idleCloseMs: env.config.calls.speakerIdleCloseMs,
    backoff: env.openBackoff,
  };
}
