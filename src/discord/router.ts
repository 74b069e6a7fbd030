/**
 * Routes interactions to command modules. Every failure is answered with a short ephemeral apology
 * carrying a correlation id that is also logged; nothing here ever rejects. During shutdown new
 * interactions are declined politely while in-flight ones are allowed to finish.
 */
import { randomUUID } from 'node:crypto';
import {
  MessageFlags,
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
} from 'discord.js';
import type { Command, CommandContext } from '../commands/command.ts';

export const APOLOGY = (ref: string) =>
  `Sorry, something went wrong on our side. Please try again in a moment. (ref \`${ref}\`)`;
export const SHUTTING_DOWN = 'voicedesk is restarting right now. Please try again in a minute.';
/**
 * Commands are registered for guilds only, but a user-installed copy or a guild the bot has left
 * can still send one: it gets this answer and no command runs (so no moderator rights anywhere).
 */
export const NOT_IN_GUILD =
  'voicedesk works only inside a server it has been added to. Run this command there.';

export class InteractionRouter {
  private readonly byName: ReadonlyMap<string, Command>;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly ctx: CommandContext;
  private accepting = true;

  constructor(commands: readonly Command[], ctx: CommandContext) {
    this.ctx = ctx;
    this.byName = new Map(commands.map((c) => [c.data.name, c]));
  }

  /** Handle one interaction; resolves when done and never rejects. */
  handle(interaction: Interaction): Promise<void> {
    const work = this.dispatch(interaction);
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
    return work;
  }

  /** Stop starting new commands (they get a "restarting" reply). */
  stopAccepting(): void {
    this.accepting = false;
  }

  /** Wait for in-flight commands, at most `timeoutMs`. */
  async drain(timeoutMs: number): Promise<void> {
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, timeoutMs).unref());
    await Promise.race([Promise.allSettled([...this.inFlight]), timeout]);
  }

  private async dispatch(interaction: Interaction): Promise<void> {
    if (interaction.isChatInputCommand()) return this.runCommand(interaction);
    if (interaction.isAutocomplete()) return this.runAutocomplete(interaction);
  }

  private contextFor(interaction: Interaction, correlationId: string): CommandContext {
    const log = this.ctx.log.child({
      correlationId,
      guildId: interaction.guildId ?? undefined,
      userId: interaction.user.id,
    });
    return { ...this.ctx, log };
  }

  private async runCommand(interaction: ChatInputCommandInteraction): Promise<void> {
    const correlationId = randomUUID().slice(0, 8);
    const ctx = this.contextFor(interaction, correlationId);
    const command = this.byName.get(interaction.commandName);
    try {
      if (!this.accepting) {
        await interaction.reply({ content: SHUTTING_DOWN, flags: MessageFlags.Ephemeral });
        return;
      }
      if (!interaction.inCachedGuild()) {
        ctx.log.info({ command: interaction.commandName }, 'command from outside a guild of the bot');
        await interaction.reply({ content: NOT_IN_GUILD, flags: MessageFlags.Ephemeral });
        return;
      }
      if (!command) throw new Error(`no handler for /${interaction.commandName}`);
      await command.execute(interaction, ctx);
    } catch (err) {
      ctx.log.error({ err, command: interaction.commandName }, 'command failed');
      await this.apologise(interaction, correlationId, ctx);
    }
  }

  private async runAutocomplete(interaction: AutocompleteInteraction): Promise<void> {
    const ctx = this.contextFor(interaction, randomUUID().slice(0, 8));
    const command = this.byName.get(interaction.commandName);
    try {
      if (!this.accepting || !command?.autocomplete || !interaction.inCachedGuild()) {
        await interaction.respond([]);
        return;
      }
      await command.autocomplete(interaction, ctx);
    } catch (err) {
      ctx.log.warn({ err, command: interaction.commandName }, 'autocomplete failed');
      if (!interaction.responded) await interaction.respond([]).catch(() => undefined);
    }
  }

  private async apologise(
    interaction: ChatInputCommandInteraction,
    correlationId: string,
    ctx: CommandContext,
  ): Promise<void> {
    const content = APOLOGY(correlationId);
    try {
      if (interaction.replied) await interaction.followUp({ content, flags: MessageFlags.Ephemeral });
      else if (interaction.deferred) await interaction.editReply({ content });
      else await interaction.reply({ content, flags: MessageFlags.Ephemeral });
    } catch (err) {
      ctx.log.warn({ err }, 'could not send the apology');
    }
  }
}
