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
  type Role,
} from 'discord.js';
import type { GuildSettings } from '../calls/settings-store.ts';
import { missingSummaryPermissions } from '../calls/summary-channel-check.ts';
import type { Command, CommandContext } from './command.ts';

const ephemeral = { flags: MessageFlags.Ephemeral } as const;
const MAX_WAKE_NAME = 32;

export const SETTINGS_TEXT = {
  guildOnly: 'Settings belong to a server; run this in one.',
  notAllowed: 'Only people with the Manage Server permission can change voicedesk settings.',
  badWakeName: `The wake name must be 2 to ${MAX_WAKE_NAME} letters, digits or spaces.`,
  everyoneRole:
    'That role is @everyone: every member would see every order. Pick a role only the order desk has.',
  managedRole:
    'That role is managed by an integration or bot, so members can get it without you. Pick a role you hand out yourself.',
  allMembersRole:
    'Every member of this server has that role, so everyone would see every order. Pick a role only the order desk has.',
  notShop:
    'This server is not one of the shop’s own servers (SHOP_GUILD_IDS), so nobody here is a moderator and a moderator role would have no effect.',
  summaryChannelMissing: (channelId: string, missing: readonly string[]) =>
    `I can’t post summaries in <#${channelId}>: I’m missing ${missing.join(', ')} there. Grant my role ${missing.length > 1 ? 'these' : 'this'} in that channel, then run this again. Nothing was saved.`,
  summaryChannelWarning: (missing: readonly string[]) =>
    `⚠️ Summaries can’t be posted there right now: I’m missing ${missing.join(', ')}.`,
} as const;

/** Why `role` must not be the moderator role, or undefined when it may be. */
function moderatorRoleProblem(role: Role, guildId: string): string | undefined {
  if (role.id === guildId) return SETTINGS_TEXT.everyoneRole;
  if (role.managed) return SETTINGS_TEXT.managedRole;
  const guild = role.guild;
  const humans = guild.members.cache.filter((m) => !m.user.bot);
  // Without the privileged members intent only cached members are known: refuse when every known
  // member holds the role and they are all the members there are.
  if (
    humans.size > 0 &&
    humans.every((m) => m.roles.cache.has(role.id)) &&
    guild.members.cache.size >= guild.memberCount
  )
    return SETTINGS_TEXT.allMembersRole;
  return undefined;
}

function describe(
  guild: ChatInputCommandInteraction<'cached'>['guild'],
  settings: GuildSettings,
  defaults: { summaryChannelId: string | undefined; botName: string; shop: boolean },
): string {
  const channel = settings.summaryChannelId ?? defaults.summaryChannelId;
  const moderators = !defaults.shop
    ? 'nobody here (this is not one of the shop’s servers)'
    : settings.moderatorRoleId
      ? `<@&${settings.moderatorRoleId}>`
      : 'none (Manage Server only)';
  const missing = channel ? (missingSummaryPermissions(guild, channel) ?? []) : [];
  return [
    '**voicedesk settings for this server**',
    `Call summaries go to: ${channel ? `<#${channel}>` : 'nowhere yet (summaries are off)'}`,
    ...(missing.length > 0 ? [SETTINGS_TEXT.summaryChannelWarning(missing)] : []),
    `Moderator role (sees every order): ${moderators}`,
    `Wake name: “${settings.wakeName ?? defaults.botName}”`,
    `Who may start a call: ${settings.joinRoleId ? `members with <@&${settings.joinRoleId}>` : 'anyone in a voice channel'}`,
    `Order update DMs for members who have not chosen: ${settings.orderUpdates ?? 'on'}`,
  ].join('\n');
}

function changes(
  interaction: ChatInputCommandInteraction<'cached'>,
  shopGuildIds: readonly string[],
): { [K in keyof GuildSettings]?: string | null } | string {
  const channel = interaction.options.getChannel('summary_channel', false, [
    ChannelType.GuildText,
    ChannelType.GuildAnnouncement,
  ]);
  const role = interaction.options.getRole('moderator_role');
  const joinRole = interaction.options.getRole('join_role');
  const wake = interaction.options.getString('wake_name')?.trim();
  const clear = interaction.options.getString('clear');
  const orderUpdates = interaction.options.getString('order_updates');
  if (wake !== undefined && !/^[\p{L}\p{N} ]{2,32}$/u.test(wake)) return SETTINGS_TEXT.badWakeName;
  if (role) {
    if (!shopGuildIds.includes(interaction.guildId)) return SETTINGS_TEXT.notShop;
    const problem = moderatorRoleProblem(role, interaction.guildId);
    if (problem) return problem;
  }
  return {
    ...(channel ? { summaryChannelId: channel.id } : {}),
    ...(role ? { moderatorRoleId: role.id } : {}),
    ...(joinRole ? { joinRoleId: joinRole.id === interaction.guildId ? null : joinRole.id } : {}),
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
  const wanted = changes(interaction, config.discord.shopGuildIds);
  if (typeof wanted === 'string') return void (await interaction.reply({ content: wanted, ...ephemeral }));
  if (wanted.summaryChannelId) {
    const missing = missingSummaryPermissions(interaction.guild, wanted.summaryChannelId) ?? [];
    if (missing.length > 0) {
      const content = SETTINGS_TEXT.summaryChannelMissing(wanted.summaryChannelId, missing);
      return void (await interaction.reply({ content, ...ephemeral }));
    }
  }
  await interaction.deferReply(ephemeral);
  const updated = await services.calls.updateSettings(interaction.guildId, wanted);
  const botName = services.calls.botName(interaction.guild);
  const shop = config.discord.shopGuildIds.includes(interaction.guildId);
  const prefix = Object.keys(wanted).length > 0 ? '✅ Saved.\n' : '';
  await interaction.editReply({
    content:
      prefix +
      describe(interaction.guild, updated, {
        summaryChannelId: shop ? config.summary.channelId : undefined,
        botName,
        shop,
      }),
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
        .addRoleOption((o) =>
          o
            .setName('join_role')
            .setDescription('Only members with this role may start a call (@everyone: anyone)'),
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
              { name: 'join role', value: 'joinRoleId' },
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
