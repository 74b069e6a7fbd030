/**
 * A regional Bedrock throttle end to end: every stream open is refused (HTTP 429
 * ThrottlingException) while two people keep talking. Each speaker's opens stay a handful, spread
 * by jitter rather than in lockstep, the fleet's session slots never exceed the cap, each speaker
 * is told once, and conversation resumes when the throttle lifts.
 *
 * Scaled by configuration: SONIC_BREAKER_COOLDOWN_MS 1 000 (5 000 in production) and a 12 s
 * throttle instead of 60 s — the same number of breaker cooldowns (1, 2, 4, 8 s here; 5, 10, 20,
 * 40 s in production) fit into the throttle.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTranscript } from '../../src/calls/transcript-store.ts';
import { tableNames } from '../../src/db/index.ts';
import { speak } from '../fakes/discord/voice/index.ts';
import { startBot, type BotProcess } from '../helpers/bot-process.ts';
import { joinCall, liveSonicLeases } from '../helpers/calls.ts';
import { World } from '../helpers/world.ts';
import { fixture } from '../voice/fixtures.ts';

const THROTTLE_MS = 12_000;
const FLEET_CAP = 2;

describe('every Bedrock open throttled for a while', () => {
  let world: World;
  let bot: BotProcess;

  beforeAll(async () => {
    world = await World.start();
    await world.seedOrders();
    bot = await startBot(
      world.botEnv({ SONIC_BREAKER_COOLDOWN_MS: '1000', MAX_SESSIONS_FLEET: String(FLEET_CAP) }),
    );
  }, 40_000);
  afterAll(async () => {
    await bot?.stop();
    await world?.close();
  });

  it('keeps opens per speaker to a handful, jittered, under the fleet cap, and recovers', async () => {
    world.inVoice(['alice', 'bob']);
    await joinCall(world, world.customer('alice'));
    const callId = String((await bot.waitForLog((l) => l.msg === 'call started')).callId);
    for (const name of ['alice', 'bob'])
      world.bedrock
        .scriptFor(name)
        .add({ user: `voicedesk ${name} is back`, reply: `Welcome back ${name}.`, replyAudioMs: 300 });

    let maxSlots = 0;
    const sampler = setInterval(() => {
      void liveSonicLeases(world).then((live) => {
        maxSlots = Math.max(maxSlots, live);
      });
    }, 50);

    world.bedrock.throttleOpensFor(THROTTLE_MS);
    const started = Date.now();
    const talk = async (name: string) => {
      // Keep talking through the throttle, as people do when the bot does not answer.
      while (Date.now() - started < THROTTLE_MS)
        await speak(
          world.voice,
          world.guild.id,
          world.customer(name).id,
          fixture(name === 'alice' ? 'alice' : 'bob'),
        );
    };
    await Promise.all([talk('alice'), talk('bob')]);
    const during = world.bedrock.openAttempts.filter((at) => at >= started && at < started + THROTTLE_MS);

    // After the throttle: both are answered again (the next speech opens a working session).
    const transcript = () =>
      readTranscript(world.dynamo.doc, tableNames(world.tablePrefix).transcripts, callId);
    const deadline = Date.now() + 30_000;
    while ((await transcript()).length < 4 && Date.now() < deadline)
      await Promise.all(
        ['alice', 'bob'].map((name) =>
          speak(
            world.voice,
            world.guild.id,
            world.customer(name).id,
            fixture(name === 'alice' ? 'alice' : 'bob'),
          ),
        ),
      );
    clearInterval(sampler);

    const gaps = during.slice(1).map((at, i) => at - (during[i] ?? at));
    const mean = gaps.reduce((a, b) => a + b, 0) / Math.max(1, gaps.length);
    const spread = Math.sqrt(gaps.reduce((a, g) => a + (g - mean) ** 2, 0) / Math.max(1, gaps.length));
    console.log(
      `${during.length} opens in ${THROTTLE_MS} ms of throttling for 2 speakers; gaps ${gaps.join(', ')} ms (sd ${spread.toFixed(0)} ms); max fleet slots ${maxSlots}`,
    );
    expect(during.length).toBeGreaterThanOrEqual(2);
    expect(during.length).toBeLessThanOrEqual(2 * 6); // a handful per speaker
    expect(spread).toBeGreaterThan(100); // jittered, not a fixed cadence
    expect(maxSlots).toBeLessThanOrEqual(FLEET_CAP);
    const told = world.discord.messages.filter((m) => m.content.includes('very busy'));
    expect(told.length).toBeGreaterThanOrEqual(1);
    expect(told.length).toBeLessThanOrEqual(2); // once per speaker
    expect((await transcript()).length).toBeGreaterThanOrEqual(4);
  }, 90_000);
});
