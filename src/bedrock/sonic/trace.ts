/**
 * Event traces of Nova Sonic streams: every event both ways, one JSON line each, with the time
 * since the trace began and the stream it belongs to; audio payloads reduced to their size.
 *
 *   {"atMs":12.5,"stream":1,"dir":"in","event":{"audioInput":{"promptName":"…","contentName":"…","contentBytes":1024}}}
 *
 * Written by `npm run talk -- --trace out.jsonl` and `npm run sonic:probe`; read back by the
 * trace-replay test and the probe's report.
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

export type TraceDirection = 'in' | 'out';

export interface TraceLine {
  readonly atMs: number;
  readonly stream: number;
  readonly dir: TraceDirection;
  readonly event: Record<string, Record<string, unknown>>;
}

/** Called with every event a stream writes (`in`) or receives (`out`), as JSON objects. */
export type TraceHook = (dir: TraceDirection, event: unknown) => void;

const AUDIO_EVENTS = new Set(['audioInput', 'audioOutput']);

/** The event with base64 audio replaced by its decoded size. */
export function reduceAudio(event: unknown): Record<string, Record<string, unknown>> {
  const outer = (event as { event?: Record<string, Record<string, unknown>> } | undefined)?.event ?? {};
  const [name, body] = Object.entries(outer)[0] ?? ['(empty)', {}];
  if (!AUDIO_EVENTS.has(name) || typeof body['content'] !== 'string') return { [name]: body };
  const { content, ...rest } = body;
  return { [name]: { ...rest, contentBytes: Buffer.byteLength(content, 'base64') } };
}

/** Appends trace lines to a file (synchronously: a trace is a diagnostic, and must survive a crash). */
export class TraceWriter {
  readonly #path: string;
  readonly #startedAt = performance.now();
  #streams = 0;

  constructor(path: string) {
    this.#path = path;
    writeFileSync(path, '');
  }

  /** A hook for one new stream. */
  hook(): TraceHook {
    const stream = ++this.#streams;
    return (dir, event) => {
      const line: TraceLine = {
        atMs: Math.round((performance.now() - this.#startedAt) * 10) / 10,
        stream,
        dir,
        event: reduceAudio(event),
      };
      appendFileSync(this.#path, `${JSON.stringify(line)}\n`);
    };
  }
}

/** Parse a JSONL trace; lines that are not trace lines are skipped. */
export function readTrace(text: string): TraceLine[] {
  const lines: TraceLine[] = [];
  for (const raw of text.split('\n')) {
    if (raw.trim() === '' || raw.trimStart().startsWith('//')) continue;
    const line = JSON.parse(raw) as Partial<TraceLine>;
    if ((line.dir === 'in' || line.dir === 'out') && typeof line.event === 'object' && line.event !== null)
      lines.push({
        atMs: Number(line.atMs ?? 0),
        stream: Number(line.stream ?? 1),
        dir: line.dir,
        event: line.event,
      });
  }
  return lines;
}
