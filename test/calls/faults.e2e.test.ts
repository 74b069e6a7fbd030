/**
 * Faults end to end, with the real bot and the fault-injecting DynamoDB in front of the store: a
 * speaker who leaves frees their fleet slot within a second; DynamoDB down mid-call loses no
 * transcript line, the call still ends and one summary is posted after recovery; a SIGKILL and a
 * restart within 5 s still give exactly one summary, within the stated bound.
 *
 * Durations are scaled down by configuration, keeping their order the same as in production:
 * CALL_HEARTBEAT_MS 500 (15 000), CALL_ABANDON_MS 1 500 (60 000), SUMMARY_LEASE_MS 2 000 (60 000),
 * CLOCK_SKEW_MARGIN_MS 200 (5 000). The outage lasts 6 s instead of 30 s: what matters is that it
 * outlasts the call end's own retries and CALL_ABANDON_MS, so the abandoned-call sweep has to end
 * the call, and that it outlasts several transcript flushes, so lines have to be spooled.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTranscript } from '../../src/calls/transcript-store.ts';
import { tableNames } from '../../src/db/index.ts';
import { speak } from '../fakes/discord/voice/index.ts';
import { DynamoFaultProxy } from '../fakes/dynamo/fault-proxy.ts';
import { BotProcess, startBot } from '../helpers/bot-process.ts';
import { joinCall, liveSonicLeases, voiceCommand } from '../helpers/calls.ts';
import { World } from '../helpers/world.ts';
import { fixture } from '../voice/fixtures.ts';

const SUMMARY = JSON.stringify({
  participants: ['alice'],
  topics: ['a question'],
  sentiment: { overall: 'neutral', notes: '' },
  actionItems: [{ owner: 'moderators', item: 'Nothing urgent' }],
  ordersDiscussed: [],
  unresolvedQuestions: [],
});
const HEARTBEAT_MS = 500;
const ABANDON_MS = 1_500;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('faults: leaving, DynamoDB down, and a killed process', () => {
  let world: World;
  let proxy: DynamoFaultProxy;
  let bot: BotProcess | undefined;
  let dataDir: string;
  const env = () =>
    world.botEnv({
      AWS_ENDPOINT_URL_DYNAMODB: proxy.endpoint,
      DATA_DIR: dataDir,
      CALL_HEARTBEAT_MS: String(HEARTBEAT_MS),
      CALL_ABANDON_MS: String(ABANDON_MS),
      SUMMARY_LEASE_MS: '2000',
      CLOCK_SKEW_MARGIN_MS: '200',
      SESSION_LEASE_MS: '30000',
      MAX_CALLS_PER_PROCESS: '1',
    });
  const transcript = (callId: string) =>
    readTranscript(world.dynamo.doc, tableNames(world.tablePrefix).transcripts, callId);
  const heldSlots = () => liveSonicLeases(world);
  const summaries = () =>
    world.discord.messages.filter((m) => m.channelId === world.moderators.id && m.embeds.length > 0);
  const startCall = async (): Promise<string> => {
    if (!bot) throw new Error('no bot');
    const before = bot.logs.filter((l) => l.msg === 'call started').length;
    world.inVoice(['alice']);
    await joinCall(world, world.customer('alice'));
    await expect.poll(() => bot?.logs.filter((l) => l.msg === 'call started').length).toBe(before + 1);
    return String(bot.logs.filter((l) => l.msg === 'call started').at(-1)?.callId);
  };

  beforeAll(async () => {
    world = await World.start();
    await world.seedOrders();
    proxy = await DynamoFaultProxy.start(world.dynamo.endpoint);
    dataDir = mkdtempSync(join(tmpdir(), 'voicedesk-faults-'));
    bot = await startBot(env());
  }, 40_000);
  afterAll(async () => {
    await bot?.stop();
    await proxy?.close();
    await world?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('frees the fleet slot of a speaker who leaves within a second', async () => {
    world.bedrock.converse.reply('amazon.nova-pro-v1:0', { text: SUMMARY });
    world.bedrock.scriptFor('alice').add({ user: 'hello there', reply: 'Hello!', replyAudioMs: 300 });
    const callId = await startCall();
    await speak(world.voice, world.guild.id, world.customer('alice').id, fixture('alice'));
    await expect.poll(async () => (await transcript(callId)).length, { timeout: 15_000 }).toBe(2);
    expect(await heldSlots()).toBe(1);
    expect(world.bedrock.openStreams).toBe(1);

    // A second guild asks while this process is at MAX_CALLS_PER_PROCESS (1 here): refused, politely.
    const other = world.addGuild('Other Shop', ['dora']);
    world.inVoiceOf(other, ['dora']);
    const refused = await voiceCommand(world, world.customer('dora'), 'join', other);
    expect(refused.original?.content).toContain('as many calls as I can');

    const left = Date.now();
    world.inVoice(['alice'], null);
    await expect.poll(heldSlots, { timeout: 3_000, interval: 20 }).toBe(0);
    const freedMs = Date.now() - left;
    await expect.poll(() => world.bedrock.openStreams, { timeout: 3_000, interval: 20 }).toBe(0);
    console.log(`slot freed ${freedMs} ms after the speaker left`);
    expect(freedMs).toBeLessThan(1_000);

    // Only a member in the call's channel (or a moderator) may end it: Alice comes back to do so.
    world.inVoice(['alice']);
    await voiceCommand(world, world.customer('alice'), 'leave');
    await world.discord.waitForMessage(
      (m) => m.channelId === world.moderators.id && m.embeds.length > 0,
      20_000,
    );
  }, 60_000);

  it('loses no transcript line while DynamoDB is down, still ends the call, and posts one summary after', async () => {
    const posted = summaries().length;
    world.bedrock.converse.reply('amazon.nova-pro-v1:0', { text: SUMMARY });
    const script = world.bedrock.scriptFor('alice');
    script.add(
      { user: 'before the outage', reply: 'Noted before.', replyAudioMs: 300 },
      { user: 'during the outage', reply: 'Noted during.', replyAudioMs: 300 },
    );
    const callId = await startCall();
    const alice = world.customer('alice');
    await speak(world.voice, world.guild.id, alice.id, fixture('alice'));
    await expect.poll(async () => (await transcript(callId)).length, { timeout: 15_000 }).toBe(2);

    proxy.down();
    const downAt = Date.now();
    const position = script.position;
    await speak(world.voice, world.guild.id, alice.id, fixture('alice'));
    await expect.poll(() => script.position, { timeout: 15_000 }).toBe(position + 1);
    await world.discord.runSlashCommand(alice, world.guild, 'voice', { subcommand: 'leave' }, 30_000);
    await sleep(Math.max(0, 6_000 - (Date.now() - downAt)));
    expect(await transcript(callId)).toHaveLength(2); // the store really was down
    proxy.restore();

    await expect.poll(async () => (await transcript(callId)).length, { timeout: 20_000 }).toBe(4);
    expect((await transcript(callId)).map((l) => `${l.role}: ${l.text}`)).toEqual([
      'user: before the outage',
      'assistant: Noted before.',
      'user: during the outage',
      'assistant: Noted during.',
    ]);
    await expect.poll(() => summaries().length, { timeout: 30_000 }).toBe(posted + 1);
    await sleep(2_000);
    expect(summaries()).toHaveLength(posted + 1);
    expect(JSON.stringify(summaries().at(-1)?.embeds)).toContain(`call ${callId}`);
  }, 90_000);

  it('posts one summary within CALL_ABANDON_MS + CALL_HEARTBEAT_MS of a SIGKILL when the bot restarts within 5 s', async () => {
    if (!bot) throw new Error('no bot');
    const posted = summaries().length;
    world.bedrock.converse.reply('amazon.nova-pro-v1:0', { text: SUMMARY });
    world.bedrock.scriptFor('alice').add({ user: 'one question', reply: 'One answer.', replyAudioMs: 300 });
    const callId = await startCall();
    await speak(world.voice, world.guild.id, world.customer('alice').id, fixture('alice'));
    await expect.poll(async () => (await transcript(callId)).length, { timeout: 15_000 }).toBe(2);

    await bot.kill();
    const killedAt = Date.now();
    bot = await startBot(env());
    const restartMs = Date.now() - killedAt;
    await bot.waitForLog(
      (l) => l.msg === 'recorded the end of an abandoned call' && l.callId === callId,
      20_000,
    );
    const endedMs = Date.now() - killedAt;
    await expect.poll(() => summaries().length, { timeout: 20_000 }).toBe(posted + 1);
    const summaryMs = Date.now() - killedAt;
    console.log(
      `restart ${restartMs} ms, call end recorded ${endedMs} ms, summary ${summaryMs} ms after SIGKILL`,
    );
    // The end is recorded by the first sweep after the heartbeat went stale (start-up included).
    expect(endedMs).toBeLessThan(Math.max(restartMs, ABANDON_MS) + HEARTBEAT_MS + 2_000);
    await sleep(2_000);
    expect(summaries()).toHaveLength(posted + 1);
  }, 90_000);

  it('records the call end and flushes the transcript on an uncaught exception, then exits 1', async () => {
    await bot?.stop();
    bot = new BotProcess(env(), ['--import', './test/helpers/crash-on-signal.ts', 'src/index.ts']);
    await bot.ready();
    world.bedrock.scriptFor('alice').add({ user: 'about to crash', reply: 'Still here.', replyAudioMs: 300 });
    const callId = await startCall();
    await speak(world.voice, world.guild.id, world.customer('alice').id, fixture('alice'));
    await expect.poll(async () => (await transcript(callId)).length, { timeout: 15_000 }).toBe(2);

    const crashedAt = Date.now();
    bot.child.kill('SIGUSR2');
    expect(await bot.exited()).toBe(1);
    expect(Date.now() - crashedAt).toBeLessThan(8_000);
    expect(bot.logs.some((l) => l.msg.startsWith('uncaught exception'))).toBe(true);
    // Ended by the crashing process itself, not left for the abandoned-call sweep.
    const { Item } = await world.dynamo.doc.send(
      new GetCommand({ TableName: tableNames(world.tablePrefix).calls, Key: { callId } }),
    );
    expect(Item?.state).not.toBe('active');
    expect(Item?.endReason).toBe('shutdown');
    bot = undefined;
  }, 60_000);
});
