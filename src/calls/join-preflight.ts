/**
 * What the bot checks before asking Discord to join a voice channel. Discord silently ignores a
 * join it won't grant (no View Channel or Connect, or a full channel without Move Members), and a
 * bot that cannot post in the channel's chat cannot put up the consent notice, so these are
 * checked first from the cached channel, roles and overwrites (discord.js computes them with
 * Discord's algorithm) and refused with a reason people can act on.
 */
import { ChannelType, PermissionFlagsBits, type Guild } from 'discord.js';
import { translate } from '../i18n/translate.ts';

export type PreflightRefusal =
  | { readonly kind: 'not-voice' }
  | { readonly kind: 'stage' }
  | { readonly kind: 'missing'; readonly permissions: readonly string[]; readonly full: boolean };

/** Permission names as Discord shows them; English until the refusal's reader has a locale. */
const NEEDED: readonly (readonly [bigint, string])[] = [
  [PermissionFlagsBits.ViewChannel, translate('en', 'permission.viewChannel')],
  [PermissionFlagsBits.Connect, translate('en', 'permission.connect')],
  [PermissionFlagsBits.Speak, translate('en', 'permission.speak')],
  [PermissionFlagsBits.SendMessages, translate('en', 'permission.sendMessagesForNotice')],
];

/** Why the bot must not try to join `channelId`, or undefined when it may. */
export function joinPreflight(guild: Guild, channelId: string): PreflightRefusal | undefined {
  const channel = guild.channels.cache.get(channelId);
  const me = guild.members.me;
  if (channel?.type === ChannelType.GuildStageVoice) return { kind: 'stage' };
  if (channel?.type !== ChannelType.GuildVoice || !me) return { kind: 'not-voice' };
  const granted = channel.permissionsFor(me);
  const missing = NEEDED.filter(([bit]) => !granted.has(bit, true)).map(([, name]) => name);
  const others = guild.voiceStates.cache.filter((s) => s.channelId === channelId && s.id !== me.id).size;
  const full = channel.userLimit > 0 && others >= channel.userLimit;
  if (full && !granted.has(PermissionFlagsBits.MoveMembers, true))
    missing.push(translate('en', 'permission.moveMembersWhenFull'));
  return missing.length > 0 ? { kind: 'missing', permissions: missing, full } : undefined;
}
