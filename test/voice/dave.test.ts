/**
 * DAVE end to end against the loopback voice server, with @discordjs/voice in this process: the
 * real MLS handshake (external sender, key packages, proposals, commit/welcome, transitions) with
 * simulated members holding @snazzah/davey sessions, their end-to-end encrypted frames heard, the
 * bot's frames decrypted by a member, and the ways DAVE goes wrong.
 */
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallClock } from '../../src/voice/clock.ts';
import { VoiceLink } from '../../src/voice/connection.ts';
import { Receiver } from '../../src/voice/receive.ts';
import { SpeakerInput } from '../../src/voice/speaker-input.ts';
import { hasDaveMarker } from '../fakes/discord/voice/dave.ts';
import { speak, type FakeVoiceServer } from '../fakes/discord/voice/index.ts';
import { decryptPacket } from '../fakes/discord/voice/rtp.ts';
import { fixture } from './fixtures.ts';
import { BOT_ID, CHANNEL_ID, GUILD_ID, startLoopbackVoice } from './loopback-adapter.ts';
import { bandProfile, correlation } from './signal.ts';

const log = pino({ level: process.env.TEST_LOG ?? 'silent' });
const ALICE = '1400000000000000001';

describe('DAVE end-to-end encryption against the loopback voice server', () => {
  let server: FakeVoiceServer;
  let link: VoiceLink;

  beforeAll(async () => {
    const loop = await startLoopbackVoice();
    server = loop.server;
    link = await VoiceLink.open({
      guildId: GUILD_ID,
      channelId: CHANNEL_ID,
      adapterCreator: loop.adapterCreator,
      readyTimeoutMs: 10_000,
      rejoinAttempts: 3,
      rejoinBackoffMs: 100,
      log,
    });
  });

  afterAll(async () => {
    link?.leave();
    await server?.close();
  });

  function hear(userId: string): { input: SpeakerInput; receiver: Receiver; packets: Buffer[] } {
    const input = new SpeakerInput(userId);
    const packets: Buffer[] = [];
    const receiver = new Receiver({
      connection: link.connection,
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
    expect(session.dave?.transitions[0]).toEqual({ id: 0, epoch: 1n });
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
});
