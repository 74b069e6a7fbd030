/**
 * Runs the real bot (`src/index.ts`, the entry point `npm start` runs) as a child process and
 * collects its JSON log lines, so end-to-end tests observe it exactly as an operator would.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

/** The environment a child gets: nothing from the developer's shell but PATH and HOME. */
export function cleanEnv(extra: Record<string, string | undefined>): Record<string, string> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp' };
  for (const [key, value] of Object.entries(extra)) if (value !== undefined) env[key] = value;
  return env;
}

export class BotProcess {
  readonly logs: LogLine[] = [];
  readonly rawOutput: string[] = [];
  readonly child: ChildProcess;
  private readonly waiters = new Set<() => void>();
  private exit: Promise<number | null>;

  constructor(env: Record<string, string | undefined>, args: readonly string[] = ['src/index.ts']) {
    // Each bot gets its own embedded order store unless the test picks one: LevelDB admits one
    // process per directory, so bots sharing ./data would refuse to start.
    const dataDir = env.DATA_DIR === undefined ? mkdtempSync(join(tmpdir(), 'voicedesk-bot-')) : undefined;
    this.child = spawn(process.execPath, [...args], {
      cwd: REPO_ROOT,
      env: cleanEnv({
        LOG_FORMAT: 'json',
        LOG_LEVEL: 'debug',
        NODE_ENV: 'test',
        ...env,
        ...(dataDir ? { DATA_DIR: dataDir } : {}),
      }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.exit = once(this.child, 'exit').then(([code]) => {
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
      return code as number | null;
    });
    let pending = '';
    const onData = (chunk: Buffer) => {
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) this.onLine(line);
    };
    this.child.stdout?.on('data', onData);
    this.child.stderr?.on('data', (chunk: Buffer) => this.rawOutput.push(chunk.toString('utf8')));
  }

  private onLine(line: string): void {
    this.rawOutput.push(line);
    try {
      this.logs.push(JSON.parse(line) as LogLine);
    } catch {
      // not JSON: kept in rawOutput only
    }
    for (const waiter of [...this.waiters]) waiter();
  }

  /** Resolves with the first log line (past or future) matching `predicate`. */
  waitForLog(predicate: (line: LogLine) => boolean, timeoutMs = 15_000): Promise<LogLine> {
    const seen = this.logs.find(predicate);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(
          new Error(
            `bot log line not seen within ${timeoutMs} ms; last lines:\n${this.rawOutput.slice(-15).join('\n')}`,
          ),
        );
      }, timeoutMs);
      const check = () => {
        const match = this.logs.find(predicate);
        if (!match) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(match);
      };
      this.waiters.add(check);
    });
  }

  /** Waits until the bot has logged in to Discord. */
  ready(timeoutMs = 20_000): Promise<LogLine> {
    return this.waitForLog((l) => l.msg === 'logged in to Discord', timeoutMs);
  }

  /** Send a signal and wait for the exit code. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    if (this.child.exitCode === null) this.child.kill(signal);
    return this.exit;
  }

  /** Kill without grace (simulates a crash). */
  async kill(): Promise<void> {
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
    await this.exit;
  }

  exited(): Promise<number | null> {
    return this.exit;
  }
}

/** Start the bot against a fake and wait until it has logged in. */
export async function startBot(env: Record<string, string | undefined>): Promise<BotProcess> {
  const bot = new BotProcess(env);
  try {
    await Promise.race([
      bot.ready(),
      bot.exited().then((code) => {
        throw new Error(`bot exited with ${code} before logging in:\n${bot.rawOutput.join('\n')}`);
      }),
    ]);
  } catch (err) {
    // A bot that is slow to log in must not outlive the test (and answer a later test's commands).
    await bot.kill();
    throw err;
  }
  return bot;
}
