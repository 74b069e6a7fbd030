/**
 * The real bot process against the loopback Discord (gateway + REST) and the loopback voice
 * server: join, hear users (even one already talking), the mic check round trip, corrupt packets,
 * a dropped voice session, leaving an empty channel, and giving up on a dead voice server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord, type FakeChannel, type FakeGuild, type FakeUser } from '../fakes/discord/index.ts';
import { FakeVoiceServer, sendGarbage, speak } from '../fakes/discord/voice/index.ts';
import { startBot, type BotProcess } from '../helpers/bot-process.ts';
import { fixture } from './fixtures.ts';
import { bandProfile, correlation, envelopeMatch } from './signal.ts';

const LEAVE_WHEN_EMPTY_MS = 1500;

describe('voice end to end (real bot process, loopback Discord and voice server)', () => {
  let fake: FakeDiscord;
  let voice: FakeVoiceServer;
  let alice: FakeUser;
  let bob: FakeUser;
  let guild: FakeGuild;
  let helpDesk: FakeChannel;
  let bot: BotProcess;

  beforeAll(async () => {
    fake = await FakeDiscord.start();
    voice = await FakeVoiceServer.start();
    fake.setVoiceProvider(voice);
    alice = fake.createUser('alice');
    bob = fake.createUser('bob');
    guild = fake.createGuild('Fake Shop', { members: [alice, bob] });
    const channel = [...guild.channels.values()].find((c) => c.kind === 'voice');
    if (!channel) throw new Error('no voice channel');
    helpDesk = channel;
    bot = await startBot({
      ...fake.botEnv(),
      ...voice.botEnv(),
      LEAVE_WHEN_EMPTY_MS: String(LEAVE_WHEN_EMPTY_MS),
      VOICE_READY_TIMEOUT_MS: '4000',
      VOICE_REJOIN_ATTEMPTS: '2',
    });
  }, 40_000);

  afterAll(async () => {
    await bot?.stop();
    await voice?.close();
    await fake?.close();
  });

  it('asks the caller to join a voice channel first', async () => {
    const reply = await fake.runSlashCommand(alice, guild, 'voice', { subcommand: 'join' });
    expect(reply.original?.content).toContain('Join a voice channel first');
  });

  it('joins the caller’s channel and hears a user who was already talking when it joined', async () => {
    fake.setUserVoiceState(alice, guild, helpDesk.id);
    fake.setUserVoiceState(bob, guild, helpDesk.id);
    const talking = new AbortController();
    const bobTalks = speak(voice, guild.id, bob.id, fixture('bob'), { loop: true, signal: talking.signal });
    try {
      const reply = await fake.runSlashCommand(alice, guild, 'voice', { subcommand: 'join' }, 15_000);
      expect(reply.original?.content).toContain('Joined');
      const session = await voice.waitForSession(guild.id);
      expect(session.channelId).toBe(helpDesk.id);
      await bot.waitForLog((l) => l.msg === 'hearing speaker' && l.userId === bob.id, 10_000);
    } finally {
      talking.abort();
      await bobTalks;
    }
  });

  it('mic check: plays the caller’s next utterance back with the same spectral content', async () => {
    const session = voice.current(guild.id);
    if (!session) throw new Error('no voice session');
    const before = session.received.length;
    const interaction = await fake.runSlashCommand(alice, guild, 'voice', { subcommand: 'test' });
    expect(interaction.original?.content).toContain('Listening');
    const speech = fixture('alice');
    await speak(voice, guild.id, alice.id, speech);
    const done = await interaction.waitFor((i) => i.original?.editedAt !== undefined, 15_000);
    expect(done.original?.content).toMatch(/I heard \d+\.\d s/);
    await voice.waitFor(() => session.audioPackets > 100, 15_000, 'playback');
    await new Promise((r) => setTimeout(r, 3500));
    const heard = session.botAudio(16_000).subarray(before * 320);
    const source = speech.samples.filter((_, i) => i % 3 === 0);
    // The loudness contour identifies the utterance (another speaker's scores ≈ 0.2-0.4) ...
    expect(envelopeMatch(heard, 16_000, source, 16_000)).toBeGreaterThan(0.8);
    // ... and the long-term spectrum is that of the same voice.
    expect(correlation(bandProfile(heard, 16_000), bandProfile(source, 16_000))).toBeGreaterThan(0.9);
    // Both ways end-to-end encrypted (DAVE): Alice's client is in the group, and the bot's frames
    // reach the fake only as DAVE frames a member decrypts.
    expect(session.members.get(alice.id)?.ready).toBe(true);
    const replay = session.received.slice(before).filter((p) => p.opus.length > 3);
    expect(replay.length).toBeGreaterThan(100);
    expect(replay.every((p) => p.e2ee === 'decrypted')).toBe(true);
  }, 45_000);

  it('survives 10 000 corrupt packets and still hears the caller', async () => {
    await sendGarbage(voice, guild.id, alice.id, 10_000);
    expect(bot.child.exitCode).toBeNull();
    const interaction = await fake.runSlashCommand(alice, guild, 'voice', { subcommand: 'test' });
    await speak(voice, guild.id, alice.id, fixture('alice'));
    const done = await interaction.waitFor((i) => i.original?.editedAt !== undefined, 15_000);
    expect(done.original?.content).toMatch(/I heard/);
    expect(bot.child.exitCode).toBeNull();
  }, 45_000);

  it('recovers when the voice server drops the session, and keeps hearing', async () => {
    const first = voice.current(guild.id);
    first?.drop(4006);
    const second = await voice.waitForSession(guild.id, first, 20_000);
    expect(second).not.toBe(first);
    const interaction = await fake.runSlashCommand(alice, guild, 'voice', { subcommand: 'test' });
    await speak(voice, guild.id, alice.id, fixture('alice'));
    const done = await interaction.waitFor((i) => i.original?.editedAt !== undefined, 15_000);
    expect(done.original?.content).toMatch(/I heard/);
  }, 45_000);

  it('leaves when the channel has been empty of humans for the configured delay', async () => {
    fake.setUserVoiceState(alice, guild, null);
    fake.setUserVoiceState(bob, guild, null);
    await bot.waitForLog((l) => l.msg === 'voice channel empty; leaving', LEAVE_WHEN_EMPTY_MS + 5000);
    await voice.waitFor(() => voice.current(guild.id) === undefined || undefined, 5000, 'bot left');
    const reply = await fake.runSlashCommand(alice, guild, 'voice', { subcommand: 'leave' });
    expect(reply.original?.content).toContain('not in a voice channel');
  });

  it('gives up after the configured rejoin attempts and says so in the text channel', async () => {
    fake.setUserVoiceState(alice, guild, helpDesk.id);
    await fake.runSlashCommand(alice, guild, 'voice', { subcommand: 'join' }, 15_000);
    const session = await voice.waitForSession(guild.id);
    voice.refuse = true;
    session.drop(4006);
    const message = await fake.waitForMessage((m) => m.content.includes('lost the voice connection'), 40_000);
    expect(message.content).toContain(helpDesk.id);
    await bot.waitForLog((l) => l.msg === 'voice connection lost and could not be re-established; giving up');
    expect(bot.child.exitCode).toBeNull();
    voice.refuse = false;
  }, 60_000);
});
