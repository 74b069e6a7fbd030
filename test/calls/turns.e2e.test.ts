/**
 * Turn handling end to end through the real bot against the observed-profile loopback Bedrock
 * (one completion per stream, replies ending at AUDIO END_TURN, barge-in as FINAL TEXT
 * INTERRUPTED, late FINAL text): a six-turn conversation with two barge-ins keeps speaking, its
 * streams rotate only at reply boundaries, and after rotation and an idle reopen (hit by the
 * "Chat history should be sent completely…" race) the model gets both sides of the conversation
 * and nothing already answered is asked again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTranscript, type TranscriptEntry } from '../../src/calls/transcript-store.ts';
import { tableNames } from '../../src/db/index.ts';
import type { FakeStreamRecord, FakeTurn } from '../fakes/bedrock/server.ts';
import { speak } from '../fakes/discord/voice/index.ts';
import { startBot, type BotProcess } from '../helpers/bot-process.ts';
import { World } from '../helpers/world.ts';
import { fixture } from '../voice/fixtures.ts';

/** Long enough for both barge-ins to land on the first stream, short enough to rotate during the call. */
const ROTATE_MS = 9500;
const IDLE_CLOSE_MS = 3000;
/** A brief question (speech from 0.2 s), so a barge-in follows the session's start quickly. */
const BRIEF_MS = 1400;
/** A long reply the speaker talks over (250 frames if it played out), and a short one (30 frames). */
const long = (user: string, reply: string): FakeTurn => ({ user, reply, replyAudioMs: 5000, final: 4000 });
const short = (user: string, reply: string): FakeTurn => ({ user, reply, replyAudioMs: 600, final: 300 });
const TURNS: FakeTurn[] = [
  long('tell me everything about my orders', 'Here is a very long answer about all of your orders.'),
  short('stop, just A-1042', 'A-1042 arrives today.'),
  long('and what about the socks order', 'The socks order has a long story to it.'),
  short('never mind the story', 'Fine, it ships tomorrow.'),
  short('can I change the address', 'Yes, until it ships.'),
  short('thanks that is all', 'You are welcome.'),
];

/** Milliseconds of 16 kHz audio in 20 ms windows loud enough to be speech. */
function voicedMs(samples: Int16Array): number {
  let voiced = 0;
  for (let at = 0; at + 320 <= samples.length; at += 320) {
    let sum = 0;
    for (let i = at; i < at + 320; i++) sum += (samples[i] ?? 0) ** 2;
    if (Math.sqrt(sum / 320) >= 500) voiced += 20;
  }
  return voiced;
}

describe('turns through the real bot (observed Bedrock)', () => {
  let world: World;
  let bot: BotProcess;
  let callId = '';
  const transcript = () =>
    readTranscript(world.dynamo.doc, tableNames(world.tablePrefix).transcripts, callId);
  const session = () => {
    const current = world.voice.current(world.guild.id);
    if (!current) throw new Error('no voice session');
    return current;
  };
  const alice = () => world.customer('alice');
  /** Alice says a speech fixture (its first `ms` only, when given). */
  const say = (which: 'alice' | 'bob', ms?: number) => {
    const speech = fixture(which);
    const samples = ms ? speech.samples.subarray(0, (speech.sampleRate * ms) / 1000) : speech.samples;
    return speak(world.voice, world.guild.id, alice().id, { ...speech, samples });
  };
  const streams = (): FakeStreamRecord[] =>
    world.bedrock.streams.filter((s) =>
      s.textBlocks.some((b) => b.role === 'SYSTEM' && b.text.includes('speaking with alice')),
    );
  /** Audio packets the bot played between two epoch times. */
  const playedBetween = (from: number, to: number) =>
    session().received.filter((p) => p.at >= from && p.at < to && p.opus.length > 3).length;
  const userLines = (lines: TranscriptEntry[]) => lines.filter((l) => l.role === 'user');

  beforeAll(async () => {
    world = await World.start({ bedrock: { profile: 'observed' } });
    await world.seedOrders();
    bot = await startBot(
      world.botEnv({
        SONIC_SESSION_ROTATE_MS: String(ROTATE_MS),
        SPEAKER_IDLE_CLOSE_MS: String(IDLE_CLOSE_MS),
      }),
    );
    world.inVoice(['alice']);
    await world.discord.runSlashCommand(alice(), world.guild, 'voice', { subcommand: 'join' }, 20_000);
    callId = String((await bot.waitForLog((l) => l.msg === 'call started')).callId);
    await world.voice.waitForSession(world.guild.id);
  }, 40_000);
  afterAll(async () => {
    await bot?.stop();
    await world?.close();
  });

  it('keeps speaking after two barge-ins over six turns, rotating streams only at reply boundaries', async () => {
    world.bedrock.scriptFor('alice').add(...TURNS);
    const playing = async (what: string) => {
      const before = session().audioPackets;
      await world.voice.waitFor(() => session().audioPackets - before > 25 || undefined, 15_000, what);
    };
    // Both lines of the first `turns` turns are in the transcript (the assistant's once its reply ended).
    const answered = (turns: number) =>
      expect.poll(async () => (await transcript()).length, { timeout: 15_000 }).toBe(turns * 2);

    // Turn 1 (short) gets a long reply; turn 2 is spoken over it (barge-in); the same again for
    // 3 and 4, all well inside the first stream's lifetime (ROTATE_MS), so the service sees both.
    const reply1 = playing('the first long reply');
    await say('alice', BRIEF_MS);
    await reply1;
    await say('bob');
    await answered(2);
    const reply3 = playing('the reply to turn 3');
    await say('alice', BRIEF_MS);
    await reply3;
    await say('bob');
    await answered(4);
    // A pause between turns: the stream rotates in it (at a reply boundary), then two more turns.
    await bot.waitForLog((l) => l.msg === 'sonic stream rotated', ROTATE_MS + 5000);
    await say('alice');
    await answered(5);
    await say('bob');
    await answered(6);
    await new Promise((r) => setTimeout(r, 1500)); // the last reply plays out

    const users = userLines(await transcript());
    expect(users.map((l) => l.text)).toEqual(TURNS.map((t) => t.user));
    // One speaker session throughout (no idle close): the streams changed only by rotation.
    expect(new Set(users.map((l) => l.sessionId)).size).toBe(1);
    const played = users.map((line, i) => playedBetween(line.at, users[i + 1]?.at ?? Date.now()));
    // The long replies were cut by the barge-ins (250 frames if played out)…
    expect(played[0]).toBeLessThan(150);
    expect(played[2]).toBeLessThan(150);
    // …and every later reply reached the channel (30 frames each).
    for (const turn of [1, 3, 4, 5]) expect(played[turn], `reply ${turn + 1}`).toBeGreaterThanOrEqual(25);
    // The service flagged both barge-ins itself (FINAL text INTERRUPTED, cut short), so the bot
    // had to clear its own mute to speak again, not just stop local playback.
    const finals = streams().flatMap((s) =>
      s.texts.filter((t) => t.role === 'ASSISTANT' && t.stage === 'FINAL'),
    );
    for (const turn of [TURNS[0], TURNS[2]]) {
      const cut = finals.filter((t) => t.text !== turn?.reply && turn?.reply.startsWith(t.text));
      expect(cut, `barge-in on "${turn?.reply}"`).toHaveLength(1);
    }
    // The model answered every turn once.
    expect(streams().reduce((n, s) => n + s.turnsDone, 0)).toBe(6);

    // The conversation outlived its first stream; every switch came at a reply boundary, none forced.
    const rotations = bot.logs.filter((l) => l.msg === 'sonic stream rotated');
    expect(rotations.length).toBeGreaterThanOrEqual(1);
    expect(rotations.map((l) => l.reason)).toEqual(rotations.map(() => 'boundary'));
  }, 90_000);

  it('reopens after a quiet spell with both sides of the history, one retry past the history race, and no audio lost', async () => {
    const first = (await transcript())[0]?.sessionId;
    await bot.waitForLog(
      (l) => l.msg === 'closing speaker session' && l.reason === 'idle' && l.sessionId === first,
      15_000,
    );
    const before = streams().length;
    const recoveries = () =>
      bot.logs.filter((l) => l.msg === 'sonic stream failed; continuing on a new stream').length;
    const recoveredBefore = recoveries();
    world.bedrock.raceHistory(1);
    world.bedrock.scriptFor('alice').add(short('where is order A-1042 now', 'Still arriving today.'));
    const start = Date.now();
    await say('alice');
    await expect.poll(async () => userLines(await transcript()).length, { timeout: 20_000 }).toBe(7);
    await world.voice.waitFor(
      () => playedBetween(start, Date.now()) >= 25 || undefined,
      15_000,
      'the reply after the reopen',
    );

    // The race cost exactly one retry: one refused stream, then one that answered.
    const reopened = streams().slice(before);
    expect(reopened[0]?.end).toBe('exception:validationException');
    expect(reopened[0]?.turnsDone).toBe(0);
    expect(reopened[1]?.turnsDone).toBe(1);
    expect(recoveries() - recoveredBefore).toBe(1);
    expect(world.discord.messages.filter((m) => m.content.includes('lost my connection'))).toEqual([]);
    // No audio lost: the stream that answered heard the whole question (its speech, give or take
    // what Opus and resampling blur; losing the refused stream's audio leaves about half).
    const question = fixture('alice').samples.filter((_, i) => i % 3 === 0); // 48 → 16 kHz
    const heard = voicedMs(reopened[1]?.audioSamples() ?? new Int16Array(0));
    expect(heard).toBeGreaterThan(0.8 * voicedMs(question));
    const lines = await transcript();
    expect(userLines(lines).at(-1)?.text).toBe('where is order A-1042 now');
    expect(userLines(lines).at(-1)?.sessionId).not.toBe(first);
    await expect
      .poll(async () => (await transcript()).at(-1)?.text, { timeout: 10_000 })
      .toBe('Still arriving today.');

    // Every stream that carried history got both sides, as history, each question once.
    const withHistory = streams().filter((s) => s.textBlocks.some((b) => b.role !== 'SYSTEM'));
    expect(withHistory.length).toBeGreaterThanOrEqual(3);
    for (const s of withHistory) {
      const history = s.textBlocks.filter((b) => b.role !== 'SYSTEM');
      expect(new Set(history.map((b) => b.role))).toEqual(new Set(['USER', 'ASSISTANT']));
      expect(history.filter((b) => b.interactive)).toEqual([]);
      const asked = history.filter((b) => b.role === 'USER').map((b) => b.text);
      expect(new Set(asked).size).toBe(asked.length);
    }
    // The reopened stream was told the whole conversation so far, both sides, in order.
    const told = reopened[1]?.textBlocks
      .filter((b) => b.role !== 'SYSTEM')
      .map((b) => `${b.role}: ${b.text}`);
    expect(told).toEqual(lines.slice(0, 12).map((l) => `${l.role.toUpperCase()}: ${l.text}`));
    // Nothing answered was asked again: the model answered seven turns in all.
    expect(streams().reduce((n, s) => n + s.turnsDone, 0)).toBe(7);
  }, 60_000);
});
