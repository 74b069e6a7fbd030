/**
 * DAVE end to end against the loopback voice server, with @discordjs/voice in this process: the
 * real MLS handshake (external sender, key packages, proposals, commit/welcome, transitions) with
 * simulated members holding @snazzah/davey sessions, their end-to-end encrypted frames heard, the
 * bot's frames decrypted by a member, and the ways DAVE goes wrong.
 */
import { once } from 'node:events';
import { Readable } from 'node:stream';
import { WebSocket } from 'ws';
import { createAudioPlayer, createAudioResource, NoSubscriberBehavior, StreamType } from '@discordjs/voice';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallClock } from '../../src/voice/clock.ts';
import type { VoiceLink } from '../../src/voice/connection.ts';
import { Receiver } from '../../src/voice/receive.ts';
import { OpusEncoder } from '../../src/voice/opus.ts';
import { upmix } from '../../src/voice/pcm.ts';
import { SpeakerInput } from '../../src/voice/speaker-input.ts';
import { hasDaveMarker } from '../fakes/discord/voice/dave-member.ts';
import { speak, type FakeVoiceServer } from '../fakes/discord/voice/index.ts';
import { decryptPacket } from '../fakes/discord/voice/rtp.ts';
import { fixture } from './fixtures.ts';
import { BOT_ID, CHANNEL_ID, GUILD_ID, openLoopbackLink, startLoopbackVoice } from './loopback-adapter.ts';
import { bandProfile, correlation } from './signal.ts';

const log = pino({ level: process.env.TEST_LOG ?? 'silent' });
const ALICE = '1400000000000000001';
const BOB = '1400000000000000002';
const OTHER_GUILD = '1200000000000000002';

describe('DAVE end-to-end encryption against the loopback voice server', () => {
  let server: FakeVoiceServer;
  let link: VoiceLink;
  let adapterCreator: Parameters<typeof VoiceLink.open>[0]['adapterCreator'];

  beforeAll(async () => {
    const loop = await startLoopbackVoice();
    server = loop.server;
    adapterCreator = loop.adapterCreator;
    link = await openLoopbackLink(loop.adapterCreator, log, { rejoinAttempts: 3, rejoinBackoffMs: 100 });
  });

  afterAll(async () => {
    link?.leave();
    await server?.close();
  });

  function hear(
    userId: string,
    options: Partial<ConstructorParameters<typeof Receiver>[0]> = {},
    on: VoiceLink = link,
  ): { input: SpeakerInput; receiver: Receiver; packets: Buffer[] } {
    const input = new SpeakerInput(userId);
    const packets: Buffer[] = [];
    const receiver = new Receiver({
      ...options,
      connection: on.connection,
      log,
      onPacket: (_u, opus, seq, at) => {
        packets.push(opus);
        input.accept(opus, seq, at);
      },
    });
    receiver.subscribe(userId);
    return { input, receiver, packets };
  }

  it('negotiates protocol version 1 and the bot sends a key package', async () => {
    const session = await server.waitForSession(GUILD_ID);
    expect(server.identifies[0]).toMatchObject({ max_dave_protocol_version: 1 });
    await server.waitFor(() => server.binaryFromBot.some((m) => m.op === 26), 5_000, 'key package');
    expect(session.dave).toBeDefined();
  });

  it('forms a group when a member joins (transition 0) and hears their end-to-end encrypted speech', async () => {
    const session = await server.waitForSession(GUILD_ID);
    const { input, receiver, packets } = hear(ALICE);
    const member = session.memberJoined(ALICE);
    await server.waitFor(() => session.dave?.isMember(BOT_ID) && member?.ready, 5_000, 'group formed');
    expect(session.dave?.transitions[0]).toMatchObject({ id: 0, epoch: 1n });
    expect(session.dave?.failures).toEqual([]); // the gateway read and signed every MLS message
    const speech = fixture('alice');
    const wire: Buffer[] = [];
    const original = session.sendRaw.bind(session);
    session.sendRaw = (packet) => {
      wire.push(packet);
      original(packet);
    };
    const frames: Int16Array[] = [];
    const clock = new CallClock({ onTick: () => frames.push(input.nextFrame().samples.slice()) });
    clock.start();
    await speak(server, GUILD_ID, ALICE, speech);
    session.sendRaw = original;
    await new Promise((r) => setTimeout(r, 200));
    clock.stop();
    receiver.destroy();
    const onWire = wire.map((p) => decryptPacket(p, session.key, session.mode)?.opus ?? Buffer.alloc(0));
    expect(onWire.filter(hasDaveMarker).length).toBeGreaterThan(80); // end-to-end encrypted on the wire
    expect(packets.length).toBeGreaterThan(100);
    expect(packets.some(hasDaveMarker)).toBe(false); // the bot hands on decrypted Opus only
    const heard = Int16Array.from(frames.flatMap((f) => Array.from(f)));
    const source = speech.samples.filter((_, i) => i % 3 === 0);
    expect(correlation(bandProfile(heard, 16_000), bandProfile(source, 16_000))).toBeGreaterThan(0.9);
    input.destroy();
  });

  it('re-keys after a lost commit in a transition-0 group and hears the member again (no storm, no crash)', async () => {
    const session = await server.waitForSession(GUILD_ID);
    const dave = session.dave;
    if (!dave) throw new Error('no DAVE group');
    expect(dave.transitions[0]?.id).toBe(0); // the bot joined the group through transition 0
    dave.loseNextCommit(BOT_ID);
    const bob = session.memberJoined(BOB);
    await server.waitFor(() => bob?.ready && dave.transitions.length >= 2, 5_000, 'bob added');
    const { receiver, packets, input } = hear(ALICE);
    const talking = new AbortController();
    const started = performance.now();
    const speaking = speak(server, GUILD_ID, ALICE, fixture('alice'), { loop: true, signal: talking.signal });
    try {
      await server.waitFor(() => dave.invalidReports.some((r) => r.userId === BOT_ID), 10_000, 'bot re-key');
      const before = packets.length;
      await server.waitFor(() => packets.length > before + 25, 10_000, 'alice heard again');
    } finally {
      talking.abort();
      await speaking;
    }
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(dave.invalidReports.find((r) => r.userId === BOT_ID)?.transitionId).toBe(0);
    expect(receiver.streamErrors).toBe(0);
    expect(receiver.decrypt.perSpeaker()[ALICE]).toBeGreaterThan(0);
    expect(link.state).toBe('ready');
    receiver.destroy();
    input.destroy();
  });

  it('drops and counts a member whose frames cannot be decrypted, re-keys, then tells them once', async () => {
    const session = await server.waitForSession(GUILD_ID);
    const alice = session.members.get(ALICE);
    if (!alice) throw new Error('alice is not a member');
    const told: string[] = [];
    let rejoins = 0;
    const reKeysBefore = session.dave?.invalidReports.length ?? 0;
    const { receiver, packets, input } = hear(ALICE, {
      recoverAfterMs: 1_000,
      rejoinAfterMs: 2_500,
      onUndecryptable: (userId) => told.push(userId),
      rejoin: () => rejoins++,
    });
    alice.corrupt = true;
    try {
      await speak(server, GUILD_ID, ALICE, fixture('alice'));
      await new Promise((r) => setTimeout(r, 500));
    } finally {
      alice.corrupt = false;
    }
    expect(packets.filter((p) => p.length > 3)).toEqual([]); // nothing undecrypted reached the decoder
    expect(receiver.decrypt.perSpeaker()[ALICE]).toBeGreaterThan(50);
    expect(session.dave?.invalidReports.length).toBeGreaterThan(reKeysBefore); // the library re-key ran
    expect(told).toEqual([ALICE]);
    expect(rejoins).toBe(1);
    expect(receiver.streamErrors).toBe(0);
    receiver.destroy();
    input.destroy();
  });

  it('works with only aead_xchacha20_poly1305_rtpsize offered, member packets with header extensions and padding', async () => {
    server.modes = ['aead_xchacha20_poly1305_rtpsize'];
    server.packetShape = { extensionWords: 2, padding: 7 };
    const other = await openLoopbackLink(adapterCreator, log, { guildId: OTHER_GUILD });
    try {
      const session = await server.waitForSession(OTHER_GUILD);
      expect(session.mode).toBe('aead_xchacha20_poly1305_rtpsize');
      const member = session.memberJoined(ALICE);
      await server.waitFor(() => member?.ready && session.dave?.isMember(BOT_ID), 5_000, 'group formed');
      const { receiver, packets, input } = hear(ALICE, {}, other);
      const encoder = new OpusEncoder({ sampleRate: 48_000, channels: 2, bitrate: 64_000 });
      const speech = fixture('alice');
      const frames: Buffer[] = [];
      for (let i = 0; i < 50; i++) {
        const pcm = speech.samples.subarray(48_000 + i * 960, 48_000 + (i + 1) * 960);
        frames.push(encoder.encode(upmix({ ...speech, samples: pcm }).samples));
      }
      encoder.destroy();
      const stream = server.userStream(ALICE);
      for (const frame of frames) {
        session.sendAudio(ALICE, stream, frame);
        stream.sequence = (stream.sequence + 1) & 0xffff;
        stream.timestamp = (stream.timestamp + 960) >>> 0;
        await new Promise((r) => setTimeout(r, 20));
      }
      await server.waitFor(() => packets.length >= frames.length, 3_000, 'all frames heard');
      expect(packets).toEqual(frames); // transport + DAVE decrypted, extension and padding stripped
      receiver.destroy();
      input.destroy();

      const player = createAudioPlayer({ behaviors: { noSubscriber: NoSubscriberBehavior.Pause } });
      other.connection.subscribe(player);
      player.play(createAudioResource(Readable.from(frames), { inputType: StreamType.Opus }));
      await server.waitFor(
        () => session.received.filter((p) => p.e2ee === 'decrypted').length >= frames.length,
        5_000,
        'bot frames decrypted by a member',
      );
      const decrypted = session.received.filter((p) => p.e2ee === 'decrypted').map((p) => p.opus);
      expect(decrypted.slice(0, frames.length)).toEqual(frames);
      expect(session.received.filter((p) => p.e2ee === 'undecryptable')).toEqual([]);
      player.stop(true);
    } finally {
      server.modes = ['aead_aes256_gcm_rtpsize', 'aead_xchacha20_poly1305_rtpsize'];
      server.packetShape = { extensionWords: 1 };
      other.leave();
    }
  });

  it('closes the voice socket with a chosen close code (4014: the bot was disconnected)', async () => {
    const guildId = '1200000000000000003';
    let closed: string | undefined;
    const other = await openLoopbackLink(adapterCreator, log, {
      guildId,
      resumeWindowMs: 300,
      onClose: (reason) => (closed = reason),
    });
    await server.waitForSession(guildId);
    expect(server.closeWith(guildId, 4014)).toBe(true);
    await server.waitFor(() => closed, 5_000, 'link closed');
    expect(closed).toBe('removed');
    expect(other.state).toBe('closed');
    expect(server.closeWith('1200000000000000404', 4014)).toBe(false);
  });

  it('moves to a new epoch when members leave, resets the sole remaining bot, and forms a new group', async () => {
    const session = await server.waitForSession(GUILD_ID);
    const dave = session.dave;
    if (!dave) throw new Error('no DAVE group');
    await server.waitFor(() => dave.isMember(BOT_ID), 10_000, 'bot in the group');
    const epochBefore = dave.epoch;
    session.userLeft(BOB);
    await server.waitFor(() => dave.epoch > epochBefore && !dave.leaves.includes(BOB), 5_000, 'bob removed');
    expect(dave.transitions.at(-1)?.id).toBeGreaterThan(0);
    session.userLeft(ALICE);
    // The bot alone: op 24 (epoch 1) and op 21 (transition 0), then a new key package.
    await server.waitFor(() => !dave.established, 5_000, 'sole member reset');
    const keyPackages = server.binaryFromBot.filter((m) => m.op === 26).length;
    await server.waitFor(
      () => server.binaryFromBot.filter((m) => m.op === 26).length > keyPackages,
      5_000,
      'new key package',
    );
    const { receiver, packets, input } = hear(ALICE);
    const alice = session.memberJoined(ALICE);
    await server.waitFor(() => alice?.ready && dave.isMember(BOT_ID), 5_000, 'new group');
    expect(dave.transitions.at(-1)).toMatchObject({ id: 0, epoch: 1n });
    await speak(server, GUILD_ID, ALICE, fixture('bob'));
    expect(packets.length).toBeGreaterThan(50);
    expect(receiver.streamErrors).toBe(0);
    receiver.destroy();
    input.destroy();
  });

  it('closes with 4017 a client that does not speak DAVE', async () => {
    const ws = new WebSocket(`wss://${server.endpoint}?v=8`);
    const { token } = server.serverUpdate({
      guildId: '1200000000000000005',
      channelId: CHANNEL_ID,
      userId: BOT_ID,
      sessionId: 's',
    });
    await new Promise((resolve) => ws.once('open', resolve));
    ws.send(
      JSON.stringify({
        op: 0,
        d: {
          server_id: '1200000000000000005',
          user_id: BOT_ID,
          session_id: 's',
          token,
          max_dave_protocol_version: 0,
        },
      }),
    );
    const [code] = (await once(ws, 'close')) as [number];
    expect(code).toBe(4017);
  });

  it('announces the bot’s own commit when it is first, and welcomes members with it', async () => {
    const guildId = '1200000000000000006';
    server.memberCommitDelayMs = 300;
    const other = await openLoopbackLink(adapterCreator, log, { guildId });
    try {
      const session = await server.waitForSession(guildId);
      await server.waitFor(() => server.binaryFromBot.length > 0 && session.dave, 5_000, 'bot key package');
      const dave = session.dave;
      if (!dave) throw new Error('no DAVE group');
      const alice = session.memberJoined(ALICE);
      await server.waitFor(() => alice?.ready && dave.isMember(BOT_ID), 5_000, 'group by the bot’s commit');
      const bob = session.memberJoined(BOB);
      await server.waitFor(() => bob?.ready && dave.transitions.length >= 2, 5_000, 'bob welcomed');
      expect(dave.transitions.map((t) => t.committer)).toEqual([BOT_ID, BOT_ID]);
      expect(dave.failures).toEqual([]);
      await new Promise((r) => setTimeout(r, 400)); // the members' late commits arrive and are dropped
      expect(dave.droppedCommits).toBeGreaterThan(0);
      const { receiver, packets, input } = hear(BOB, {}, other);
      await speak(server, guildId, BOB, fixture('bob'));
      expect(packets.length).toBeGreaterThan(50);
      receiver.destroy();
      input.destroy();
    } finally {
      server.memberCommitDelayMs = 0;
      other.leave();
    }
  });
});
