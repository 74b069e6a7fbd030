import type { Readable } from 'node:stream';
import {
  StreamType,
  type DiscordGatewayAdapterCreator,
  createAudioPlayer,
  createAudioResource,
  NoSubscriberBehavior,
} from '@discordjs/voice';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallClock } from '../../src/voice/clock.ts';
import type { VoiceLink } from '../../src/voice/connection.ts';
import { VoiceJoinError } from '../../src/voice/connection.ts';
import { PlaybackQueue } from '../../src/voice/playback.ts';
import { Receiver } from '../../src/voice/receive.ts';
import { SpeakerInput } from '../../src/voice/speaker-input.ts';
import { sendGarbage, speak, type FakeVoiceServer } from '../fakes/discord/voice/index.ts';
import { fixture } from './fixtures.ts';
import { CHANNEL_ID, GUILD_ID, openLoopbackLink, startLoopbackVoice } from './loopback-adapter.ts';
import { bandProfile, correlation, envelopeMatch, rmsOf } from './signal.ts';

const log = pino({ level: process.env.TEST_LOG ?? 'silent' });
const ALICE = '1400000000000000001';

describe('voice against the loopback voice server (in process)', () => {
  let server: FakeVoiceServer;
  let link: VoiceLink;
  let joins: () => number;
  let adapterCreator: DiscordGatewayAdapterCreator;

  beforeAll(async () => {
    const loop = await startLoopbackVoice();
    server = loop.server;
    joins = loop.joins;
    adapterCreator = loop.adapterCreator;
    link = await openLoopbackLink(loop.adapterCreator, log, { rejoinAttempts: 3, rejoinBackoffMs: 100 });
    // Alice is in the channel, so her client is in the session's DAVE group before she talks.
    server.userVoiceState(GUILD_ID, ALICE, CHANNEL_ID);
  });

  afterAll(async () => {
    link?.leave();
    await server?.close();
  });

  it('connects over wss with AES-GCM and DAVE, not deafened', () => {
    expect(link.state).toBe('ready');
    const session = server.current(GUILD_ID);
    expect(session?.client).toBeDefined();
    expect(server.identifies[0]).toMatchObject({ server_id: GUILD_ID, max_dave_protocol_version: 1 });
  });

  it('receives a speaker in RTP order and decodes the same speech to 16 kHz frames', async () => {
    const input = new SpeakerInput(ALICE);
    const sequences: (number | undefined)[] = [];
    const receiver = new Receiver({
      connection: link.connection,
      log,
      onPacket: (_user, opus, seq, at) => {
        sequences.push(seq);
        input.accept(opus, seq, at);
      },
    });
    receiver.subscribe(ALICE);
    const speech = fixture('alice');
    const frames: Int16Array[] = [];
    const clock = new CallClock({ onTick: () => frames.push(input.nextFrame().samples.slice()) });
    clock.start();
    await speak(server, GUILD_ID, ALICE, speech);
    await new Promise((r) => setTimeout(r, 200));
    clock.stop();
    receiver.destroy();
    expect(sequences.length).toBeGreaterThan(100);
    expect(sequences.every((s, i) => i === 0 || s === ((sequences[i - 1] ?? 0) + 1) % 65_536)).toBe(true);
    const heard = Int16Array.from(frames.flatMap((f) => Array.from(f)));
    const source = speech.samples.filter((_, i) => i % 3 === 0); // 48 kHz → 16 kHz, good enough for a profile
    expect(rmsOf(heard)).toBeGreaterThan(500);
    expect(correlation(bandProfile(heard, 16_000), bandProfile(source, 16_000))).toBeGreaterThan(0.9);
    expect(envelopeMatch(heard, 16_000, source, 16_000)).toBeGreaterThan(0.8);
    input.destroy();
  });

  it('keeps hearing a speaker who is unsubscribed and subscribed again at once (the 0.19.2 close trap)', async () => {
    let packets = 0;
    const receiver = new Receiver({ connection: link.connection, log, onPacket: () => packets++ });
    receiver.subscribe(ALICE);
    receiver.unsubscribe(ALICE);
    receiver.subscribe(ALICE);
    await new Promise((r) => setTimeout(r, 50)); // the old stream's 'close' has run by now
    await speak(server, GUILD_ID, ALICE, fixture('bob'));
    receiver.destroy();
    expect(packets).toBeGreaterThan(50);
  });

  it('fails to join with a VoiceJoinError when the voice server refuses the session', async () => {
    server.refuse = true;
    try {
      const joining = openLoopbackLink(adapterCreator, log, {
        guildId: '1200000000000000099',
        readyTimeoutMs: 1500,
      });
      await expect(joining).rejects.toBeInstanceOf(VoiceJoinError);
    } finally {
      server.refuse = false;
    }
  });

  it('survives 10 000 corrupt packets and still hears the speaker afterwards', async () => {
    const input = new SpeakerInput(ALICE);
    const receiver = new Receiver({
      connection: link.connection,
      log,
      onPacket: (_u, opus, seq, at) => input.accept(opus, seq, at),
    });
    receiver.subscribe(ALICE);
    await sendGarbage(server, GUILD_ID, ALICE, 10_000);
    let voiced = 0;
    const clock = new CallClock({ onTick: () => (voiced += input.nextFrame().voiced ? 1 : 0) });
    clock.start();
    await speak(server, GUILD_ID, ALICE, fixture('bob'));
    clock.stop();
    receiver.destroy();
    expect(voiced).toBeGreaterThan(50);
    expect(receiver.streamErrors + input.decoder.corrupt).toBeGreaterThan(0);
    // ~3 300 packets fail transport decryption; resubscribing backs off instead of one storm each.
    expect(receiver.streamErrors).toBeLessThan(100);
    input.destroy();
  });

  it('plays a reply that the server decodes to the same speech', async () => {
    const player = createAudioPlayer({
      behaviors: { noSubscriber: NoSubscriberBehavior.Pause, maxMissedFrames: 50 },
    });
    link.connection.subscribe(player);
    const queue = new PlaybackQueue({
      log,
      play: (packets: Readable) => player.play(createAudioResource(packets, { inputType: StreamType.Opus })),
    });
    const session = server.current(GUILD_ID);
    if (!session) throw new Error('no session');
    const before = session.received.length;
    const reply = fixture('reply');
    for (let i = 0; i < reply.samples.length; i += 4800) {
      queue.enqueue('alice', { ...reply, samples: reply.samples.subarray(i, i + 4800) });
    }
    queue.endReply('alice');
    await server.waitFor(
      () => queue.state === 'idle' && session.received.length > before + 100,
      10_000,
      'reply played',
    );
    const heard = session.botAudio(24_000);
    expect(correlation(bandProfile(heard, 24_000), bandProfile(reply.samples, 24_000))).toBeGreaterThan(0.9);
    expect(envelopeMatch(heard, 24_000, reply.samples, 24_000)).toBeGreaterThan(0.9);
    expect(session.botSpeaking.length).toBeGreaterThan(0);
    player.stop(true);
    queue.destroy();
  });

  it('recovers when the voice server drops the session', async () => {
    const first = server.current(GUILD_ID);
    const joinsBefore = joins();
    first?.drop(4006);
    const second = await server.waitForSession(GUILD_ID, first);
    await server.waitFor(() => link.state === 'ready' || undefined, 10_000, 'link ready');
    expect(second).not.toBe(first);
    expect(joins()).toBeGreaterThan(joinsBefore);
  });
});
