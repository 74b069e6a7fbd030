/**
 * The order-update parts of `/order`: the `notify on|off` subcommand and the one-line first-use
 * hint. Kept beside order.ts so `/order`'s own handling stays about orders.
 */
import {
  MessageFlags,
  type ChatInputCommandInteraction,
  type SlashCommandSubcommandBuilder,
} from 'discord.js';
import type { CommandContext } from './command.ts';
import { replyInTime } from './reply-in-time.ts';

export function notifySubcommand(sub: SlashCommandSubcommandBuilder): SlashCommandSubcommandBuilder {
  return sub
    .setName('notify')
    .setDescription('Get a DM when one of your orders changes, or stop that')
    .addStringOption((option) =>
      option
        .setName('updates')
        .setDescription('on: DM me when my orders change; off: do not')
        .setRequired(true)
        .addChoices({ name: 'on', value: 'on' }, { name: 'off', value: 'off' }),
    );
}

/** `/order notify on|off`: the caller's own choice, for every order of theirs. */
export async function runNotify(
  interaction: ChatInputCommandInteraction,
  ctx: CommandContext,
): Promise<void> {
  const choice = interaction.options.getString('updates', true) === 'off' ? 'off' : 'on';
  await replyInTime(interaction, () => ctx.services.notifications.setChoice(useOf(interaction), choice));
}

/** Starts recording the use at once (in parallel with the answer); resolves with the hint, if due. */
export function firstUseHint(
  interaction: ChatInputCommandInteraction,
  ctx: CommandContext,
): Promise<string | undefined> {
  return ctx.services.notifications.firstUseHint(useOf(interaction));
}

/** The hint, if due, as its own ephemeral line after the answer; a failure costs only the hint. */
export async function sendHint(
  interaction: ChatInputCommandInteraction,
  hint: Promise<string | undefined> | undefined,
): Promise<void> {
  const content = await hint?.catch(() => undefined);
  if (!content) return;
  await interaction
    .followUp({ content, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } })
    .catch(() => undefined);
}

function useOf(interaction: ChatInputCommandInteraction) {
  return { userId: interaction.user.id, guildId: interaction.guildId, locale: interaction.locale };
}
