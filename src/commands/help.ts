import { MessageFlags, SlashCommandBuilder } from 'discord.js';
import type { Command } from './command.ts';

export const HELP_TEXT = [
  '**voicedesk** is this server’s voice help desk for order questions.',
  '',
  '**In voice:** ask a moderator or anyone to run `/voice join` in your voice channel, then just talk: ',
  '“where is my order?”, “when will it arrive?”, “can I change the address?”. ',
  'With two or more people in the channel, start with the bot’s name so it knows you mean it.',
  '',
  '**Commands**',
  '`/order status order_id:<id>`: the status, delivery estimate and tracking of one of your orders',
  '`/order list`: your recent orders',
  '`/voice join` · `/voice leave` · `/voice status` · `/voice test` (hear how you sound to the bot)',
  '`/voice optout` · `/voice optin`: stop or allow the bot hearing and transcribing you in this server',
  '`/help`: this message',
  '',
  '**Privacy:** the bot only ever shows you your own orders. While it is in a voice channel it transcribes ',
  'what people say to it and posts a summary for the moderators when the call ends; it announces itself ',
  'when it joins. If you opt out, your voice never reaches the assistant or the transcript.',
].join('\n');

export const help = {
  data: new SlashCommandBuilder()
    .setName('help')
    .setDescription('What voicedesk does, its commands, and privacy'),
  async execute(interaction) {
    await interaction.reply({ content: HELP_TEXT, flags: MessageFlags.Ephemeral });
  },
} satisfies Command;
