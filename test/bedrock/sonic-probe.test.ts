import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTrace } from '../../src/bedrock/sonic/trace.ts';
import { analyzeTrace } from '../../src/bedrock/sonic/trace-report.ts';
import { FakeBedrock } from '../fakes/bedrock/server.ts';
import { loopbackSonicEnv, runNode as run } from '../helpers/sonic-cli.ts';

const PROBE = fileURLToPath(new URL('../../src/cli/sonic-probe.ts', import.meta.url));

let fake: FakeBedrock;
beforeAll(async () => {
  fake = await FakeBedrock.start({ endpointingMs: 400 });
});
afterAll(async () => {
  await fake.close();
});

describe('npm run sonic:probe', () => {
  it('runs 3+ turns with a tool call and a barge-in against the loopback, writes the trace and reports the observed profile', async () => {
    const question = 'hi where is my order one two three four';
    fake.script.add(
      {
        user: question,
        reply: 'Order 1234 has shipped.',
        replyAudioMs: 800,
        final: 700,
        splitAsr: false,
        tools: [{ name: 'get_order_status', input: { orderId: '1234' }, doubleEncode: true }],
      },
      {
        user: question,
        reply: 'Let me tell you all about the way we ship orders.',
        replyAudioMs: 5000,
        final: 6000,
        splitAsr: false,
      },
      { user: question, reply: 'Sure, it shipped.', replyAudioMs: 600, final: 800, splitAsr: true },
      { user: question, reply: 'It arrives tomorrow.', replyAudioMs: 600, final: 'missing', splitAsr: false },
    );
    const dir = mkdtempSync(join(tmpdir(), 'probe-'));
    const tracePath = join(dir, 'probe.jsonl');
    const { stdout } = await run(process.execPath, [PROBE, '--trace', tracePath], {
      cwd: dir,
      env: loopbackSonicEnv(fake),
      timeout: 90_000,
    });
    expect(stdout).toContain('TOOL: get_order_status {"orderId":"1234"}');
    expect(stdout).toContain('[interrupted]');
    expect(stdout).toMatch(/completions: 1 completionStart for 4 turns/);
    expect(stdout).toContain('ASR blocks per utterance: 1, 1, 2, 1');
    expect(stdout).toContain('barge-in signal order: AUDIO END_TURN → TEXT FINAL INTERRUPTED');
    expect(stdout).toMatch(/FINAL delay after each reply's end: \d+ ms, \d+ ms, \d+ ms, missing/);
    expect(stdout).toContain('ASSISTANT: It arrives tomorrow.'); // a reply whose FINAL never came is still written
    expect(stdout).toContain('profile matched: observed');
    const report = analyzeTrace(readTrace(readFileSync(tracePath, 'utf8')));
    expect(report.userTurns).toHaveLength(4);
    expect(report.bargeIns).toBe(1);
  }, 120_000);
});
