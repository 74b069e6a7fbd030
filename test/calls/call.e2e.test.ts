/**
 * Calls end to end: the real bot process in the offline world (loopback Discord with voice,
 * loopback Bedrock, dynalite). One customer asks about an order by voice and hears the answer;
 * the transcript is durable and attributed; the moderators get the summary once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTranscript } from '../../src/calls/transcript-store.ts';
import { tableNames } from '../../src/db/index.ts';
import { speak } from '../fakes/discord/voice/index.ts';
import { startBot, type BotProcess } from '../helpers/bot-process.ts';
import { voiceCommand } from '../helpers/calls.ts';
import { World } from '../helpers/world.ts';
import { fixture } from '../voice/fixtures.ts';

const SUMMARY = JSON.stringify({
  participants: ['alice'],
  topics: ['delivery status of A-1042'],
  sentiment: { overall: 'positive', notes: 'Alice was glad it arrives today.' },
  actionItems: [],
  ordersDiscussed: [{ orderId: 'A-1042', note: 'out for delivery' }],
  unresolvedQuestions: [],
});

// The key conversation runs under both realism profiles of the loopback Bedrock.
describe.each(['observed', 'documented'] as const)('a call with one customer (%s Bedrock)', (profile) => {
  let world: World;
  let bot: BotProcess;

  beforeAll(async () => {
    world = await World.start({ bedrock: { profile } });
    await world.seedOrders();
    bot = await startBot(world.botEnv({ SUMMARY_FALLBACK_MODEL_IDS: 'fallback.summary' }));
  }, 30_000);
  afterAll(async () => {
    await bot?.stop();
    await world?.close();
  });

  it('answers an order question by voice with the speaker’s own order, then posts the summary once', async () => {
    const alice = world.customer('alice');
    world.bedrock.scriptFor('alice').add({
      user: 'where is my order A-1042',
      reply: 'Your order A-1042 is out for delivery and should arrive today.',
      replyAudioMs: 1500,
      tools: [
        {
          name: 'get_order_status',
          input: { orderId: 'A-1042' },
          check: (c) => c.toLowerCase().includes('out for delivery'),
        },
      ],
    });
    world.inVoice(['alice']);
    const join = await voiceCommand(world, alice, 'join');
    expect(join.original?.content).toContain('Joined');
    // Consent notice before audio, in the voice channel's text chat.
    const notice = await world.discord.waitForMessage(
      (m) => m.channelId === world.helpDesk.id && m.content.includes('listening'),
    );
    expect(notice.content).toContain('/voice optout');
    // …and visibly marked while it listens.
    const nick = await world.discord.rest.waitFor(
      (c) => c.method === 'PATCH' && c.path.endsWith('/members/@me'),
    );
    expect((nick.body as { nick: string }).nick).toContain('listening');
    const session = await world.voice.waitForSession(world.guild.id);

    const { callId } = (await bot.waitForLog((l) => l.msg === 'call started')) as { callId?: string };
    const transcript = () =>
      readTranscript(world.dynamo.doc, tableNames(world.tablePrefix).transcripts, callId ?? '');
    await speak(world.voice, world.guild.id, alice.id, fixture('alice'));
    // The reply is heard in the channel, and both lines reach the durable transcript as they happen.
    await world.voice.waitFor(() => session.audioPackets > 60 || undefined, 20_000, 'the spoken reply');
    await expect.poll(async () => (await transcript()).length, { timeout: 10_000 }).toBe(2);
    expect((await transcript()).map((l) => [l.role, l.speakerId, l.speakerName, l.text])).toEqual([
      ['user', alice.id, 'alice', 'where is my order A-1042'],
      ['assistant', alice.id, 'alice', 'Your order A-1042 is out for delivery and should arrive today.'],
    ]);
    const stream = world.bedrock.streams.find((s) =>
      s.textBlocks.some((b) => b.role === 'SYSTEM' && b.text.includes('alice')),
    );
    expect(stream?.toolResults[0]?.content.toLowerCase()).toContain('out for delivery');

    // The primary summary model is down: the fallback writes it.
    world.bedrock.converse.reply('amazon.nova-pro-v1:0', {
      status: 500,
      errorType: 'InternalServerException',
    });
    world.bedrock.converse.reply('fallback.summary', { text: SUMMARY });
    const leave = await voiceCommand(world, alice, 'leave');
    expect(leave.original?.content).toContain('Left');

    const summary = await world.discord.waitForMessage(
      (m) => m.channelId === world.moderators.id && m.embeds.length > 0,
      20_000,
    );
    const embed = summary.embeds[0] as {
      title: string;
      fields: { name: string; value: string }[];
      footer: { text: string };
    };
    expect(embed.title).toContain('Call summary');
    expect(embed.fields.find((f) => f.name === 'Orders discussed')?.value).toContain('A-1042');
    expect(embed.footer.text).toMatch(/Tokens: .*Nova Sonic/);
    expect(world.discord.messages.filter((m) => m.channelId === world.moderators.id)).toHaveLength(1);

    expect(embed.footer.text).toContain(`call ${callId}`);
  }, 60_000);
});
