/**
 * Answer an interaction within Discord's deadline: Discord refuses the initial response 3 s after
 * the interaction (10062 Unknown interaction), so when the answer is not ready after
 * `deferAfterMs` the reply is deferred (ephemeral, "thinking…") and the answer edited in later.
 */
import { MessageFlags, type ChatInputCommandInteraction } from 'discord.js';

/** Well inside Discord's 3 s, leaving room for the deferral's own round trip. */
export const DEFER_AFTER_MS = 1_000;

export async function replyInTime(
  interaction: ChatInputCommandInteraction,
  produce: () => Promise<string>,
  deferAfterMs = DEFER_AFTER_MS,
): Promise<void> {
  const answer = produce();
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), deferAfterMs);
  });
  const first = await Promise.race([answer.then(settled, settled), late]);
  clearTimeout(timer);
  if (first === 'late') await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const content = await answer;
  const message = { content, allowedMentions: { parse: [] } };
  if (interaction.deferred) await interaction.editReply(message);
  else await interaction.reply({ ...message, flags: MessageFlags.Ephemeral });
}

function settled(): 'settled' {
  return 'settled';
}
