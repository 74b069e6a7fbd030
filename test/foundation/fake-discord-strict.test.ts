/**
 * The loopback Discord is strict the way Discord is: permissions from roles and overwrites, 403s
 * with Discord's codes, size limits, 429 with `retry_after` on bursts, and the 3 s window for an
 * initial interaction response. Plain HTTP against the fake, no bot process.
 */
import { PermissionFlagsBits } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord, type FakeChannel, type FakeGuild } from '../fakes/discord/index.ts';

describe('the strict loopback Discord', () => {
  let fake: FakeDiscord;
  let guild: FakeGuild;
  let general: FakeChannel;

  const api = (method: string, path: string, body?: unknown, auth = true) =>
    fetch(`${fake.apiUrl}/v10${path}`, {
      method,
      headers: {
        'content-type': 'application/json',
        ...(auth ? { authorization: `Bot ${fake.token}` } : {}),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const post = (channel: FakeChannel, body: unknown) => api('POST', `/channels/${channel.id}/messages`, body);

  beforeAll(async () => {
    fake = await FakeDiscord.start();
    guild = fake.createGuild('Strict Shop');
    general = guild.addTextChannel('strict');
  });
  afterAll(async () => fake.close());

  it('computes channel permissions with overwrites: @everyone, then roles, then the member', () => {
    const bot = fake.bot.id;
    const room = guild.addTextChannel('room');
    expect(guild.can(bot, room.id, PermissionFlagsBits.SendMessages)).toBe(true);
    guild.setOverwrite(room, { id: guild.id, type: 0 }, { deny: PermissionFlagsBits.SendMessages });
    // The bot's role still allows it at role level, but the @everyone overwrite denies it…
    expect(guild.can(bot, room.id, PermissionFlagsBits.SendMessages)).toBe(false);
    // …until a role overwrite allows it again; a member overwrite has the last word.
    guild.setOverwrite(
      room,
      { id: fake.botRole(guild).id, type: 0 },
      { allow: PermissionFlagsBits.SendMessages },
    );
    expect(guild.can(bot, room.id, PermissionFlagsBits.SendMessages)).toBe(true);
    fake.denyBot(guild, room, PermissionFlagsBits.SendMessages);
    expect(guild.can(bot, room.id, PermissionFlagsBits.SendMessages)).toBe(false);
    // Without Send Messages, Embed Links goes too; without View Channel, everything.
    expect(guild.can(bot, room.id, PermissionFlagsBits.EmbedLinks)).toBe(false);
    fake.denyBot(guild, room, PermissionFlagsBits.ViewChannel);
    expect(guild.permissionsIn(bot, room.id)).toBe(0n);
  });

  it('answers 403 with Discord’s codes where the bot lacks permission', async () => {
    const hidden = guild.addTextChannel('hidden');
    fake.denyBot(guild, hidden, PermissionFlagsBits.ViewChannel);
    const noAccess = await post(hidden, { content: 'hi' });
    expect(noAccess.status).toBe(403);
    expect(await noAccess.json()).toMatchObject({ code: 50001 });
    const readOnly = guild.addTextChannel('read-only');
    fake.denyBot(guild, readOnly, PermissionFlagsBits.SendMessages);
    const noSend = await post(readOnly, { content: 'hi' });
    expect(noSend.status).toBe(403);
    expect(await noSend.json()).toMatchObject({ code: 50013 });
  });

  it('drops embeds without Embed Links, so an embed-only message is refused as empty', async () => {
    const plain = guild.addTextChannel('plain');
    fake.denyBot(guild, plain, PermissionFlagsBits.EmbedLinks);
    const res = await post(plain, { embeds: [{ title: 'Summary' }] });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 50006 });
  });

  it('enforces size limits on content, embeds and nicknames', async () => {
    const long = await post(general, { content: 'x'.repeat(2001) });
    expect(long.status).toBe(400);
    expect(await long.json()).toMatchObject({ code: 50035 });
    const field = await post(general, { embeds: [{ fields: [{ name: 'n', value: 'v'.repeat(1025) }] }] });
    expect(field.status).toBe(400);
    const nick = await api('PATCH', `/guilds/${guild.id}/members/@me`, { nick: 'n'.repeat(33) });
    expect(nick.status).toBe(400);
  });

  it('needs Change Nickname for the bot’s nickname', async () => {
    const other = fake.createGuild('No Nick Shop');
    const role = fake.botRole(other);
    (role as { permissions: bigint }).permissions = role.permissions & ~PermissionFlagsBits.ChangeNickname;
    const res = await api('PATCH', `/guilds/${other.id}/members/@me`, { nick: 'desk' });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ code: 50013 });
  });

  it('answers a burst of messages in one channel with 429 and retry_after', async () => {
    const busy = guild.addTextChannel('busy');
    const statuses: number[] = [];
    let limited: Response | undefined;
    for (let i = 0; i < 6; i++) {
      const res = await post(busy, { content: `message ${i}` });
      statuses.push(res.status);
      if (res.status === 429) limited = res;
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    const body = (await limited?.json()) as { retry_after: number; global: boolean };
    expect(body.retry_after).toBeGreaterThan(0);
    expect(body.global).toBe(false);
    expect(Number(limited?.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('refuses an initial interaction response after 3 s with 10062, and too many choices', async () => {
    const user = fake.createUser('late');
    fake.addMember(guild, user);
    const late = fake.startInteraction(2, user, guild, 'help');
    (late as { createdAt: number }).createdAt -= 3_100;
    const res = await api(
      'POST',
      `/interactions/${late.id}/${late.token}/callback`,
      { type: 4, data: { content: 'hi' } },
      false,
    );
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: 10062 });
    expect(late.expired).toBe(true);

    const complete = fake.startInteraction(4, user, guild, 'order', {
      options: { order_id: 'A' },
      focused: 'order_id',
    });
    const choices = Array.from({ length: 26 }, (_, i) => ({ name: `A-${i}`, value: `A-${i}` }));
    const tooMany = await api(
      'POST',
      `/interactions/${complete.id}/${complete.token}/callback`,
      { type: 8, data: { choices } },
      false,
    );
    expect(tooMany.status).toBe(400);
  });
});
