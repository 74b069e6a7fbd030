/**
 * `/voice join | leave | status | test | optout | optin`: start the voice help desk in the
 * caller's channel, end it, see who is heard and what it has cost so far, run a mic check, and
 * control whether the bot may hear you in this server. Each subcommand is a small handler.
 */
import { MessageFlags, SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import { VoiceJoinError } from '../voice/connection.ts';
import type { Command, CommandContext } from './command.ts';
import { VOICE_TEXT, statusText } from './voice-text.ts';

type Handler = (interaction: ChatInputCommandInteraction<'cached'>, ctx: CommandContext) => Promise<void>;

const ephemeral = { flags: MessageFlags.Ephemeral } as const;

function callerChannelId(interaction: ChatInputCommandInteraction<'cached'>): string | undefined {
  return interaction.guild.voiceStates.cache.get(interaction.user.id)?.channelId ?? undefined;
}

const handlers: Record<string, Handler> = {
  async join(interaction, { services, log }) {
    const channelId = callerChannelId(interaction);
    if (!channelId) return void (await interaction.reply({ content: VOICE_TEXT.notInVoice, ...ephemeral }));
    await interaction.deferReply(ephemeral);
    let result;
    try {
      result = await services.calls.join(interaction.guild, channelId);
    } catch (err) {
      if (!(err instanceof VoiceJoinError)) throw err;
      log.warn({ err }, 'voice join failed');
      return void (await interaction.editReply({ content: VOICE_TEXT.joinFailed }));
    }
    if (result.kind === 'elsewhere')
      return void (await interaction.editReply({ content: VOICE_TEXT.elsewhere(result.channelId) }));
    if (result.kind === 'refused')
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

  async leave(interaction, { services }) {
    const call = services.calls.call(interaction.guildId);
    if (call) {
      await interaction.deferReply(ephemeral);
      await services.calls.leave(interaction.guildId);
      return void (await interaction.editReply({ content: VOICE_TEXT.left(call.channelId) }));
    }
    // A mic-check room without a call.
    const room = services.voice.room(interaction.guildId);
    const content =
      room && services.voice.leave(interaction.guildId)
        ? VOICE_TEXT.left(room.channelId)
        : VOICE_TEXT.notJoined;
    await interaction.reply({ content, ...ephemeral });
  },

  async status(interaction, { services }) {
    const call = services.calls.call(interaction.guildId);
    if (!call) return void (await interaction.reply({ content: VOICE_TEXT.notJoined, ...ephemeral }));
    const status = call.status();
    const names = status.speakers.map((s) => ({
      name: interaction.guild.members.cache.get(s.userId)?.displayName ?? 'someone',
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
    await interaction.deferReply(ephemeral);
    await services.calls.optOut(interaction.guildId, interaction.user.id);
    await interaction.editReply({ content: VOICE_TEXT.optedOut });
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
    .addSubcommand((s) => s.setName('optin').setDescription('Let the bot hear you again in this server')),
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
