/**
 * The shape of a slash command module: one file per command, ending `satisfies Command`.
 * Commands parse options and call a service; business logic lives in the services.
 */
import type {
  AutocompleteInteraction,
  ChatInputCommandInteraction,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import type { Services } from '../services.ts';

/** What a command handler gets besides its interaction. `log` carries guildId/userId/correlationId. */
export interface CommandContext {
  readonly config: Config;
  readonly log: Logger;
  readonly services: Services;
}

export interface Command {
  readonly data: { readonly name: string; toJSON(): RESTPostAPIChatInputApplicationCommandsJSONBody };
  execute(interaction: ChatInputCommandInteraction, ctx: CommandContext): Promise<void>;
  autocomplete?(interaction: AutocompleteInteraction, ctx: CommandContext): Promise<void>;
}
