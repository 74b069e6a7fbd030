/**
 * The REST routes the bot uses, served from the fake's state. Message objects carry the fields
 * discord.js needs to build a `Message`. Strict like Discord: an initial interaction response
 * after 3 s is refused (10062), the bot's channel permissions are checked (50001 Missing Access,
 * 50013 Missing Permissions; embeds are dropped without Embed Links; history is empty without
 * Read Message History), sizes are limited and message bursts get 429.
 */
import { PermissionFlagsBits } from 'discord.js';
import type { FakeDiscord } from './index.ts';
import type { FakeInteraction, FakeMessage } from './interactions.ts';
import { choicesProblem, invalidForm, LIMITS, messageProblem, RateBuckets } from './limits.ts';
import type { RestCall, RestReply } from './rest.ts';
import {
  serializeBotMessage,
  serializeChannel,
  serializeMember,
  serializeUser,
  snowflake,
  type FakeGuild,
} from './state.ts';

/** Discord's window for the initial response to an interaction. */
export const INITIAL_RESPONSE_MS = 3_000;

const MISSING_ACCESS: RestReply = { status: 403, body: { message: 'Missing Access', code: 50001 } };
const MISSING_PERMISSIONS: RestReply = { status: 403, body: { message: 'Missing Permissions', code: 50013 } };
const UNKNOWN_INTERACTION: RestReply = { status: 404, body: { message: 'Unknown interaction', code: 10062 } };
const EMPTY_MESSAGE: RestReply = {
  status: 400,
  body: { message: 'Cannot send an empty message', code: 50006 },
};

interface MessageBody {
  content?: string;
  embeds?: unknown[];
  flags?: number;
  components?: unknown[];
  attachments?: unknown[];
}

function newMessage(channelId: string, body: MessageBody | undefined): FakeMessage {
  return {
    id: snowflake(),
    channelId,
    content: body?.content ?? '',
    embeds: body?.embeds ?? [],
    flags: body?.flags ?? 0,
    components: body?.components ?? [],
    attachments: body?.attachments ?? [],
    createdAt: Date.now(),
    editedAt: undefined,
  };
}

function applyEdit(message: FakeMessage, body: MessageBody | undefined): void {
  if (body?.content !== undefined) message.content = body.content;
  if (body?.embeds !== undefined) message.embeds = body.embeds;
  if (body?.components !== undefined) message.components = body.components;
  if (body?.attachments !== undefined) message.attachments = body.attachments;
  message.editedAt = Date.now();
}

export function registerRoutes(fake: FakeDiscord): void {
  const { rest } = fake;
  const serializeMessage = (m: FakeMessage) => serializeBotMessage(fake.bot, m);
  const interaction = (token: string | undefined): FakeInteraction | undefined =>
    token ? fake.interactions.get(token) : undefined;
  const notFound = (what: string) => ({ status: 404, body: { message: `Unknown ${what}`, code: 10008 } });

  rest.route('GET', '/gateway/bot', () => ({
    status: 200,
    body: {
      url: `ws://${new URL(fake.apiUrl).host}`,
      shards: 1,
      session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 },
    },
  }));
  rest.route('GET', '/users/@me', () => ({ status: 200, body: serializeUser(fake.bot) }));
  rest.route('GET', '/applications/@me', () => ({
    status: 200,
    body: { id: fake.applicationId, name: fake.bot.username, bot: serializeUser(fake.bot), flags: 0 },
  }));

  const commandScope = (params: Record<string, string>) => params.guildId ?? 'global';
  const listCommands = (_c: RestCall, params: Record<string, string>) => ({
    status: 200,
    body: fake.registeredCommands.get(commandScope(params)) ?? [],
  });
  const putCommands = (call: RestCall, params: Record<string, string>) => {
    const scope = commandScope(params);
    const previous = fake.registeredCommands.get(scope) ?? [];
    const body = (call.body ?? []) as { name: string }[];
    const saved = body.map((cmd) => ({
      ...cmd,
      id: previous.find((p) => p.name === cmd.name)?.id ?? snowflake(),
      application_id: fake.applicationId,
      version: snowflake(),
      ...(params.guildId ? { guild_id: params.guildId } : {}),
    }));
    fake.registeredCommands.set(scope, saved);
    return { status: 200, body: saved };
  };
  rest.route('GET', '/applications/:appId/commands', listCommands);
  rest.route('PUT', '/applications/:appId/commands', putCommands);
  rest.route('GET', '/applications/:appId/guilds/:guildId/commands', listCommands);
  rest.route('PUT', '/applications/:appId/guilds/:guildId/commands', putCommands);

  rest.route(
    'POST',
    '/interactions/:id/:token/callback',
    (call, { token }) => {
      const target = interaction(token);
      if (!target) return notFound('interaction');
      if (target.callbackType !== undefined) {
        return { status: 400, body: { message: 'Interaction has already been acknowledged.', code: 40060 } };
      }
      if (call.at - target.createdAt > INITIAL_RESPONSE_MS) {
        target.expired = true;
        target.changed();
        return UNKNOWN_INTERACTION;
      }
      const { type, data } = call.body as {
        type: number;
        data?: MessageBody & { choices?: { name: string; value: string | number }[] };
      };
      const problem = type === 8 ? choicesProblem(data?.choices ?? []) : messageProblem(data);
      if (problem) return problem;
      target.callbackType = type;
      if (type === 8) target.choices = data?.choices ?? [];
      else target.original = newMessage('interaction', data);
      target.changed();
      return { status: 204 };
    },
    { botAuth: false },
  );

  rest.route(
    'GET',
    '/webhooks/:appId/:token/messages/:messageId',
    (_c, { token }) => {
      const original = interaction(token)?.original;
      return original ? { status: 200, body: serializeMessage(original) } : notFound('message');
    },
    { botAuth: false },
  );
  rest.route(
    'PATCH',
    '/webhooks/:appId/:token/messages/:messageId',
    (call, { token, messageId }) => {
      const target = interaction(token);
      const message =
        messageId === '@original' ? target?.original : target?.followUps.find((m) => m.id === messageId);
      if (!target || !message) return notFound('message');
      const problem = messageProblem(call.body as MessageBody);
      if (problem) return problem;
      applyEdit(message, call.body as MessageBody);
      target.changed();
      return { status: 200, body: serializeMessage(message) };
    },
    { botAuth: false },
  );
  rest.route('DELETE', '/webhooks/:appId/:token/messages/:messageId', () => ({ status: 204 }), {
    botAuth: false,
  });
  rest.route(
    'POST',
    '/webhooks/:appId/:token',
    (call, { token }) => {
      const target = interaction(token);
      if (!target) return notFound('webhook');
      const problem = messageProblem(call.body as MessageBody);
      if (problem) return problem;
      const message = newMessage('interaction', call.body as MessageBody);
      target.followUps.push(message);
      target.changed();
      return { status: 200, body: serializeMessage(message) };
    },
    { botAuth: false },
  );

  const findChannel = (channelId: string | undefined) =>
    [...fake.guilds.values()].flatMap((g) => [...g.channels.values()]).find((c) => c.id === channelId);
  const guildOf = (channelId: string): FakeGuild | undefined =>
    [...fake.guilds.values()].find((g) => g.channels.has(channelId));
  const botCan = (channelId: string, bits: bigint) => guildOf(channelId)?.can(fake.bot.id, channelId, bits);
  /** Embeds need Embed Links; without it Discord drops them silently. */
  const withPermittedEmbeds = <T extends MessageBody>(channelId: string, body: T): T =>
    body.embeds?.length && !botCan(channelId, PermissionFlagsBits.EmbedLinks)
      ? { ...body, embeds: [] }
      : body;
  const isEmpty = (m: { content: string; embeds: unknown[]; attachments: unknown[] }) =>
    m.content === '' && m.embeds.length === 0 && m.attachments.length === 0;
  const messageBucket = new RateBuckets(5, 5_000);
  fake.rateLimits = messageBucket;

  rest.route('GET', '/channels/:channelId', (_c, { channelId = '' }) => {
    const channel = findChannel(channelId);
    if (!channel) return notFound('channel');
    if (!botCan(channelId, PermissionFlagsBits.ViewChannel)) return MISSING_ACCESS;
    return { status: 200, body: serializeChannel(channel) };
  });
  rest.route('POST', '/channels/:channelId/messages', (call, { channelId = '' }) => {
    const dm = fake.dms.handleMessage(call, channelId);
    if (dm) return dm;
    if (!findChannel(channelId)) return notFound('channel');
    if (!botCan(channelId, PermissionFlagsBits.ViewChannel)) return MISSING_ACCESS;
    if (!botCan(channelId, PermissionFlagsBits.SendMessages)) return MISSING_PERMISSIONS;
    const raw = call.body as MessageBody & { nonce?: string; enforce_nonce?: boolean };
    const problem = messageProblem(raw);
    if (problem) return problem;
    const limited = messageBucket.take(`POST ${channelId}`, call.at);
    if (limited) return limited;
    const body = withPermittedEmbeds(channelId, raw);
    // Discord returns the earlier message instead of creating a duplicate for a repeated nonce.
    const earlier =
      body.enforce_nonce && body.nonce ? fake.messages.find((m) => m.nonce === body.nonce) : undefined;
    if (earlier) return { status: 200, body: serializeMessage(earlier) };
    const message = { ...newMessage(channelId, body), nonce: body.nonce };
    if (isEmpty(message)) return EMPTY_MESSAGE;
    fake.messages.push(message);
    fake.messagesChanged();
    return { status: 200, body: serializeMessage(message) };
  });
  rest.route('PATCH', '/channels/:channelId/messages/:messageId', (call, { channelId = '', messageId }) => {
    const message = fake.messages.find((m) => m.id === messageId && m.channelId === channelId);
    if (!message) return notFound('message');
    if (!botCan(channelId, PermissionFlagsBits.ViewChannel)) return MISSING_ACCESS;
    const raw = call.body as MessageBody;
    const problem = messageProblem(raw);
    if (problem) return problem;
    const body = withPermittedEmbeds(channelId, raw);
    const after = {
      content: body.content ?? message.content,
      embeds: body.embeds ?? message.embeds,
      attachments: body.attachments ?? message.attachments,
    };
    if (isEmpty(after)) return EMPTY_MESSAGE;
    applyEdit(message, body);
    fake.messagesChanged();
    return { status: 200, body: serializeMessage(message) };
  });
  rest.route('GET', '/channels/:channelId/messages', (call, { channelId = '' }) => {
    if (!botCan(channelId, PermissionFlagsBits.ViewChannel)) return MISSING_ACCESS;
    // Without Read Message History Discord answers with no messages, not an error.
    if (!botCan(channelId, PermissionFlagsBits.ReadMessageHistory)) return { status: 200, body: [] };
    const limit = Number(call.query.get('limit') ?? 50);
    const before = call.query.get('before');
    const list = fake.messages
      .filter((m) => m.channelId === channelId && (!before || BigInt(m.id) < BigInt(before)))
      .reverse()
      .slice(0, limit);
    return { status: 200, body: list.map(serializeMessage) };
  });
  rest.route('GET', '/channels/:channelId/messages/:messageId', (_c, { channelId = '', messageId }) => {
    if (!botCan(channelId, PermissionFlagsBits.ViewChannel | PermissionFlagsBits.ReadMessageHistory))
      return MISSING_ACCESS;
    const message = fake.messages.find((m) => m.id === messageId);
    return message ? { status: 200, body: serializeMessage(message) } : notFound('message');
  });

  rest.route('GET', '/guilds/:guildId/members/:userId', (_c, { guildId = '', userId = '' }) => {
    const guild = fake.guilds.get(guildId);
    const member = guild ? fake.memberPayload(guild, userId === '@me' ? fake.bot.id : userId) : undefined;
    return member ? { status: 200, body: member } : notFound('member');
  });
  rest.route('PATCH', '/guilds/:guildId/members/@me', (call, { guildId = '' }) => {
    const guild = fake.guilds.get(guildId);
    const member = guild?.members.get(fake.bot.id);
    if (!guild || !member) return notFound('guild');
    if (!(guild.permissionsOf(fake.bot.id) & PermissionFlagsBits.ChangeNickname)) return MISSING_PERMISSIONS;
    const nick = (call.body as { nick?: string | null }).nick ?? null;
    if (nick !== null && nick.length > LIMITS.nickname)
      return invalidForm(`nick longer than ${LIMITS.nickname}`);
    member.nick = nick === '' ? null : nick;
    fake.gateway.dispatch(
      'GUILD_MEMBER_UPDATE',
      { guild_id: guild.id, ...serializeMember(member) },
      guild.id,
    );
    return { status: 200, body: fake.memberPayload(guild, fake.bot.id) };
  });
}
