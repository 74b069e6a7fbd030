/**
 * Two bot processes (one shard each) sharing a fleet cap of ONE Nova Sonic session. The process
 * holding the slot is frozen (SIGSTOP) past its lease; the other takes the slot; when the frozen one
 * wakes (SIGCONT) it finds its lease ran out by its own clock and stops its session at once, before
 * sending anything said after the wake-up. The lease table never shows two live holders.
 *
 * Scaled: SESSION_LEASE_MS 1 000 (30 000 in production), CLOCK_SKEW_MARGIN_MS 100 (5 000).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeStreamRecord } from '../fakes/bedrock/server.ts';
import { shardOf } from '../fakes/discord/gateway.ts';
import type { FakeUser } from '../fakes/discord/index.ts';
import { speak } from '../fakes/discord/voice/index.ts';
import { startBot, type BotProcess } from '../helpers/bot-process.ts';
import { joinCall, liveSonicLeases } from '../helpers/calls.ts';
import { World, type WorldGuild } from '../helpers/world.ts';
import { fixture } from '../voice/fixtures.ts';

const SHARDS = 2;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Shop {
  readonly where: WorldGuild;
  readonly caller: FakeUser;
}

describe('a process frozen past its fleet lease', () => {
  let world: World;
  const bots: BotProcess[] = [];
  const shops: Shop[] = [];

  beforeAll(async () => {
    world = await World.start();
    for (let i = 0; shops.length < SHARDS && i < 30; i++) {
      const where = world.addGuild(`Stall ${i}`, [`staller-${i}`]);
      const caller = where.members[0];
      if (caller && shardOf(where.guild.id, SHARDS) === shops.length) shops.push({ where, caller });
      // The fake's ids count up, and a guild's shard follows its id: one or two filler ids in turn
      // move the next guild to the other shard whatever number of ids a guild itself takes.
      else for (let f = 0; f <= i % 2; f++) world.discord.createUser(`stall-filler-${i}-${f}`);
    }
    for (let shard = 0; shard < SHARDS; shard++)
      bots.push(
        await startBot(
          world.botEnv({
            SHARD_COUNT: String(SHARDS),
            SHARD_IDS: String(shard),
            MAX_SESSIONS_FLEET: '1',
            SESSION_LEASE_MS: '1000',
            CLOCK_SKEW_MARGIN_MS: '100',
          }),
        ),
      );
  }, 60_000);
  afterAll(async () => {
    for (const bot of bots) bot.child.kill('SIGCONT');
    await Promise.allSettled(bots.map((b) => b.stop()));
    await world?.close();
  });

  it('never has two live holders, and the woken process stops its session before sending new speech', async () => {
    const [a, b] = shops;
    const [botA, botB] = bots;
    if (!a || !b || !botA || !botB) throw new Error('setup');
    for (const s of shops) {
      world.inVoiceOf(s.where, [s.caller.username]);
      await joinCall(world, s.caller, s.where);
    }
    let maxHolders = 0;
    const sampler = setInterval(() => {
      void liveSonicLeases(world).then((live) => {
        maxHolders = Math.max(maxHolders, live);
      });
    }, 50);
    const streamOf = (caller: FakeUser): FakeStreamRecord | undefined =>
      world.bedrock.streams.find((s) =>
        s.textBlocks.some((t) => t.role === 'SYSTEM' && t.text.includes(caller.username)),
      );
    const talkA = new AbortController();
    const talkB = new AbortController();
    void speak(world.voice, a.where.guild.id, a.caller.id, fixture('alice'), {
      signal: talkA.signal,
      loop: true,
    });
    await world.voice.waitFor(() => streamOf(a.caller), 15_000, 'A’s stream');

    botA.child.kill('SIGSTOP');
    const stoppedAt = Date.now();
    void speak(world.voice, b.where.guild.id, b.caller.id, fixture('alice'), {
      signal: talkB.signal,
      loop: true,
    });
    const streamB = await world.voice.waitFor(() => streamOf(b.caller), 20_000, 'B’s stream');
    expect(streamB.audioTimes[0] ?? 0).toBeGreaterThan(stoppedAt + 1_000); // only after A's lease ran out

    const streamA = streamOf(a.caller);
    if (!streamA) throw new Error('no stream for A');
    botA.child.kill('SIGCONT');
    const wokeAt = Date.now();
    await botA.waitForLog(
      (l) => l.msg === 'closing speaker session' && l.reason === 'fleet slot lost',
      5_000,
    );
    await world.voice.waitFor(() => (streamA.end !== 'open' ? true : undefined), 5_000, 'A’s stream to end');
    talkA.abort();
    talkB.abort();
    clearInterval(sampler);
    // At most the last partial chunk buffered before the freeze (32 ms) may follow the wake-up.
    const afterWake = streamA.audioTimes.filter((t) => t > wokeAt).length;
    console.log(
      `A frozen ${wokeAt - stoppedAt} ms; B's first audio ${(streamB.audioTimes[0] ?? 0) - stoppedAt} ms after the freeze; A sent ${afterWake} audio events after waking; max live lease holders ${maxHolders}`,
    );
    expect(afterWake).toBeLessThanOrEqual(2);
    expect(maxHolders).toBeLessThanOrEqual(1);
    await sleep(200);
  }, 90_000);
});
