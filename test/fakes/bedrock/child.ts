/** Run the loopback Bedrock in a child process and talk to it over IPC. */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ChildRequest, ChildStats } from './main.ts';
import type { FakeBedrockOptions, FakeTurn } from './server.ts';

export interface FakeBedrockChild {
  readonly endpoint: string;
  readonly pid: number;
  script(turns: FakeTurn[]): void;
  stats(): Promise<ChildStats>;
  close(): Promise<void>;
}

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));

export async function spawnFakeBedrock(options: FakeBedrockOptions = {}): Promise<FakeBedrockChild> {
  const child: ChildProcess = fork(MAIN, [JSON.stringify(options)], {
    execPath: process.execPath,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const send = (m: ChildRequest) => child.send(m);
  const next = <T>(type: string) =>
    new Promise<T>((resolve, reject) => {
      const onMessage = (m: { type: string } & Record<string, unknown>) => {
        if (m.type !== type) return;
        child.off('message', onMessage);
        resolve(m as T);
      };
      child.on('message', onMessage);
      child.once('exit', (code) => reject(new Error(`fake bedrock exited with ${String(code)}`)));
    });
  const ready = await next<{ endpoint: string }>('ready');
  return {
    endpoint: ready.endpoint,
    pid: child.pid ?? 0,
    script: (turns) => send({ type: 'script', turns }),
    stats: async () => {
      const reply = next<{ stats: ChildStats }>('stats');
      send({ type: 'stats' });
      return (await reply).stats;
    },
    close: async () => {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      send({ type: 'close' });
      await exited;
    },
  };
}
