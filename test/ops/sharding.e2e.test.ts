/**
 * Scale-out end to end: three real bot processes (SHARD_COUNT=3, SHARD_IDS=0|1|2) on one loopback
 * Discord, sharing one DynamoDB endpoint (the world's dynalite). Each guild is served by the
 * process owning its shard; the fleet-wide Nova Sonic cap holds across processes (and a killed
 * process's session leases come back); a pending summary whose process was killed is finished by
 * another process, exactly once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { tableNames } from '../../src/db/index.ts';
import { shardOf } from '../fakes/discord/gateway.ts';
import type { FakeUser } from '../fakes/discord/index.ts';
import { speak } from '../fakes/discord/voice/index.ts';
import { startBot, type BotProcess } from '../helpers/bot-process.ts';
import { joinCall, voiceCommand } from '../helpers/calls.ts';
import { World, type WorldGuild } from '../helpers/world.ts';
import { fixture } from '../voice/fixtures.ts';

const SHARDS = 3;
const SESSION_LEASE_MS = 3_000;
const SUMMARY = JSON.stringify({
  participants: ['caller'],
  topics: ['a greeting'],
  sentiment: { overall: 'neutral', notes: '' },
  actionItems: [],
  ordersDiscussed: [],
  unresolvedQuestions: [],
});

interface Shop {
  readonly shard: number;
  readonly where: WorldGuild;
  readonly caller: FakeUser;
}

describe('three bot processes, one shard each, sharing one DynamoDB', () => {
  let world: World;
  const bots: BotProcess[] = [];
  const shops: Shop[] = [];
  let maxOpen = 0;
  let sampler: NodeJS.Timeout | undefined;
  /** What the run measured; printed with VOICEDESK_FIGURES=1 (for the operator's notes). */
  const figures: Record<string, unknown> = {};

  const start = (shard: number) => startBot(env(shard));
  const env = (shard: number) =>
    world.botEnv({
      SHARD_COUNT: String(SHARDS),
      SHARD_IDS: String(shard),
      MAX_SESSIONS_FLEET: '2',
      SESSION_LEASE_MS: String(SESSION_LEASE_MS),
      SUMMARY_LEASE_MS: '3000',
      SPEAKER_IDLE_CLOSE_MS: '4000',
    });
  const shop = (shard: number): Shop => {
    const found = shops.find((s) => s.shard === shard);
    if (!found) throw new Error(`no guild on shard ${shard}`);
    return found;
  };
  const streamsOf = (name: string) =>
    world.bedrock.streams.filter((s) =>
      s.textBlocks.some((b) => b.role === 'SYSTEM' && b.text.includes(name)),
    );
  const talk = (s: Shop, signal?: AbortSignal) =>
    speak(world.voice, s.where.guild.id, s.caller.id, fixture('alice'), signal ? { signal, loop: true } : {});
  const leases = async () => {
    const out = await world.dynamo.doc.send(
      new ScanCommand({ TableName: tableNames(world.tablePrefix).leases }),
    );
    const now = Date.now();
    return (out.Items ?? []).filter((i) => Number(i.expiresAt) > now).map((i) => String(i.holder));
  };

  beforeAll(async () => {
    world = await World.start();
    // Guild ids are sequential snowflakes; make guilds until every shard owns one.
    for (let i = 0; shops.length < SHARDS && i < 30; i++) {
      const where = world.addGuild(`Shop ${i}`, [`caller-${i}-x`]);
      const shard = shardOf(where.guild.id, SHARDS);
      const caller = where.members[0];
      if (caller && !shops.some((s) => s.shard === shard)) shops.push({ shard, where, caller });
      else world.discord.createUser(`filler-${i}`); // moves the next guild's id on by one
    }
    for (const s of shops) {
      world.bedrock.scriptFor(s.caller.username).add(
        ...Array.from({ length: 6 }, () => ({
          user: 'hello there',
          reply: 'Hello, how can I help?',
          replyAudioMs: 600,
        })),
      );
    }
    for (let shard = 0; shard < SHARDS; shard++) bots.push(await start(shard));
    sampler = setInterval(() => (maxOpen = Math.max(maxOpen, world.bedrock.openStreams)), 5);
  }, 60_000);
  afterAll(async () => {
    clearInterval(sampler);
    figures.maxOpenStreams = maxOpen;
    if (process.env.VOICEDESK_FIGURES) process.stdout.write(`sharding figures: ${JSON.stringify(figures)}\n`);
    await Promise.allSettled(bots.map((b) => b.stop()));
    await world?.close();
  });

  it('identifies one shard per process, each receiving only its own guilds', () => {
    expect(world.discord.gateway.identifies.map((i) => i.shard).sort()).toEqual([
      [0, 3],
      [1, 3],
      [2, 3],
    ]);
    for (let shard = 0; shard < SHARDS; shard++) {
      const owned = [...world.discord.guilds.keys()].filter((id) => shardOf(id, SHARDS) === shard).length;
      expect(bots[shard]?.logs.find((l) => l.msg === 'logged in to Discord')?.guilds).toBe(owned);
    }
  });

  it('answers each guild’s commands and runs its call in the process that owns its shard', async () => {
    for (const s of shops) {
      world.inVoiceOf(s.where, [s.caller.username]);
      await joinCall(world, s.caller, s.where);
    }
    for (const [shard, bot] of bots.entries()) {
      const started = bot.logs.filter((l) => l.msg === 'call started').map((l) => l.guildId);
      expect(started).toEqual([shop(shard).where.guild.id]);
    }
  }, 60_000);

  it('keeps open Nova Sonic streams under MAX_SESSIONS_FLEET across processes and tells the one left out', async () => {
    const [a, b, c] = [shop(0), shop(1), shop(2)];
    await Promise.all([talk(a), talk(b)]);
    await world.bedrock.waitForStreams(2);
    await talk(c);
    const notice = await world.discord.waitForMessage(
      (m) => m.channelId === c.where.helpDesk.id && m.content.includes(`<@${c.caller.id}>`),
      10_000,
    );
    expect(notice.content).toContain('too many people');
    expect(streamsOf(c.caller.username)).toHaveLength(0);
    const capped = Date.now();

    // The first two go quiet and their sessions close; the third is heard when they speak again.
    await expect.poll(() => world.bedrock.openStreams, { timeout: 20_000 }).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, capped + 5_500 - Date.now())));
    const session = world.voice.current(c.where.guild.id);
    const before = session?.audioPackets ?? 0;
    await talk(c);
    await world.voice.waitFor(() => (session?.audioPackets ?? 0) > before + 20 || undefined, 20_000, 'reply');
    expect(streamsOf(c.caller.username)).toHaveLength(1);
    expect(maxOpen).toBeLessThanOrEqual(2);
  }, 90_000);

  it('returns a killed process’s session lease after SESSION_LEASE_MS', async () => {
    const [a, b, c] = [shop(0), shop(1), shop(2)];
    await expect.poll(() => world.bedrock.openStreams, { timeout: 20_000 }).toBe(0);
    const talking = new AbortController();
    const bTalks = talk(b, talking.signal);
    await talk(a);
    await expect.poll(async () => (await leases()).length, { timeout: 10_000 }).toBe(2);
    const cStreams = streamsOf(c.caller.username).length;

    await bots[0]?.kill();
    const killedAt = Date.now();
    // A's slot is still leased to the dead process, B holds the other: C is not heard yet.
    expect((await leases()).some((h) => h.endsWith(`/${a.caller.id}`))).toBe(true);
    await talk(c);
    expect(streamsOf(c.caller.username)).toHaveLength(cStreams);

    // After the lease time (and C's retry delay) the dead process's slot is free again.
    await expect
      .poll(async () => (await leases()).some((h) => h.endsWith(`/${a.caller.id}`)), { timeout: 10_000 })
      .toBe(false);
    figures.leaseGoneAfterKillMs = Date.now() - killedAt;
    expect(Date.now() - killedAt).toBeLessThan(SESSION_LEASE_MS + 2_000);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, killedAt + 5_500 - Date.now())));
    await talk(c);
    await expect.poll(() => streamsOf(c.caller.username).length, { timeout: 10_000 }).toBe(cStreams + 1);
    expect((await leases()).some((h) => h.endsWith(`/${b.caller.id}`))).toBe(true);
    talking.abort();
    await bTalks;
    expect(maxOpen).toBeLessThanOrEqual(2);
    bots[0] = await start(0);
  }, 90_000);

  it('finishes a killed process’s pending summary in another process, exactly once', async () => {
    const b = shop(1);
    const requests = world.bedrock.converse.requests.length;
    world.bedrock.converse.reply('amazon.nova-pro-v1:0', { hang: true }, { text: SUMMARY });
    const leave = await voiceCommand(world, b.caller, 'leave', b.where);
    expect(leave.original?.content).toContain('Left');
    const ended = await bots[1]?.waitForLog((l) => l.msg === 'call ended');
    const callId = String(ended?.callId);
    await expect
      .poll(() => world.bedrock.converse.requests.length, { timeout: 15_000 })
      .toBeGreaterThan(requests);

    await bots[1]?.kill();
    const killedAt = Date.now();
    bots[1] = await start(1);
    const ofCall = () =>
      world.discord.messages.filter(
        (m) =>
          m.channelId === world.moderators.id &&
          JSON.stringify([m.content, m.embeds]).includes(`call ${callId}`),
      );
    await expect.poll(() => ofCall().some((m) => m.embeds.length > 0), { timeout: 45_000 }).toBe(true);
    figures.summaryPostedAfterKillMs = Date.now() - killedAt;
    // Two more sweeps: nobody posts it again.
    await new Promise((resolve) => setTimeout(resolve, 7_000));
    expect(ofCall()).toHaveLength(1);
    const posted = bots.filter((bot) =>
      bot.logs.some((l) => l.msg === 'summary job finished' && l.callId === callId && l.outcome === 'posted'),
    );
    expect(posted).toHaveLength(1);
    figures.summaryPostedBy = posted[0] === bots[1] ? 'the restarted shard-1 process' : 'a surviving process';
  }, 120_000);
});
