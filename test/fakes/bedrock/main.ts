/**
 * The loopback Bedrock as a child process (for the benchmark: its CPU must not count as the bot's).
 * Started by `spawnFakeBedrock`; options arrive as JSON in argv[2]; talks over the IPC channel.
 */
import { FakeBedrock } from './server.ts';
import type { FakeBedrockOptions, FakeTurn } from './server.ts';

export type ChildRequest =
  | { readonly type: 'script'; readonly turns: FakeTurn[] }
  | { readonly type: 'stats' }
  | { readonly type: 'close' };

export interface ChildStats {
  readonly streams: {
    readonly modelId: string;
    readonly audioTimes: number[];
    readonly end: string;
    readonly violations: string[];
  }[];
  readonly cpuUserMs: number;
  readonly cpuSystemMs: number;
}

const options = JSON.parse(process.argv[2] ?? '{}') as FakeBedrockOptions;
const fake = await FakeBedrock.start(options);
process.send?.({ type: 'ready', endpoint: fake.endpoint });

process.on('message', (message: ChildRequest) => {
  if (message.type === 'script') fake.script.add(...message.turns);
  if (message.type === 'stats') {
    const cpu = process.cpuUsage();
    const stats: ChildStats = {
      streams: fake.streams.map((s) => ({
        modelId: s.modelId,
        audioTimes: s.audioTimes,
        end: s.end,
        violations: s.violations,
      })),
      cpuUserMs: cpu.user / 1000,
      cpuSystemMs: cpu.system / 1000,
    };
    process.send?.({ type: 'stats', stats });
  }
  if (message.type === 'close') void fake.close().then(() => process.exit(0));
});
process.on('disconnect', () => process.exit(0));
