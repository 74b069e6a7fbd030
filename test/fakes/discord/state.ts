/**
 * The fake Discord's world: users, guilds, roles, channels, members and voice states, and the
 * serializers that turn them into the API payloads a real discord.js client accepts.
 */
import { PermissionFlagsBits } from 'discord.js';

const DISCORD_EPOCH = 1_420_070_400_000n;
let lastTimestamp = BigInt(Date.now()) - DISCORD_EPOCH;

/** A snowflake whose timestamp part grows by 1 ms per id, so ids spread over shards. */
export function snowflake(): string {
  lastTimestamp += 1n;
  return (lastTimestamp << 22n).toString();
}

export const EVERYONE_PERMISSIONS =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.ReadMessageHistory |
  PermissionFlagsBits.Connect |
  PermissionFlagsBits.Speak |
  PermissionFlagsBits.UseVAD |
  PermissionFlagsBits.UseApplicationCommands;

export interface FakeUser {
  readonly id: string;
  readonly username: string;
  readonly globalName: string | null;
  readonly bot: boolean;
}

export interface FakeRole {
  readonly id: string;
  readonly name: string;
  readonly permissions: bigint;
  readonly position: number;
  /** Managed by an integration (a bot's own role): Discord's `managed` flag; members cannot be given it by hand. */
  readonly managed?: boolean;
}

export type ChannelKind = 'text' | 'voice' | 'stage';

/** A channel permission overwrite: `type` 0 is a role (the guild id is @everyone), 1 a member. */
export interface FakeOverwrite {
  readonly id: string;
  readonly type: 0 | 1;
  allow: bigint;
  deny: bigint;
}

export interface FakeChannel {
  readonly id: string;
  readonly guildId: string;
  readonly name: string;
  readonly kind: ChannelKind;
  readonly overwrites: FakeOverwrite[];
  /** Voice channels: how many may be in it (0: no limit). */
  userLimit: number;
}

export interface FakeMember {
  readonly user: FakeUser;
  roles: string[];
  nick: string | null;
  readonly joinedAt: string;
}

export interface VoiceState {
  channelId: string;
  sessionId: string;
  selfMute: boolean;
  selfDeaf: boolean;
}

export class FakeGuild {
  readonly id = snowflake();
  readonly name: string;
  readonly ownerId: string;
  readonly roles = new Map<string, FakeRole>();
  readonly channels = new Map<string, FakeChannel>();
  readonly members = new Map<string, FakeMember>();
  readonly voiceStates = new Map<string, VoiceState>();
  /** Called when the world changes so the gateway can dispatch the matching event. */
  onChange: (event: string, payload: unknown) => void = () => undefined;

  constructor(name: string, ownerId: string) {
    this.name = name;
    this.ownerId = ownerId;
    // @everyone shares the guild's id.
    this.roles.set(this.id, {
      id: this.id,
      name: '@everyone',
      permissions: EVERYONE_PERMISSIONS,
      position: 0,
    });
  }

  addRole(name: string, permissions: bigint = 0n, options: { managed?: boolean } = {}): FakeRole {
    const role = {
      id: snowflake(),
      name,
      permissions,
      position: this.roles.size,
      managed: options.managed ?? false,
    };
    this.roles.set(role.id, role);
    this.onChange('GUILD_ROLE_CREATE', { guild_id: this.id, role: serializeRole(role) });
    return role;
  }

  addTextChannel(name: string): FakeChannel {
    return this.addChannel(name, 'text');
  }

  addVoiceChannel(name: string): FakeChannel {
    return this.addChannel(name, 'voice');
  }

  addStageChannel(name: string): FakeChannel {
    return this.addChannel(name, 'stage');
  }

  private addChannel(name: string, kind: ChannelKind): FakeChannel {
    const channel: FakeChannel = {
      id: snowflake(),
      guildId: this.id,
      name,
      kind,
      overwrites: [],
      userLimit: 0,
    };
    this.channels.set(channel.id, channel);
    this.onChange('CHANNEL_CREATE', serializeChannel(channel, this.channels.size));
    return channel;
  }

  addMember(user: FakeUser, options: { roles?: readonly FakeRole[] } = {}): FakeMember {
    const member: FakeMember = {
      user,
      roles: (options.roles ?? []).map((r) => r.id),
      nick: null,
      joinedAt: new Date().toISOString(),
    };
    this.members.set(user.id, member);
    this.onChange('GUILD_MEMBER_ADD', { guild_id: this.id, ...serializeMember(member) });
    return member;
  }

  /** Effective guild-level permissions of a member (owner and Administrator get everything). */
  permissionsOf(userId: string): bigint {
    const member = this.members.get(userId);
    if (!member) return 0n;
    if (userId === this.ownerId) return allPermissions();
    let bits = this.roles.get(this.id)?.permissions ?? 0n;
    for (const roleId of member.roles) bits |= this.roles.get(roleId)?.permissions ?? 0n;
    return bits & PermissionFlagsBits.Administrator ? allPermissions() : bits;
  }

  /**
   * A member's permissions in a channel, by Discord's documented algorithm ("Permission
   * Overwrites": @everyone overwrite, then the member's roles' overwrites together, then the
   * member's own), plus the implicit rules: no View Channel means nothing, and no Send Messages in
   * a text channel takes embeds, files and mentions with it.
   */
  permissionsIn(userId: string, channelId: string): bigint {
    const base = this.permissionsOf(userId);
    const channel = this.channels.get(channelId);
    const member = this.members.get(userId);
    if (!channel || !member) return 0n;
    if (base & PermissionFlagsBits.Administrator) return base;
    const find = (id: string) => channel.overwrites.find((o) => o.id === id);
    const apply = (bits: bigint, o: { allow: bigint; deny: bigint } | undefined) =>
      o ? (bits & ~o.deny) | o.allow : bits;
    let bits = apply(base, find(this.id));
    const roles = member.roles.map(find).filter((o) => o !== undefined);
    bits = apply(bits, {
      allow: roles.reduce((all, o) => all | o.allow, 0n),
      deny: roles.reduce((all, o) => all | o.deny, 0n),
    });
    bits = apply(
      bits,
      channel.overwrites.find((o) => o.id === userId && o.type === 1),
    );
    if (!(bits & PermissionFlagsBits.ViewChannel)) return 0n;
    if (channel.kind === 'text' && !(bits & PermissionFlagsBits.SendMessages)) {
      bits &=
        ~PermissionFlagsBits.MentionEveryone &
        ~PermissionFlagsBits.SendTTSMessages &
        ~PermissionFlagsBits.AttachFiles &
        ~PermissionFlagsBits.EmbedLinks;
    }
    return bits;
  }

  /** Whether `userId` holds every bit of `needed` in the channel. */
  can(userId: string, channelId: string, needed: bigint): boolean {
    return (this.permissionsIn(userId, channelId) & needed) === needed;
  }

  /**
   * Set (replace) a channel overwrite for a role or member; the gateway sends CHANNEL_UPDATE unless
   * `announce` is false (the bot's cache is then out of date, as when a change races a command).
   */
  setOverwrite(
    channel: FakeChannel,
    target: { id: string; type: 0 | 1 },
    bits: { allow?: bigint; deny?: bigint },
    options: { announce?: boolean } = {},
  ): void {
    const index = channel.overwrites.findIndex((o) => o.id === target.id);
    if (index >= 0) channel.overwrites.splice(index, 1);
    channel.overwrites.push({ ...target, allow: bits.allow ?? 0n, deny: bits.deny ?? 0n });
    if (options.announce ?? true) this.channelChanged(channel);
  }

  /** Remove every overwrite of a channel. */
  clearOverwrites(channel: FakeChannel): void {
    channel.overwrites.length = 0;
    this.channelChanged(channel);
  }

  setUserLimit(channel: FakeChannel, limit: number): void {
    channel.userLimit = limit;
    this.channelChanged(channel);
  }

  private channelChanged(channel: FakeChannel): void {
    const position = [...this.channels.keys()].indexOf(channel.id);
    this.onChange('CHANNEL_UPDATE', serializeChannel(channel, position));
  }

  /** Humans (and the bot) currently in a voice channel. */
  usersInChannel(channelId: string): string[] {
    return [...this.voiceStates].filter(([, s]) => s.channelId === channelId).map(([userId]) => userId);
  }
}

function allPermissions(): bigint {
  return Object.values(PermissionFlagsBits).reduce((all, bit) => all | bit, 0n);
}

export function serializeUser(user: FakeUser) {
  return {
    id: user.id,
    username: user.username,
    discriminator: '0',
    global_name: user.globalName,
    avatar: null,
    bot: user.bot,
  };
}

/** A message the bot sent, as Discord's REST API returns it (no attachments, mentions or pins). */
export function serializeBotMessage(
  bot: FakeUser,
  m: {
    readonly id: string;
    readonly channelId: string;
    readonly content: string;
    readonly embeds: unknown[];
    readonly createdAt: number;
    readonly components?: unknown[];
    readonly flags?: number;
    readonly editedAt?: number | undefined;
  },
) {
  return {
    id: m.id,
    channel_id: m.channelId,
    author: serializeUser(bot),
    content: m.content,
    embeds: m.embeds,
    attachments: [],
    components: m.components ?? [],
    mentions: [],
    mention_roles: [],
    mention_everyone: false,
    pinned: false,
    tts: false,
    type: 0,
    flags: m.flags ?? 0,
    timestamp: new Date(m.createdAt).toISOString(),
    edited_timestamp: m.editedAt ? new Date(m.editedAt).toISOString() : null,
  };
}

export function serializeRole(role: FakeRole) {
  return {
    id: role.id,
    name: role.name,
    permissions: role.permissions.toString(),
    position: role.position,
    color: 0,
    hoist: false,
    managed: role.managed ?? false,
    mentionable: false,
    flags: 0,
  };
}

export function serializeChannel(channel: FakeChannel, position = 0) {
  const base = {
    id: channel.id,
    guild_id: channel.guildId,
    name: channel.name,
    position,
    permission_overwrites: channel.overwrites.map((o) => ({
      id: o.id,
      type: o.type,
      allow: o.allow.toString(),
      deny: o.deny.toString(),
    })),
  };
  if (channel.kind === 'text') return { ...base, type: 0, topic: null, nsfw: false };
  return {
    ...base,
    type: channel.kind === 'stage' ? 13 : 2,
    bitrate: 64_000,
    user_limit: channel.userLimit,
    rtc_region: null,
  };
}

export function serializeMember(member: FakeMember) {
  return {
    user: serializeUser(member.user),
    nick: member.nick,
    roles: [...member.roles],
    joined_at: member.joinedAt,
    deaf: false,
    mute: false,
    flags: 0,
  };
}

export function serializeVoiceState(guild: FakeGuild, userId: string, state: VoiceState | undefined) {
  const member = guild.members.get(userId);
  return {
    guild_id: guild.id,
    channel_id: state?.channelId ?? null,
    user_id: userId,
    session_id: state?.sessionId ?? 'none',
    member: member ? serializeMember(member) : undefined,
    deaf: false,
    mute: false,
    self_deaf: state?.selfDeaf ?? false,
    self_mute: state?.selfMute ?? false,
    self_video: false,
    suppress: false,
    request_to_speak_timestamp: null,
  };
}

export function serializeGuild(guild: FakeGuild, botId: string) {
  return {
    id: guild.id,
    name: guild.name,
    owner_id: guild.ownerId,
    unavailable: false,
    joined_at: new Date().toISOString(),
    roles: [...guild.roles.values()].map(serializeRole),
    channels: [...guild.channels.values()].map((c, i) => serializeChannel(c, i)),
    // Without the privileged GuildMembers intent Discord lists only the bot and members in voice.
    members: [...guild.members.values()]
      .filter((m) => m.user.id === botId || guild.voiceStates.has(m.user.id))
      .map(serializeMember),
    voice_states: [...guild.voiceStates].map(([userId, s]) => {
      const { guild_id: _omit, member: _m, ...rest } = serializeVoiceState(guild, userId, s);
      return rest;
    }),
    presences: [],
    emojis: [],
    stickers: [],
    threads: [],
    features: [],
    member_count: guild.members.size,
    large: false,
    preferred_locale: 'en-US',
  };
}
