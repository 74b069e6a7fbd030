import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTrace } from '../../src/bedrock/sonic/trace.ts';
import { analyzeTrace } from '../../src/bedrock/sonic/trace-report.ts';
import { parseWav } from '../../src/voice/wav.ts';
import { FakeBedrock } from '../fakes/bedrock/server.ts';
import { loopbackSonicEnv, runNode as run } from '../helpers/sonic-cli.ts';

const TALK = fileURLToPath(new URL('../../src/cli/talk.ts', import.meta.url));
const QUESTION = fileURLToPath(new URL('../fixtures/bedrock/question.wav', import.meta.url));

let fake: FakeBedrock;
beforeAll(async () => {
  fake = await FakeBedrock.start({ endpointingMs: 400 });
});
afterAll(async () => {
  await fake.close();
});

describe('npm run talk', () => {
  it('streams a 22.05 kHz stereo WAV in real time, prints the conversation and usage, writes the reply', async () => {
    fake.script.add({
      user: 'hi where is my order one two three four',
      reply: 'It ships tomorrow.',
      replyAudioMs: 500,
    });
    const dir = mkdtempSync(join(tmpdir(), 'talk-'));
    const out = join(dir, 'reply.wav');
    const started = Date.now();
    const { stdout } = await run(
      process.execPath,
      [TALK, '--in', QUESTION, '--out', out, '--voice', 'matthew', '--trace', join(dir, 'trace.jsonl')],
      {
        cwd: dir,
        env: loopbackSonicEnv(fake),
        timeout: 30_000,
      },
    );
    expect(Date.now() - started).toBeGreaterThan(3000); // real-time pace: the question is 3.2 s long
    const lines = stdout.trim().split('\n');
    expect(lines.slice(0, 2)).toEqual([
      'USER: hi where is my order one two three four',
      'ASSISTANT: It ships tomorrow.',
    ]);
    expect(lines[2]).toMatch(
      /^usage: input \d+ speech \+ \d+ text tokens, output \d+ speech \+ \d+ text tokens, total \d+$/,
    );
    const reply = parseWav(readFileSync(out));
    expect(reply.sampleRate).toBe(24_000);
    expect(reply.channels).toBe(1);
    expect(reply.samples.length).toBe(12_000);
    const stream = fake.streams.at(-1)!;
    const promptStart = stream.events.find((e) => e.name === 'promptStart');
    expect(promptStart?.body['audioOutputConfiguration']).toMatchObject({ voiceId: 'matthew' });
    // The 3.2 s question arrived as 16 kHz mono (plus trailing silence).
    expect(stream.audioSamples().length).toBeGreaterThan(3.1 * 16_000);
    expect(stream.end).toBe('sessionEnd');
    // --trace: every event both ways, with timings, audio reduced to sizes.
    const trace = readTrace(readFileSync(join(dir, 'trace.jsonl'), 'utf8'));
    const names = trace.map((l) => `${l.dir}:${Object.keys(l.event)[0] ?? ''}`);
    expect(names.slice(0, 3)).toEqual(['in:sessionStart', 'in:promptStart', 'in:contentStart']);
    expect(names).toContain('out:audioOutput');
    expect(names.at(-1)).toMatch(/^(in:sessionEnd|out:completionEnd)$/);
    const audioIn = trace.find((l) => 'audioInput' in l.event)?.event['audioInput'];
    expect(audioIn).toMatchObject({ contentBytes: 1024 });
    expect(audioIn?.['content']).toBeUndefined();
    expect(trace.every((l, i) => i === 0 || l.atMs >= (trace[i - 1]?.atMs ?? 0))).toBe(true);
    expect(analyzeTrace(trace).userTurns).toEqual(['hi where is my order one two three four']);
  });

  it('runs the order tools for the customer given with --as, against the configured store', async () => {
    fake.script.add({
      user: 'what did i order',
      reply: 'You have no orders yet.',
      replyAudioMs: 200,
      tools: [{ name: 'list_my_orders', input: {}, check: (c) => (JSON.parse(c) as { ok: boolean }).ok }],
    });
    const dir = mkdtempSync(join(tmpdir(), 'talk-as-'));
    const { stdout } = await run(
      process.execPath,
      [TALK, '--in', QUESTION, '--out', join(dir, 'r.wav'), '--as', '123456789012345678'],
      {
        cwd: dir,
        env: loopbackSonicEnv(fake, { DATA_DIR: join(dir, 'data') }),
        timeout: 30_000,
      },
    );
    expect(stdout.split('\n').slice(0, 2)).toEqual([
      'USER: what did i order',
      'ASSISTANT: You have no orders yet.',
    ]);
    const stream = fake.streams.at(-1)!;
    const tools = (
      stream.events.find((e) => e.name === 'promptStart')?.body['toolConfiguration'] as { tools: unknown[] }
    ).tools;
    expect(tools.length).toBeGreaterThan(0);
    expect(stream.toolResults).toHaveLength(1);
    expect(JSON.parse(stream.toolResults[0]!.content)).toMatchObject({ ok: true });
  });

  it('exits 2 with usage when --in is missing', async () => {
    await expect(
      run(process.execPath, [TALK], { env: { PATH: process.env['PATH'] ?? '' } }),
    ).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--in is required') as unknown,
    });
  });
});
