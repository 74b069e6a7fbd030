/**
 * The bot against a strict loopback Discord (permissions computed from roles and overwrites,
 * silently ignored joins, 403s, 10062 after 3 s): the join preflight names what is missing
 * before asking Discord, a join Discord never answers says so, no consent notice means no
 * listening, a moved bot ends its call with the summary, and `/order` answers in time with a
 * slow store. One bot process for the file; the store sits behind a small delaying proxy.
 */
import { createServer, request, type Server } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { PermissionFlagsBits } from 'discord.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LISTENING_SUFFIX } from '../../src/calls/listening-marker.ts';
import { readTranscript } from '../../src/calls/transcript-store.ts';
import { tableNames } from '../../src/db/index.ts';
import { speak } from '../fakes/discord/voice/index.ts';
import type { FakeChannel } from '../fakes/discord/index.ts';
import { startBot, type BotProcess } from '../helpers/bot-process.ts';
import { voiceCommand } from '../helpers/calls.ts';
import { World } from '../helpers/world.ts';
import { fixture } from '../voice/fixtures.ts';

const READY_TIMEOUT_MS = 3_000;

/** A pass-through HTTP proxy in front of dynalite that can hold every request for `delayMs`. */
async function delayingProxy(
  target: string,
): Promise<{ url: string; delayMs: number; close(): Promise<void> }> {
  const upstream = new URL(target);
  const state = { delayMs: 0 };
  const server: Server = createServer((req, res) => {
    const body: Buffer[] = [];
    req.on('data', (chunk: Buffer) => body.push(chunk));
    // The whole request is read first: a caller that gives up during the delay must not leave a
    // half-sent request open at the store.
    req.on('end', () =>
      setTimeout(() => {
        const forward = request(
          {
            host: upstream.hostname,
            port: upstream.port,
            path: req.url,
            method: req.method,
            headers: { ...req.headers, connection: 'close' },
            agent: false,
          },
          (answer) => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
          },
        );
        forward.on('error', () => res.destroy());
        forward.end(Buffer.concat(body));
      }, state.delayMs),
    );
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get delayMs() {
      return state.delayMs;
    },
    set delayMs(ms: number) {
      state.delayMs = ms;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('the bot against a strict Discord', () => {
  let world: World;
  let bot: BotProcess;
  let proxy: Awaited<ReturnType<typeof delayingProxy>>;
  let lounge: FakeChannel;

  const joinOps = () => world.discord.gateway.opsReceived.filter((o) => o.op === 4).length;
  const join = (timeoutMs = 10_000) =>
    world.discord.runSlashCommand(
      world.customer('alice'),
      world.guild,
      'voice',
      { subcommand: 'join' },
      timeoutMs,
    );

  beforeAll(async () => {
    world = await World.start();
    await world.seedOrders();
    lounge = world.guild.addVoiceChannel('Lounge');
    proxy = await delayingProxy(world.dynamo.endpoint);
    // A previous process crashed mid-call and left its marker on the bot's nickname.
    const me = world.guild.members.get(world.discord.bot.id);
    if (me) me.nick = `${world.discord.bot.username}${LISTENING_SUFFIX}`;
    bot = await startBot(
      world.botEnv({
        AWS_ENDPOINT_URL_DYNAMODB: proxy.url,
        VOICE_READY_TIMEOUT_MS: String(READY_TIMEOUT_MS),
        VOICE_REJOIN_ATTEMPTS: '1',
      }),
    );
  }, 40_000);
  afterEach(() => {
    proxy.delayMs = 0;
    world.guild.clearOverwrites(world.helpDesk);
    world.guild.setUserLimit(world.helpDesk, 0);
  });
  afterAll(async () => {
    await bot?.stop();
    await proxy?.close();
    await world?.close();
  });

  it('removes a listening marker a crash left on its nickname when it starts', async () => {
    const patch = await world.discord.rest.waitFor(
      (c) => c.method === 'PATCH' && c.path === `/guilds/${world.guild.id}/members/@me`,
    );
    expect((patch.body as { nick: string | null }).nick).toBeNull();
    expect(world.guild.members.get(world.discord.bot.id)?.nick).toBeNull();
  });

  it.each([
    ['View Channel', PermissionFlagsBits.ViewChannel],
    ['Connect', PermissionFlagsBits.Connect],
    ['Speak', PermissionFlagsBits.Speak],
    ['Send Messages', PermissionFlagsBits.SendMessages],
  ])('refuses to join without %s, naming it within 2 s, and never asks Discord', async (name, bit) => {
    world.inVoice(['alice']);
    world.discord.denyBot(world.guild, world.helpDesk, bit);
    const before = joinOps();
    const started = Date.now();
    const reply = await join(2_000);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(reply.original?.flags).toBe(64);
    expect(reply.original?.content).toContain(`missing ${name}`);
    expect(joinOps()).toBe(before);
  });

  it('refuses a full channel without Move Members, and a stage channel', async () => {
    world.inVoice(['alice', 'bob']);
    world.guild.setUserLimit(world.helpDesk, 2);
    const full = await join(2_000);
    expect(full.original?.content).toContain('Move Members (the channel is full)');
    const stage = world.guild.addStageChannel('Town Hall');
    world.inVoice(['alice'], stage.id);
    const onStage = await join(2_000);
    expect(onStage.original?.content).toContain('stage channels');
    world.inVoice(['alice', 'bob'], null);
  });

  it('says Discord never let it in when a join is silently ignored, not "try again"', async () => {
    world.inVoice(['alice']);
    // A permission change the bot has not heard of yet: the preflight passes, Discord ignores the join.
    world.discord.denyBot(world.guild, world.helpDesk, PermissionFlagsBits.Connect, { announce: false });
    const reply = await join(READY_TIMEOUT_MS + 5_000);
    expect(world.discord.gateway.ignoredJoins.at(-1)).toMatchObject({ channelId: world.helpDesk.id });
    expect(reply.original?.content).toContain('Discord did not let me into');
    expect(reply.original?.content).not.toContain('try again');
  }, 15_000);

  it('does not listen when the consent notice is refused (403): the reply says why, Bedrock hears nothing', async () => {
    world.inVoice(['alice']);
    world.discord.denyBot(world.guild, world.helpDesk, PermissionFlagsBits.SendMessages, { announce: false });
    const before = joinOps();
    const talking = new AbortController();
    const aliceTalks = speak(world.voice, world.guild.id, world.customer('alice').id, fixture('alice'), {
      loop: true,
      signal: talking.signal,
    });
    try {
      const reply = await join();
      expect(reply.original?.content).toContain('couldn’t post the notice');
      expect(reply.original?.content).not.toContain('Joined');
      await world.discord.rest.waitFor(
        (c) => c.method === 'POST' && c.path === `/channels/${world.helpDesk.id}/messages`,
      );
      expect(joinOps()).toBe(before);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(world.bedrock.streams).toHaveLength(0);
    } finally {
      talking.abort();
      await aliceTalks;
    }
  });

  it('ends the call with its summary when a moderator moves the bot, and says so', async () => {
    const alice = world.customer('alice');
    world.bedrock.scriptFor('alice').add({ user: 'where is my order A-1042', reply: 'It arrives today.' });
    world.bedrock.converse.reply('amazon.nova-pro-v1:0', {
      text: JSON.stringify({
        participants: ['alice'],
        topics: ['delivery of A-1042'],
        sentiment: { overall: 'positive', notes: 'fine' },
        actionItems: [],
        ordersDiscussed: [{ orderId: 'A-1042', note: 'arrives today' }],
        unresolvedQuestions: [],
      }),
    });
    world.inVoice(['alice']);
    const reply = await join(20_000);
    expect(reply.original?.content).toContain('Joined');
    const { callId } = (await bot.waitForLog((l) => l.msg === 'call started')) as { callId?: string };
    await speak(world.voice, world.guild.id, alice.id, fixture('alice'));
    const transcript = () =>
      readTranscript(world.dynamo.doc, tableNames(world.tablePrefix).transcripts, callId ?? '');
    await expect.poll(async () => (await transcript()).length, { timeout: 15_000 }).toBeGreaterThan(0);

    world.discord.moveBot(world.guild, lounge.id);
    const notice = await world.discord.waitForMessage(
      (m) => m.channelId === world.helpDesk.id && m.content.includes('I was moved'),
    );
    expect(notice.content).toContain(`<#${lounge.id}>`);
    await bot.waitForLog((l) => l.msg === 'call ended' && l.reason === 'moved');
    // The bot left instead of listening where nobody saw a notice.
    await expect
      .poll(() => world.guild.voiceStates.get(world.discord.bot.id)?.channelId ?? null, { timeout: 5_000 })
      .toBeNull();
    const summary = await world.discord.waitForMessage(
      (m) => m.channelId === world.moderators.id && m.embeds.length > 0,
      20_000,
    );
    expect(JSON.stringify(summary.embeds)).toContain('A-1042');
  }, 60_000);

  it.each([
    [4021, 'rate-limited', 'too many voice requests'],
    [4022, 'terminated', 'Discord ended the voice session'],
  ])(
    'ends the call on voice close %i with the reason, without a rejoin loop',
    async (code, reason, said) => {
      world.inVoice(['alice']);
      expect((await join(20_000)).original?.content).toContain('Joined');
      const session = await world.voice.waitForSession(world.guild.id);
      const joinsBefore = joinOps();
      session.closed = true;
      session.socket.close(code, 'fake close');
      await bot.waitForLog((l) => l.msg === 'call ended' && l.reason === reason, 10_000);
      await world.discord.waitForMessage(
        (m) => m.channelId === world.helpDesk.id && m.content.includes(said),
      );
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      // At most the library's one immediate join and our leave; no loop.
      expect(joinOps() - joinsBefore).toBeLessThanOrEqual(2);
      expect(world.guild.voiceStates.get(world.discord.bot.id)).toBeUndefined();
    },
    30_000,
  );

  it('rejoins after voice close 4014 that follows a gateway session which could not resume', async () => {
    world.inVoice(['alice']);
    expect((await join(20_000)).original?.content).toContain('Joined');
    const first = await world.voice.waitForSession(world.guild.id);
    const ended = () => bot.logs.filter((l) => l.msg === 'call ended').length;
    const endedBefore = ended();
    world.discord.gateway.invalidateSessions();
    first.closed = true;
    first.socket.close(4014, 'fake disconnect');
    await bot.waitForLog((l) => l.msg === 'voice closed after a new gateway session; rejoining', 15_000);
    await world.voice.waitFor(() => world.voice.current(world.guild.id) !== first || undefined, 15_000);
    expect(ended()).toBe(endedBefore);
    await voiceCommand(world, world.customer('alice'), 'leave');
  }, 45_000);

  it('/voicedesk settings names what the bot lacks in a chosen summary channel and saves nothing', async () => {
    const owner = world.discord.users.get(world.guild.ownerId);
    if (!owner) throw new Error('no owner');
    const archive = world.guild.addTextChannel('archive');
    world.discord.denyBot(
      world.guild,
      archive,
      PermissionFlagsBits.EmbedLinks | PermissionFlagsBits.ReadMessageHistory,
    );
    const reply = await world.discord.runSlashCommand(owner, world.guild, 'voicedesk', {
      subcommand: 'settings',
      options: { summary_channel: archive },
    });
    expect(reply.original?.content).toContain('missing Embed Links, Read Message History');
    expect(reply.original?.content).toContain('Nothing was saved');
  });

  it('reports a summary it cannot post (no Embed Links): one notice where the call was, no retries', async () => {
    const alice = world.customer('alice');
    world.bedrock.scriptFor('alice').add({ user: 'where is my order A-1042', reply: 'It arrives today.' });
    world.discord.denyBot(world.guild, world.moderators, PermissionFlagsBits.EmbedLinks);
    try {
      const calls = () => bot.logs.filter((l) => l.msg === 'call started');
      const before = calls().length;
      world.inVoice(['alice']);
      expect((await join(20_000)).original?.content).toContain('Joined');
      await expect.poll(() => calls().length).toBe(before + 1);
      const callId = String(calls().at(-1)?.callId);
      const transcript = () =>
        readTranscript(world.dynamo.doc, tableNames(world.tablePrefix).transcripts, callId);
      await speak(world.voice, world.guild.id, alice.id, fixture('alice'));
      await expect.poll(async () => (await transcript()).length, { timeout: 15_000 }).toBeGreaterThan(0);
      await world.discord.runSlashCommand(alice, world.guild, 'voice', { subcommand: 'leave' }, 20_000);
      const notice = await world.discord.waitForMessage(
        (m) => m.channelId === world.helpDesk.id && m.content.includes('couldn’t post the summary'),
        20_000,
      );
      expect(notice.content).toContain(`<#${world.moderators.id}>`);
      await bot.waitForLog(
        (l) => l.msg === 'summary cannot be posted: missing permissions in the summary channel',
      );
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(
        world.discord.messages.filter((m) => m.content.includes('couldn’t post the summary')),
      ).toHaveLength(1);
    } finally {
      world.guild.clearOverwrites(world.moderators);
    }
  }, 60_000);

  it('answers /order status within Discord’s deadline with the store delayed 2.5 s (deferred, then edited)', async () => {
    proxy.delayMs = 2_500;
    const alice = world.customer('alice');
    const interaction = world.discord.startInteraction(2, alice, world.guild, 'order', {
      subcommand: 'status',
      options: { order_id: 'A-1042' },
    });
    await interaction.waitFor((i) => i.callbackType !== undefined || i.expired, 5_000);
    expect(interaction.expired).toBe(false);
    expect(interaction.deferred).toBe(true);
    const done = await interaction.waitFor((i) => i.original?.editedAt !== undefined, 15_000);
    // Either the order or the honest "not answering" line; never a refused response.
    expect(done.original?.content).toMatch(/A-1042|not answering/);
    expect(done.original?.flags).toBe(64);
  }, 20_000);

  it('answers autocomplete within its deadline with the store delayed (an empty list)', async () => {
    proxy.delayMs = 2_500;
    const started = Date.now();
    const choices = await world.discord.runAutocomplete(world.customer('alice'), world.guild, 'order', {
      subcommand: 'status',
      options: { order_id: 'A-' },
      focused: 'order_id',
    });
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(choices).toEqual([]);
  });
});
