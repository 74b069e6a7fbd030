/** The command registry: every slash command the bot serves and `deploy-commands` registers. */
import {
  ApplicationIntegrationType,
  InteractionContextType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { Command } from './command.ts';
import { help } from './help.ts';
import { order } from './order.ts';
import { voice } from './voice.ts';
import { voicedesk } from './voicedesk.ts';

export const commands: readonly Command[] = [help, order, voice, voicedesk];

/** What `deploy-commands` registers: every command, usable in guilds only, installed to guilds only. */
export function commandDefinitions(): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  return commands.map((c) => ({
    ...c.data.toJSON(),
    contexts: [InteractionContextType.Guild],
    integration_types: [ApplicationIntegrationType.GuildInstall],
  }));
}
