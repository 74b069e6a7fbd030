/**
 * `/voice join | leave | test`: bring the bot into the caller's voice channel, send it away, or
 * run a mic check (the bot plays back the caller's next utterance). Each subcommand is a small
 * handler in `handlers`; later issues add theirs there.
 */
import { MessageFlags, SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import { VoiceJoinError } from '../voice/connection.ts';
import type { Command, CommandContext } from './command.ts';

type Handler = (interaction: ChatInputCommandInteraction<'cached'>, ctx: CommandContext) => Promise<void>;

export const VOICE_TEXT = {
  guildOnly: 'Voice commands work in a server, not in DMs.',
  notInVoice: 'Join a voice channel first, then run this again.',
  joined: (channelId: string) => `Joined <#${channelId}>. I’m listening.`,
  joinFailed: 'I couldn’t connect to that voice channel. Please try again in a moment.',
  left: (channelId: string) => `Left <#${channelId}>.`,
  notJoined: 'I’m not in a voice channel here. Use `/voice join` first.',
  notWithYou: 'Join my voice channel first, then run `/voice test` again.',
  listening: 'Listening: say something, then pause for a second and I’ll play it back.',
  heard: (ms: number) => `I heard ${(ms / 1000).toFixed(1)} s and played it back in the channel.`,
  heardNothing: 'I didn’t hear anything. Check that you are not muted and try again.',
} as const;

const ephemeral = { flags: MessageFlags.Ephemeral } as const;

function callerChannelId(interaction: ChatInputCommandInteraction<'cached'>): string | undefined {
  return interaction.guild.voiceStates.cache.get(interaction.user.id)?.channelId ?? undefined;
}

const handlers: Record<string, Handler> = {
  async join(interaction, { services, log }) {
    const channelId = callerChannelId(interaction);
    if (!channelId) return void (await interaction.reply({ content: VOICE_TEXT.notInVoice, ...ephemeral }));
    await interaction.deferReply(ephemeral);
    try {
      await services.voice.join({
        guild: interaction.guild,
        channelId,
        textChannelId: interaction.channelId,
      });
    } catch (err) {
      if (!(err instanceof VoiceJoinError)) throw err;
      log.warn({ err }, 'voice join failed');
      return void (await interaction.editReply({ content: VOICE_TEXT.joinFailed }));
    }
    await interaction.editReply({ content: VOICE_TEXT.joined(channelId) });
  },

  async leave(interaction, { services }) {
    const room = services.voice.room(interaction.guildId);
    const content =
      room && services.voice.leave(interaction.guildId)
        ? VOICE_TEXT.left(room.channelId)
        : VOICE_TEXT.notJoined;
    await interaction.reply({ content, ...ephemeral });
  },

  async test(interaction, { services }) {
    const room = services.voice.room(interaction.guildId);
    if (!room) return void (await interaction.reply({ content: VOICE_TEXT.notJoined, ...ephemeral }));
    if (callerChannelId(interaction) !== room.channelId) {
      return void (await interaction.reply({ content: VOICE_TEXT.notWithYou, ...ephemeral }));
    }
    await interaction.reply({ content: VOICE_TEXT.listening, ...ephemeral });
    const result = await services.voice.micCheck(interaction.guildId, interaction.user.id);
    await interaction.editReply({
      content: result.heard ? VOICE_TEXT.heard(result.durationMs) : VOICE_TEXT.heardNothing,
    });
  },
};

export const voice = {
  data: new SlashCommandBuilder()
    .setName('voice')
    .setDescription('The voice help desk in your voice channel')
    .addSubcommand((s) => s.setName('join').setDescription('Bring the bot into your voice channel'))
    .addSubcommand((s) => s.setName('leave').setDescription('Send the bot out of the voice channel'))
    .addSubcommand((s) =>
      s.setName('test').setDescription('Mic check: the bot plays back what you say next'),
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
