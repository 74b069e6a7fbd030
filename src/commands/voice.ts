/**
 * `/voice join | leave | status | test | optout | optin | forget-me`: start the voice help desk in
 * the caller's channel (optionally only with the server's join role), end it or see who is heard
 * (members in that channel, or the shop's moderators), run a mic check, control whether the bot may
 * hear you in this server, and delete what you said. Each subcommand is a small handler.
 */
import {
  MessageFlags,
  PermissionFlagsBits,
  SlashCommandBuilder,
  type ChatInputCommandInteraction,
} from 'discord.js';
import type { PreflightRefusal } from '../calls/join-preflight.ts';
import { translate } from '../i18n/translate.ts';
import { VoiceJoinError } from '../voice/connection.ts';
import type { Command, CommandContext } from './command.ts';
import { callerOf } from './order.ts';
import { VOICE_TEXT, statusText } from './voice-text.ts';

type Handler = (interaction: ChatInputCommandInteraction<'cached'>, ctx: CommandContext) => Promise<void>;

const ephemeral = { flags: MessageFlags.Ephemeral } as const;

function refusalText(channelId: string, refusal: PreflightRefusal): string {
  if (refusal.kind === 'stage') return VOICE_TEXT.stageRefused;
  if (refusal.kind === 'not-voice') return VOICE_TEXT.notVoice;
  return VOICE_TEXT.missingPermissions(channelId, refusal.permissions);
}

function callerChannelId(interaction: ChatInputCommandInteraction<'cached'>): string | undefined {
  return interaction.guild.voiceStates.cache.get(interaction.user.id)?.channelId ?? undefined;
}

/** Moderator of the shop (role or Manage Server, in a shop guild only), from the interaction's member. */
async function isModeratorHere(
  interaction: ChatInputCommandInteraction<'cached'>,
  ctx: CommandContext,
): Promise<boolean> {
  const roleId = await ctx.services.calls.moderatorRoleId(interaction.guildId);
  return callerOf(interaction, roleId, ctx.config.discord.shopGuildIds).isModerator;
}

/** May this member see who is in `channelId`? (Discord's View Channel, overwrites included.) */
function canView(interaction: ChatInputCommandInteraction<'cached'>, channelId: string): boolean {
  const channel = interaction.guild.channels.cache.get(channelId);
  return channel?.permissionsFor(interaction.member).has(PermissionFlagsBits.ViewChannel) ?? false;
}

/**
 * The rules for the call's own channel: `leave` and `status` are for members in that channel
 * (and for `status` only if they can view it) or moderators of the shop.
 */
async function mayControlCall(
  interaction: ChatInputCommandInteraction<'cached'>,
  ctx: CommandContext,
  channelId: string,
): Promise<boolean> {
  if (!canView(interaction, channelId)) return false;
  if (callerChannelId(interaction) === channelId) return true;
  return isModeratorHere(interaction, ctx);
}

const handlers: Record<string, Handler> = {
  async join(interaction, ctx) {
    const { services, log, config } = ctx;
    const channelId = callerChannelId(interaction);
    if (!channelId) return void (await interaction.reply({ content: VOICE_TEXT.notInVoice, ...ephemeral }));
    const refusal = services.calls.preflight(interaction.guild, channelId);
    if (refusal) {
      log.info({ channelId, refusal }, 'voice join refused before asking Discord');
      return void (await interaction.reply({ content: refusalText(channelId, refusal), ...ephemeral }));
    }
    await interaction.deferReply(ephemeral);
    const joinRoleId = (await services.calls.settings(interaction.guildId)).joinRoleId;
    if (
      joinRoleId !== undefined &&
      !interaction.member.roles.cache.has(joinRoleId) &&
      !(await isModeratorHere(interaction, ctx))
    )
      return void (await interaction.editReply({ content: VOICE_TEXT.joinRoleNeeded(joinRoleId) }));
    let result;
    try {
      result = await services.calls.join(interaction.guild, channelId);
    } catch (err) {
      if (!(err instanceof VoiceJoinError)) throw err;
      log.warn({ err }, 'voice join failed');
      const content = VOICE_TEXT.joinNoAnswer(channelId, config.voice.readyTimeoutMs);
      return void (await interaction.editReply({ content }));
    }
    if (result.kind === 'refused')
      return void (await interaction.editReply({ content: refusalText(channelId, result.refusal) }));
    if (result.kind === 'notice-refused')
      return void (await interaction.editReply({ content: VOICE_TEXT.noticeRefused(channelId) }));
    if (result.kind === 'elsewhere')
      return void (await interaction.editReply({ content: VOICE_TEXT.elsewhere(result.channelId) }));
    if (result.kind === 'shed')
      return void (await interaction.editReply({ content: VOICE_TEXT.busy(result.reason) }));
    if (result.kind === 'already-here')
      return void (await interaction.editReply({ content: VOICE_TEXT.alreadyHere(channelId) }));
    const optedOut = await services.calls.isOptedOut(interaction.guildId, interaction.user.id);
    const notes = [
      VOICE_TEXT.joined(channelId),
      ...(result.summariesOff ? [VOICE_TEXT.summariesOff] : []),
      ...(optedOut ? [VOICE_TEXT.youOptedOut] : []),
    ];
    await interaction.editReply({ content: notes.join('\n') });
  },

  async leave(interaction, ctx) {
    const { services } = ctx;
    const call = services.calls.call(interaction.guildId);
    const room = call?.room ?? services.voice.room(interaction.guildId);
    if (room && !(await mayControlCall(interaction, ctx, room.channelId)))
      return void (await interaction.reply({ content: VOICE_TEXT.notYourCall, ...ephemeral }));
    if (call) {
      await interaction.deferReply(ephemeral);
      await services.calls.leave(interaction.guildId);
      return void (await interaction.editReply({ content: VOICE_TEXT.left(call.channelId) }));
    }
    // A mic-check room without a call.
    const content =
      room && services.voice.leave(interaction.guildId)
        ? VOICE_TEXT.left(room.channelId)
        : VOICE_TEXT.notJoined;
    await interaction.reply({ content, ...ephemeral });
  },

  async status(interaction, ctx) {
    const { services } = ctx;
    const call = services.calls.call(interaction.guildId);
    if (!call) return void (await interaction.reply({ content: VOICE_TEXT.notJoined, ...ephemeral }));
    if (!(await mayControlCall(interaction, ctx, call.channelId)))
      return void (await interaction.reply({ content: VOICE_TEXT.notYourCall, ...ephemeral }));
    const status = call.status();
    const names = status.speakers.map((s) => ({
      name: interaction.guild.members.cache.get(s.userId)?.displayName ?? translate('en', 'reply.someone'), // English like the rest of the reply (voice-text.ts)
      session: s.session,
    }));
    const content = statusText(status, names, services.calls.maxSessionsPerCall);
    await interaction.reply({ content, ...ephemeral });
  },

  async test(interaction, { services }) {
    const room = services.calls.call(interaction.guildId)?.room ?? services.voice.room(interaction.guildId);
    if (!room) return void (await interaction.reply({ content: VOICE_TEXT.notJoined, ...ephemeral }));
    if (callerChannelId(interaction) !== room.channelId) {
      return void (await interaction.reply({ content: VOICE_TEXT.notWithYou, ...ephemeral }));
    }
    await interaction.reply({ content: VOICE_TEXT.listening, ...ephemeral });
    const result = await services.calls.micCheck(interaction.guildId, interaction.user.id, () =>
      services.voice.micCheck(interaction.guildId, interaction.user.id),
    );
    await interaction.editReply({
      content: result.heard ? VOICE_TEXT.heard(result.durationMs) : VOICE_TEXT.heardNothing,
    });
  },

  async optout(interaction, { services }) {
    // In memory before anything else: the member is not heard from this moment, even if the
    // deferral or the store is slow.
    const saved = services.calls.optOut(interaction.guildId, interaction.user.id);
    await interaction.deferReply(ephemeral);
    await interaction.editReply({
      content: (await saved) ? VOICE_TEXT.optedOut : VOICE_TEXT.optedOutNotSaved,
    });
  },

  async 'forget-me'(interaction, { services, log }) {
    await interaction.deferReply(ephemeral);
    let removed: number;
    try {
      removed = await services.calls.forgetMe(interaction.guildId, interaction.user.id);
    } catch (err) {
      log.warn({ err }, 'forget-me failed');
      return void (await interaction.editReply({ content: VOICE_TEXT.forgetFailed }));
    }
    await interaction.editReply({ content: VOICE_TEXT.forgot(removed) });
  },

  async optin(interaction, { services }) {
    await interaction.deferReply(ephemeral);
    await services.calls.optIn(interaction.guildId, interaction.user.id);
    await interaction.editReply({ content: VOICE_TEXT.optedIn });
  },
};

export const voice = {
  data: new SlashCommandBuilder()
    .setName('voice')
    .setDescription('The voice help desk in your voice channel')
    .addSubcommand((s) => s.setName('join').setDescription('Bring the help desk into your voice channel'))
    .addSubcommand((s) =>
      s.setName('leave').setDescription('End the call and send the bot out of the channel'),
    )
    .addSubcommand((s) =>
      s.setName('status').setDescription('Who the bot hears, open sessions, and cost so far'),
    )
    .addSubcommand((s) => s.setName('test').setDescription('Mic check: the bot plays back what you say next'))
    .addSubcommand((s) =>
      s.setName('optout').setDescription('Never let the bot hear or transcribe you in this server'),
    )
    .addSubcommand((s) => s.setName('optin').setDescription('Let the bot hear you again in this server'))
    .addSubcommand((s) =>
      s
        .setName('forget-me')
        .setDescription('Delete what you said in calls in this server from the transcripts'),
    ),
  async execute(interaction, ctx) {
    if (!interaction.inCachedGuild()) {
      await interaction.reply({ content: VOICE_TEXT.guildOnly, ...ephemeral });
      return;
    }
    const handler = handlers[interaction.options.getSubcommand()];
    if (!handler) throw new Error(`no handler for /voice ${interaction.options.getSubcommand()}`);
    await handler(interaction, ctx);
  },
} satisfies Command;
