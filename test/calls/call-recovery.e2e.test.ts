/**
 * Calls end to end across the things that go wrong over time: a conversation longer than one
 * Nova Sonic stream (rotation inside a call), and the bot dying between posting the summary's
 * progress message and finishing it (the summary still appears exactly once after a restart).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTranscript } from '../../src/calls/transcript-store.ts';
import { tableNames } from '../../src/db/index.ts';
import { speak } from '../fakes/discord/voice/index.ts';
import { startBot, type BotProcess } from '../helpers/bot-process.ts';
import { World } from '../helpers/world.ts';
import { fixture } from '../voice/fixtures.ts';

const SUMMARY = JSON.stringify({
  participants: ['alice'],
  topics: ['two questions'],
  sentiment: { overall: 'neutral', notes: '' },
  actionItems: [{ owner: 'moderators', item: 'Nothing urgent' }],
  ordersDiscussed: [],
  unresolvedQuestions: [],
});

describe('a long call that outlives its stream, and a bot that dies before the summary is done', () => {
  let world: World;
  let bot: BotProcess | undefined;
  const env = () => world.botEnv({ SONIC_SESSION_ROTATE_MS: '2500', SUMMARY_LEASE_MS: '2000' });

  beforeAll(async () => {
    world = await World.start();
    await world.seedOrders();
  }, 30_000);
  afterAll(async () => {
    await bot?.stop();
    await world?.close();
  });

  it('moves the conversation to a new stream mid-call without losing or repeating a turn', async () => {
    bot = await startBot(env());
    const alice = world.customer('alice');
    world.bedrock
      .scriptFor('alice')
      .add(
        { user: 'first question', reply: 'First answer.', replyAudioMs: 400 },
        { user: 'second question', reply: 'Second answer.', replyAudioMs: 400 },
      );
    world.inVoice(['alice']);
    await world.discord.runSlashCommand(alice, world.guild, 'voice', { subcommand: 'join' }, 20_000);
    const callId = String((await bot.waitForLog((l) => l.msg === 'call started')).callId);
    await world.voice.waitForSession(world.guild.id);
    const transcript = () =>
      readTranscript(world.dynamo.doc, tableNames(world.tablePrefix).transcripts, callId);

    await speak(world.voice, world.guild.id, alice.id, fixture('alice'));
    await expect.poll(async () => (await transcript()).length, { timeout: 15_000 }).toBe(2);
    await bot.waitForLog((l) => l.msg === 'sonic stream rotated', 15_000);
    await speak(world.voice, world.guild.id, alice.id, fixture('alice'));
    await expect.poll(async () => (await transcript()).length, { timeout: 15_000 }).toBe(4);

    expect((await transcript()).map((l) => `${l.role}: ${l.text}`)).toEqual([
      'user: first question',
      'assistant: First answer.',
      'user: second question',
      'assistant: Second answer.',
    ]);
    const streams = world.bedrock.streams.filter((s) =>
      s.textBlocks.some((b) => b.text.includes('speaking with alice')),
    );
    expect(streams.length).toBeGreaterThanOrEqual(2);
    // The newest stream was told the conversation so far, as non-interactive history.
    const history = streams.at(-1)?.textBlocks.filter((b) => b.role !== 'SYSTEM') ?? [];
    expect(history.slice(0, 2)).toEqual([
      { role: 'USER', interactive: false, text: 'first question' },
      { role: 'ASSISTANT', interactive: false, text: 'First answer.' },
    ]);
  }, 60_000);

  it('posts the summary exactly once although the bot was killed after posting its progress message', async () => {
    if (!bot) throw new Error('no bot');
    const alice = world.customer('alice');
    // The first summary request never answers (the bot dies waiting); the next one succeeds.
    world.bedrock.converse.reply('amazon.nova-pro-v1:0', { hang: true }, { text: SUMMARY });
    await world.discord.runSlashCommand(alice, world.guild, 'voice', { subcommand: 'leave' }, 20_000);
    const progress = await world.discord.waitForMessage(
      (m) => m.channelId === world.moderators.id && m.content.includes('Summarising'),
      15_000,
    );
    // Die while the summary request is out (the progress message is already posted).
    await world.voice.waitFor(
      () => world.bedrock.converse.requests.length > 0 || undefined,
      15_000,
      'the summary request',
    );
    await bot.kill();
    bot = await startBot(env());
    await world.discord.waitForMessage((m) => m.id === progress.id && m.embeds.length > 0, 30_000);
    await new Promise((r) => setTimeout(r, 3000));
    const posted = world.discord.messages.filter((m) => m.channelId === world.moderators.id);
    expect(posted).toHaveLength(1);
    expect(JSON.stringify(posted[0]?.embeds)).toContain('Nothing urgent');
  }, 60_000);
});
