import { describe, expect, it } from 'vitest';
import { OpusDecoder, OpusEncoder } from '../../src/voice/opus.ts';
import { frameSamples } from '../../src/voice/pcm.ts';
import { discordPackets, fixture } from './fixtures.ts';
import { rmsOf } from './signal.ts';

function decodeAlone(packets: readonly Buffer[]): Int16Array[] {
  const decoder = new OpusDecoder(16000, 1);
  const out = packets.map((p) => decoder.decode(p) ?? new Int16Array(0));
  decoder.destroy();
  return out;
}

function encodeAlone(pcm: Int16Array): Buffer[] {
  const encoder = new OpusEncoder({ sampleRate: 24000, channels: 1 });
  const out: Buffer[] = [];
  for (let i = 0; i + 480 <= pcm.length; i += 480) out.push(encoder.encode(pcm.slice(i, i + 480)));
  encoder.destroy();
  return out;
}

describe('Opus codec', () => {
  const streams = [discordPackets(fixture('alice')), discordPackets(fixture('bob'))];
  const reply = fixture('reply').samples;

  it('decodes Discord packets of real speech straight to 20 ms of 16 kHz mono', () => {
    const frames = decodeAlone(streams[0] ?? []);
    expect(frames.every((f) => f.length === frameSamples(16000))).toBe(true);
    const loudest = Math.max(...frames.map((f) => rmsOf(f)));
    expect(loudest).toBeGreaterThan(1000);
  });

  it('runs 16 decoders and 2 encoders side by side with the same output as one instance alone', () => {
    // Each decoder starts at a different packet so that shared or corrupted state would show.
    const plans = Array.from({ length: 16 }, (_, i) => {
      const packets = (streams[i % 2] ?? []).slice(i * 3);
      return { packets, expected: decodeAlone(packets) };
    });
    const replyPlans = [0, 4800].map((start) => ({
      pcm: reply.subarray(start),
      expected: encodeAlone(reply.subarray(start)),
    }));

    const decoders = plans.map(() => new OpusDecoder(16000, 1));
    const encoders = replyPlans.map(() => new OpusEncoder({ sampleRate: 24000, channels: 1 }));
    const longest = Math.max(...plans.map((p) => p.packets.length));
    for (let n = 0; n < longest; n++) {
      plans.forEach((plan, i) => {
        const packet = plan.packets[n];
        if (packet) expect(decoders[i]?.decode(packet)).toEqual(plan.expected[n]);
      });
      replyPlans.forEach((plan, i) => {
        const frame = plan.pcm.subarray(n * 480, n * 480 + 480);
        if (frame.length === 480) expect(encoders[i]?.encode(frame.slice())).toEqual(plan.expected[n]);
      });
    }
    for (const c of [...decoders, ...encoders]) c.destroy();
  });

  it('keeps working with hundreds of instances alive (the WASM heap grows under them)', () => {
    const packets = (streams[0] ?? []).slice(0, 20);
    const expected = decodeAlone(packets);
    const decoders = Array.from({ length: 300 }, () => new OpusDecoder(16000, 1));
    for (const [n, packet] of packets.entries()) {
      for (const d of decoders) expect(d.decode(packet)).toEqual(expected[n]);
    }
    for (const d of decoders) d.destroy();
  });

  it('skips and counts corrupt packets without throwing, then decodes good ones again', () => {
    const decoder = new OpusDecoder(16000, 1);
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 2000; i++) {
      const junk = Buffer.alloc(Math.floor(random() * 1500));
      for (let j = 0; j < junk.length; j++) junk[j] = Math.floor(random() * 256);
      expect(() => decoder.decode(junk)).not.toThrow();
    }
    expect(decoder.decode(Buffer.alloc(0))).toBeUndefined();
    expect(decoder.decode(Buffer.alloc(5000, 0xff))).toBeUndefined();
    expect(decoder.corrupt).toBeGreaterThan(0);
    const good = decoder.decode((streams[0] ?? [])[40] ?? Buffer.alloc(0));
    expect(good?.length).toBe(320);
    decoder.destroy();
  });

  it('encodes 24 kHz mono reply audio into packets that decode back to the same speech', () => {
    const packets = encodeAlone(reply);
    const decoder = new OpusDecoder(24000, 1);
    const decoded = packets.map((p) => decoder.decode(p));
    expect(decoded.every((f) => f?.length === 480)).toBe(true);
    const outRms = rmsOf(Int16Array.from(decoded.flatMap((f) => Array.from(f ?? []))));
    expect(outRms / rmsOf(reply)).toBeGreaterThan(0.7);
    expect(() => new OpusEncoder().encode(new Int16Array(100))).toThrow(RangeError);
  });
});
