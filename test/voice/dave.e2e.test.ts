/**
 * DAVE trouble with the real bot process: a commit the bot never got (in a group it joined with
 * transition id 0) and a member whose frames cannot be decrypted. The speaker is heard again
 * within 10 s, or told why not, once; failures reach /metrics.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { speak } from '../fakes/discord/voice/index.ts';
import { startBot, type BotProcess } from '../helpers/bot-process.ts';
import { joinCall } from '../helpers/calls.ts';
import { metricsBase, metricSample, scrapeMetrics } from '../helpers/metrics.ts';
import { World } from '../helpers/world.ts';
import { fixture } from './fixtures.ts';

describe('DAVE trouble, end to end', () => {
  let world: World;
  let bot: BotProcess;
  let base: string;

  beforeAll(async () => {
    world = await World.start();
    bot = await startBot(world.botEnv({ METRICS_PORT: '0' }));
    base = await metricsBase(bot);
  }, 30_000);
  afterAll(async () => {
    await bot?.stop();
    await world?.close();
  });

  it('re-keys after a lost commit and hears the speaker again within 10 s', async () => {
    const alice = world.customer('alice');
    world.inVoice(['alice']);
    const session = await joinCall(world, alice);
    const dave = session.dave;
    if (!dave) throw new Error('no DAVE group');
    await world.voice.waitFor(() => dave.isMember(session.botUserId), 10_000, 'bot in the DAVE group');
    expect(dave.transitions[0]?.id).toBe(0);

    dave.loseNextCommit(session.botUserId);
    world.inVoice(['bob']);
    await world.voice.waitFor(() => session.members.get(world.customer('bob').id)?.ready, 5_000, 'bob added');
    const talking = new AbortController();
    const started = Date.now();
    const speaking = speak(world.voice, world.guild.id, alice.id, fixture('alice'), {
      loop: true,
      signal: talking.signal,
    });
    try {
      const healed = await bot.waitForLog(
        (l) => l.msg === 'speaker decryptable again' && l.userId === alice.id,
        12_000,
      );
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(Number(healed.failedForMs)).toBeLessThan(10_000);
    } finally {
      talking.abort();
      await speaking;
    }
    expect(dave.invalidReports.find((r) => r.userId === session.botUserId)?.transitionId).toBe(0);
    expect(bot.child.exitCode).toBeNull();
  }, 40_000);

  it('tells a speaker who stays undecryptable once, rejoins, and counts the failures', async () => {
    const bob = world.customer('bob');
    const session = await world.voice.waitForSession(world.guild.id);
    const member = session.members.get(bob.id);
    if (!member) throw new Error('bob is not in the DAVE group');
    member.corrupt = true;
    const talking = new AbortController();
    const started = Date.now();
    const speaking = speak(world.voice, world.guild.id, bob.id, fixture('bob'), {
      loop: true,
      signal: talking.signal,
    });
    try {
      const told = await world.discord.waitForMessage(
        (m) => m.content.includes(`<@${bob.id}>`) && m.content.includes("can't hear you"),
        12_000,
      );
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(told.content).toContain('end-to-end encrypted');
      // The rejoin gives a fresh session whose DAVE group bob's client joins properly.
      await world.voice.waitForSession(world.guild.id, session, 10_000);
      await bot.waitForLog((l) => l.msg === 'speaker decryptable again' && l.userId === bob.id, 10_000);
    } finally {
      talking.abort();
      await speaking;
    }
    const notices = world.discord.messages.filter((m) => m.content.includes(`<@${bob.id}>`));
    expect(notices).toHaveLength(1);
    const page = await scrapeMetrics(base);
    expect(metricSample(page, 'voicedesk_dave_decrypt_failures_total')).toBeGreaterThan(50);
  }, 40_000);
});
