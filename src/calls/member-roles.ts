/**
 * Moderator status for a voice tool call, read fresh: the member is fetched from Discord (not the
 * voice-state cache, which keeps a demoted moderator's old roles) with a deadline, and the answer
 * is kept only briefly. A fetch that fails or is late counts as "not a moderator" (fail closed).
 */
import { PermissionFlagsBits, type Guild } from 'discord.js';
import type { Logger } from '../log.ts';
import { isModerator, isShopGuild } from '../orders/access.ts';

/** How long one answer is reused: a demotion takes effect within this. */
export const MODERATOR_CACHE_MS = 10_000;
/** How long a member fetch may take before the caller is treated as a customer. */
export const MEMBER_FETCH_DEADLINE_MS = 1_500;

export class FreshModeratorCheck {
  readonly #shopGuildIds: readonly string[];
  readonly #log: Logger;
  readonly #now: () => number;
  readonly #answers = new Map<string, { moderator: boolean; at: number }>();

  constructor(options: { shopGuildIds: readonly string[]; log: Logger; now?: () => number }) {
    this.#shopGuildIds = options.shopGuildIds;
    this.#log = options.log;
    this.#now = options.now ?? Date.now;
  }

  async isModerator(guild: Guild, userId: string, moderatorRoleId: string | undefined): Promise<boolean> {
    if (!isShopGuild({ guildId: guild.id, shopGuildIds: this.#shopGuildIds })) return false;
    const key = `${guild.id}:${userId}:${moderatorRoleId ?? ''}`;
    const hit = this.#answers.get(key);
    if (hit && this.#now() - hit.at < MODERATOR_CACHE_MS) return hit.moderator;
    const moderator = await this.#read(guild, userId, moderatorRoleId);
    this.#answers.set(key, { moderator, at: this.#now() });
    if (this.#answers.size > 1_000) this.#answers.delete(this.#answers.keys().next().value ?? '');
    return moderator;
  }

  async #read(guild: Guild, userId: string, moderatorRoleId: string | undefined): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), MEMBER_FETCH_DEADLINE_MS);
    });
    try {
      const member = await Promise.race([guild.members.fetch({ user: userId, force: true }), late]);
      if (!member) {
        this.#log.warn({ guildId: guild.id, userId }, 'member roles not read in time; treated as a customer');
        return false;
      }
      return isModerator(
        {
          roleIds: member.roles.cache.keys(),
          canManageGuild: member.permissions.has(PermissionFlagsBits.ManageGuild),
        },
        moderatorRoleId,
        { guildId: guild.id, shopGuildIds: this.#shopGuildIds },
      );
    } catch (err) {
      this.#log.warn(
        { err, guildId: guild.id, userId },
        'could not read member roles; treated as a customer',
      );
      return false;
    } finally {
      clearTimeout(timer);
    }
  }
}
