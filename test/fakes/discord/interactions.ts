/**
 * Interactions as a test sees them: building INTERACTION_CREATE payloads for chat-input commands and
 * autocomplete, and collecting what the bot answered (callback, deferral, edits, follow-ups).
 */
import {
  snowflake,
  serializeMember,
  type FakeChannel,
  type FakeGuild,
  type FakeRole,
  type FakeUser,
} from './state.ts';

export interface FakeMessage {
  readonly id: string;
  readonly channelId: string;
  content: string;
  embeds: unknown[];
  flags: number;
  components: unknown[];
  attachments: unknown[];
  readonly createdAt: number;
  editedAt: number | undefined;
  /** The nonce the bot sent, if any. */
  nonce?: string | undefined;
}

/** One option value: strings/numbers/booleans map to their types; fake objects become resolved ids. */
export type OptionValue = string | number | boolean | FakeUser | FakeChannel | FakeRole;

export interface CommandInput {
  readonly subcommand?: string;
  readonly group?: string;
  readonly options?: Readonly<Record<string, OptionValue>>;
  /** For autocomplete: the option the user is typing in. */
  readonly focused?: string;
  /** Channel the command is run in (defaults to the guild's first text channel). */
  readonly channel?: FakeChannel;
  /** The user's client locale Discord sends with the interaction (default `en-US`). */
  readonly locale?: string;
}

export class FakeInteraction {
  readonly id = snowflake();
  readonly token = `interaction-token-${this.id}`;
  /** When the interaction was dispatched: Discord refuses an initial response 3 s after this. */
  readonly createdAt = Date.now();
  /** The bot's initial response came too late and was refused with 10062 (Unknown interaction). */
  expired = false;
  readonly followUps: FakeMessage[] = [];
  callbackType: number | undefined;
  original: FakeMessage | undefined;
  choices: { name: string; value: string | number }[] | undefined;
  private readonly waiters = new Set<() => void>();

  get deferred(): boolean {
    return this.callbackType === 5;
  }

  /** Resolves when `predicate` holds for this interaction (checked after every bot response). */
  waitFor(predicate: (i: FakeInteraction) => boolean, timeoutMs = 10_000): Promise<FakeInteraction> {
    if (predicate(this)) return Promise.resolve(this);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`interaction ${this.id}: condition not met within ${timeoutMs} ms`));
      }, timeoutMs);
      const check = () => {
        if (!predicate(this)) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(this);
      };
      this.waiters.add(check);
    });
  }

  /** Called by the REST routes after each response. */
  changed(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}

const OPTION_TYPE = {
  subcommand: 1,
  group: 2,
  string: 3,
  integer: 4,
  boolean: 5,
  user: 6,
  channel: 7,
  role: 8,
  number: 10,
};

function isUser(v: OptionValue): v is FakeUser {
  return typeof v === 'object' && 'username' in v;
}
function isChannel(v: OptionValue): v is FakeChannel {
  return typeof v === 'object' && 'kind' in v;
}

const CHANNEL_TYPE = { text: 0, voice: 2, stage: 13 } as const;

function buildOptions(input: CommandInput, guild: FakeGuild, userId: string) {
  const resolved: {
    users: Record<string, unknown>;
    members: Record<string, unknown>;
    channels: Record<string, unknown>;
    roles: Record<string, unknown>;
  } = { users: {}, members: {}, channels: {}, roles: {} };
  const leaf = Object.entries(input.options ?? {}).map(([name, value]) => {
    const focused = input.focused === name ? { focused: true } : {};
    if (typeof value === 'string') return { name, type: OPTION_TYPE.string, value, ...focused };
    if (typeof value === 'boolean') return { name, type: OPTION_TYPE.boolean, value };
    if (typeof value === 'number') {
      return {
        name,
        type: Number.isInteger(value) ? OPTION_TYPE.integer : OPTION_TYPE.number,
        value,
        ...focused,
      };
    }
    if (isUser(value)) {
      resolved.users[value.id] = {
        id: value.id,
        username: value.username,
        discriminator: '0',
        global_name: value.globalName,
        avatar: null,
        bot: value.bot,
      };
      const member = guild.members.get(value.id);
      if (member) {
        const { user: _u, ...rest } = serializeMember(member);
        resolved.members[value.id] = { ...rest, permissions: guild.permissionsOf(value.id).toString() };
      }
      return { name, type: OPTION_TYPE.user, value: value.id };
    }
    if (isChannel(value)) {
      resolved.channels[value.id] = {
        id: value.id,
        name: value.name,
        type: CHANNEL_TYPE[value.kind],
        permissions: guild.permissionsIn(userId, value.id).toString(),
      };
      return { name, type: OPTION_TYPE.channel, value: value.id };
    }
    resolved.roles[value.id] = {
      id: value.id,
      name: value.name,
      permissions: value.permissions.toString(),
      position: value.position,
      color: 0,
      hoist: false,
      managed: value.managed ?? false,
      mentionable: false,
      flags: 0,
    };
    return { name, type: OPTION_TYPE.role, value: value.id };
  });
  let options: unknown[] = leaf;
  if (input.subcommand) options = [{ name: input.subcommand, type: OPTION_TYPE.subcommand, options }];
  if (input.group) options = [{ name: input.group, type: OPTION_TYPE.group, options }];
  return { options, resolved };
}

/** The INTERACTION_CREATE payload for a command (type 2) or autocomplete (type 4). */
export function interactionPayload(args: {
  interaction: FakeInteraction;
  applicationId: string;
  botId: string;
  type: 2 | 4;
  user: FakeUser;
  guild: FakeGuild;
  name: string;
  input: CommandInput;
}) {
  const { interaction, guild, user, input } = args;
  const member = guild.members.get(user.id);
  if (!member) throw new Error(`${user.username} is not a member of ${guild.name}`);
  const channel = input.channel ?? [...guild.channels.values()].find((c) => c.kind === 'text');
  if (!channel) throw new Error(`${guild.name} has no text channel to run commands in`);
  const { options, resolved } = buildOptions(input, guild, user.id);
  // Discord sends the member's and the app's permissions in the channel the command was run in.
  const permissions = guild.permissionsIn(user.id, channel.id).toString();
  const appPermissions = guild.permissionsIn(args.botId, channel.id).toString();
  return {
    id: interaction.id,
    application_id: args.applicationId,
    type: args.type,
    token: interaction.token,
    version: 1,
    data: { id: snowflake(), name: args.name, type: 1, options, resolved, guild_id: guild.id },
    guild_id: guild.id,
    guild: { id: guild.id, locale: 'en-US', features: [] },
    channel_id: channel.id,
    channel: {
      id: channel.id,
      type: CHANNEL_TYPE[channel.kind],
      guild_id: guild.id,
      name: channel.name,
    },
    member: { ...serializeMember(member), permissions },
    app_permissions: appPermissions,
    locale: input.locale ?? 'en-US',
    guild_locale: 'en-US',
    entitlements: [],
    authorizing_integration_owners: { '0': guild.id },
    context: 0,
  };
}
