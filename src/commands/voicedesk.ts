/**
 * `/voicedesk settings [summary_channel] [moderator_role] [wake_name] [clear]`: the server's
 * voicedesk settings, for people with Manage Server. Without options it shows them.
 */
import {
  ChannelType,
  MessageFlags,
  PermissionFlagsBits,
  SlashCommandBuilder,
  type ChatInputCommandInteraction,
} from 'discord.js';
import type { GuildSettings } from '../calls/settings-store.ts';
import type { Command, CommandContext } from './command.ts';

const ephemeral = { flags: MessageFlags.Ephemeral } as const;
const MAX_WAKE_NAME = 32;

export const SETTINGS_TEXT = {
  guildOnly: 'Settings belong to a server; run this in one.',
  notAllowed: 'Only people with the Manage Server permission can change voicedesk settings.',
  badWakeName: `The wake name must be 2 to ${MAX_WAKE_NAME} letters, digits or spaces.`,
} as const;

function describe(
  settings: GuildSettings,
  defaults: { summaryChannelId: string | undefined; botName: string },
): string {
  const channel = settings.summaryChannelId ?? defaults.summaryChannelId;
  return [
    '**voicedesk settings for this server**',
    `Call summaries go to: ${channel ? `<#${channel}>` : 'nowhere yet (summaries are off)'}`,
    `Moderator role (sees every order): ${settings.moderatorRoleId ? `<@&${settings.moderatorRoleId}>` : 'none (Manage Server only)'}`,
    `Wake name: “${settings.wakeName ?? defaults.botName}”`,
    `Order update DMs for members who have not chosen: ${settings.orderUpdates ?? 'on'}`,
  ].join('\n');
}

function changes(
  interaction: ChatInputCommandInteraction<'cached'>,
): { [K in keyof GuildSettings]?: string | null } | string {
  const channel = interaction.options.getChannel('summary_channel', false, [
    ChannelType.GuildText,
    ChannelType.GuildAnnouncement,
  ]);
  const role = interaction.options.getRole('moderator_role');
  const wake = interaction.options.getString('wake_name')?.trim();
  const clear = interaction.options.getString('clear');
  const orderUpdates = interaction.options.getString('order_updates');
  if (wake !== undefined && !/^[\p{L}\p{N} ]{2,32}$/u.test(wake)) return SETTINGS_TEXT.badWakeName;
  return {
    ...(channel ? { summaryChannelId: channel.id } : {}),
    ...(role ? { moderatorRoleId: role.id } : {}),
    ...(wake ? { wakeName: wake } : {}),
    ...(orderUpdates === 'on' || orderUpdates === 'off' ? { orderUpdates } : {}),
    ...(clear ? { [clear]: null } : {}),
  };
}

async function settings(
  interaction: ChatInputCommandInteraction<'cached'>,
  { services, config }: CommandContext,
) {
  if (!interaction.memberPermissions.has(PermissionFlagsBits.ManageGuild)) {
    return void (await interaction.reply({ content: SETTINGS_TEXT.notAllowed, ...ephemeral }));
  }
  const wanted = changes(interaction);
  if (typeof wanted === 'string') return void (await interaction.reply({ content: wanted, ...ephemeral }));
  await interaction.deferReply(ephemeral);
  const updated = await services.calls.updateSettings(interaction.guildId, wanted);
  const botName = interaction.guild.members.me?.displayName ?? interaction.client.user.username;
  const prefix = Object.keys(wanted).length > 0 ? '✅ Saved.\n' : '';
  await interaction.editReply({
    content: prefix + describe(updated, { summaryChannelId: config.summary.channelId, botName }),
  });
}

export const voicedesk = {
  data: new SlashCommandBuilder()
    .setName('voicedesk')
    .setDescription('voicedesk settings for this server')
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .addSubcommand((s) =>
      s
        .setName('settings')
        .setDescription('Show or change where summaries go, the moderator role and the wake name')
        .addChannelOption((o) =>
          o
            .setName('summary_channel')
            .setDescription('Channel for call summaries (moderators only, ideally)')
            .addChannelTypes(ChannelType.GuildText, ChannelType.GuildAnnouncement),
        )
        .addRoleOption((o) =>
          o.setName('moderator_role').setDescription('Role whose members may see every order'),
        )
        .addStringOption((o) =>
          o
            .setName('wake_name')
            .setDescription('The name people say to address the bot')
            .setMaxLength(MAX_WAKE_NAME),
        )
        .addStringOption((o) =>
          o
            .setName('order_updates')
            .setDescription('Default for order update DMs (members can change theirs with /order notify)')
            .addChoices({ name: 'on', value: 'on' }, { name: 'off', value: 'off' }),
        )
        .addStringOption((o) =>
          o
            .setName('clear')
            .setDescription('Remove one setting')
            .addChoices(
              { name: 'summary channel', value: 'summaryChannelId' },
              { name: 'moderator role', value: 'moderatorRoleId' },
              { name: 'wake name', value: 'wakeName' },
              { name: 'order update default', value: 'orderUpdates' },
            ),
        ),
    ),
  async execute(interaction, ctx) {
    if (!interaction.inCachedGuild())
      return void (await interaction.reply({ content: SETTINGS_TEXT.guildOnly, ...ephemeral }));
    await settings(interaction, ctx);
  },
} satisfies Command;
