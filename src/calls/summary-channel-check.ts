/**
 * Can the bot post summaries in a channel? A summary needs View Channel and Send Messages (the
 * progress message), Embed Links (the summary itself: without it Discord drops the embed) and
 * Read Message History (to find its own message again after a restart). Computed from the cache
 * with discord.js's permission algorithm; returns the names of what is missing.
 */
import { PermissionFlagsBits, type Guild } from 'discord.js';
import { translate } from '../i18n/translate.ts';

/** Permission names as Discord shows them; English until `/voicedesk settings` replies per locale. */
const NEEDED: readonly (readonly [bigint, string])[] = [
  [PermissionFlagsBits.ViewChannel, translate('en', 'permission.viewChannel')],
  [PermissionFlagsBits.SendMessages, translate('en', 'permission.sendMessages')],
  [PermissionFlagsBits.EmbedLinks, translate('en', 'permission.embedLinks')],
  [PermissionFlagsBits.ReadMessageHistory, translate('en', 'permission.readMessageHistory')],
];

/** Missing permission names, or undefined when the channel or the bot is not in the cache. */
export function missingSummaryPermissions(guild: Guild, channelId: string): string[] | undefined {
  const channel = guild.channels.cache.get(channelId);
  const me = guild.members.me;
  if (!channel || !me) return undefined;
  const granted = channel.permissionsFor(me);
  return NEEDED.filter(([bit]) => !granted.has(bit, true)).map(([, name]) => name);
}
