/**
 * The ownership rules, used by the slash commands and the voice tools alike: a caller may read an
 * order only if it is theirs or they are a moderator of the shop's own guild, and may change it
 * only if it is theirs.
 */

/** Who is asking. Always from Discord (interaction member, or the speaker owning the audio). */
export interface Caller {
  readonly userId: string;
  readonly isModerator: boolean;
}

export function canAccess(order: { readonly customerId: string }, caller: Caller): boolean {
  return caller.isModerator || order.customerId === caller.userId;
}

/** What Discord says about a member, reduced to what the moderator rule needs. */
export interface MemberFacts {
  readonly roleIds: Iterable<string>;
  /** The member has the Manage Server (ManageGuild) permission. */
  readonly canManageGuild: boolean;
}

/** Where the question is asked: only the shop's own guilds (SHOP_GUILD_IDS) have moderators. */
export interface GuildFacts {
  readonly guildId: string | null;
  readonly shopGuildIds: readonly string[];
}

export function isShopGuild(guild: GuildFacts): boolean {
  return guild.guildId !== null && guild.shopGuildIds.includes(guild.guildId);
}

/**
 * A moderator is a member of one of the shop's own guilds with the moderator role
 * (`moderatorRoleId`, from configuration or the guild's settings) or the Manage Server permission.
 * Anywhere else nobody is: whoever adds the bot to their own server owns that server, not the shop.
 * A moderator role equal to the guild id is `@everyone` and never counts.
 */
export function isModerator(
  member: MemberFacts,
  moderatorRoleId: string | undefined,
  guild: GuildFacts,
): boolean {
  if (!isShopGuild(guild)) return false;
  if (member.canManageGuild) return true;
  if (moderatorRoleId === undefined || moderatorRoleId === guild.guildId) return false;
  for (const id of member.roleIds) if (id === moderatorRoleId) return true;
  return false;
}

/** Only the customer changes where their order goes; moderators read, they do not redirect. */
export function canChange(order: { readonly customerId: string }, caller: Caller): boolean {
  return order.customerId === caller.userId;
}
