/**
 * The one ownership rule, used by the slash commands and the voice tools alike: a caller may read
 * or change an order only if it is theirs or they are a moderator.
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

/**
 * A moderator has the guild's moderator role (`moderatorRoleId`, from configuration or the
 * guild's settings) or the Manage Server permission.
 */
export function isModerator(member: MemberFacts, moderatorRoleId: string | undefined): boolean {
  if (member.canManageGuild) return true;
  if (moderatorRoleId === undefined) return false;
  for (const id of member.roleIds) if (id === moderatorRoleId) return true;
  return false;
}
