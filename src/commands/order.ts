/**
 * `/order status order_id:<id>` and `/order list`: ephemeral, short answers about the caller's own
 * orders (moderators of the shop's own guild: any order). Autocomplete offers the caller's orders newest first. Domain
 * errors and store outages are answered here; anything else goes to the router's apology.
 */
import {
  PermissionFlagsBits,
  SlashCommandBuilder,
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
} from 'discord.js';
import { StoreUnavailableError } from '../db/errors.ts';
import { isModerator, type Caller } from '../orders/access.ts';
import { OrderIdError, OrderNotFoundError } from '../orders/errors.ts';
import { formatOrderList, formatOrderStatus, statusInWords } from '../orders/format.ts';
import { MAX_ORDER_ID_INPUT } from '../orders/order-id.ts';
import type { Command, CommandContext } from './command.ts';
import { replyInTime } from './reply-in-time.ts';
import { firstUseHint, notifySubcommand, runNotify, sendHint } from './order-notify.ts';

/** Discord drops an autocomplete answer after 3 s; leave room for the response round trip. */
const AUTOCOMPLETE_DEADLINE_MS = 2_000;
/** Autocomplete waits at most this long for the moderator role (then MODERATOR_ROLE_ID). */
const AUTOCOMPLETE_ROLE_DEADLINE_MS = 700;
const LIST_LIMIT = 10;

/** Who is asking: the user, and whether their roles or permissions make them a moderator here. */
/** The guild's moderator role (per-guild setting, else MODERATOR_ROLE_ID). */
async function moderatorRole(
  interaction: { guildId: string | null },
  ctx: CommandContext,
  deadlineMs?: number,
): Promise<string | undefined> {
  return interaction.guildId === null
    ? ctx.config.discord.moderatorRoleId
    : ctx.services.calls.moderatorRoleId(interaction.guildId, deadlineMs);
}

export function callerOf(
  interaction: ChatInputCommandInteraction | AutocompleteInteraction,
  moderatorRoleId: string | undefined,
  shopGuildIds: readonly string[],
): Caller {
  const member = interaction.member;
  const roleIds = !member ? [] : Array.isArray(member.roles) ? member.roles : member.roles.cache.keys();
  const canManageGuild = interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false;
  return {
    userId: interaction.user.id,
    isModerator: isModerator({ roleIds, canManageGuild }, moderatorRoleId, {
      guildId: interaction.guildId,
      shopGuildIds,
    }),
  };
}

/** The reply for an error the user can act on, or undefined for a bug (the router apologises). */
function errorReply(err: unknown): string | undefined {
  if (err instanceof OrderIdError) {
    if (err.problem === 'too-long') return 'That order id is too long. Order ids look like `A-1042`.';
    return 'That is not an order id. Order ids look like `A-1042`: a letter, a dash and a number.';
  }
  if (err instanceof OrderNotFoundError) return `No order ${err.orderId} on your account.`;
  if (err instanceof StoreUnavailableError) {
    return 'The order system is not answering right now. Please try again in a minute.';
  }
  return undefined;
}

/** Answer with `work`'s text (or the user-facing error), deferring if it takes a while; then the hint. */
async function answer(
  interaction: ChatInputCommandInteraction,
  work: () => Promise<string>,
  hint?: Promise<string | undefined>,
): Promise<void> {
  await replyInTime(interaction, async () => {
    try {
      return await work();
    } catch (err) {
      const reply = errorReply(err);
      if (reply === undefined) throw err;
      return reply;
    }
  });
  await sendHint(interaction, hint);
}

export const order = {
  data: new SlashCommandBuilder()
    .setName('order')
    .setDescription('Your orders: status, delivery estimate, tracking')
    .addSubcommand((sub) =>
      sub
        .setName('status')
        .setDescription('Status, delivery estimate and tracking of one of your orders')
        .addStringOption((option) =>
          option
            .setName('order_id')
            .setDescription('The order id, like A-1042')
            .setRequired(true)
            .setAutocomplete(true)
            .setMaxLength(MAX_ORDER_ID_INPUT),
        ),
    )
    .addSubcommand((sub) => sub.setName('list').setDescription('Your recent orders, newest first'))
    .addSubcommand(notifySubcommand),

  async execute(interaction, ctx) {
    if (interaction.options.getSubcommand() === 'notify') return runNotify(interaction, ctx);
    const hint = firstUseHint(interaction, ctx);
    const orders = ctx.services.orders;
    // Every store call (the moderator role included) runs inside `answer`, which defers in time.
    const caller = async () =>
      callerOf(interaction, await moderatorRole(interaction, ctx), ctx.config.discord.shopGuildIds);
    if (interaction.options.getSubcommand() === 'list') {
      await answer(
        interaction,
        async () => formatOrderList(await orders.listForCaller(await caller(), LIST_LIMIT)),
        hint,
      );
      return;
    }
    const raw = interaction.options.getString('order_id', true);
    await answer(
      interaction,
      async () => formatOrderStatus(await orders.getForCaller(raw, await caller())),
      hint,
    );
  },

  async autocomplete(interaction, ctx) {
    const typed = interaction.options.getFocused();
    const deadline = AbortSignal.timeout(AUTOCOMPLETE_DEADLINE_MS);
    let suggestions: Awaited<ReturnType<typeof ctx.services.orders.suggest>> = [];
    try {
      const role = await moderatorRole(interaction, ctx, AUTOCOMPLETE_ROLE_DEADLINE_MS);
      suggestions = await ctx.services.orders.suggest(
        callerOf(interaction, role, ctx.config.discord.shopGuildIds),
        typed,
        deadline,
      );
    } catch (err) {
      ctx.log.warn({ err }, 'order autocomplete failed');
    }
    // Discord accepts at most 25 choices, names of 1 to 100 characters.
    await interaction.respond(
      suggestions.slice(0, 25).map((s) => ({
        name: (s.status ? `${s.orderId} · ${statusInWords(s.status)}` : s.orderId).slice(0, 100),
        value: s.orderId,
      })),
    );
  },
} satisfies Command;
