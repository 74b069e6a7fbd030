/**
 * A loopback Discord for end-to-end tests: REST (`/api/v10`) and a `ws://` gateway on one
 * 127.0.0.1 port that a real, unmodified discord.js Client logs into. Tests build a world (guilds,
 * users, roles, channels), run slash commands as users, and read back what the bot answered.
 *
 * ```ts
 * const fake = await FakeDiscord.start();
 * const alice = fake.createUser('alice');
 * const guild = fake.createGuild('Shop', { members: [alice] });
 * // start the bot with DISCORD_API_URL=fake.apiUrl, DISCORD_TOKEN=fake.token, then:
 * const reply = await fake.runSlashCommand(alice, guild, 'help');
 * ```
 */
import { createServer, type Server } from 'node:http';
import { PermissionFlagsBits } from 'discord.js';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { FakeDms } from './dm.ts';
import { FakeGateway, type VoiceProvider } from './gateway.ts';
import { FakeInteraction, interactionPayload, type CommandInput, type FakeMessage } from './interactions.ts';
import { FakeRest } from './rest.ts';
import { registerRoutes } from './routes.ts';
import {
  FakeGuild,
  serializeGuild,
  serializeMember,
  serializeVoiceState,
  snowflake,
  type FakeChannel,
  type FakeRole,
  type FakeUser,
} from './state.ts';

export type { FakeMessage, CommandInput } from './interactions.ts';
export type { FakeDm } from './dm.ts';
export type { FakeUser, FakeRole, FakeChannel } from './state.ts';
export { FakeGuild } from './state.ts';
export { FakeInteraction } from './interactions.ts';
export type { VoiceProvider } from './gateway.ts';

export const FAKE_TOKEN = 'FAKE.BOT.TOKEN-not-a-real-secret-0123456789';

/**
 * What an operator grants the bot when inviting it (the bot's own role): everything it needs to
 * join, talk, post notices and summaries, and show its "listening" nickname. Nothing else.
 */
export const BOT_ROLE_PERMISSIONS =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.ReadMessageHistory |
  PermissionFlagsBits.Connect |
  PermissionFlagsBits.Speak |
  PermissionFlagsBits.UseVAD |
  PermissionFlagsBits.ChangeNickname;

export class FakeDiscord {
  readonly token = FAKE_TOKEN;
  readonly bot: FakeUser;
  readonly applicationId: string;
  readonly rest: FakeRest;
  readonly gateway: FakeGateway;
  readonly guilds = new Map<string, FakeGuild>();
  readonly users = new Map<string, FakeUser>();
  /** Commands registered through REST, keyed by scope: `global` or a guild id. */
  readonly registeredCommands = new Map<string, { id: string; name: string; [k: string]: unknown }[]>();
  readonly messages: FakeMessage[] = [];
  readonly interactions = new Map<string, FakeInteraction>();
  /** The per-channel message bucket (set by the routes): how many requests got 429. */
  rateLimits: { limited: number } = { limited: 0 };
  /** Direct messages: DM channels, messages to them, members who refuse DMs. */
  readonly dms: FakeDms;
  private readonly server: Server;
  private readonly messageWaiters = new Set<() => void>();
  private voiceProvider: VoiceProvider | undefined;
  private port = 0;

  private constructor() {
    this.bot = { id: snowflake(), username: 'voicedesk', globalName: 'voicedesk', bot: true };
    this.applicationId = this.bot.id;
    this.users.set(this.bot.id, this.bot);
    this.rest = new FakeRest(this.token);
    this.gateway = new FakeGateway({
      token: this.token,
      bot: this.bot,
      applicationId: this.applicationId,
      url: () => `ws://127.0.0.1:${this.port}`,
      guilds: () => this.guilds.values(),
      voiceProvider: () => this.voiceProvider,
    });
    registerRoutes(this);
    this.dms = new FakeDms(this);
    this.dms.register();
    this.server = createServer((req, res) => void this.rest.handle(req, res));
    this.server.on('upgrade', (req, socket, head) => this.gateway.handleUpgrade(req, socket, head));
  }

  static async start(): Promise<FakeDiscord> {
    const fake = new FakeDiscord();
    fake.server.listen(0, '127.0.0.1');
    await once(fake.server, 'listening');
    fake.port = (fake.server.address() as AddressInfo).port;
    return fake;
  }

  /** The value for `DISCORD_API_URL`. */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  /** Environment for a bot process pointed at this fake. */
  botEnv(): Record<string, string> {
    return { DISCORD_TOKEN: this.token, DISCORD_API_URL: this.apiUrl, DISCORD_CLIENT_ID: this.applicationId };
  }

  createUser(
    username: string,
    options: { globalName?: string; bot?: boolean; id?: string | undefined } = {},
  ): FakeUser {
    const user = {
      id: options.id ?? snowflake(),
      username,
      globalName: options.globalName ?? username,
      bot: options.bot ?? false,
    };
    this.users.set(user.id, user);
    return user;
  }

  /** A guild with a `general` text channel and a `Help Desk` voice channel; the bot is a member. */
  createGuild(
    name = 'Fake Shop',
    options: { owner?: FakeUser; members?: readonly FakeUser[] } = {},
  ): FakeGuild {
    const owner = options.owner ?? this.createUser(`${name.toLowerCase().replace(/\W+/g, '-')}-owner`);
    const guild = new FakeGuild(name, owner.id);
    guild.addTextChannel('general');
    guild.addVoiceChannel('Help Desk');
    // Discord gives a bot's own role `managed: true` (created with the bot's integration).
    const botRole = guild.addRole(this.bot.username, BOT_ROLE_PERMISSIONS, { managed: true });
    guild.addMember(this.bot, { roles: [botRole] });
    for (const user of [owner, ...(options.members ?? [])]) guild.addMember(user);
    this.guilds.set(guild.id, guild);
    guild.onChange = (event, payload) => this.gateway.dispatch(event, payload, guild.id);
    this.gateway.dispatch('GUILD_CREATE', serializeGuild(guild, this.bot.id), guild.id);
    return guild;
  }

  /** The bot's own role in `guild` (created with BOT_ROLE_PERMISSIONS). */
  botRole(guild: FakeGuild): FakeRole {
    const role = [...guild.roles.values()].find((r) => r.name === this.bot.username);
    if (!role) throw new Error(`${guild.name} has no role for the bot`);
    return role;
  }

  /**
   * Deny the bot `bits` in one channel through a member overwrite (as a moderator would); with
   * `announce: false` the bot is not told (its cache is out of date).
   */
  denyBot(guild: FakeGuild, channel: FakeChannel, bits: bigint, options: { announce?: boolean } = {}): void {
    guild.setOverwrite(channel, { id: this.bot.id, type: 1 }, { deny: bits }, options);
  }

  /**
   * A moderator drags the bot to another voice channel: Discord sends the bot's new voice state;
   * the voice session itself stays up.
   */
  moveBot(guild: FakeGuild, channelId: string): void {
    const state = guild.voiceStates.get(this.bot.id);
    if (!state) throw new Error('the bot is not in a voice channel');
    state.channelId = channelId;
    this.gateway.dispatch('VOICE_STATE_UPDATE', serializeVoiceState(guild, this.bot.id, state), guild.id);
  }

  /** Add a member to a guild with roles (the gateway tells the bot). */
  addMember(guild: FakeGuild, user: FakeUser, roles: readonly FakeRole[] = []): void {
    guild.addMember(user, { roles });
  }

  /** Plug in a voice server: it answers op 4 with a VOICE_SERVER_UPDATE endpoint. */
  setVoiceProvider(provider: VoiceProvider | undefined): void {
    this.voiceProvider = provider;
  }

  /** Move a (human) user into a voice channel, or out with `null`; the bot gets VOICE_STATE_UPDATE. */
  setUserVoiceState(user: FakeUser, guild: FakeGuild, channelId: string | null): void {
    if (channelId === null) guild.voiceStates.delete(user.id);
    else
      guild.voiceStates.set(user.id, { channelId, sessionId: snowflake(), selfMute: false, selfDeaf: false });
    this.gateway.dispatch(
      'VOICE_STATE_UPDATE',
      serializeVoiceState(guild, user.id, guild.voiceStates.get(user.id)),
      guild.id,
    );
    this.voiceProvider?.userVoiceState?.(guild.id, user.id, channelId);
  }

  /** Run `/name` as `user`; resolves when the bot's visible answer is there (reply, or deferral + edit). */
  async runSlashCommand(
    user: FakeUser,
    guild: FakeGuild,
    name: string,
    input: CommandInput = {},
    timeoutMs = 10_000,
  ) {
    const interaction = this.startInteraction(2, user, guild, name, input);
    return interaction.waitFor((i) => i.callbackType === 4 || i.original?.editedAt !== undefined, timeoutMs);
  }

  /** Send an autocomplete for `input.focused`; resolves with the offered choices. */
  async runAutocomplete(
    user: FakeUser,
    guild: FakeGuild,
    name: string,
    input: CommandInput,
    timeoutMs = 5_000,
  ) {
    const interaction = this.startInteraction(4, user, guild, name, input);
    await interaction.waitFor((i) => i.choices !== undefined, timeoutMs);
    return interaction.choices ?? [];
  }

  /** Dispatch an interaction without waiting for its answer. */
  startInteraction(
    type: 2 | 4,
    user: FakeUser,
    guild: FakeGuild,
    name: string,
    input: CommandInput = {},
  ): FakeInteraction {
    const interaction = new FakeInteraction();
    this.interactions.set(interaction.token, interaction);
    const payload = interactionPayload({
      interaction,
      applicationId: this.applicationId,
      botId: this.bot.id,
      type,
      user,
      guild,
      name,
      input,
    });
    this.gateway.dispatch('INTERACTION_CREATE', payload, guild.id);
    return interaction;
  }

  /** Resolves with the first channel message (past or future) matching `predicate`. */
  waitForMessage(predicate: (m: FakeMessage) => boolean, timeoutMs = 10_000): Promise<FakeMessage> {
    const found = this.messages.find(predicate);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.messageWaiters.delete(check);
        reject(new Error(`no matching channel message within ${timeoutMs} ms`));
      }, timeoutMs);
      const check = () => {
        const match = this.messages.find(predicate);
        if (!match) return;
        clearTimeout(timer);
        this.messageWaiters.delete(check);
        resolve(match);
      };
      this.messageWaiters.add(check);
    });
  }

  /** Called by routes when a channel message is created or edited. */
  messagesChanged(): void {
    for (const waiter of [...this.messageWaiters]) waiter();
  }

  /** A message someone else (not the bot) posts in `channelId`: no REST call, so no bot rate limit. */
  otherPosts(channelId: string, content: string): FakeMessage {
    const message: FakeMessage = {
      id: snowflake(),
      channelId,
      content,
      embeds: [],
      flags: 0,
      components: [],
      attachments: [],
      createdAt: Date.now(),
      editedAt: undefined,
    };
    this.messages.push(message);
    this.messagesChanged();
    return message;
  }

  memberPayload(guild: FakeGuild, userId: string) {
    const member = guild.members.get(userId);
    return member ? serializeMember(member) : undefined;
  }

  async close(): Promise<void> {
    this.gateway.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
