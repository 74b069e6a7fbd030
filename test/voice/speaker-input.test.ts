import { describe, expect, it } from 'vitest';
import { INPUT_FRAME_SAMPLES, SpeakerInput } from '../../src/voice/speaker-input.ts';
import { discordPackets, fixture } from './fixtures.ts';
import { rmsOf } from './signal.ts';

describe('SpeakerInput', () => {
  const packets = discordPackets(fixture('alice'));

  it('hands out exactly one 20 ms 16 kHz frame per call: speech when it arrived, silence otherwise', () => {
    const input = new SpeakerInput('alice');
    expect(input.nextFrame()).toMatchObject({ voiced: false });
    packets.slice(20, 23).forEach((p, i) => input.accept(p, 100 + i, 5));
    const frames = [input.nextFrame(), input.nextFrame(), input.nextFrame(), input.nextFrame()];
    expect(frames.map((f) => f.samples.length)).toEqual(Array(4).fill(INPUT_FRAME_SAMPLES));
    expect(frames.map((f) => f.voiced)).toEqual([true, true, true, false]);
    expect(frames[0]?.arrivedAt).toBe(5);
    expect(Math.max(...frames.slice(0, 3).map((f) => rmsOf(f.samples)))).toBeGreaterThan(300);
    input.destroy();
  });

  it('turns a corrupt packet into silence and carries on', () => {
    const input = new SpeakerInput('alice');
    input.accept(Buffer.from([0xff, 0xff, 0xff]), 1, 0);
    input.accept(packets[30] ?? Buffer.alloc(0), 2, 0);
    expect(input.nextFrame().voiced).toBe(true); // the corrupt one is skipped, the good one plays
    expect(input.decoder.corrupt).toBe(1);
    input.destroy();
  });
});
