/** The command registry: every slash command the bot serves and `deploy-commands` registers. */
import type { Command } from './command.ts';
import { help } from './help.ts';
import { order } from './order.ts';
import { voice } from './voice.ts';
import { voicedesk } from './voicedesk.ts';

export const commands: readonly Command[] = [help, order, voice, voicedesk];
